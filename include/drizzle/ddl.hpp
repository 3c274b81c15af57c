#pragma once
/// DDL from the schema: a plain description of every table, enum, constraint and index (what the kit
/// snapshots and diffs), and CREATE TYPE / CREATE TABLE / ALTER TABLE ... ADD CONSTRAINT / CREATE INDEX
/// statements in drizzle-kit's form and order.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "column.hpp"
#include "detail/writers.hpp"
#include "rls.hpp"
#include "sequence.hpp"
#include "table.hpp"
#include "types.hpp"
#include "view.hpp"

namespace drizzle {
namespace ddl {

// A view's WITH options and the inlined text of its definition: the kit's description of a view needs them, a query
// does not, so they live here rather than in view.hpp (which <drizzle/drizzle.hpp> includes), keeping their run-time
// code (std::vector<view_option>, std::to_string, std::to_chars of a double) out of every translation unit.

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
  auto number = [&](const char* key, const view_setting<long long>& v) {
    if (v) out.push_back({key, std::to_string(*v), false});
  };
  auto flag = [&](const char* key, const view_setting<bool>& v) {
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

/// The tables, sequences and roles of an application: drizzle::schema(users, posts, order_no, reader, ...).
template <class... Tables>
struct schema_t {
  static_assert(((table_type<Tables> || sequence_type<Tables> || role_type<Tables>)&&...),
                "drizzle: schema() takes table, sequence and role objects");
};
template <class... Tables>
constexpr schema_t<Tables...> schema(const Tables&...) {
  return {};
}

namespace ddl {

struct identity_info {
  bool always = true;
  std::string sequence_name;
  long long increment = 1, min_value = 1, max_value = 0, start_with = 1, cache = 1;
  bool cycle = false;
  bool operator==(const identity_info&) const = default;
};
struct column_info {
  std::string name;
  std::string type;           ///< as drizzle-kit writes it: varchar(255), integer[], user_role
  bool type_is_enum = false;  ///< the type is a user enum (written quoted)
  std::string type_schema;    ///< the enum's schema
  bool primary_key = false;
  bool not_null = false;
  std::optional<std::string> default_sql;  ///< the DEFAULT expression as written in DDL
  std::optional<std::string> generated;    ///< GENERATED ALWAYS AS (<this>) STORED
  std::optional<identity_info> identity;
  bool operator==(const column_info&) const = default;
};
struct key_info {  ///< composite primary keys and unique constraints
  std::string name;
  std::vector<std::string> columns;
  bool nulls_not_distinct = false;
  bool operator==(const key_info&) const = default;
};
struct check_info {
  std::string name, expression;
  bool operator==(const check_info&) const = default;
};
struct foreign_key_info {
  std::string name, table_from, schema_from, table_to, schema_to;
  std::vector<std::string> columns_from, columns_to;
  std::string on_delete = "no action", on_update = "no action";
  bool operator==(const foreign_key_info&) const = default;
};
struct index_column_info {
  std::string expression;
  bool asc = true;
  std::string nulls = "last";  ///< drizzle-kit's snapshot default
  bool explicit_nulls = false;
  bool is_expression = false;  ///< `expression` is SQL (written as it is), not a column name
  std::string opclass{};       ///< an operator class, or empty
  bool operator==(const index_column_info&) const = default;
};
struct index_info {
  std::string name;
  bool unique = false;
  std::vector<index_column_info> columns;
  std::string method = "btree";
  std::string where;
  bool concurrently = false;
  bool operator==(const index_info&) const = default;
};
/// A row-level security policy as drizzle-kit's snapshot keeps it: `as` and `for` upper-case, `to` sorted.
struct policy_info {
  std::string name, as = "PERMISSIVE", for_ = "ALL";
  std::vector<std::string> to;
  std::optional<std::string> using_, with_check;
  bool operator==(const policy_info&) const = default;
};
/// A role the kit creates (Drizzle's pgRole without .existing()).
struct role_info {
  std::string name;
  bool create_db = false, create_role = false, inherit = true;
  bool operator==(const role_info&) const = default;
};
struct table_info {
  std::string name, schema;  ///< schema "" is public
  std::vector<column_info> columns;
  std::vector<key_info> primary_keys;  ///< composite primary keys
  std::vector<key_info> uniques;
  std::vector<check_info> checks;
  std::vector<foreign_key_info> foreign_keys;
  std::vector<index_info> indexes;
  std::vector<policy_info> policies;  ///< in declaration order, as drizzle-kit writes them
  bool rls_enabled = false;           ///< enable_rls() (a table with policies has RLS on without it)
  bool operator==(const table_info&) const = default;
};
struct enum_info {
  std::string name, schema = "public";
  std::vector<std::string> values;
  bool operator==(const enum_info&) const = default;
};
/// A sequence with every option resolved (drizzle-kit's snapshot spells them all out).
struct sequence_info {
  std::string name, schema = "public";
  long long increment = 1, min_value = 1, max_value = 0, start_with = 1, cache = 1;
  bool cycle = false;
  bool operator==(const sequence_info&) const = default;
};
/// A view or materialized view as drizzle-kit's snapshot has it ("views").
struct view_info {
  std::string name, schema = "public";
  std::vector<column_info> columns;
  std::optional<std::string> definition;  ///< none for an existing view
  bool existing = false, materialized = false;
  std::optional<std::vector<view_option>> with;  ///< none: no WITH (...)
  bool with_no_data = false;
  std::string tablespace, using_;
  bool operator==(const view_info&) const = default;
};

struct schema_info {
  std::vector<enum_info> enums;
  std::vector<table_info> tables;
  std::vector<sequence_info> sequences;  ///< sorted by name, as drizzle-kit writes them
  std::vector<role_info> roles;          ///< sorted by name; existing() roles are not here
  std::vector<view_info> views;          ///< sorted by name, as drizzle-kit writes them
  bool operator==(const schema_info&) const = default;
};

namespace detail {

// Every name in the DDL is written by quote_ident and every literal by quote_literal (detail/writers.hpp): one
// quoting rule for the whole library.
using ::drizzle::detail::append_ident;
using ::drizzle::detail::quote_ident;
using ::drizzle::detail::quote_literal;
using ::drizzle::detail::quote_qualified;

/// An access method (`btree`, `gin`): bare when it is a plain lower-case name, as drizzle-kit writes it, quoted
/// otherwise (introspection reads whatever pg_am holds).
inline std::string index_method(const std::string& method) {
  const bool plain = !method.empty() && !(method[0] >= '0' && method[0] <= '9') &&
                     method.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  return plain ? method : quote_ident(method);
}
inline std::string join_names(const std::vector<std::string>& names, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += sep;
    out += names[i];
  }
  return out;
}
inline std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  // Appended piece by piece: `"," + std::string&&` trips g++ 12's -Wrestrict false positive at -O3.
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += ',';
    append_ident(out, names[i]);
  }
  return out;
}

template <class S>
struct enum_of_type : std::false_type {};
template <const auto& E>
struct enum_of_type<pg::enum_of<E>> : std::true_type {
  using descriptor = typename pg::enum_of<E>::descriptor;
};
template <class E, bool N>
struct enum_of_type<pg::array<E, N>> : enum_of_type<E> {};

/// The DEFAULT text of default_<V> for a column of SQL type S.
template <class S, auto V>
std::string default_text() {
  using T = std::remove_cv_t<decltype(V)>;
  if constexpr (std::is_same_v<T, bool>)
    return V ? "true" : "false";
  else if constexpr (std::is_enum_v<T>)
    return quote_literal(S::descriptor::label(V));
  else if constexpr (std::is_arithmetic_v<T>) {
    std::string out;
    codec<T>::encode(V, out);
    return out;
  } else {  // a fixed_string
    const std::string text(V.view());
    if (S::ddl_name() == "jsonb" || S::ddl_name() == "json")
      return quote_literal(text) + "::" + std::string(S::ddl_name());
    return quote_literal(text);
  }
}

template <class M>
inline constexpr bool is_default_value = requires {
  M::value;
};

/// The largest value of an identity column's integer type: its default maxvalue. Templated on the modifier M so
/// that only identity columns instantiate it (a json column's value type is incomplete without <drizzle/json.hpp>).
template <class M, class S>
constexpr long long identity_type_max() {
  using value = typename S::cpp_type;
  return sizeof(value) == 2 ? 32767LL : sizeof(value) == 4 ? 2147483647LL : 9223372036854775807LL;
}

template <class Table, fixed_string Name, class S, class... Mods>
column_info describe_column(column_t<Table, Name, S, Mods...>*) {
  using C = column_t<Table, Name, S, Mods...>;
  column_info c;
  c.name = std::string(Name.view());
  c.type = std::string(S::ddl_name());
  if constexpr (enum_of_type<S>::value) {
    c.type_is_enum = true;
    c.type_schema = std::string(enum_of_type<S>::descriptor::schema);
  }
  c.primary_key = C::primary_key;
  c.not_null = C::not_null;
  auto one = [&]<class M>(M*) {
    if constexpr (is_default_value<M>)
      c.default_sql = default_text<S, M::value>();
    else if constexpr (requires { M::expression; } && M::sets_generated)
      c.generated = std::string(M::expression);
    else if constexpr (requires { M::expression; })
      c.default_sql = std::string(M::expression);
    if constexpr (M::sets_identity) {
      identity_info id;
      id.always = M::sets_identity_always;
      id.sequence_name = std::string(Table::table_name) + "_" + c.name + "_seq";
      id.increment = M::options.increment;
      id.min_value = M::options.min_value;
      id.max_value = M::options.max_value ? M::options.max_value : identity_type_max<M, S>();
      id.start_with = M::options.start_with;
      id.cache = M::options.cache;
      id.cycle = M::options.cycle;
      c.identity = id;
    }
  };
  (void)one;
  (one(static_cast<Mods*>(nullptr)), ...);
  return c;
}

template <class C>
std::string schema_of_column_table() {
  return std::string(C::table_type::schema_name.empty() ? std::string_view("public") : C::table_type::schema_name);
}

template <class... Cs>
std::vector<std::string> column_names(::drizzle::detail::type_list<Cs...>) {
  return {std::string(Cs::name)...};
}

inline std::string action(fk_action a) {
  return std::string(::drizzle::to_sql(a));
}

template <class T>
void add_config_item(table_info& t, const T& item);

template <class Table>
table_info describe_table() {
  table_info t;
  t.name = std::string(Table::table_name);
  t.schema = std::string(Table::schema_name);
  [&]<class... Cs>(::drizzle::detail::type_list<Cs...>) {
    (t.columns.push_back(describe_column(static_cast<Cs*>(nullptr))), ...);
    // Column-level unique and references become table-level constraints, as drizzle-kit writes them.
    auto constraints = [&]<class Table2, fixed_string N, class S, class... Mods>(column_t<Table2, N, S, Mods...>*) {
      const std::string col(N.view());
      auto one = [&]<class M>(M*) {
        if constexpr (M::sets_unique) {
          key_info k;
          k.name = M::unique_name.empty() ? t.name + "_" + col + "_unique" : std::string(M::unique_name);
          k.columns = {col};
          k.nulls_not_distinct = M::sets_nulls_not_distinct;
          t.uniques.push_back(k);
        }
        if constexpr (M::sets_references) {
          using target =
              typename ::drizzle::detail::member_pointer_traits<std::remove_cv_t<decltype(M::member)>>::member_type;
          foreign_key_info fk;
          fk.table_from = t.name;
          fk.schema_from = t.schema;
          fk.table_to = std::string(target::table_type::table_name);
          fk.schema_to = schema_of_column_table<target>();
          fk.columns_from = {col};
          fk.columns_to = {std::string(target::name)};
          fk.name = t.name + "_" + col + "_" + fk.table_to + "_" + fk.columns_to[0] + "_fk";
          fk.on_delete = action(M::on_delete);
          fk.on_update = action(M::on_update);
          t.foreign_keys.push_back(fk);
        }
      };
      (void)one;
      (one(static_cast<Mods*>(nullptr)), ...);
    };
    (constraints(static_cast<Cs*>(nullptr)), ...);
  }(columns_of_t<Table>{});

  std::apply([&](const auto&... item) { (add_config_item(t, item), ...); }, table_config<Table>());
  return t;
}

template <class T>
void add_rls_item(table_info& t, const T& item) {
  if constexpr (pg::is_policy<T>) {
    static constexpr const char* as[] = {"PERMISSIVE", "RESTRICTIVE"};
    static constexpr const char* command[] = {"ALL", "SELECT", "INSERT", "UPDATE", "DELETE"};
    policy_info p;
    p.name = std::string(T::name);
    p.as = as[static_cast<int>(item.kind)];
    p.for_ = command[static_cast<int>(item.command)];
    for (std::size_t i = 0; i < item.role_count; ++i) p.to.emplace_back(item.roles[i]);
    if (p.to.empty()) p.to.emplace_back("public");
    std::sort(p.to.begin(), p.to.end());  // drizzle-kit sorts them
    if (!item.using_sql.empty()) p.using_ = std::string(item.using_sql);
    if (!item.with_check_sql.empty()) p.with_check = std::string(item.with_check_sql);
    t.policies.push_back(std::move(p));
  } else {
    t.rls_enabled = true;
  }
}

template <class T>
void add_config_item(table_info& t, const T& item) {
  if constexpr (pg::is_policy<T> || std::is_same_v<T, pg::enable_rls_def>) {
    add_rls_item(t, item);
  } else if constexpr (requires {
                         T::unique;
                         item.method;
                       }) {  // index_def
    index_info ix;
    ix.unique = T::unique;
    ix.method = std::string(item.method);
    ix.where = std::string(item.where_sql);
    ix.concurrently = item.is_concurrent;
    std::vector<std::string> names;
    auto add = [&]<class C>(const pg::index_column<C>& ic) {
      index_column_info info;
      info.expression = std::string(C::name);
      info.asc = !ic.descending;
      // NULLS LAST is the default drizzle-kit leaves unwritten (and unmarked in the snapshot), asc or desc;
      // NULLS FIRST is the one it spells out, as do the catalogs (kit::introspect).
      info.nulls = ic.nulls == pg::nulls_order::first ? "first" : "last";
      info.explicit_nulls = ic.nulls == pg::nulls_order::first;
      info.opclass = std::string(ic.opclass);
      ix.columns.push_back(info);
      names.push_back(info.expression);
    };
    auto add_item = [&](const auto& c) {
      if constexpr (pg::is_index_expression<std::remove_cvref_t<decltype(c)>>) {
        index_column_info info;
        info.expression = std::string(c.sql);
        info.is_expression = true;
        ix.columns.push_back(info);
      } else {
        add(c);
      }
    };
    item.columns.each(add_item);
    ix.name = T::name.empty() ? t.name + "_" + join_names(names, "_") + "_index" : std::string(T::name);
    t.indexes.push_back(ix);
  } else if constexpr (requires { typename T::from; }) {  // foreign_key_def
    foreign_key_info fk;
    fk.table_from = t.name;
    fk.schema_from = t.schema;
    fk.columns_from = column_names(typename T::from{});
    fk.columns_to = column_names(typename T::to{});
    [&]<class C0, class... Cs>(::drizzle::detail::type_list<C0, Cs...>) {
      fk.table_to = std::string(C0::table_type::table_name);
      fk.schema_to = schema_of_column_table<C0>();
    }(typename T::to{});
    fk.name = T::name.empty() ? t.name + "_" + join_names(fk.columns_from, "_") + "_" + fk.table_to + "_" +
                                    join_names(fk.columns_to, "_") + "_fk"
                              : std::string(T::name);
    fk.on_delete = action(item.delete_action);
    fk.on_update = action(item.update_action);
    t.foreign_keys.push_back(fk);
  } else if constexpr (requires {
                         T::nulls_not_distinct;
                         typename T::columns;
                       }) {  // unique_def
    key_info k;
    k.columns = column_names(typename T::columns{});
    k.name = T::name.empty() ? t.name + "_" + join_names(k.columns, "_") + "_unique" : std::string(T::name);
    k.nulls_not_distinct = T::nulls_not_distinct;
    t.uniques.push_back(k);
  } else if constexpr (requires { typename T::columns; }) {  // primary_key_def
    key_info k;
    k.columns = column_names(typename T::columns{});
    k.name = T::name.empty() ? t.name + "_" + join_names(k.columns, "_") + "_pk" : std::string(T::name);
    t.primary_keys.push_back(k);
  } else {  // check_def
    t.checks.push_back({std::string(T::name), std::string(item.expression)});
  }
}

template <class Table>
void collect_enums(std::vector<enum_info>& out) {
  [&]<class... Cs>(::drizzle::detail::type_list<Cs...>) {
    auto one = [&]<class C>(C*) {
      if constexpr (enum_of_type<typename C::sql_type>::value) {
        using D = typename enum_of_type<typename C::sql_type>::descriptor;
        for (const auto& e : out)
          if (e.name == D::name && e.schema == D::schema) return;
        enum_info e;
        e.name = std::string(D::name);
        e.schema = std::string(D::schema);
        for (auto label : D::labels) e.values.emplace_back(label);
        out.push_back(e);
      }
    };
    (one(static_cast<Cs*>(nullptr)), ...);
  }(columns_of_t<Table>{});
}

inline std::string qualified(const std::string& schema, const std::string& name) {
  return schema.empty() || schema == "public" ? quote_ident(name) : quote_qualified(schema, name);
}

}  // namespace detail

namespace detail {
template <class Seq>
sequence_info describe_sequence() {
  constexpr auto o = Seq::options;
  return {std::string(Seq::name),
          std::string(Seq::schema),
          o.increment_by(),
          o.minimum(),
          o.maximum(),
          o.start(),
          o.cache_size(),
          o.cycle};
}
/// A view: its columns as declared, its definition (the query builder's text with the values inlined, or the raw
/// SQL), its options.
template <class V>
view_info describe_view() {
  view_info v;
  v.name = std::string(V::table_name);
  v.schema = V::schema_name.empty() ? std::string("public") : std::string(V::schema_name);
  v.materialized = V::is_materialized;
  v.columns = describe_table<V>().columns;
  if constexpr (requires { V::existing; }) v.existing = V::existing;
  constexpr bool has_query = requires {
    V::as();
  };
  constexpr bool has_sql = requires {
    V::as_sql;
  };
  static_assert(
      has_query || has_sql || requires { V::existing; },
      "drizzle: a view needs a definition: static auto as() { return select(...); }, static constexpr "
      "std::string_view as_sql, or static constexpr bool existing = true");
  if (!v.existing) {
    if constexpr (has_query)
      v.definition = inlined_sql(V::as());
    else if constexpr (has_sql)
      v.definition = std::string(V::as_sql);
  }
  if constexpr (requires { V::options; }) {
    using options_type = std::remove_cvref_t<decltype(V::options)>;
    static_assert(
        std::is_same_v<options_type, std::conditional_t<V::is_materialized, materialized_view_options, view_options>>,
        "drizzle: a view's options are view_options, a materialized view's materialized_view_options");
    auto with = view_with(V::options);
    if (!with.empty()) v.with = std::move(with);
    if constexpr (V::is_materialized) {
      v.using_ = std::string(V::options.using_);
      v.tablespace = std::string(V::options.tablespace);
      v.with_no_data = V::options.with_no_data;
    }
  }
  return v;
}

/// One object of schema(...): a table adds itself and its enums, a sequence itself, a view itself.
template <class T>
void describe_object(schema_info& s) {
  if constexpr (sequence_type<T>) {
    s.sequences.push_back(describe_sequence<T>());
  } else if constexpr (role_type<T>) {
    if constexpr (!T::is_existing)
      s.roles.push_back({std::string(T::name), T::options.create_db, T::options.create_role, T::options.inherit});
  } else if constexpr (view_type<T>) {
    s.views.push_back(describe_view<T>());
  } else {
    collect_enums<T>(s.enums);
    s.tables.push_back(describe_table<T>());
  }
}
}  // namespace detail

/// drizzle-kit's order of views: by bare name, then schema.
inline void sort_views(std::vector<view_info>& views) {
  std::stable_sort(views.begin(), views.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.schema) < std::tie(b.name, b.schema);
  });
}

/// The description of every table, enum and sequence of a schema, sorted as drizzle-kit sorts them.
template <class... Tables>
schema_info describe(schema_t<Tables...>) {
  schema_info s;
  (detail::describe_object<Tables>(s), ...);
  std::stable_sort(s.sequences.begin(), s.sequences.end(),
                   [](const auto& a, const auto& b) { return a.name < b.name; });
  std::sort(s.enums.begin(), s.enums.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.schema) < std::tie(b.name, b.schema);  // by name; one name in two schemas: by schema
  });
  std::sort(s.roles.begin(), s.roles.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  sort_views(s.views);
  std::stable_sort(s.tables.begin(), s.tables.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.schema) < std::tie(b.name, b.schema);  // drizzle-kit: by bare name, across schemas
  });
  return s;
}

inline std::string create_enum(const enum_info& e) {
  std::string out =
      "CREATE TYPE " + detail::quote_qualified(e.schema.empty() ? "public" : e.schema, e.name) + " AS ENUM(";
  for (std::size_t i = 0; i < e.values.size(); ++i) out += (i ? ", " : "") + detail::quote_literal(e.values[i]);
  return out + ");";
}

/// ` GENERATED ... AS IDENTITY (sequence name <sequence> ...)` with every sequence option spelled out, as drizzle-kit
/// writes it; `sequence` is the quoted (and, where wanted, schema-qualified) sequence name.
inline std::string identity_clause(const identity_info& id, const std::string& sequence) {
  return std::string(" GENERATED ") + (id.always ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY (sequence name " +
         sequence + " INCREMENT BY " + std::to_string(id.increment) + " MINVALUE " + std::to_string(id.min_value) +
         " MAXVALUE " + std::to_string(id.max_value) + " START WITH " + std::to_string(id.start_with) + " CACHE " +
         std::to_string(id.cache) + (id.cycle ? " CYCLE" : "") + ")";
}

/// CREATE SEQUENCE with every option spelled out, as drizzle-kit writes it.
inline std::string create_sequence(const sequence_info& q) {
  return "CREATE SEQUENCE " + detail::quote_qualified(q.schema.empty() ? "public" : q.schema, q.name) +
         " INCREMENT BY " + std::to_string(q.increment) + " MINVALUE " + std::to_string(q.min_value) + " MAXVALUE " +
         std::to_string(q.max_value) + " START WITH " + std::to_string(q.start_with) + " CACHE " +
         std::to_string(q.cache) + (q.cycle ? " CYCLE;" : ";");
}

/// `schema`: the table's; a named schema's identity sequence is written schema-qualified, as drizzle-kit does.
inline std::string column_definition(const column_info& c, const std::string& schema = "") {
  std::string line = detail::quote_ident(c.name) + " ";
  line += c.type_is_enum ? detail::qualified(c.type_schema, c.type.substr(0, c.type.find('['))) +
                               (c.type.find('[') != std::string::npos ? c.type.substr(c.type.find('[')) : "")
                         : c.type;
  if (c.primary_key) line += " PRIMARY KEY";
  if (c.default_sql) line += " DEFAULT " + *c.default_sql;
  if (c.generated) line += " GENERATED ALWAYS AS (" + *c.generated + ") STORED";
  if (c.identity) {
    line += identity_clause(*c.identity, detail::qualified(schema, c.identity->sequence_name));
  } else if (c.not_null) {
    line += " NOT NULL";
  }
  return line;
}

inline std::string create_table(const table_info& t) {
  std::string out = "CREATE TABLE " + detail::qualified(t.schema, t.name) + " (\n";
  std::vector<std::string> lines;
  for (const auto& c : t.columns) {
    std::string line = "\t";  // not "\t" + column_definition(c): g++ 12 -O3 warns (-Wrestrict, a false positive)
    line += column_definition(c, t.schema);
    lines.push_back(std::move(line));
  }
  for (const auto& pk : t.primary_keys)
    lines.push_back("\tCONSTRAINT " + detail::quote_ident(pk.name) + " PRIMARY KEY(" + detail::quoted_list(pk.columns) +
                    ")");
  for (const auto& u : t.uniques)
    lines.push_back("\tCONSTRAINT " + detail::quote_ident(u.name) + " UNIQUE" +
                    (u.nulls_not_distinct ? " NULLS NOT DISTINCT" : "") + "(" + detail::quoted_list(u.columns) + ")");
  for (const auto& ck : t.checks)
    lines.push_back("\tCONSTRAINT " + detail::quote_ident(ck.name) + " CHECK (" + ck.expression + ")");
  out += detail::join_names(lines, ",\n");
  return out + "\n);\n";
}

namespace detail {
/// A referential action as DDL writes it; anything else (a snapshot file edited by hand) is refused, never spliced.
inline const std::string& fk_action_sql(const std::string& action) {
  for (const auto& a : {"no action", "restrict", "cascade", "set null", "set default"})
    if (action == a) return action;
  throw std::invalid_argument("drizzle: unknown foreign key action " + quote_literal(action));
}
}  // namespace detail

inline std::string add_foreign_key(const foreign_key_info& fk) {
  return "ALTER TABLE " + detail::qualified(fk.schema_from, fk.table_from) + " ADD CONSTRAINT " +
         detail::quote_ident(fk.name) + " FOREIGN KEY (" + detail::quoted_list(fk.columns_from) + ") REFERENCES " +
         detail::quote_qualified(fk.schema_to.empty() ? "public" : fk.schema_to, fk.table_to) + "(" +
         detail::quoted_list(fk.columns_to) + ") ON DELETE " + detail::fk_action_sql(fk.on_delete) + " ON UPDATE " +
         detail::fk_action_sql(fk.on_update) + ";";
}

inline std::string create_index(const table_info& t, const index_info& ix) {
  std::string cols;
  for (std::size_t i = 0; i < ix.columns.size(); ++i) {
    const auto& c = ix.columns[i];
    if (i) cols += ',';
    if (c.is_expression)
      cols += c.expression;  // raw SQL, as drizzle-kit writes it
    else
      detail::append_ident(cols, c.expression);  // not `"," + std::string&&`: g++ 12's -Wrestrict false positive
    if (!c.opclass.empty()) {
      cols += ' ';
      cols += c.opclass;
    }
    // drizzle-kit: ASC NULLS LAST is written as nothing, DESC always with its NULLS clause.
    if (!c.asc)
      cols += c.nulls == "first" ? " DESC NULLS FIRST" : " DESC NULLS LAST";
    else if (c.nulls == "first")
      cols += " NULLS FIRST";
  }
  return std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + (ix.concurrently ? "CONCURRENTLY " : "") +
         detail::quote_ident(ix.name) + " ON " + detail::qualified(t.schema, t.name) + " USING " +
         detail::index_method(ix.method) + " (" + cols + ")" + (ix.where.empty() ? "" : " WHERE " + ix.where) + ";";
}

/// CREATE ROLE as drizzle-kit writes it: WITH and the options that are not PostgreSQL's defaults.
inline std::string create_role(const role_info& r) {
  const bool with = r.create_db || r.create_role || !r.inherit;
  return "CREATE ROLE " + detail::quote_ident(r.name) + (with ? " WITH" : "") + (r.create_db ? " CREATEDB" : "") +
         (r.create_role ? " CREATEROLE" : "") + (r.inherit ? "" : " NOINHERIT") + ";";
}

namespace detail {
/// A policy's TO list: the keywords bare, role names quoted, as drizzle-kit writes them.
inline std::string policy_roles(const std::vector<std::string>& to) {
  std::string out;
  for (const auto& r : to) {
    if (!out.empty()) out += ", ";
    const bool keyword = r == "public" || r == "current_user" || r == "current_role" || r == "session_user";
    out += keyword ? r : quote_ident(r);
  }
  return out;
}
/// `as` and `for` go into the statement as keywords: only PostgreSQL's are accepted (a snapshot edited by hand).
inline const std::string& policy_keyword(const std::string& word) {
  for (const auto& k : {"PERMISSIVE", "RESTRICTIVE", "ALL", "SELECT", "INSERT", "UPDATE", "DELETE"})
    if (word == k) return word;
  throw std::invalid_argument("drizzle: unknown policy keyword " + quote_literal(word));
}
}  // namespace detail

inline std::string enable_rls(const table_info& t) {
  return "ALTER TABLE " + detail::qualified(t.schema, t.name) + " ENABLE ROW LEVEL SECURITY;";
}

inline std::string create_policy(const table_info& t, const policy_info& p) {
  return "CREATE POLICY " + detail::quote_ident(p.name) + " ON " + detail::qualified(t.schema, t.name) + " AS " +
         detail::policy_keyword(p.as) + " FOR " + detail::policy_keyword(p.for_) + " TO " + detail::policy_roles(p.to) +
         (p.using_ ? " USING (" + *p.using_ + ")" : "") + (p.with_check ? " WITH CHECK (" + *p.with_check + ")" : "") +
         ";";
}

inline std::string qualified_view(const view_info& v) {
  return detail::quote_qualified(v.schema.empty() ? "public" : v.schema, v.name);
}

/// `key = value, ...` of a view's WITH (...), snake_case as drizzle-kit writes it.
inline std::string view_options_sql(const std::vector<view_option>& with) {
  std::string out;
  for (std::size_t i = 0; i < with.size(); ++i)
    out += (i ? ", " : "") + detail::snake_case(with[i].key) + " = " + detail::view_option_value(with[i]);
  return out;
}

/// CREATE [MATERIALIZED] VIEW as drizzle-kit writes it (the definition in parentheses, no trailing newline).
inline std::string create_view(const view_info& v) {
  std::string out = std::string(v.materialized ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ") + qualified_view(v);
  if (!v.using_.empty()) out += " USING " + detail::quote_ident(v.using_);
  if (v.with) out += " WITH (" + view_options_sql(*v.with) + ")";
  if (!v.tablespace.empty())
    out += " TABLESPACE " + detail::index_method(v.tablespace) /* bare when plain, as drizzle-kit */;
  out += " AS (" + v.definition.value_or("") + ")";
  if (v.with_no_data) out += " WITH NO DATA";
  return out + ";";
}
inline std::string drop_view(const view_info& v) {
  return std::string(v.materialized ? "DROP MATERIALIZED VIEW " : "DROP VIEW ") + qualified_view(v) + ";";
}

/// Every statement creating the schema, in drizzle-kit's order: schemas, enums, sequences, roles, tables (each
/// followed by ENABLE ROW LEVEL SECURITY when it has policies or enable_rls()), foreign keys, indexes, policies,
/// views.
inline std::vector<std::string> create_statements(const schema_info& s) {
  std::vector<std::string> out;
  std::vector<std::string> schemas;
  auto add_schema = [&](const std::string& name) {
    if (!name.empty() && name != "public" && std::find(schemas.begin(), schemas.end(), name) == schemas.end())
      schemas.push_back(name);
  };
  for (const auto& t : s.tables) add_schema(t.schema);
  for (const auto& e : s.enums) add_schema(e.schema);
  for (const auto& q : s.sequences) add_schema(q.schema);
  for (const auto& v : s.views) add_schema(v.schema);
  for (const auto& name : schemas) out.push_back("CREATE SCHEMA " + detail::quote_ident(name) + ";\n");
  for (const auto& e : s.enums) out.push_back(create_enum(e));
  for (const auto& q : s.sequences) out.push_back(create_sequence(q));
  for (const auto& r : s.roles) out.push_back(create_role(r));
  for (const auto& t : s.tables) {
    out.push_back(create_table(t));
    if (t.rls_enabled || !t.policies.empty()) out.push_back(enable_rls(t));
  }
  for (const auto& t : s.tables)
    for (const auto& fk : t.foreign_keys) out.push_back(add_foreign_key(fk));
  for (const auto& t : s.tables)
    for (const auto& ix : t.indexes) out.push_back(create_index(t, ix));
  for (const auto& t : s.tables)
    for (const auto& p : t.policies) out.push_back(create_policy(t, p));
  for (const auto& v : s.views)
    if (!v.existing) out.push_back(create_view(v));
  return out;
}
template <class... Tables>
std::vector<std::string> create_statements(schema_t<Tables...> s) {
  return create_statements(describe(s));
}

/// The whole DDL as drizzle-kit export prints it: statements joined by newlines.
template <class S>
std::string export_sql(const S& s) {
  std::string out;
  for (const auto& stmt : create_statements(s)) out += stmt + "\n";
  return out;
}

}  // namespace ddl
}  // namespace drizzle
