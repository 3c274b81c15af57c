#pragma once
/// Comparison, logical, pattern, set-membership, array and arithmetic operators, as functions
/// (Drizzle's names) and as C++ operators.
#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core.hpp"

namespace drizzle {

namespace detail {
template <class E>
using base_value_t = unwrap_optional_t<typename std::remove_cvref_t<E>::value_type>;

/// Can values of these two C++ types be compared in SQL?
template <class A, class B>
constexpr bool comparable() {
  if constexpr (std::is_same_v<A, B>)
    return true;
  else if constexpr (std::is_same_v<A, bool> || std::is_same_v<B, bool>)
    return false;
  else if constexpr (std::is_arithmetic_v<A> && std::is_arithmetic_v<B>)
    return true;
  else if constexpr (std::is_same_v<A, decimal>)
    return std::is_arithmetic_v<B>;
  else if constexpr (std::is_same_v<B, decimal>)
    return std::is_arithmetic_v<A>;
  else
    return false;
}

/// Checks the right operand of a comparison against the left and turns it into an expression.
template <class L, class R>
constexpr auto rhs(R&& r) {
  using U = std::remove_cvref_t<R>;
  if constexpr (expression<U> && !is_placeholder_v<U>) {
    static_assert(comparable<base_value_t<L>, base_value_t<U>>(),
                  "drizzle: cannot compare expressions of different types");
    return U(std::forward<R>(r));
  } else if constexpr (std::is_same_v<U, std::nullopt_t>) {
    static_assert(always_false<R>, "drizzle: comparing with null is never true; use is_null(x) instead");
    return untyped_param<bool>{{}, false};  // after the error: a well-formed comparison, so no second error follows
  } else if constexpr (!is_placeholder_v<U> && std::is_void_v<typename L::sql_type>) {
    static_assert(value_fits<U, base_value_t<L>>(), "drizzle: cannot compare the expression with a value of this type");
    return untyped_param<U>{{}, std::forward<R>(r)};
  } else {
    return operand<L>(std::forward<R>(r));
  }
}
}  // namespace detail

/// `left <op> right`, the shape of every binary operator.
template <fixed_string Op, class L, class R, class Value = bool>
struct binary_expr : expression_base {
  using value_type = Value;
  using sql_type = std::conditional_t<std::is_same_v<Value, bool>, pg::boolean, typename L::sql_type>;
  using tables = detail::tables_of<L, R>;
  static constexpr bool aggregate = L::aggregate || R::aggregate;
  static constexpr bool dynamic = L::dynamic || R::dynamic;
  L left;
  R right;
  template <class W>
  static constexpr void write(W& w, const binary_expr* self) {
    L::write(w, detail::sub(self, &binary_expr::left));
    w.text(Op.view());
    R::write(w, detail::sub(self, &binary_expr::right));
  }
  template <class P>
  void bind(P& p) const {
    left.bind(p);
    right.bind(p);
  }
};

template <fixed_string Op, expression L, class R>
constexpr auto make_comparison(L&& l, R&& r) {
  using LT = std::remove_cvref_t<L>;
  auto right = detail::rhs<LT>(std::forward<R>(r));
  return binary_expr<Op, LT, decltype(right)>{{}, std::forward<L>(l), std::move(right)};
}

template <expression L, class R>
constexpr auto eq(L&& l, R&& r) {
  return make_comparison<" = ">(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto ne(L&& l, R&& r) {
  return make_comparison<" <> ">(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto gt(L&& l, R&& r) {
  return make_comparison<" > ">(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto gte(L&& l, R&& r) {
  return make_comparison<" >= ">(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto lt(L&& l, R&& r) {
  return make_comparison<" < ">(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto lte(L&& l, R&& r) {
  return make_comparison<" <= ">(std::forward<L>(l), std::forward<R>(r));
}

template <expression L, class R>
constexpr auto like(L&& l, R&& r) {
  return make_comparison<" like ">(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto ilike(L&& l, R&& r) {
  return make_comparison<" ilike ">(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto not_like(L&& l, R&& r) {
  return make_comparison<" not like ">(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto not_ilike(L&& l, R&& r) {
  return make_comparison<" not ilike ">(std::forward<L>(l), std::forward<R>(r));
}

/// `(a and b and ...)`; a single condition is written without parentheses, as Drizzle does.
template <fixed_string Op, class... Cs>
struct logical_expr : expression_base {
  using value_type = bool;
  using sql_type = pg::boolean;
  using tables = detail::tables_of<Cs...>;
  static constexpr bool aggregate = (Cs::aggregate || ...);
  static constexpr bool dynamic = (Cs::dynamic || ...);
  detail::item_set<Cs...> parts;  ///< not std::tuple: its constructors are a dozen functions per condition list
  template <class W>
  static constexpr void write(W& w, const logical_expr* self) {
    if constexpr (sizeof...(Cs) > 1) w.text("(");
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((w.text(I == 0 ? std::string_view{} : Op.view()),
        Cs::write(w, self ? &detail::item_at<I>(self->parts) : nullptr)),
       ...);
    }
    (std::index_sequence_for<Cs...>{});
    if constexpr (sizeof...(Cs) > 1) w.text(")");
  }
  template <class P>
  void bind(P& p) const {
    parts.bind_each(p);
  }
};
template <boolean_expression... Cs>
constexpr auto and_(Cs&&... cs) {
  static_assert(sizeof...(Cs) > 0, "drizzle: and_() needs at least one condition");
  return logical_expr<" and ", std::remove_cvref_t<Cs>...>{{}, {std::forward<Cs>(cs)...}};
}
template <boolean_expression... Cs>
constexpr auto or_(Cs&&... cs) {
  static_assert(sizeof...(Cs) > 0, "drizzle: or_() needs at least one condition");
  return logical_expr<" or ", std::remove_cvref_t<Cs>...>{{}, {std::forward<Cs>(cs)...}};
}

/// A prefix or suffix around one expression: `not x`, `x is null`, `exists (...)`.
template <fixed_string Before, class E, fixed_string After, class Value = bool>
struct wrap_expr : expression_base {
  using value_type = Value;
  using sql_type = std::conditional_t<std::is_same_v<Value, bool>, pg::boolean, typename E::sql_type>;
  using tables = typename E::tables;
  static constexpr bool aggregate = E::aggregate;
  static constexpr bool dynamic = E::dynamic;
  E inner;
  template <class W>
  static constexpr void write(W& w, const wrap_expr* self) {
    w.text(Before.view());
    E::write(w, detail::sub(self, &wrap_expr::inner));
    w.text(After.view());
  }
  template <class P>
  void bind(P& p) const {
    inner.bind(p);
  }
};
template <boolean_expression C>
constexpr auto not_(C&& c) {
  return wrap_expr<"not ", std::remove_cvref_t<C>, "">{{}, std::forward<C>(c)};
}
template <expression E>
constexpr auto is_null(E&& e) {
  return wrap_expr<"", std::remove_cvref_t<E>, " is null">{{}, std::forward<E>(e)};
}
template <expression E>
constexpr auto is_not_null(E&& e) {
  return wrap_expr<"", std::remove_cvref_t<E>, " is not null">{{}, std::forward<E>(e)};
}

/// Subqueries (select statements) mark themselves with this.
template <class T>
concept subquery_expression = expression<T> && requires {
  std::remove_cvref_t<T>::is_subquery;
};

template <subquery_expression Q>
constexpr auto exists(Q&& q) {
  return wrap_expr<"exists ", std::remove_cvref_t<Q>, "">{{}, std::forward<Q>(q)};
}
template <subquery_expression Q>
constexpr auto not_exists(Q&& q) {
  return wrap_expr<"not exists ", std::remove_cvref_t<Q>, "">{{}, std::forward<Q>(q)};
}

/// `x between $1 and $2`.
template <fixed_string Op, class E, class A, class B>
struct between_expr : expression_base {
  using value_type = bool;
  using sql_type = pg::boolean;
  using tables = detail::tables_of<E, A, B>;
  static constexpr bool aggregate = E::aggregate;
  static constexpr bool dynamic = E::dynamic || A::dynamic || B::dynamic;
  E expr;
  A low;
  B high;
  template <class W>
  static constexpr void write(W& w, const between_expr* self) {
    E::write(w, detail::sub(self, &between_expr::expr));
    w.text(Op.view());
    A::write(w, detail::sub(self, &between_expr::low));
    w.text(" and ");
    B::write(w, detail::sub(self, &between_expr::high));
  }
  template <class P>
  void bind(P& p) const {
    expr.bind(p), low.bind(p), high.bind(p);
  }
};
template <expression E, class A, class B>
constexpr auto between(E&& e, A&& a, B&& b) {
  using ET = std::remove_cvref_t<E>;
  auto lo = detail::rhs<ET>(std::forward<A>(a));
  auto hi = detail::rhs<ET>(std::forward<B>(b));
  return between_expr<" between ", ET, decltype(lo), decltype(hi)>{
      {}, std::forward<E>(e), std::move(lo), std::move(hi)};
}
template <expression E, class A, class B>
constexpr auto not_between(E&& e, A&& a, B&& b) {
  using ET = std::remove_cvref_t<E>;
  auto lo = detail::rhs<ET>(std::forward<A>(a));
  auto hi = detail::rhs<ET>(std::forward<B>(b));
  return between_expr<" not between ", ET, decltype(lo), decltype(hi)>{
      {}, std::forward<E>(e), std::move(lo), std::move(hi)};
}

/// `x in ($1, $2, $3)` for a list whose length is known at compile time (Drizzle's text).
template <fixed_string Op, class E, class... Items>
struct in_list_expr : expression_base {
  using value_type = bool;
  using sql_type = pg::boolean;
  using tables = typename E::tables;
  static constexpr bool aggregate = E::aggregate;
  static constexpr bool dynamic = E::dynamic;
  E expr;
  detail::item_set<Items...> items;
  template <class W>
  static constexpr void write(W& w, const in_list_expr* self) {
    E::write(w, detail::sub(self, &in_list_expr::expr));
    w.text(Op.view());
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((w.text(I == 0 ? std::string_view{} : ", "), Items::write(w, self ? &detail::item_at<I>(self->items) : nullptr)),
       ...);
    }
    (std::index_sequence_for<Items...>{});
    w.text(")");
  }
  template <class P>
  void bind(P& p) const {
    expr.bind(p);
    items.bind_each(p);
  }
};

/// A constant condition (`true` / `false`).
template <bool Value>
struct bool_constant_expr : expression_base {
  using value_type = bool;
  using sql_type = pg::boolean;
  template <class W>
  static constexpr void write(W& w, const bool_constant_expr*) {
    w.text(Value ? "true" : "false");
  }
};

/// in_array(users.id, {1, 2, 3}) renders `in ($1, $2, $3)`; a std::vector (any size, also empty)
/// renders `= any($1)` with one array parameter, so the text never depends on the length.
template <expression E, class V, std::size_t N>
constexpr auto in_array(E&& e, const V (&values)[N]) {
  using ET = std::remove_cvref_t<E>;
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return in_list_expr<" in (", ET, decltype(detail::rhs<ET>(values[I]))...>{
        {}, std::forward<E>(e), {detail::rhs<ET>(values[I])...}};
  }
  (std::make_index_sequence<N>{});
}
template <expression E, class V, std::size_t N>
constexpr auto not_in_array(E&& e, const V (&values)[N]) {
  using ET = std::remove_cvref_t<E>;
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return in_list_expr<" not in (", ET, decltype(detail::rhs<ET>(values[I]))...>{
        {}, std::forward<E>(e), {detail::rhs<ET>(values[I])...}};
  }
  (std::make_index_sequence<N>{});
}

namespace detail {
/// A range of values bound as one array parameter typed like the expression.
template <class E, class Range>
auto array_param(const Range& values) {
  using S = typename E::sql_type;
  static_assert(!std::is_void_v<S>, "drizzle: in_array with a range needs a column or typed expression on the left");
  using cpp = typename S::cpp_type;
  static_assert(value_fits<typename Range::value_type, cpp>(),
                "drizzle: the range's element type does not match the column");
  std::vector<cpp> items;
  for (const auto& v : values) items.push_back(to_cpp<cpp>(v));
  return param_expr<pg::array<S>, std::vector<cpp>>{{}, std::move(items)};
}
template <class T>
concept value_range = requires(const T& r) {
  r.begin();
  r.end();
  typename T::value_type;
}
&&!std::is_convertible_v<T, std::string_view>;
}  // namespace detail

template <expression E, detail::value_range Range>
requires(!subquery_expression<Range>) auto in_array(E&& e, const Range& values) {
  using ET = std::remove_cvref_t<E>;
  auto p = detail::array_param<ET>(values);
  return binary_expr<" = any(", ET, wrap_expr<"", decltype(p), ")", typename decltype(p)::value_type>>{
      {}, std::forward<E>(e), {{}, std::move(p)}};
}
template <expression E, detail::value_range Range>
requires(!subquery_expression<Range>) auto not_in_array(E&& e, const Range& values) {
  using ET = std::remove_cvref_t<E>;
  auto p = detail::array_param<ET>(values);
  return binary_expr<" <> all(", ET, wrap_expr<"", decltype(p), ")", typename decltype(p)::value_type>>{
      {}, std::forward<E>(e), {{}, std::move(p)}};
}
template <expression E, subquery_expression Q>
constexpr auto in_array(E&& e, Q&& q) {
  return binary_expr<" in ", std::remove_cvref_t<E>, std::remove_cvref_t<Q>>{
      {}, std::forward<E>(e), std::forward<Q>(q)};
}
template <expression E, subquery_expression Q>
constexpr auto not_in_array(E&& e, Q&& q) {
  return binary_expr<" not in ", std::remove_cvref_t<E>, std::remove_cvref_t<Q>>{
      {}, std::forward<E>(e), std::forward<Q>(q)};
}

/// Array operators: the value is bound as one array literal of the column's type.
template <fixed_string Op, expression E, class V>
auto array_operator(E&& e, V&& v) {
  using ET = std::remove_cvref_t<E>;
  using U = std::remove_cvref_t<V>;
  if constexpr (expression<U>) {
    return binary_expr<Op, ET, U>{{}, std::forward<E>(e), std::forward<V>(v)};
  } else {
    using S = typename ET::sql_type;
    static_assert(
        requires { typename S::element_type; }, "drizzle: array operators need an array column");
    using cpp = typename S::cpp_type;
    cpp items;
    for (const auto& x : v) items.push_back(detail::to_cpp<typename cpp::value_type>(x));
    return binary_expr<Op, ET, param_expr<S, cpp>>{{}, std::forward<E>(e), {{}, std::move(items)}};
  }
}
template <expression E, class V>
auto array_contains(E&& e, V&& v) {
  return array_operator<" @> ">(std::forward<E>(e), std::forward<V>(v));
}
template <expression E, class V>
auto array_contained(E&& e, V&& v) {
  return array_operator<" <@ ">(std::forward<E>(e), std::forward<V>(v));
}
template <expression E, class V>
auto array_overlaps(E&& e, V&& v) {
  return array_operator<" && ">(std::forward<E>(e), std::forward<V>(v));
}
/// Braced lists where a std::vector goes: array_contains(posts.tags, {"a", "b"}).
template <expression E, class T>
auto array_contains(E&& e, std::initializer_list<T> v) {
  return array_operator<" @> ">(std::forward<E>(e), v);
}
template <expression E, class T>
auto array_contained(E&& e, std::initializer_list<T> v) {
  return array_operator<" <@ ">(std::forward<E>(e), v);
}
template <expression E, class T>
auto array_overlaps(E&& e, std::initializer_list<T> v) {
  return array_operator<" && ">(std::forward<E>(e), v);
}

// ---------------------------------------------------------------------------------------------
// C++ operators

template <expression L, class R>
constexpr auto operator==(L&& l, R&& r) {
  return eq(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator!=(L&& l, R&& r) {
  return ne(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator<(L&& l, R&& r) {
  return lt(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator<=(L&& l, R&& r) {
  return lte(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator>(L&& l, R&& r) {
  return gt(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator>=(L&& l, R&& r) {
  return gte(std::forward<L>(l), std::forward<R>(r));
}
namespace detail {
/// The parts of one side of a chain `a && b && c`: a logical_expr of the same operator contributes its parts, so the
/// chain renders flat, `(a and b and c)`; anything else is one part.
template <fixed_string Op, class E>
struct chain_side {
  using parts = type_list<E>;
  template <std::size_t, class X>
  static constexpr X&& get(X&& e) noexcept {
    return static_cast<X&&>(e);
  }
};
template <fixed_string Op, class... Cs>
struct chain_side<Op, logical_expr<Op, Cs...>> {
  using parts = type_list<Cs...>;
  template <std::size_t I, class X>
  static constexpr decltype(auto) get(X&& e) noexcept {
    return detail::item_at<I>(static_cast<X&&>(e).parts);
  }
};
/// The chain of l and r, built in place from both sides' parts: not std::tuple_cat of one tuple per side and
/// std::apply (a dozen std::tuple functions per chain, emitted at -O0 for every statement shape that uses `&&`).
template <fixed_string Op, class L, class R>
constexpr auto chain(L&& l, R&& r) {
  using LS = chain_side<Op, std::remove_cvref_t<L>>;
  using RS = chain_side<Op, std::remove_cvref_t<R>>;
  return [&]<class... A, class... B, std::size_t... I, std::size_t... J>(
             type_list<A...>*, type_list<B...>*, std::index_sequence<I...>, std::index_sequence<J...>) {
    return logical_expr<Op, A..., B...>{
        {}, {LS::template get<I>(static_cast<L&&>(l))..., RS::template get<J>(static_cast<R&&>(r))...}};
  }(static_cast<typename LS::parts*>(nullptr), static_cast<typename RS::parts*>(nullptr),
         std::make_index_sequence<LS::parts::size>{}, std::make_index_sequence<RS::parts::size>{});
}
}  // namespace detail

template <boolean_expression L, boolean_expression R>
requires(!is_condition_v<std::remove_cvref_t<L>> && !is_condition_v<std::remove_cvref_t<R>>) constexpr auto operator&&(
    L&& l, R&& r) {
  return detail::chain<" and ">(std::forward<L>(l), std::forward<R>(r));
}
template <boolean_expression L, boolean_expression R>
requires(!is_condition_v<std::remove_cvref_t<L>> && !is_condition_v<std::remove_cvref_t<R>>) constexpr auto operator||(
    L&& l, R&& r) {
  return detail::chain<" or ">(std::forward<L>(l), std::forward<R>(r));
}
template <boolean_expression C>
requires(!is_condition_v<std::remove_cvref_t<C>>) constexpr auto operator!(C&& c) {
  return not_(std::forward<C>(c));
}

/// Arithmetic: `(a + b)`; the result has the left operand's type.
template <fixed_string Op, expression L, class R>
constexpr auto arithmetic(L&& l, R&& r) {
  using LT = std::remove_cvref_t<L>;
  static_assert(std::is_arithmetic_v<detail::base_value_t<LT>> || std::is_same_v<detail::base_value_t<LT>, decimal>,
                "drizzle: arithmetic needs a numeric expression");
  auto right = detail::rhs<LT>(std::forward<R>(r));
  using RT = decltype(right);
  using value = detail::maybe_optional_t<detail::base_value_t<LT>, detail::nullable_v<LT> || detail::nullable_v<RT>>;
  return wrap_expr<"(", binary_expr<Op, LT, RT, value>, ")", value>{{}, {{}, std::forward<L>(l), std::move(right)}};
}
template <expression L, class R>
requires(!boolean_expression<L>) constexpr auto operator+(L&& l, R&& r) {
  return arithmetic<" + ">(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator-(L&& l, R&& r) {
  return arithmetic<" - ">(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator*(L&& l, R&& r) {
  return arithmetic<" * ">(std::forward<L>(l), std::forward<R>(r));
}
template <expression L, class R>
constexpr auto operator/(L&& l, R&& r) {
  return arithmetic<" / ">(std::forward<L>(l), std::forward<R>(r));
}

/// String concatenation `a || b` (Drizzle's concat).
template <expression L, class R>
constexpr auto concat(L&& l, R&& r) {
  using LT = std::remove_cvref_t<L>;
  static_assert(std::is_same_v<detail::base_value_t<LT>, std::string>, "drizzle: concat needs a text expression");
  auto right = detail::rhs<LT>(std::forward<R>(r));
  using RT = decltype(right);
  using value = detail::maybe_optional_t<std::string, detail::nullable_v<LT> || detail::nullable_v<RT>>;
  return binary_expr<" || ", LT, RT, value>{{}, std::forward<L>(l), std::move(right)};
}

}  // namespace drizzle
