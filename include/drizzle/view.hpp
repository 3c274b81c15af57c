#pragma once
/// Views and materialized views (Drizzle's pgView, pgMaterializedView). A view is declared as a table is, a struct
/// with one column member per column, so the query builder selects from it with typed rows unchanged; what makes it
/// a view is its base (pg_view / pg_materialized_view) and its definition: `static auto as()` returning a select of
/// the query builder (rendered with its values inlined, as Drizzle's `.as(qb => ...)`), or `static constexpr
/// std::string_view as_sql` (Drizzle's `.as(sql\`...\`)`), or `static constexpr bool existing = true` (Drizzle's
/// `.existing()`: declared for queries, never created or dropped by the kit). Options: `static constexpr
/// drizzle::view_options options{...}` or `drizzle::materialized_view_options options{...}`.
#include <charconv>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/writers.hpp"
#include "fixed_string.hpp"
#include "render.hpp"
#include "table.hpp"

namespace drizzle {

/// WITH CHECK OPTION of an updatable view.
enum class check_option { none, local, cascaded };

/// Drizzle's pgView(...).with({checkOption, securityBarrier, securityInvoker}); an empty optional is left out.
struct view_options {
  check_option check = check_option::none;
  std::optional<bool> security_barrier{};
  std::optional<bool> security_invoker{};
};

/// Drizzle's pgMaterializedView(...).with({...}) storage parameters, .using(), .tablespace() and .withNoData().
struct materialized_view_options {
  struct storage {
    std::optional<long long> fillfactor{}, toast_tuple_target{}, parallel_workers{};
    std::optional<bool> autovacuum_enabled{};
    std::string_view vacuum_index_cleanup{};  ///< "auto", "on" or "off"; empty: left out
    std::optional<bool> vacuum_truncate{};
    std::optional<long long> autovacuum_vacuum_threshold{};
    std::optional<double> autovacuum_vacuum_scale_factor{};
    std::optional<long long> autovacuum_vacuum_cost_delay{}, autovacuum_vacuum_cost_limit{},
        autovacuum_freeze_min_age{}, autovacuum_freeze_max_age{}, autovacuum_freeze_table_age{},
        autovacuum_multixact_freeze_min_age{}, autovacuum_multixact_freeze_max_age{},
        autovacuum_multixact_freeze_table_age{}, log_autovacuum_min_duration{};
    std::optional<bool> user_catalog_table{};
  } with{};
  std::string_view using_{};      ///< the access method (`heap`); empty: PostgreSQL's default
  std::string_view tablespace{};  ///< empty: the default tablespace
  bool with_no_data = false;      ///< created empty, filled by the first refresh
};

/// Base of a view struct: struct active_t : drizzle::pg_view<active_t, "active_products"> { column<...> id; ... }.
template <class Self, fixed_string Name, fixed_string Schema = "">
struct pg_view : table<Self, Name, Schema> {
  using view_base = pg_view;
  static constexpr bool is_materialized = false;
};
/// Base of a materialized view struct; `db.refresh_materialized_view(v)` refreshes it.
template <class Self, fixed_string Name, fixed_string Schema = "">
struct pg_materialized_view : table<Self, Name, Schema> {
  using view_base = pg_materialized_view;
  static constexpr bool is_materialized = true;
};

template <class T>
concept view_type = requires {
  typename std::remove_cvref_t<T>::view_base;
}
&&std::is_base_of_v<typename std::remove_cvref_t<T>::view_base, std::remove_cvref_t<T>>;
template <class T>
concept materialized_view_type = view_type<T> && std::remove_cvref_t<T>::is_materialized;

/// REFRESH MATERIALIZED VIEW, as Drizzle's db.refreshMaterializedView(v)[.concurrently()][.withNoData()] writes it.
/// Run through a session: db.refresh_materialized_view(v).concurrently().execute().
template <class V, bool Concurrently = false, bool NoData = false>
struct refresh_materialized_view_statement {
  static_assert(!(Concurrently && NoData),
                "drizzle: refresh materialized view cannot be both concurrently() and with_no_data()");
  using row_type = void;
  static constexpr bool dynamic = false;
  template <class W>
  static constexpr void write_statement(W& w, const refresh_materialized_view_statement*) {
    w.text(Concurrently ? "refresh materialized view concurrently " : "refresh materialized view ");
    V::write_name(w);
    if (NoData) w.text(" with no data");
  }
  template <class P>
  void bind(P&) const {}
  static constexpr bool check_complete() { return true; }
  static constexpr std::string_view sql() { return detail::static_sql<refresh_materialized_view_statement>(); }
  /// Refreshes without locking out selects (PostgreSQL needs a unique index on the view).
  [[nodiscard]] constexpr refresh_materialized_view_statement<V, true, NoData> concurrently() const { return {}; }
  /// Empties the view and leaves it unscannable until the next refresh.
  [[nodiscard]] constexpr refresh_materialized_view_statement<V, Concurrently, true> with_no_data() const { return {}; }
};
template <materialized_view_type V>
constexpr refresh_materialized_view_statement<std::remove_cvref_t<V>> refresh_materialized_view(const V&) {
  return {};
}

namespace ddl {

/// One option of a view's WITH (...): drizzle-kit's camelCase key, the value as SQL and JSON write it (a number, true /
/// false, or a word such as `cascaded`, which JSON quotes and SQL does not).
struct view_option {
  std::string key, value;
  bool is_text = false;
  bool operator==(const view_option&) const = default;
};

namespace detail {

/// camelCase to snake_case, as drizzle-kit spells a WITH option in SQL.
inline std::string snake_case(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

/// A WITH option's value as SQL: drizzle-kit splices it bare, so only a number, true / false or a plain lower-case
/// word is written; anything else (a snapshot edited by hand) is refused, never spliced.
inline const std::string& view_option_value(const view_option& o) {
  bool ok = !o.value.empty();
  for (char c : o.value)
    ok = ok &&
         (o.is_text ? (c >= 'a' && c <= 'z') || c == '_'
                    : (c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == '+' || (c >= 'a' && c <= 'z'));
  if (!o.is_text && ok && o.value.find_first_of("0123456789") == std::string::npos)
    ok = o.value == "true" || o.value == "false";
  if (!ok) throw std::invalid_argument("drizzle: view option " + o.key + " has the value " + o.value);
  return o.value;
}

inline std::string option_number(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest round trip, as JavaScript prints it
  return {buf, r.ptr};
}

inline std::vector<view_option> view_with(const view_options& o) {
  std::vector<view_option> out;
  if (o.check != check_option::none)
    out.push_back({"checkOption", o.check == check_option::local ? "local" : "cascaded", true});
  if (o.security_barrier) out.push_back({"securityBarrier", *o.security_barrier ? "true" : "false", false});
  if (o.security_invoker) out.push_back({"securityInvoker", *o.security_invoker ? "true" : "false", false});
  return out;
}

inline std::vector<view_option> view_with(const materialized_view_options& m) {
  const auto& o = m.with;
  std::vector<view_option> out;
  auto number = [&](const char* key, const std::optional<long long>& v) {
    if (v) out.push_back({key, std::to_string(*v), false});
  };
  auto flag = [&](const char* key, const std::optional<bool>& v) {
    if (v) out.push_back({key, *v ? "true" : "false", false});
  };
  // Drizzle's order of PgMaterializedViewWithConfig.
  number("fillfactor", o.fillfactor);
  number("toastTupleTarget", o.toast_tuple_target);
  number("parallelWorkers", o.parallel_workers);
  flag("autovacuumEnabled", o.autovacuum_enabled);
  if (!o.vacuum_index_cleanup.empty()) out.push_back({"vacuumIndexCleanup", std::string(o.vacuum_index_cleanup), true});
  flag("vacuumTruncate", o.vacuum_truncate);
  number("autovacuumVacuumThreshold", o.autovacuum_vacuum_threshold);
  if (o.autovacuum_vacuum_scale_factor)
    out.push_back({"autovacuumVacuumScaleFactor", option_number(*o.autovacuum_vacuum_scale_factor), false});
  number("autovacuumVacuumCostDelay", o.autovacuum_vacuum_cost_delay);
  number("autovacuumVacuumCostLimit", o.autovacuum_vacuum_cost_limit);
  number("autovacuumFreezeMinAge", o.autovacuum_freeze_min_age);
  number("autovacuumFreezeMaxAge", o.autovacuum_freeze_max_age);
  number("autovacuumFreezeTableAge", o.autovacuum_freeze_table_age);
  number("autovacuumMultixactFreezeMinAge", o.autovacuum_multixact_freeze_min_age);
  number("autovacuumMultixactFreezeMaxAge", o.autovacuum_multixact_freeze_max_age);
  number("autovacuumMultixactFreezeTableAge", o.autovacuum_multixact_freeze_table_age);
  number("logAutovacuumMinDuration", o.log_autovacuum_min_duration);
  flag("userCatalogTable", o.user_catalog_table);
  return out;
}

/// Collects a statement's parameters as SQL literals, as Drizzle's inlineParams() writes them: numbers and
/// booleans bare, everything else a quoted string literal (quote_literal, the one quoting rule).
struct inlining_collector {
  std::vector<std::string>& out;
  template <class V>
  void put(const std::optional<std::string>& text) {
    if (!text)
      out.emplace_back("null");
    else if constexpr (std::is_arithmetic_v<V>)
      out.push_back(*text);
    else
      out.push_back(::drizzle::detail::quote_literal(*text));
  }
  template <class S, class V>
  void add(const V& v) {
    std::string text;
    encode_as<S>(v, text);
    put<V>(std::move(text));
  }
  void add_null() { out.emplace_back("null"); }
  void add_text(std::string text) { out.push_back(::drizzle::detail::quote_literal(text)); }
  template <class V>
  void add_value(const V& v) {
    if constexpr (::drizzle::detail::is_optional_v<V>) {
      if (!v) return add_null();
      add_value(*v);
    } else {
      put<V>(encode_param(v));
    }
  }
  template <class S, fixed_string Name>
  void add_placeholder() {
    static_assert(Name.size() == 0 && Name.size() != 0,
                  "drizzle: a view's definition cannot hold a placeholder; write the value");
  }
};

/// The text with each $n replaced by the n-th literal (outside quoted strings and identifiers).
inline std::string inline_params(std::string_view sql, const std::vector<std::string>& literals) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      std::size_t n = 0, j = i + 1;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + static_cast<std::size_t>(sql[j++] - '0');
      if (n >= 1 && n <= literals.size()) {
        out += literals[n - 1];
        i = j - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

}  // namespace detail

/// The SQL of a select with its values inlined: what a view's definition holds (PostgreSQL has no parameters there).
template <class Stmt>
std::string inlined_sql(const Stmt& stmt) {
  const auto q = to_sql(stmt);
  std::vector<std::string> literals;
  detail::inlining_collector collect{literals};
  stmt.bind(collect);
  return detail::inline_params(q.sql, literals);
}

}  // namespace ddl
}  // namespace drizzle
