#pragma once
/// Set operations: union, union all, intersect, intersect all, except, except all, with one
/// order by / limit / offset over the whole compound, rendered as Drizzle does:
/// `(select ...) union (select ...) order by name `.
#include <string_view>
#include <type_traits>
#include <utility>

#include "select.hpp"

namespace drizzle {

namespace detail {
/// The C++ type of a compound's column whose sides hold A and B, or void when PostgreSQL has no common type for
/// them here: the same type, or two integer (or two floating-point) types, which PostgreSQL widens to the wider one
/// (integer union bigint is bigint).
template <class A, class B>
struct set_op_value {
  using type = void;
};
template <class A>
struct set_op_value<A, A> {
  using type = A;
};
template <class A, class B>
requires(!std::is_same_v<A, B> && !std::is_same_v<A, bool> && !std::is_same_v<B, bool> &&
         ((std::is_integral_v<A> && std::is_integral_v<B>) ||
          (std::is_floating_point_v<A> && std::is_floating_point_v<B>))) struct set_op_value<A, B> {
  using type = std::conditional_t<(sizeof(A) >= sizeof(B)), A, B>;
};
template <class A, class B>
using set_op_value_t = typename set_op_value<unwrap_optional_t<A>, unwrap_optional_t<B>>::type;
template <class L, class R>
inline constexpr bool set_op_compatible = false;
template <class K, class... A, class KR, class... B>
requires(
    sizeof...(A) ==
    sizeof...(B)) inline constexpr bool set_op_compatible<record<K, type_list<A...>>, record<KR, type_list<B...>>> =
    (!std::is_void_v<set_op_value_t<A, B>> && ...);
/// The row of a compound: a column may be NULL when it may be NULL on either side.
template <class L, class R>
struct merged_row;
template <class K, class... A, class KR, class... B>
struct merged_row<record<K, type_list<A...>>, record<KR, type_list<B...>>> {
  using type = record<K, type_list<maybe_optional_t<set_op_value_t<A, B>, is_optional_v<A> || is_optional_v<B>>...>>;
};
}  // namespace detail

template <fixed_string Op, class L, class R, class OrderBy = none, class Limit = none, class Offset = none>
struct set_op_t {
  L left;
  R right;
  OrderBy order;
  Limit lim;
  Offset off;

  using row_type = typename detail::merged_row<typename L::row_type, typename R::row_type>::type;
  using field_list = typename L::field_list;
  static constexpr bool dynamic = L::dynamic || R::dynamic || OrderBy::dynamic;
  // As a subquery (in_array, exists, from via .as<>()):
  static constexpr bool is_subquery = true;
  static constexpr bool aggregate = false;
  using value_type = typename L::value_type;
  using sql_type = typename L::sql_type;
  using tables = detail::concat_t<typename L::tables, typename R::tables>;

  template <class W>
  static constexpr void write_statement(W& w, const set_op_t* self) {
    w.text("(");
    L::write_statement(w, self ? &self->left : nullptr);
    w.text(")");
    w.text(Op.view());
    w.text("(");
    R::write_statement(w, self ? &self->right : nullptr);
    w.text(")");
    if constexpr (!is_none_v<OrderBy>) {
      const bool q = w.qualify;
      w.qualify = false;  // the compound's columns have no table
      w.text(" order by ");
      OrderBy::write(w, self ? &self->order : nullptr);
      w.text(" ");
      w.qualify = q;
    }
    Limit::write(w, self ? &self->lim : nullptr);
    Offset::write(w, self ? &self->off : nullptr);
  }
  template <class W>
  static constexpr void write(W& w, const set_op_t* self) {
    w.text("(");
    write_statement(w, self);
    w.text(")");
  }
  template <class P>
  void bind(P& p) const {
    left.bind(p), right.bind(p), order.bind(p), lim.bind(p), off.bind(p);
  }
  static constexpr bool check_complete() {
    static_assert(L::check_complete() && R::check_complete());
    return true;
  }
  [[nodiscard]] static constexpr std::string_view sql() requires(!dynamic) {
    static_assert(check_complete());
    return detail::static_sql<set_op_t>();
  }

  template <class... Es>
  [[nodiscard]] constexpr auto order_by(Es&&... es) && {
    static_assert(is_none_v<OrderBy>, "drizzle: order_by() can be used only once; list every term in one call");
    static_assert(
        is_none_v<Limit> && is_none_v<Offset>,
        "drizzle: clauses must follow SQL order: from, joins, where, group_by, having, order_by, limit, offset, for");
    using O = detail::expr_list<detail::order_item_t<Es>...>;
    return set_op_t<Op, L, R, O, Limit, Offset>{std::move(left), std::move(right),
                                                O{{detail::make_order_item(std::forward<Es>(es))...}}, std::move(lim),
                                                std::move(off)};
  }
  template <class N>
  [[nodiscard]] constexpr auto limit(N n) && {
    static_assert(is_none_v<Limit>, "drizzle: limit() can be used only once");
    auto p = detail::count_param(n);
    using K = detail::keyword_clause<" limit ", decltype(p)>;
    return set_op_t<Op, L, R, OrderBy, K, Offset>{std::move(left), std::move(right), std::move(order), K{p},
                                                  std::move(off)};
  }
  template <class N>
  [[nodiscard]] constexpr auto offset(N n) && {
    static_assert(is_none_v<Offset>, "drizzle: offset() can be used only once");
    auto p = detail::count_param(n);
    using K = detail::keyword_clause<" offset ", decltype(p)>;
    return set_op_t<Op, L, R, OrderBy, Limit, K>{std::move(left), std::move(right), std::move(order), std::move(lim),
                                                 K{p}};
  }
  template <class R2>
  [[nodiscard]] constexpr auto union_(R2&& r) && {
    return detail::make_set_op<" union ">(std::move(*this), std::forward<R2>(r));
  }
  template <class R2>
  [[nodiscard]] constexpr auto union_all(R2&& r) && {
    return detail::make_set_op<" union all ">(std::move(*this), std::forward<R2>(r));
  }
  template <class R2>
  [[nodiscard]] constexpr auto intersect(R2&& r) && {
    return detail::make_set_op<" intersect ">(std::move(*this), std::forward<R2>(r));
  }
  template <class R2>
  [[nodiscard]] constexpr auto except_(R2&& r) && {
    return detail::make_set_op<" except ">(std::move(*this), std::forward<R2>(r));
  }
  template <class R2>
  [[nodiscard]] constexpr auto intersect_all(R2&& r) && {
    return detail::make_set_op<" intersect all ">(std::move(*this), std::forward<R2>(r));
  }
  template <class R2>
  [[nodiscard]] constexpr auto except_all(R2&& r) && {
    return detail::make_set_op<" except all ">(std::move(*this), std::forward<R2>(r));
  }

  /// What first() runs: the compound with `limit $n` (bound to 1) when it has none.
  [[nodiscard]] constexpr auto limit_one() const& requires(is_none_v<Limit>) {
    auto p = detail::count_param(1);
    using K = detail::keyword_clause<" limit ", decltype(p)>;
    return set_op_t<Op, L, R, OrderBy, K, Offset>{left, right, order, K{p}, off};
  }

  // ---- the same on a named compound (an lvalue): build on a copy, through the rvalue forms above.
  template <class... Es>
  [[nodiscard]] constexpr auto order_by(Es&&... es) const& {
    return set_op_t(*this).order_by(std::forward<Es>(es)...);
  }
  template <class N>
  [[nodiscard]] constexpr auto limit(N n) const& {
    return set_op_t(*this).limit(n);
  }
  template <class N>
  [[nodiscard]] constexpr auto offset(N n) const& {
    return set_op_t(*this).offset(n);
  }
  template <class R2>
  [[nodiscard]] constexpr auto union_(R2&& r) const& {
    return detail::make_set_op<" union ">(*this, std::forward<R2>(r));
  }
  template <class R2>
  [[nodiscard]] constexpr auto union_all(R2&& r) const& {
    return detail::make_set_op<" union all ">(*this, std::forward<R2>(r));
  }
  template <class R2>
  [[nodiscard]] constexpr auto intersect(R2&& r) const& {
    return detail::make_set_op<" intersect ">(*this, std::forward<R2>(r));
  }
  template <class R2>
  [[nodiscard]] constexpr auto intersect_all(R2&& r) const& {
    return detail::make_set_op<" intersect all ">(*this, std::forward<R2>(r));
  }
  template <class R2>
  [[nodiscard]] constexpr auto except_(R2&& r) const& {
    return detail::make_set_op<" except ">(*this, std::forward<R2>(r));
  }
  template <class R2>
  [[nodiscard]] constexpr auto except_all(R2&& r) const& {
    return detail::make_set_op<" except all ">(*this, std::forward<R2>(r));
  }
};

namespace detail {
template <fixed_string Op, class L, class R>
constexpr auto make_set_op(L&& l, R&& r) {
  using LT = std::remove_cvref_t<L>;
  using RT = std::remove_cvref_t<R>;
  static_assert(
      requires { typename RT::row_type; }, "drizzle: set operations combine select statements");
  constexpr bool compatible = set_op_compatible<typename LT::row_type, typename RT::row_type>;
  static_assert(compatible, "drizzle: set operations need selections of the same column types");
  if constexpr (compatible)
    return set_op_t<Op, LT, RT>{std::forward<L>(l), std::forward<R>(r), {}, {}, {}};
  else
    return LT(std::forward<L>(l));  // after the diagnostic: a statement, so that no further errors follow
}
}  // namespace detail

/// union_(a, b, c...) = ((a) union (b)) union (c), as Drizzle's function forms nest.
template <class A, class B, class... Rest>
[[nodiscard]] constexpr auto union_(A&& a, B&& b, Rest&&... rest) {
  auto first = detail::make_set_op<" union ">(std::forward<A>(a), std::forward<B>(b));
  if constexpr (sizeof...(Rest) == 0)
    return first;
  else
    return union_(std::move(first), std::forward<Rest>(rest)...);
}
template <class A, class B, class... Rest>
[[nodiscard]] constexpr auto union_all(A&& a, B&& b, Rest&&... rest) {
  auto first = detail::make_set_op<" union all ">(std::forward<A>(a), std::forward<B>(b));
  if constexpr (sizeof...(Rest) == 0)
    return first;
  else
    return union_all(std::move(first), std::forward<Rest>(rest)...);
}
template <class A, class B>
[[nodiscard]] constexpr auto intersect(A&& a, B&& b) {
  return detail::make_set_op<" intersect ">(std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
[[nodiscard]] constexpr auto intersect_all(A&& a, B&& b) {
  return detail::make_set_op<" intersect all ">(std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
[[nodiscard]] constexpr auto except_(A&& a, B&& b) {
  return detail::make_set_op<" except ">(std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
[[nodiscard]] constexpr auto except_all(A&& a, B&& b) {
  return detail::make_set_op<" except all ">(std::forward<A>(a), std::forward<B>(b));
}

}  // namespace drizzle
