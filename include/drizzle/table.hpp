#pragma once
/// Tables: a struct deriving from table<Self, "name"> with one column member per line. The column
/// list is read from the struct itself (aggregate member count + structured bindings), never
/// repeated. Table-level constraints and indexes come from an optional static config(t).
#include <array>
#include <cstddef>
#include <exception>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "column.hpp"
#include "detail/members.hpp"
#include "detail/meta.hpp"
#include "fixed_string.hpp"

namespace drizzle {

/// Base of every table struct. Name is the SQL name; Schema a PostgreSQL schema ("" = public).
/// Why a base: it gives the struct its name and lets members be written column<"id", serial>
/// without naming the table again. Boost.PFR refuses classes with bases, so drizzle counts and
/// binds the members itself (detail/members.hpp); see docs/schema.md.
template <class Self, fixed_string Name, fixed_string Schema = "">
struct table {
  using table_base = table;
  using base_table = Self;  ///< for aliases: the table the columns are declared in
  static constexpr std::string_view table_name = Name.view();
  static constexpr std::string_view schema_name = Schema.view();

  template <fixed_string ColumnName, class SqlType, class... Modifiers>
  using column = column_t<Self, ColumnName, SqlType, Modifiers...>;

  /// `"schema"."table"` as used in FROM and to qualify columns.
  template <class W>
  static constexpr void write_name(W& w) {
    if constexpr (!Schema.view().empty()) {
      w.ident(Schema.view());
      w.text(".");
    }
    w.ident(Name.view());
  }
  template <class W>
  static constexpr void write_qualifier(W& w) {
    write_name(w);
  }
  template <class W>
  static constexpr void write_from(W& w) {
    write_name(w);
  }
};

/// A table declared once over a mode: `template <class M> struct users_columns { col<M, "id", serial> id; ... };`
/// then `struct users_t : table_of<users_t, "users", users_columns> {};`. The columns are the members of
/// Columns<mode<Self, row_kind::descriptor>> (a base, so `users.id` works as with table<>), and the same member list
/// gives select_row<users_t> and insert_row<users_t>: plain aggregates with named members.
template <class Self, fixed_string Name, template <class> class Columns, fixed_string Schema = "">
struct table_of : table<Self, Name, Schema>, Columns<mode<Self, row_kind::descriptor>> {
  using column_members = Columns<mode<Self, row_kind::descriptor>>;
  template <class M>
  using columns_template = Columns<M>;
};

template <class T>
concept table_type = requires {
  typename std::remove_cvref_t<T>::table_base;
}
&&std::is_base_of_v<typename std::remove_cvref_t<T>::table_base, std::remove_cvref_t<T>>;

namespace detail {
/// Never called: gives the conversion below a definition, since a std::optional member's converting
/// constructor odr-uses it even inside the unevaluated aggregate-initialization checks.
template <class U>
U unreachable_value() noexcept {
  std::terminate();
}
/// Converts to anything; only used in unevaluated aggregate-initialization checks.
struct any_member {
  template <class U>
  constexpr operator U() const noexcept {  // NOLINT(google-explicit-constructor)
    return unreachable_value<U>();
  }
};
template <class T, std::size_t... I>
constexpr bool initializable_with(std::index_sequence<I...>) {
  return requires {
    T{typename T::table_base{}, ((void)I, any_member{})...};
  };
}
template <class T, std::size_t... I>
constexpr bool aggregate_initializable(std::index_sequence<I...>) {
  return requires {
    T{((void)I, any_member{})...};
  };
}
/// Number of fields of a plain aggregate struct (no base), e.g. a row struct given to insert().values().
template <class T>
constexpr std::size_t aggregate_field_count() {
  return []<std::size_t... N>(std::index_sequence<N...>) {
    std::size_t count = 0;
    ((aggregate_initializable<T>(std::make_index_sequence<N>{}) ? count = N : count), ...);
    return count;
  }
  (std::make_index_sequence<65>{});
}
/// Number of column members: the largest N with T{base, x1..xN} well-formed; for a table_of, the member list's
/// field count (its members are all in that one base, so structured bindings still bind them).
template <class T>
constexpr std::size_t member_count() {
  if constexpr (requires { typename T::column_members; }) {
    return aggregate_field_count<typename T::column_members>();
  } else {
    return []<std::size_t... N>(std::index_sequence<N...>) {
      std::size_t count = 0;
      ((initializable_with<T>(std::make_index_sequence<N>{}) ? count = N : count), ...);
      return count;
    }
    (std::make_index_sequence<65>{});
  }
}

template <class T>
inline constexpr T instance{};

template <class T>
constexpr auto column_list_of() {
  return visit_members<member_count<T>()>(
      instance<T>, [](const auto&... cols) { return type_list<std::remove_cvref_t<decltype(cols)>...>{}; });
}

template <class T>
constexpr bool check_table() {
  constexpr auto pk_count = visit_members<member_count<T>()>(instance<T>, [](const auto&... cols) {
    return (int{std::remove_cvref_t<decltype(cols)>::primary_key} + ... + 0);
  });
  static_assert(pk_count <= 1,
                "drizzle: a table can have only one primary key; use composite_primary_key(t.a, t.b) in config()");
  static_assert(member_count<T>() > 0, "drizzle: a table needs at least one column member");
  return true;
}

template <class Col, class NewTable>
struct rebind_column;
template <class Table, fixed_string Name, class SqlType, class... Mods, class NewTable>
struct rebind_column<column_t<Table, Name, SqlType, Mods...>, NewTable> {
  using type = column_t<NewTable, Name, SqlType, Mods...>;
};
}  // namespace detail

/// An alias of a table for self-joins: `constexpr auto parent = alias<"parent">(comments);`
/// then `parent[comments.id]` is the aliased column, rendered "parent"."id".
template <class T, fixed_string Alias>
struct aliased_table {
  using base_table = T;
  using table_base = void;
  static constexpr std::string_view table_name = Alias.view();
  static constexpr std::string_view schema_name = T::schema_name;

  template <column_type C>
  constexpr auto operator[](C) const {
    static_assert(std::is_same_v<typename C::table_type, T>,
                  "drizzle: alias[column] needs a column of the aliased table");
    return typename detail::rebind_column<C, aliased_table>::type{};
  }
  template <class W>
  static constexpr void write_qualifier(W& w) {
    w.ident(Alias.view());
  }
  template <class W>
  static constexpr void write_from(W& w) {
    T::write_name(w);
    w.text(" ");
    w.ident(Alias.view());
  }
};
template <fixed_string Alias, table_type T>
constexpr aliased_table<T, Alias> alias(const T&) {
  return {};
}

template <class T>
inline constexpr bool is_aliased_table_v = false;
template <class T, fixed_string A>
inline constexpr bool is_aliased_table_v<aliased_table<T, A>> = true;

/// The columns of a table (or alias), in declaration order, as a type_list.
template <class T>
struct columns_of {
  static_assert(detail::check_table<T>());
  using type = decltype(detail::column_list_of<T>());
};
template <class T, fixed_string A>
struct columns_of<aliased_table<T, A>> {
  template <class... C>
  static auto rebind(detail::type_list<C...>)
      -> detail::type_list<typename detail::rebind_column<C, aliased_table<T, A>>::type...>;
  using type = decltype(rebind(typename columns_of<T>::type{}));
};
template <class T>
using columns_of_t = typename columns_of<std::remove_cvref_t<T>>::type;

namespace detail {
template <class List>
struct shapes;
template <class... C>
struct shapes<type_list<C...>> {
  using select = std::tuple<typename C::value_type...>;
  using insert_columns = concat_t<std::conditional_t<C::insertable, type_list<C>, type_list<>>...>;
};
template <class List>
struct insert_shape;
template <class... C>
struct insert_shape<type_list<C...>> {
  using type = std::tuple<maybe_optional_t<typename C::cpp_type, !C::insert_required>...>;
};
}  // namespace detail

/// The select shape of a table (Drizzle's $inferSelect): its columns' value types, nullable ones optional.
template <class Table>
using select_shape_t = typename detail::shapes<columns_of_t<Table>>::select;
/// The columns an insert takes (not generated, not identity always), in table order.
template <class Table>
using insert_columns_t = typename detail::shapes<columns_of_t<Table>>::insert_columns;
/// The insert shape ($inferInsert): required columns as their type, the others std::optional (absent = default).
template <class Table>
using insert_shape_t = typename detail::insert_shape<insert_columns_t<Table>>::type;

namespace detail {
template <class T, row_kind Kind>
struct row_of {
  static constexpr bool declared_over_mode = requires { typename T::template columns_template<mode<T, Kind>>; };
  static_assert(declared_over_mode,
                "drizzle: select_row<T> / insert_row<T> need a table declared over a mode (template <class M> struct "
                "t_columns { col<M, \"id\", serial> id; }; struct t_t : drizzle::table_of<t_t, \"t\", t_columns> {};): "
                "a table<> struct has no named row type; use select_shape_t<T> or a struct of your own");
  static auto pick() {
    if constexpr (declared_over_mode)
      return static_cast<typename T::template columns_template<mode<T, Kind>>*>(nullptr);
    else
      return static_cast<void*>(nullptr);
  }
  using type = std::remove_pointer_t<decltype(pick())>;
};
template <class T>
struct base_table_of {
  using type = T;
};
template <class T, fixed_string A>
struct base_table_of<aliased_table<T, A>> {
  using type = T;
};

/// Row is the row struct of kind Kind of a table_of (select_row<T> or insert_row<T>): a member list over mode<T, Kind>.
template <class Row, row_kind Kind>
inline constexpr bool is_row_of_kind = false;
template <template <class> class Columns, class T, row_kind Kind>
inline constexpr bool is_row_of_kind<Columns<mode<T, Kind>>, Kind> = requires {
  typename T::template columns_template<mode<T, Kind>>;
}
&&std::is_same_v<typename T::template columns_template<mode<T, Kind>>, Columns<mode<T, Kind>>>;
}  // namespace detail

/// Drizzle's `typeof t.$inferSelect`: one member per column, named as declared, std::optional where nullable. A plain
/// aggregate (Boost.PFR, designated initializers), accepted by all<>, one<>, first<>, returning() and relations.
template <class Table>
using select_row =
    typename detail::row_of<typename detail::base_table_of<std::remove_cvref_t<Table>>::type, row_kind::select>::type;
/// Drizzle's `typeof t.$inferInsert`: required members plain, nullable or defaulted ones std::optional (empty: the
/// column's default), generated and identity-always ones drizzle::not_insertable. Accepted by values().
template <class Table>
using insert_row =
    typename detail::row_of<typename detail::base_table_of<std::remove_cvref_t<Table>>::type, row_kind::insert>::type;

/// Calls f(column) for every column object of a table instance.
template <table_type T, class F>
constexpr void for_each_column(const T& t, F&& f) {
  detail::visit_members<detail::member_count<T>()>(t, [&](const auto&... cols) { (f(cols), ...); });
}

// ---------------------------------------------------------------------------------------------
// Table-level constraints and indexes, returned from `static constexpr auto config(const T& t)`.

namespace pg {

enum class nulls_order { unspecified, first, last };

/// One indexed column with its order: desc(t.created_at).nulls_last() in index(...).
template <class Col>
struct index_column {
  bool descending = false;
  nulls_order nulls = nulls_order::unspecified;
  std::string_view opclass{};  ///< an operator class (Drizzle's .op("text_pattern_ops")), written as given
  constexpr index_column nulls_first() const { return {descending, nulls_order::first, opclass}; }
  constexpr index_column nulls_last() const { return {descending, nulls_order::last, opclass}; }
  /// The column's operator class: asc_index(t.label).op("text_pattern_ops").
  constexpr index_column op(std::string_view operator_class) const { return {descending, nulls, operator_class}; }
};

/// An expression in an index (Drizzle's index().on(sql`lower(label)`)): raw SQL, written as given, ascending.
template <fixed_string Sql>
struct index_expression {
  static constexpr std::string_view sql = Sql.view();
};
template <fixed_string Sql>
inline constexpr index_expression<Sql> index_sql{};
template <class T>
inline constexpr bool is_index_expression = false;
template <fixed_string Sql>
inline constexpr bool is_index_expression<index_expression<Sql>> = true;

namespace detail_index {
template <class C>
constexpr auto as_index_column(C c) {
  if constexpr (column_type<C>)
    return index_column<C>{};
  else
    return c;  // already an index_column, with its order
}
}  // namespace detail_index

/// CREATE [UNIQUE] INDEX [CONCURRENTLY] "name" ON "t" USING method (cols) [WHERE ...].
template <fixed_string Name, bool Unique, class... Cols>
struct index_def {
  /// Not std::tuple: a table's config() is compiled in every file that includes its schema (-4 MB with g++ for the
  /// benchmark's four indexes).
  ::drizzle::detail::item_set<Cols...> columns;
  std::string_view method = "btree";
  std::string_view where_sql{};
  bool is_concurrent = false;
  static constexpr std::string_view name = Name.view();
  static constexpr bool unique = Unique;
  /// Index method: btree (default), hash, gin, gist, brin, spgist.
  constexpr index_def using_(std::string_view m) const {
    auto copy = *this;
    copy.method = m;
    return copy;
  }
  /// A partial index: raw SQL predicate, written as given.
  constexpr index_def where(std::string_view predicate) const {
    auto copy = *this;
    copy.where_sql = predicate;
    return copy;
  }
  constexpr index_def concurrently() const {
    auto copy = *this;
    copy.is_concurrent = true;
    return copy;
  }
};

template <fixed_string Name = "", class... C>
constexpr auto index(C... cols) {
  static_assert(sizeof...(C) > 0, "drizzle: an index needs at least one column");
  static_assert(!Name.view().empty() || !(is_index_expression<C> || ...),
                "drizzle: an index on an expression needs a name: index<\"name\">(...)");
  return index_def<Name, false, decltype(detail_index::as_index_column(cols))...>{
      {detail_index::as_index_column(cols)...}};
}
template <fixed_string Name = "", class... C>
constexpr auto unique_index(C... cols) {
  static_assert(sizeof...(C) > 0, "drizzle: an index needs at least one column");
  static_assert(!Name.view().empty() || !(is_index_expression<C> || ...),
                "drizzle: an index on an expression needs a name: index<\"name\">(...)");
  return index_def<Name, true, decltype(detail_index::as_index_column(cols))...>{
      {detail_index::as_index_column(cols)...}};
}
template <column_type C>
constexpr index_column<C> asc_index(C) {
  return {false};
}
template <column_type C>
constexpr index_column<C> desc_index(C) {
  return {true};
}

/// CONSTRAINT "name" PRIMARY KEY(a, b); named <table>_<a>_<b>_pk by default.
template <fixed_string Name, class... Cols>
struct primary_key_def {
  static constexpr std::string_view name = Name.view();
  using columns = ::drizzle::detail::type_list<Cols...>;
};
template <fixed_string Name = "", column_type... C>
constexpr primary_key_def<Name, C...> composite_primary_key(C...) {
  static_assert(sizeof...(C) > 0, "drizzle: a primary key needs at least one column");
  return {};
}

/// CONSTRAINT "name" UNIQUE [NULLS NOT DISTINCT](a, b).
template <fixed_string Name, bool NullsNotDistinct, class... Cols>
struct unique_def {
  static constexpr std::string_view name = Name.view();
  static constexpr bool nulls_not_distinct = NullsNotDistinct;
  using columns = ::drizzle::detail::type_list<Cols...>;
  constexpr unique_def<Name, true, Cols...> nulls_not_distinct_() const { return {}; }
};
template <fixed_string Name = "", column_type... C>
constexpr unique_def<Name, false, C...> unique_constraint(C...) {
  static_assert(sizeof...(C) > 0, "drizzle: a unique constraint needs at least one column");
  return {};
}

/// A list of columns for composite foreign keys: columns(t.a, t.b).
template <class... Cols>
struct column_list {
  using list = ::drizzle::detail::type_list<Cols...>;
};
template <column_type... C>
constexpr column_list<C...> columns(C...) {
  return {};
}

/// FOREIGN KEY (cols) REFERENCES other(cols); declared in config for composite, cyclic and
/// self references.
template <fixed_string Name, class From, class To>
struct foreign_key_def {
  static constexpr std::string_view name = Name.view();
  using from = typename From::list;
  using to = typename To::list;
  fk_action delete_action = fk_action::no_action;
  fk_action update_action = fk_action::no_action;
  constexpr foreign_key_def on_delete(fk_action a) const {
    auto copy = *this;
    copy.delete_action = a;
    return copy;
  }
  constexpr foreign_key_def on_update(fk_action a) const {
    auto copy = *this;
    copy.update_action = a;
    return copy;
  }
};
namespace detail_fk {
template <class C>
constexpr auto as_list(C) {
  if constexpr (column_type<C>)
    return column_list<C>{};
  else
    return C{};
}
template <class... A, class... B>
constexpr bool same_types(::drizzle::detail::type_list<A...>, ::drizzle::detail::type_list<B...>) {
  if constexpr (sizeof...(A) != sizeof...(B))
    return false;
  else
    return (std::is_same_v<typename A::cpp_type, typename B::cpp_type> && ...);
}
}  // namespace detail_fk
template <fixed_string Name = "", class From, class To>
constexpr auto foreign_key(From from, To to) {
  using F = decltype(detail_fk::as_list(from));
  using T = decltype(detail_fk::as_list(to));
  static_assert(detail_fk::same_types(typename F::list{}, typename T::list{}),
                "drizzle: foreign_key() needs the same number of columns on both sides, of the same types");
  return foreign_key_def<Name, F, T>{};
}

/// CONSTRAINT "name" CHECK (<raw SQL>).
template <fixed_string Name>
struct check_def {
  static constexpr std::string_view name = Name.view();
  std::string_view expression;
};
template <fixed_string Name>
constexpr check_def<Name> check(std::string_view expression) {
  static_assert(!Name.view().empty(), "drizzle: a check constraint needs a name: check<\"name\">(\"...\")");
  return {expression};
}

}  // namespace pg

/// The table's config() tuple, or an empty tuple when it declares none.
template <table_type T>
constexpr auto table_config() {
  if constexpr (requires { T::config(detail::instance<T>); })
    return T::config(detail::instance<T>);
  else
    return std::tuple<>{};
}

}  // namespace drizzle
