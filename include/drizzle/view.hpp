#pragma once
/// Views and materialized views (Drizzle's pgView, pgMaterializedView). A view is declared as a table is, a struct
/// with one column member per column, so the query builder selects from it with typed rows unchanged; what makes it
/// a view is its base (pg_view / pg_materialized_view) and its definition: `static auto as()` returning a select of
/// the query builder (rendered with its values inlined, as Drizzle's `.as(qb => ...)`), or `static constexpr
/// std::string_view as_sql` (Drizzle's `.as(sql\`...\`)`), or `static constexpr bool existing = true` (Drizzle's
/// `.existing()`: declared for queries, never created or dropped by the kit). Options: `static constexpr
/// drizzle::view_options options{...}` or `drizzle::materialized_view_options options{...}`.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "detail/writers.hpp"
#include "fixed_string.hpp"
#include "render.hpp"
#include "table.hpp"

namespace drizzle {

/// A view option that may be left out: std::optional's reading interface (`if (o)`, `*o`), but a plain literal type.
/// std::optional<long long> / <double> / <bool> in these non-template structs cost every file that includes
/// <drizzle/drizzle.hpp> ~2 MB of g++ memory (their instantiations), for options only the kit reads.
template <class T>
struct view_setting {
  T value{};
  bool given = false;
  constexpr view_setting() = default;
  constexpr view_setting(std::nullopt_t) {}               // NOLINT(google-explicit-constructor): as std::optional
  constexpr view_setting(T v) : value(v), given(true) {}  // NOLINT(google-explicit-constructor): `.fillfactor = 70`
  [[nodiscard]] constexpr bool has_value() const { return given; }
  constexpr explicit operator bool() const { return given; }
  constexpr const T& operator*() const { return value; }
};

/// WITH CHECK OPTION of an updatable view.
enum class check_option { none, local, cascaded };

/// Drizzle's pgView(...).with({checkOption, securityBarrier, securityInvoker}); an empty optional is left out.
struct view_options {
  check_option check = check_option::none;
  view_setting<bool> security_barrier{};
  view_setting<bool> security_invoker{};
};

/// Drizzle's pgMaterializedView(...).with({...}) storage parameters, .using(), .tablespace() and .withNoData().
struct materialized_view_options {
  struct storage {
    view_setting<long long> fillfactor{}, toast_tuple_target{}, parallel_workers{};
    view_setting<bool> autovacuum_enabled{};
    std::string_view vacuum_index_cleanup{};  ///< "auto", "on" or "off"; empty: left out
    view_setting<bool> vacuum_truncate{};
    view_setting<long long> autovacuum_vacuum_threshold{};
    view_setting<double> autovacuum_vacuum_scale_factor{};
    view_setting<long long> autovacuum_vacuum_cost_delay{}, autovacuum_vacuum_cost_limit{}, autovacuum_freeze_min_age{},
        autovacuum_freeze_max_age{}, autovacuum_freeze_table_age{}, autovacuum_multixact_freeze_min_age{},
        autovacuum_multixact_freeze_max_age{}, autovacuum_multixact_freeze_table_age{}, log_autovacuum_min_duration{};
    view_setting<bool> user_catalog_table{};
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

}  // namespace drizzle
