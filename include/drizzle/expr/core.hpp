#pragma once
/// The expression protocol and the leaf expressions (parameters, placeholders, aliases).
///
/// Every expression type E provides, all at compile time:
///   value_type   C++ type of its value (std::optional when it may be NULL)
///   sql_type     SQL type descriptor when known, else void (used to encode parameters)
///   tables       type_list of the tables whose columns it reads (FROM checks)
///   aggregate    whether it is an aggregate (GROUP BY checks)
///   dynamic      whether its text depends on run-time values (then the statement renders at run time)
///   write(w, self)  static: writes SQL text; `self` is null when rendering at compile time
///   bind(params)    appends its parameter values in text order
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../column.hpp"
#include "../detail/meta.hpp"
#include "../fixed_string.hpp"
#include "../table.hpp"
#include "../types.hpp"

namespace drizzle {

/// Defaults for the expression protocol.
struct expression_base {
  using sql_type = void;
  using tables = detail::type_list<>;
  static constexpr bool aggregate = false;
  static constexpr bool dynamic = false;
  template <class P>
  void bind(P&) const {}
};

template <class T>
concept expression = requires {
  typename std::remove_cvref_t<T>::value_type;
  typename std::remove_cvref_t<T>::tables;
  std::remove_cvref_t<T>::dynamic;
};

/// Run-time conditions (expr/dynamic.hpp) combine with their own &&, || and !.
template <class T>
inline constexpr bool is_condition_v = false;

/// An expression whose value is a boolean: where / having / on conditions.
template <class T>
concept boolean_expression =
    expression<T> && std::is_same_v < detail::unwrap_optional_t<typename std::remove_cvref_t<T>::value_type>,
bool > ;

namespace detail {
/// What a value is stored as: string literals and string_views become std::string.
template <class V>
using stored_value_t =
    std::conditional_t<std::is_convertible_v<V, std::string_view> && !std::is_same_v<V, std::string>, std::string, V>;
/// The child's address when rendering at run time, null at compile time.
template <class Self, class Member>
constexpr const Member* sub(const Self* self, Member Self::*m) {
  return self ? &(self->*m) : nullptr;
}
template <class E>
inline constexpr bool nullable_v = is_optional_v<typename E::value_type>;

template <class... Es>
using tables_of = concat_t<typename Es::tables...>;
}  // namespace detail

/// A bound parameter holding a value of SQL type S (`$n`, or `$n::type` when Cast).
template <class S, class T, bool Cast = false>
struct param_expr : expression_base {
  using value_type = T;
  using sql_type = S;
  T value;
  template <class W>
  static constexpr void write(W& w, const param_expr*) {
    w.param();
    if constexpr (Cast) {
      w.text("::");
      w.text(S::cast_name);
    }
  }
  template <class P>
  void bind(P& p) const {
    if constexpr (detail::is_optional_v<T>) {
      if (!value) return p.add_null();
      p.template add<S>(*value);
    } else {
      p.template add<S>(value);
    }
  }
};

/// A parameter whose SQL type is unknown: encoded with codec<T>, as in the sql template.
template <class T>
struct untyped_param : expression_base {
  using value_type = T;
  T value;
  template <class W>
  static constexpr void write(W& w, const untyped_param*) {
    w.param();
  }
  template <class P>
  void bind(P& p) const {
    p.add_value(value);
  }
};

/// A named placeholder filled in when a prepared statement runs: placeholder<"role">().
namespace detail {
template <class S>
struct placeholder_value {
  using type = typename S::cpp_type;
};
template <>
struct placeholder_value<void> {
  using type = std::string;
};
}  // namespace detail

template <fixed_string Name, class S = void>
struct placeholder_expr : expression_base {
  using value_type = typename detail::placeholder_value<S>::type;
  using sql_type = S;
  static constexpr std::string_view name = Name.view();
  template <class S2>
  using retyped = placeholder_expr<Name, S2>;
  template <class W>
  static constexpr void write(W& w, const placeholder_expr*) {
    /// The placeholder check (detail::placeholder_args_check) walks the statement's text at compile time to see
    /// every placeholder with its SQL type before anything binds, so that a mistake is one short error.
    if constexpr (requires { w.template placeholder<S, Name>(); })
      w.template placeholder<S, Name>();
    else
      w.param();
  }
  template <class P>
  void bind(P& p) const {
    p.template add_placeholder<S, Name>();
  }
};

/// A value for a named placeholder when a statement runs: .all(arg<"role">("admin"), arg<"limit">(10)).
template <fixed_string Name, class V>
struct named_arg {
  static constexpr std::string_view name = Name.view();
  V value;
};
template <class T>
inline constexpr bool is_named_arg_v = false;
template <fixed_string Name, class V>
inline constexpr bool is_named_arg_v<named_arg<Name, V>> = true;
template <fixed_string Name, class V>
constexpr named_arg<Name, detail::stored_value_t<std::remove_cvref_t<V>>> arg(V&& value) {
  return {detail::stored_value_t<std::remove_cvref_t<V>>(std::forward<V>(value))};
}
template <fixed_string Name>
constexpr placeholder_expr<Name> placeholder() {
  return {};
}
template <class T>
inline constexpr bool is_placeholder_v = false;
template <fixed_string N, class S>
inline constexpr bool is_placeholder_v<placeholder_expr<N, S>> = true;

namespace detail {
/// What a diagnostic about a value compared with or assigned to Ref names: a column by its name
/// (column_named<...>), any other expression by its type.
template <class Ref>
struct named_ref {
  using type = Ref;
};
template <column_type Ref>
struct named_ref<Ref> {
  using type = spelled_t<column_named, Ref>;
};
template <class Ref>
using named_ref_t = typename named_ref<Ref>::type;

/// Turns the right-hand side of an operator into an expression typed like Ref:
/// expressions stay, placeholders take Ref's SQL type, values become parameters.
template <class Ref, class V>
constexpr auto operand(V&& v) {
  using U = std::remove_cvref_t<V>;
  if constexpr (is_placeholder_v<U>) {
    return typename U::template retyped<typename Ref::sql_type>{};
  } else if constexpr (expression<U>) {
    return U(std::forward<V>(v));
  } else if constexpr (std::is_void_v<typename Ref::sql_type>) {
    return untyped_param<U>{{}, std::forward<V>(v)};
  } else {
    using cpp = typename Ref::sql_type::cpp_type;
    // Spelled only in the failing branch (named_ref_t costs an instantiation): the column is named in the error.
    if constexpr (truncates<U, cpp>())
      static_assert(named_check<named_ref_t<Ref>, false>,
                    "drizzle: a floating-point value for an integer column; pass an integer (column_named<...>)");
    else if constexpr (!value_fits<U, cpp>())
      static_assert(named_check<named_ref_t<Ref>, false>,
                    "drizzle: the value's C++ type does not match the column's type (column_named<...>)");
    if constexpr (!value_fits<U, cpp>()) {
      return param_expr<typename Ref::sql_type, cpp>{};  // after the error above: no further ones
    } else if constexpr (is_optional_v<U>) {
      std::optional<cpp> value;
      if (v) value = to_cpp<cpp>(*v);
      return param_expr<typename Ref::sql_type, std::optional<cpp>>{{}, std::move(value)};
    } else {
      return param_expr<typename Ref::sql_type, cpp>{{}, to_cpp<cpp>(std::forward<V>(v))};
    }
  }
}
}  // namespace detail

namespace detail {
/// The SQL type a plain C++ value gets when it stands alone (value(v)).
template <class T>
struct sql_type_for;
template <>
struct sql_type_for<std::int16_t> {
  using type = pg::smallint;
};
template <>
struct sql_type_for<std::int32_t> {
  using type = pg::integer;
};
template <>
struct sql_type_for<std::int64_t> {
  using type = pg::bigint;
};
template <>
struct sql_type_for<float> {
  using type = pg::real;
};
template <>
struct sql_type_for<double> {
  using type = pg::double_precision;
};
template <>
struct sql_type_for<bool> {
  using type = pg::boolean;
};
template <>
struct sql_type_for<std::string> {
  using type = pg::text;
};
template <>
struct sql_type_for<decimal> {
  using type = pg::numeric_any;
};
template <>
struct sql_type_for<uuid> {
  using type = pg::uuid;
};
template <>
struct sql_type_for<timestamp_value> {
  using type = pg::timestamp_tz;
};
template <>
struct sql_type_for<date_value> {
  using type = pg::date;
};
template <>
struct sql_type_for<nlohmann::json> {
  using type = pg::jsonb<>;
};
}  // namespace detail

/// A value standing alone as an expression: a parameter with a cast, `$1::int4`, so PostgreSQL knows its type
/// where no column gives it (select lists, is_null(value(x)), coalesce of values).
template <class V>
constexpr auto value(V&& v) {
  using U = std::remove_cvref_t<V>;
  if constexpr (detail::is_optional_v<U>) {
    using T = detail::stored_value_t<typename U::value_type>;
    using S = typename detail::sql_type_for<T>::type;
    std::optional<T> stored;
    if (v) stored = T(*v);
    return param_expr<S, std::optional<T>, true>{{}, std::move(stored)};
  } else {
    using T = detail::stored_value_t<U>;
    using S = typename detail::sql_type_for<T>::type;
    return param_expr<S, T, true>{{}, T(std::forward<V>(v))};
  }
}

/// `expr as "alias"` in a select list; the alias names the field in subqueries and CTEs.
template <class E, fixed_string Alias>
struct aliased_expr : expression_base {
  using value_type = typename E::value_type;
  using sql_type = typename E::sql_type;
  using tables = typename E::tables;
  using inner = E;
  static constexpr bool aggregate = E::aggregate;
  static constexpr bool dynamic = E::dynamic;
  static constexpr std::string_view alias = Alias.view();
  E expr;
  template <class W>
  static constexpr void write(W& w, const aliased_expr* self) {
    E::write(w, detail::sub(self, &aliased_expr::expr));
    w.text(" as ");
    w.ident(Alias.view());
  }
  template <class P>
  void bind(P& p) const {
    expr.bind(p);
  }
};
/// Names an expression: as<"days">(sql<int, "...">(...)).
template <fixed_string Alias, expression E>
constexpr aliased_expr<std::remove_cvref_t<E>, Alias> as(E&& e) {
  return {{}, std::forward<E>(e)};
}

/// A named expression in ORDER BY: its output name, `"n"` (what Drizzle's orderBy callback gives for an aliased
/// field), since `expr as "n"` is not SQL there. The name refers to the select list's field of that name.
template <class E, fixed_string Alias>
struct alias_ref : expression_base {
  using value_type = typename E::value_type;
  using sql_type = typename E::sql_type;
  using tables = typename E::tables;
  static constexpr bool aggregate = E::aggregate;
  template <class W>
  static constexpr void write(W& w, const alias_ref*) {
    w.ident(Alias.view());
  }
};
namespace detail {
/// An order by term as written: a named expression (as<"n">(...)) becomes its name, anything else stays.
template <class E>
struct order_item {
  using type = E;
  static constexpr E make(E e) { return e; }
};
template <class E, fixed_string Alias>
struct order_item<aliased_expr<E, Alias>> {
  using type = alias_ref<E, Alias>;
  static constexpr type make(const aliased_expr<E, Alias>&) { return {}; }
};
template <class E>
using order_item_t = typename order_item<std::remove_cvref_t<E>>::type;
template <class E>
constexpr order_item_t<E> make_order_item(E&& e) {
  return order_item<std::remove_cvref_t<E>>::make(std::forward<E>(e));
}
}  // namespace detail

/// Assignment `column = value` for insert values and update set.
template <class Col, class V>
struct assignment_expr {
  using column = Col;
  using value_type_expr = V;
  V value;  ///< an expression
};

template <class Table, fixed_string Name, class SqlType, class... Mods>
template <class V>
constexpr auto column_t<Table, Name, SqlType, Mods...>::operator=(V&& value) const {
  using U = std::remove_cvref_t<V>;
  if constexpr (std::is_same_v<U, std::nullopt_t>) {
    if constexpr (not_null)
      static_assert(detail::named_check<detail::spelled_t<detail::column_named, column_t>, false>,
                    "drizzle: cannot assign null to a NOT NULL column (column_named<...>)");
    return assignment_expr<column_t, param_expr<SqlType, std::optional<cpp_type>>>{{{}, std::nullopt}};
  } else {
    if constexpr (expression<U> && !is_placeholder_v<U>) {
      static_assert(detail::value_fits<detail::unwrap_optional_t<typename U::value_type>, cpp_type>(),
                    "drizzle: the assigned expression's type does not match the column");
      static_assert(!not_null || !detail::is_optional_v<typename U::value_type> || column_type<U>,
                    "drizzle: cannot assign a nullable expression to a NOT NULL column");
    } else if constexpr (!is_placeholder_v<U>) {
      if constexpr (detail::truncates<U, cpp_type>())
        static_assert(detail::named_check<detail::spelled_t<detail::column_named, column_t>, false>,
                      "drizzle: a floating-point value for an integer column; pass an integer (column_named<...>)");
      else if constexpr (!detail::value_fits<U, cpp_type>())
        static_assert(detail::named_check<detail::spelled_t<detail::column_named, column_t>, false>,
                      "drizzle: the assigned value's type does not match the column (column_named<...>)");
      static_assert(!not_null || !detail::is_optional_v<U>,
                    "drizzle: cannot assign an optional value to a NOT NULL column");
    }
    if constexpr (expression<U> || is_placeholder_v<U> || detail::value_fits<U, cpp_type>()) {  // else: one error
      using operand_t = decltype(detail::operand<column_t>(std::forward<V>(value)));
      return assignment_expr<column_t, operand_t>{detail::operand<column_t>(std::forward<V>(value))};
    } else {
      return assignment_expr<column_t, param_expr<SqlType, cpp_type>>{};
    }
  }
}

}  // namespace drizzle
