#pragma once
/// Column descriptors: an empty object whose type carries the table, the SQL name, the SQL type
/// and the constraints, so `users.id` alone knows everything the compiler needs.
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "detail/meta.hpp"
#include "fixed_string.hpp"
#include "types.hpp"

namespace drizzle {

/// Referential actions of a foreign key, spelled as drizzle-kit writes them.
enum class fk_action { no_action, restrict, cascade, set_null, set_default };
constexpr std::string_view to_sql(fk_action a) {
  constexpr std::string_view names[] = {"no action", "restrict", "cascade", "set null", "set default"};
  return names[static_cast<int>(a)];
}

namespace pg {
namespace on_delete {
inline constexpr fk_action no_action = fk_action::no_action, restrict = fk_action::restrict,
                           cascade = fk_action::cascade, set_null = fk_action::set_null,
                           set_default = fk_action::set_default;
}
namespace on_update = on_delete;

/// What a modifier contributes; a column folds these over its modifier list.
struct modifier {
  static constexpr bool sets_not_null = false, sets_primary_key = false, sets_unique = false, sets_has_default = false,
                        sets_generated = false, sets_identity = false, sets_identity_always = false,
                        sets_app_default = false, sets_app_on_update = false, sets_references = false,
                        sets_nulls_not_distinct = false;
  static constexpr std::string_view unique_name{};
};

struct not_null : modifier {
  static constexpr bool sets_not_null = true;
};
/// PRIMARY KEY implies NOT NULL.
struct primary_key : modifier {
  static constexpr bool sets_primary_key = true, sets_not_null = true;
};
/// UNIQUE; drizzle-kit names it `<table>_<column>_unique` unless named.
struct unique : modifier {
  static constexpr bool sets_unique = true;
};
template <fixed_string Name, bool NullsNotDistinct = false>
struct unique_named : modifier {
  static constexpr bool sets_unique = true, sets_nulls_not_distinct = NullsNotDistinct;
  static constexpr std::string_view unique_name = Name.view();
};
/// UNIQUE NULLS NOT DISTINCT (PostgreSQL 15).
struct unique_nulls_not_distinct : modifier {
  static constexpr bool sets_unique = true, sets_nulls_not_distinct = true;
};

}  // namespace pg

namespace detail {
/// The element of an array column's std::vector, for braced lists (`tags = {"x", "y"}`); none for other columns.
struct not_an_array {};
template <class T>
struct braced_element {
  using type = not_an_array;
};
template <class T, class A>
struct braced_element<std::vector<T, A>> {
  using type = T;
};
}  // namespace detail

namespace detail {
/// The argument of default_<>: any structural value (default_<true>, default_<0>, default_<role::user>), and a
/// string literal as written (default_<"user">), which `auto` cannot take. Strings are held as fixed_string.
template <class T>
struct default_arg {
  T value;
  constexpr default_arg(T v) : value(v) {}  // NOLINT(google-explicit-constructor)
  template <std::size_t N>
  requires std::is_same_v<T, fixed_string<N - 1>>
  constexpr default_arg(const char (&text)[N]) : value(text) {}  // NOLINT(google-explicit-constructor)
};
template <class T>
default_arg(T) -> default_arg<T>;
template <std::size_t N>
default_arg(const char (&)[N]) -> default_arg<fixed_string<N - 1>>;
}  // namespace detail

namespace pg {
/// How a DEFAULT clause is written; `Value` is checked against the column type. Strings are spelled as literals:
/// default_<"user"> (default_<drizzle::fixed_string("user")> works too).
template <::drizzle::detail::default_arg Value>
struct default_ : modifier {
  static constexpr bool sets_has_default = true;
  static constexpr auto value = Value.value;
};
/// DEFAULT <raw SQL expression>, e.g. default_sql<"now() + interval '1 day'">.
template <fixed_string Expression>
struct default_sql : modifier {
  static constexpr bool sets_has_default = true;
  static constexpr std::string_view expression = Expression.view();
};
using default_now = default_sql<"now()">;
using default_random = default_sql<"gen_random_uuid()">;

/// Drizzle's $defaultFn: called for every inserted row that does not set the column.
template <auto Fn>
struct default_fn : modifier {
  static constexpr bool sets_app_default = true, sets_has_default = true;
  static constexpr auto fn = Fn;
};
/// Drizzle's $onUpdate: added to every UPDATE that does not set the column (and used on insert
/// when the column has no other default).
template <auto Fn>
struct on_update_fn : modifier {
  static constexpr bool sets_app_on_update = true, sets_has_default = true;
  static constexpr auto fn = Fn;
};

/// GENERATED ALWAYS AS (<expression>) STORED: never inserted or updated.
template <fixed_string Expression>
struct generated_always_as : modifier {
  static constexpr bool sets_generated = true, sets_has_default = true;
  static constexpr std::string_view expression = Expression.view();
};

/// Sequence options of an identity column, with drizzle-kit's defaults.
struct sequence_options {
  long long increment = 1, min_value = 1, max_value = 0 /* 0: the type's maximum */, start_with = 1, cache = 1;
  bool cycle = false;
};
template <sequence_options Options = sequence_options{}>
struct identity_always : modifier {
  static constexpr bool sets_identity = true, sets_identity_always = true, sets_has_default = true,
                        sets_not_null = true;
  static constexpr sequence_options options = Options;
};
template <sequence_options Options = sequence_options{}>
struct identity_by_default : modifier {
  static constexpr bool sets_identity = true, sets_has_default = true, sets_not_null = true;
  static constexpr sequence_options options = Options;
};

/// REFERENCES another table's column: references<&users_t::id, on_delete::cascade>.
template <auto Member, fk_action OnDelete = fk_action::no_action, fk_action OnUpdate = fk_action::no_action>
struct references : modifier {
  static constexpr bool sets_references = true;
  static constexpr auto member = Member;
  static constexpr fk_action on_delete = OnDelete, on_update = OnUpdate;
};

}  // namespace pg

namespace detail {
template <class M>
struct member_pointer_traits;
template <class C, class T>
struct member_pointer_traits<T C::*> {
  using class_type = C;
  using member_type = T;
};

/// May a value of type V be stored in (or compared with) a column holding Cpp?
/// Numbers: an integer column takes integers only (a floating-point value would be truncated; narrower and wider
/// integers are allowed so that a literal `1` fits a smallint, and a value out of the column's range is an
/// encode_error at run time); a floating-point column takes any number (checked at run time: an integer must convert
/// exactly, a double may round to real but not overflow); numeric takes any number, exactly. bool only bool.
template <class V, class Cpp>
constexpr bool value_fits() {
  using U = std::remove_cvref_t<V>;
  if constexpr (is_optional_v<U>)
    return value_fits<typename U::value_type, Cpp>();
  else if constexpr (std::is_same_v<Cpp, bool> || std::is_same_v<U, bool>)
    return std::is_same_v<U, Cpp>;
  else if constexpr (std::is_integral_v<Cpp>)
    return std::is_integral_v<U>;
  else if constexpr (std::is_arithmetic_v<Cpp>)
    return std::is_arithmetic_v<U>;
  else if constexpr (std::is_same_v<Cpp, std::string>)
    return std::is_convertible_v<U, std::string_view>;
  else if constexpr (std::is_same_v<Cpp, decimal>)
    return std::is_same_v<U, decimal> || std::is_arithmetic_v<U> || std::is_convertible_v<U, std::string_view>;
  else if constexpr (std::is_enum_v<Cpp>)
    return std::is_same_v<U, Cpp>;
  else
    return std::is_convertible_v<U, Cpp>;
}

/// A floating-point value for an integer column: refused at compile time rather than truncated or checked late.
template <class V, class Cpp>
constexpr bool truncates() {
  using U = std::remove_cvref_t<unwrap_optional_t<std::remove_cvref_t<V>>>;
  return std::is_integral_v<Cpp> && !std::is_same_v<Cpp, bool> && std::is_floating_point_v<U>;
}

/// Converts an accepted value to the column's C++ type (a string literal to std::string, ...).
template <class Cpp, class V>
constexpr Cpp to_cpp(V&& v) {
  if constexpr (std::is_same_v<Cpp, decimal> && std::is_arithmetic_v<std::remove_cvref_t<V>>) {
    std::string text;  // exactly: std::to_string would write 1e-10 as 0.000000
    codec<std::remove_cvref_t<V>>::encode(v, text);
    return decimal(std::move(text));
  } else if constexpr (std::is_arithmetic_v<Cpp> && std::is_arithmetic_v<std::remove_cvref_t<V>>)
    return convert_number<Cpp>(v);
  else if constexpr (std::is_same_v<Cpp, decimal> && !std::is_same_v<std::remove_cvref_t<V>, decimal>)
    return decimal(std::string(std::string_view(v)));
  else if constexpr (std::is_same_v<Cpp, std::string>)
    return std::string(std::string_view(v));
  else
    return static_cast<Cpp>(std::forward<V>(v));
}

template <class Cpp, auto Value>
constexpr bool default_fits() {
  using V = std::remove_cv_t<decltype(Value)>;
  if constexpr (requires { Value.view(); }) {  // a fixed_string
    // Checked apart: is_constructible of nlohmann::json needs <nlohmann/json.hpp>, which the core does not include.
    if constexpr (std::is_same_v<Cpp, std::string> || std::is_same_v<Cpp, decimal> || std::is_same_v<Cpp, uuid> ||
                  std::is_same_v<Cpp, nlohmann::json>)
      return true;
    else
      return !std::is_arithmetic_v<Cpp> && !std::is_enum_v<Cpp> && std::is_constructible_v<Cpp, std::string>;
  } else
    return value_fits<V, Cpp>();
}
}  // namespace detail

template <class Assign>
struct assignment;  // defined in expr/core.hpp

/// A column of table Table. Users spell it through the table base: column<"id", serial, primary_key>.
template <class Table, fixed_string Name, class SqlType, class... Mods>
struct column_t {
  static_assert(sql_type<SqlType>,
                "drizzle: the second argument of column<> must be a SQL type such as integer or varchar<255>");
  static_assert((std::is_base_of_v<pg::modifier, Mods> && ...),
                "drizzle: column<> arguments after the type must be modifiers such as not_null or primary_key");

  using table_type = Table;
  using sql_type = SqlType;
  using cpp_type = typename SqlType::cpp_type;
  using modifiers = detail::type_list<Mods...>;
  static constexpr std::string_view name = Name.view();

  static constexpr bool primary_key = (Mods::sets_primary_key || ...);
  static constexpr bool generated = (Mods::sets_generated || ...);
  static constexpr bool identity = (Mods::sets_identity || ...);
  static constexpr bool identity_always = (Mods::sets_identity_always || ...);
  static constexpr bool app_default = (Mods::sets_app_default || ...);
  static constexpr bool app_on_update = (Mods::sets_app_on_update || ...);
  static constexpr bool unique = (Mods::sets_unique || ...);
  static constexpr bool not_null = (Mods::sets_not_null || ...) || SqlType::auto_default;
  static constexpr bool has_default = (Mods::sets_has_default || ...) || SqlType::auto_default;
  /// The insert shape: required when NOT NULL with no default of any kind.
  static constexpr bool insert_required = not_null && !has_default;
  /// Generated columns and identity-always columns never take a value.
  static constexpr bool insertable = !generated && !identity_always;

  /// The C++ type of a selected value: std::optional when the column may be NULL.
  using value_type = detail::maybe_optional_t<cpp_type, !not_null>;

  // Expression protocol (see expr/core.hpp).
  using tables = detail::type_list<Table>;
  static constexpr bool aggregate = false;
  static constexpr bool dynamic = false;
  template <class W>
  static constexpr void write(W& w, const column_t*) {
    if (w.qualify) {
      // Inside a relational query's with<>(), the writer renames the related table to its alias.
      if constexpr (requires { typename W::aliased_source; }) {
        if constexpr (std::is_same_v<typename W::aliased_source, Table>)
          w.ident(W::alias);
        else
          Table::write_qualifier(w);
      } else {
        Table::write_qualifier(w);
      }
      w.text(".");
    }
    w.ident(name);
  }
  template <class P>
  void bind(P&) const {}

  /// The value of an application-side default ($defaultFn, else $onUpdate) for one new row.
  static cpp_type make_app_default() requires(app_default || app_on_update) { return pick_app_fn<true>(); }
  /// The value of an application-side on-update function ($onUpdate) for an UPDATE.
  static cpp_type make_app_on_update() requires(app_on_update) { return pick_app_fn<false>(); }

  /// `users.email = "x"` builds an assignment for insert values and update set.
  template <class V>
  constexpr auto operator=(V&& value) const;
  /// A braced list for an array column, as the std::vector it stands for: `samples.tags = {"x", "y"}`.
  constexpr auto operator=(std::initializer_list<typename detail::braced_element<cpp_type>::type> list) const
      requires(!std::is_same_v<typename detail::braced_element<cpp_type>::type, detail::not_an_array>) {
    return *this = cpp_type(list.begin(), list.end());
  }

 private:
  template <bool PreferDefault>
  static cpp_type pick_app_fn() {
    std::optional<cpp_type> value;
    auto try_one = [&]<class M>(M*) {
      if constexpr ((PreferDefault && M::sets_app_default) || (!PreferDefault && M::sets_app_on_update))
        if (!value) value.emplace(M::fn());
    };
    (try_one(static_cast<Mods*>(nullptr)), ...);
    if constexpr (PreferDefault) {
      auto fallback = [&]<class M>(M*) {
        if constexpr (M::sets_app_on_update)
          if (!value) value.emplace(M::fn());
      };
      (fallback(static_cast<Mods*>(nullptr)), ...);
    }
    return std::move(*value);
  }
  static constexpr int primary_key_count = (int{Mods::sets_primary_key} + ... + 0);
  static constexpr int default_count = (int{Mods::sets_has_default && !Mods::sets_app_on_update} + ... + 0);
  static_assert(primary_key_count <= 1, "drizzle: a column can be marked primary_key only once");
  static_assert(default_count <= 1, "drizzle: a column can have only one default");
  static_assert(!identity || SqlType::integral, "drizzle: identity columns must be smallint, integer or bigint");
  static_assert(!(identity && SqlType::auto_default),
                "drizzle: a serial column is already auto-numbered; use integer with identity_always");

  template <class M>
  static constexpr bool check_modifier() {
    if constexpr (requires { M::value; }) {
      static_assert(detail::default_fits<cpp_type, M::value>(),
                    "drizzle: the default_<> value does not fit the column type");
    }
    if constexpr (M::sets_references) {
      using target = typename detail::member_pointer_traits<std::remove_cv_t<decltype(M::member)>>::member_type;
      static_assert(std::is_same_v<typename target::cpp_type, cpp_type>,
                    "drizzle: references<> must point at a column of the same type");
    }
    return true;
  }
  static_assert((check_modifier<Mods>() && ...));
};

template <class T>
inline constexpr bool is_column_v = false;
template <class Table, fixed_string Name, class SqlType, class... Mods>
inline constexpr bool is_column_v<column_t<Table, Name, SqlType, Mods...>> = true;

/// A column descriptor of any table.
template <class T>
concept column_type = is_column_v<std::remove_cvref_t<T>>;

// ---------------------------------------------------------------------------------------------
// A member list declared once over a mode (see table_of in table.hpp): the same list is the table's column
// descriptors, its select row and its insert row.

/// What a member list instantiated with mode<Table, Kind> holds in each member.
enum class row_kind {
  descriptor,  ///< column_t<Table, ...>: the table itself (users.email)
  select,      ///< the selected value: T, std::optional<T> where nullable ($inferSelect)
  insert       ///< T where required, std::optional<T> where nullable or defaulted ($inferInsert)
};
/// The template argument of a member list: `template <class M> struct users_columns { col<M, "id", ...> id; };`.
template <class Table, row_kind Kind>
struct mode {
  using table = Table;
  static constexpr row_kind kind = Kind;
};

/// The insert row's member for a column that never takes a value (generated, identity always): it has no
/// value to set and values() skips it.
struct not_insertable {
  friend constexpr bool operator==(not_insertable, not_insertable) noexcept { return true; }
};

namespace detail {
template <row_kind Kind, class Column>
struct col_for {
  using type = Column;
};
template <class Column>
struct col_for<row_kind::select, Column> {
  using type = typename Column::value_type;
};
template <class Column>
struct col_for<row_kind::insert, Column> {
  using type =
      std::conditional_t<Column::insertable, maybe_optional_t<typename Column::cpp_type, !Column::insert_required>,
                         not_insertable>;
};
template <class M>
concept row_mode = requires {
  typename M::table;
  { M::kind } -> std::convertible_to<row_kind>;
};
}  // namespace detail

/// One member of a member list over a mode: `col<M, "email", varchar<255>, not_null> email;` is
/// column_t<Table, "email", ...> in descriptor mode, std::string in select mode, std::string in insert mode.
template <class M, fixed_string Name, class SqlType, class... Mods>
using col = typename detail::col_for<M::kind, column_t<typename M::table, Name, SqlType, Mods...>>::type;

}  // namespace drizzle
