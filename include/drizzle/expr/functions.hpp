#pragma once
/// Functions and aggregates with the result types PostgreSQL gives, ordering terms, and the sql
/// template for anything the builder does not cover.
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "core.hpp"
#include "operators.hpp"

namespace drizzle {

/// `name(args, ...)` with a declared result type S (SQL) and Value (C++).
template <fixed_string Name, class S, class Value, bool Aggregate, class... Args>
struct function_expr : expression_base {
  using value_type = Value;
  using sql_type = S;
  using tables = detail::tables_of<Args...>;
  static constexpr bool aggregate = Aggregate || (Args::aggregate || ...);
  static constexpr bool dynamic = (Args::dynamic || ...);
  std::tuple<Args...> args;
  template <class W>
  static constexpr void write(W& w, const function_expr* self) {
    w.text(Name.view());
    w.text("(");
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((w.text(I == 0 ? std::string_view{} : ", "), Args::write(w, self ? &std::get<I>(self->args) : nullptr)), ...);
    }
    (std::index_sequence_for<Args...>{});
    w.text(")");
  }
  template <class P>
  void bind(P& p) const {
    std::apply([&](const auto&... a) { (a.bind(p), ...); }, args);
  }
};

/// Fixed SQL text with no parameters (`*`, `distinct x` prefixes, ...).
template <fixed_string Text>
struct text_expr : expression_base {
  using value_type = void;
  template <class W>
  static constexpr void write(W& w, const text_expr*) {
    w.text(Text.view());
  }
};

/// now(): the transaction's timestamp.
constexpr auto now() {
  return function_expr<"now", pg::timestamp_tz, timestamp_value, false>{};
}

/// count(*) is bigint and never NULL.
struct count_star_expr : expression_base {
  using value_type = std::int64_t;
  using sql_type = pg::bigint;
  static constexpr bool aggregate = true;
  template <class W>
  static constexpr void write(W& w, const count_star_expr*) {
    w.text("count(*)");
  }
};
constexpr count_star_expr count() {
  return {};
}
template <expression E>
constexpr auto count(E&& e) {
  return function_expr<"count", pg::bigint, std::int64_t, true, std::remove_cvref_t<E>>{{}, {std::forward<E>(e)}};
}
template <expression E>
constexpr auto count_distinct(E&& e) {
  using inner = wrap_expr<"distinct ", std::remove_cvref_t<E>, "", typename std::remove_cvref_t<E>::value_type>;
  return function_expr<"count", pg::bigint, std::int64_t, true, inner>{{}, {inner{{}, std::forward<E>(e)}}};
}

namespace detail {
/// PostgreSQL's result type of sum(): smallint/integer -> bigint, bigint/numeric -> numeric,
/// real -> real, double -> double.
template <class T>
struct sum_type {
  static_assert(std::is_arithmetic_v<T> || std::is_same_v<T, decimal>, "drizzle: sum() needs a numeric expression");
  using sql =
      std::conditional_t<std::is_floating_point_v<T>,
                         std::conditional_t<std::is_same_v<T, float>, pg::real, pg::double_precision>,
                         std::conditional_t<std::is_integral_v<T> && sizeof(T) <= 4, pg::bigint, pg::numeric_any>>;
};
/// avg(): integers and numeric -> numeric, floating point -> double precision.
template <class T>
struct avg_type {
  static_assert(std::is_arithmetic_v<T> || std::is_same_v<T, decimal>, "drizzle: avg() needs a numeric expression");
  using sql = std::conditional_t<std::is_floating_point_v<T>, pg::double_precision, pg::numeric_any>;
};
template <class E, bool Distinct>
using maybe_distinct = std::conditional_t<Distinct, wrap_expr<"distinct ", E, "", typename E::value_type>, E>;
template <bool Distinct, class E>
constexpr auto distinct_arg(E&& e) {
  using ET = std::remove_cvref_t<E>;
  if constexpr (Distinct)
    return maybe_distinct<ET, true>{{}, std::forward<E>(e)};
  else
    return ET(std::forward<E>(e));
}
}  // namespace detail

/// Aggregates over no rows give NULL, so sum/avg/min/max are std::optional.
template <bool Distinct = false, expression E>
constexpr auto sum(E&& e) {
  using S = typename detail::sum_type<detail::base_value_t<E>>::sql;
  using A = detail::maybe_distinct<std::remove_cvref_t<E>, Distinct>;
  return function_expr<"sum", S, std::optional<typename S::cpp_type>, true, A>{
      {}, {detail::distinct_arg<Distinct>(std::forward<E>(e))}};
}
template <expression E>
constexpr auto sum_distinct(E&& e) {
  return sum<true>(std::forward<E>(e));
}
template <bool Distinct = false, expression E>
constexpr auto avg(E&& e) {
  using S = typename detail::avg_type<detail::base_value_t<E>>::sql;
  using A = detail::maybe_distinct<std::remove_cvref_t<E>, Distinct>;
  return function_expr<"avg", S, std::optional<typename S::cpp_type>, true, A>{
      {}, {detail::distinct_arg<Distinct>(std::forward<E>(e))}};
}
template <expression E>
constexpr auto avg_distinct(E&& e) {
  return avg<true>(std::forward<E>(e));
}
template <expression E>
constexpr auto min(E&& e) {
  using ET = std::remove_cvref_t<E>;
  return function_expr<"min", typename ET::sql_type, std::optional<detail::base_value_t<ET>>, true, ET>{
      {}, {std::forward<E>(e)}};
}
template <expression E>
constexpr auto max(E&& e) {
  using ET = std::remove_cvref_t<E>;
  return function_expr<"max", typename ET::sql_type, std::optional<detail::base_value_t<ET>>, true, ET>{
      {}, {std::forward<E>(e)}};
}

/// coalesce(a, b, ...): NULL only when the last argument may be NULL.
template <expression E, class... Rest>
constexpr auto coalesce(E&& e, Rest&&... rest) {
  using ET = std::remove_cvref_t<E>;
  using Last =
      decltype(detail::rhs<ET>(std::declval<std::tuple_element_t<sizeof...(Rest) - 1, std::tuple<Rest...>>>()));
  using value = detail::maybe_optional_t<detail::base_value_t<ET>, detail::nullable_v<Last>>;
  return function_expr<"coalesce", typename ET::sql_type, value, false, ET,
                       decltype(detail::rhs<ET>(std::forward<Rest>(rest)))...>{
      {}, {std::forward<E>(e), detail::rhs<ET>(std::forward<Rest>(rest))...}};
}

// ---------------------------------------------------------------------------------------------
// Ordering

enum class nulls_position { unspecified, first, last };

/// `x asc|desc [nulls first|last]` in ORDER BY.
template <class E, bool Desc, nulls_position Nulls = nulls_position::unspecified>
struct order_term {
  using tables = typename E::tables;
  static constexpr bool aggregate = E::aggregate;
  static constexpr bool dynamic = E::dynamic;
  static constexpr bool explicit_direction = true;
  E expr;
  constexpr order_term<E, Desc, nulls_position::first> nulls_first() const { return {expr}; }
  constexpr order_term<E, Desc, nulls_position::last> nulls_last() const { return {expr}; }
  template <class W>
  static constexpr void write(W& w, const order_term* self) {
    E::write(w, detail::sub(self, &order_term::expr));
    w.text(Desc ? " desc" : " asc");
    if constexpr (Nulls == nulls_position::first) w.text(" nulls first");
    if constexpr (Nulls == nulls_position::last) w.text(" nulls last");
  }
  template <class P>
  void bind(P& p) const {
    expr.bind(p);
  }
};
template <expression E>
constexpr order_term<detail::order_item_t<E>, false> asc(E&& e) {
  return {detail::make_order_item(std::forward<E>(e))};
}
template <expression E>
constexpr order_term<detail::order_item_t<E>, true> desc(E&& e) {
  return {detail::make_order_item(std::forward<E>(e))};
}

// ---------------------------------------------------------------------------------------------
// The sql template

namespace detail {
constexpr std::size_t count_holes(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if (text[i] == '{' && text[i + 1] == '}') ++n, ++i;
  return n;
}
constexpr bool has_nul(std::string_view text) {
  for (char c : text)
    if (c == '\0') return true;
  return false;
}
/// Statement text travels as a C string: a NUL byte would end the statement early, so run-time SQL text and
/// identifiers holding one are refused when built.
inline void check_sql_text(std::string_view text, std::string_view what) {
  if (has_nul(text))
    throw encode_error("drizzle: " + std::string(what) + " contains a NUL byte; PostgreSQL statements cannot hold one");
}
/// The part of text between hole I-1 and hole I. Index loops only: GCC's sanitizers reject the pointer
/// comparisons of string_view::find in constant expressions.
constexpr std::string_view text_piece(std::string_view text, std::size_t index) {
  std::size_t start = 0, hole = 0, i = 0;
  for (; i + 1 < text.size(); ++i) {
    if (text[i] == '{' && text[i + 1] == '}') {
      if (hole == index) return text.substr(start, i - start);
      ++hole;
      start = i + 2;
      ++i;
    }
  }
  return text.substr(start);
}

/// A table argument of the sql template renders as its name.
template <class T>
struct table_name_expr : expression_base {
  using value_type = void;
  using tables = type_list<T>;
  template <class W>
  static constexpr void write(W& w, const table_name_expr*) {
    T::write_from(w);
  }
};
template <class A>
constexpr auto sql_arg(A&& a) {
  using U = std::remove_cvref_t<A>;
  if constexpr (table_type<U>)
    return table_name_expr<U>{};
  else if constexpr (expression<U>)
    return U(std::forward<A>(a));
  else
    return untyped_param<std::conditional_t<
        std::is_convertible_v<U, std::string_view> && !std::is_same_v<U, std::string>, std::string, U>>{
        {}, std::forward<A>(a)};
}
}  // namespace detail

/// sql<T, "upper({})">(users.email): compile-time text; columns and expressions render as SQL,
/// values become parameters, tables render as their names. T is the result's C++ type.
template <class T, fixed_string Text, class... Args>
struct sql_expr : expression_base {
  static_assert(detail::count_holes(Text.view()) == sizeof...(Args),
                "drizzle: the sql template needs one argument for every {} in its text");
  static_assert(!detail::has_nul(Text.view()), "drizzle: the sql template's text contains a NUL byte");
  using value_type = T;
  using tables = detail::tables_of<Args...>;
  static constexpr bool aggregate = (Args::aggregate || ...);
  static constexpr bool dynamic = (Args::dynamic || ...);
  std::tuple<Args...> args;
  template <class W>
  static constexpr void write(W& w, const sql_expr* self) {
    w.text(detail::text_piece(Text.view(), 0));
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((Args::write(w, self ? &std::get<I>(self->args) : nullptr), w.text(detail::text_piece(Text.view(), I + 1))),
       ...);
    }
    (std::index_sequence_for<Args...>{});
  }
  template <class P>
  void bind(P& p) const {
    std::apply([&](const auto&... a) { (a.bind(p), ...); }, args);
  }
};
template <class T, fixed_string Text, class... A>
constexpr auto sql(A&&... args) {
  return sql_expr<T, Text, decltype(detail::sql_arg(std::forward<A>(args)))...>{
      {}, {detail::sql_arg(std::forward<A>(args))...}};
}

/// sql<T>("extract(day from now() - {})", users.created_at): the same with text chosen at run time;
/// statements using it render their text at run time.
template <class T, class... Args>
struct dynamic_sql_expr : expression_base {
  using value_type = T;
  using tables = detail::tables_of<Args...>;
  static constexpr bool aggregate = (Args::aggregate || ...);
  static constexpr bool dynamic = true;
  std::string text;
  std::tuple<Args...> args;
  template <class W>
  static void write(W& w, const dynamic_sql_expr* self) {
    w.text(detail::text_piece(self->text, 0));
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((Args::write(w, &std::get<I>(self->args)), w.text(detail::text_piece(self->text, I + 1))), ...);
    }
    (std::index_sequence_for<Args...>{});
  }
  template <class P>
  void bind(P& p) const {
    std::apply([&](const auto&... a) { (a.bind(p), ...); }, args);
  }
};
template <class T, class... A>
auto sql(std::string_view text, A&&... args) {
  detail::check_sql_text(text, "the sql template's text");
  if (detail::count_holes(text) != sizeof...(A))
    throw std::invalid_argument("drizzle: the sql template needs one argument for every {} in its text");
  return dynamic_sql_expr<T, decltype(detail::sql_arg(std::forward<A>(args)))...>{
      {}, std::string(text), {detail::sql_arg(std::forward<A>(args))...}};
}

/// Raw SQL text, written as given (a `{}` in it is text, not a hole): only where you ask for it by name.
template <class T>
struct raw_expr : expression_base {
  using value_type = T;
  static constexpr bool dynamic = true;
  std::string text;
  template <class W>
  static void write(W& w, const raw_expr* self) {
    w.text(self->text);
  }
};
template <class T = void>
raw_expr<T> raw(std::string_view text) {
  detail::check_sql_text(text, "raw SQL text");
  return {{}, std::string(text)};
}
/// A quoted identifier chosen at run time.
struct identifier_expr : expression_base {
  using value_type = void;
  static constexpr bool dynamic = true;
  std::string name;
  template <class W>
  static void write(W& w, const identifier_expr* self) {
    w.ident(self->name);
  }
};
inline identifier_expr identifier(std::string_view name) {
  detail::check_sql_text(name, "an identifier");
  return {{}, std::string(name)};
}

/// Drizzle's sql.join: the items of a range, `separator` between them. Values become parameters, expressions and
/// identifiers render as themselves: join(std::vector{1, 2, 3}, ", ") is `$1, $2, $3`. The separator is SQL text
/// (like raw(): only what the program chose, never user input). An empty range writes nothing.
template <class E>
struct join_expr : expression_base {
  using value_type = void;
  using tables = typename E::tables;
  static constexpr bool aggregate = E::aggregate;
  static constexpr bool dynamic = true;
  std::vector<E> items;
  std::string separator;
  template <class W>
  static void write(W& w, const join_expr* self) {
    for (std::size_t i = 0; i < self->items.size(); ++i) {
      if (i) w.text(self->separator);
      E::write(w, &self->items[i]);
    }
  }
  template <class P>
  void bind(P& p) const {
    for (const auto& item : items) item.bind(p);
  }
};
template <class Range>
auto join(const Range& items, std::string_view separator = ", ") {
  detail::check_sql_text(separator, "a join separator");
  using E = decltype(detail::sql_arg(*std::begin(items)));
  join_expr<E> j{{}, {}, std::string(separator)};
  for (const auto& item : items) j.items.push_back(detail::sql_arg(item));
  return j;
}

}  // namespace drizzle
