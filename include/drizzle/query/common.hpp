#pragma once
/// Pieces shared by the statement builders: empty clauses, field lists, row value types.
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "../expr/core.hpp"
#include "../expr/dynamic.hpp"
#include "../expr/functions.hpp"
#include "../expr/operators.hpp"
#include "../table.hpp"
#include "record.hpp"

namespace drizzle {

/// An absent clause. Only a statement whose slot holds `none` offers the clause's method.
struct none {
  using tables = detail::type_list<>;
  static constexpr bool dynamic = false;
  static constexpr bool aggregate = false;
  template <class W>
  static constexpr void write(W&, const none*) {}
  template <class P>
  void bind(P&) const {}
};
template <class T>
inline constexpr bool is_none_v = std::is_same_v<T, none>;

namespace detail {

/// The SQL text of a fixed-shape statement type (defined in render.hpp).
template <class Stmt>
consteval std::string_view static_sql();

/// A list of expressions written `a, b, c` (fields, group by, order by, returning).
template <class... Es>
struct expr_list {
  using tables = tables_of<Es...>;
  static constexpr bool dynamic = (Es::dynamic || ...);
  static constexpr bool aggregate = (Es::aggregate || ...);
  static constexpr std::size_t size = sizeof...(Es);
  item_set<Es...> items;
  template <class W>
  static constexpr void write(W& w, const expr_list* self) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((w.text(I == 0 ? std::string_view{} : ", "), Es::write(w, self ? &item_at<I>(self->items) : nullptr)), ...);
    }
    (std::index_sequence_for<Es...>{});
  }
  template <class P>
  void bind(P& p) const {
    items.bind_each(p);
  }
};

/// Expands tables given as fields into their columns: select(users, posts.id).
template <class F>
constexpr auto expand_field(const F& f) {
  if constexpr (table_type<F> || is_aliased_table_v<F>) {
    return []<class... C>(type_list<C...>) { return std::tuple<C...>{}; }(columns_of_t<F>{});
  } else {
    static_assert(expression<F> || is_group_v<F>, "drizzle: select() takes columns, tables and expressions");
    return std::tuple<F>{f};
  }
}
template <class... Fs>
constexpr auto make_fields(const Fs&... fs) {
  if constexpr (!((table_type<Fs> || is_aliased_table_v<Fs>) || ...)) {
    // Only expressions: no tuple_cat (a large part of a statement's compile time when always taken).
    static_assert(((expression<Fs> || is_group_v<Fs>)&&...), "drizzle: select() takes columns, tables and expressions");
    return expr_list<Fs...>{{fs...}};
  } else {
    auto all = std::tuple_cat(expand_field(fs)...);
    return std::apply([](auto&... e) { return expr_list<std::remove_cvref_t<decltype(e)>...>{{e...}}; }, all);
  }
}
template <class... Fs>
using fields_t = decltype(make_fields(std::declval<const Fs&>()...));

template <class List>
struct all_columns_of;
template <class... Ts>
struct all_columns_of<type_list<Ts...>> {
  using type = decltype(make_fields(instance<Ts>...));
};

/// A limit or offset: a bound bigint, or a placeholder.
template <class T>
constexpr auto count_param(T v) {
  if constexpr (is_placeholder_v<T>)
    return typename T::template retyped<pg::bigint>{};
  else {
    static_assert(std::is_integral_v<T>, "drizzle: limit() and offset() take an integer or a placeholder");
    return param_expr<pg::bigint, std::int64_t>{{}, static_cast<std::int64_t>(v)};
  }
}

/// `<keyword> <expr>` clauses: where, having, limit, offset.
template <fixed_string Keyword, class E>
struct keyword_clause {
  using tables = typename E::tables;
  static constexpr bool dynamic = E::dynamic;
  static constexpr bool aggregate = E::aggregate;
  E expr;
  template <class W>
  static constexpr void write(W& w, const keyword_clause* self) {
    w.text(Keyword.view());
    E::write(w, sub(self, &keyword_clause::expr));
  }
  template <class P>
  void bind(P& p) const {
    expr.bind(p);
  }
};

/// The WHERE clause of select, update and delete: a run-time condition writes nothing when empty.
template <class C>
constexpr auto make_where(C&& cond) {
  static_assert(!is_group_v<std::remove_cvref_t<C>>,
                "drizzle: a selection group can only be selected; use its columns in where(), order_by() and "
                "group_by()");
  // Through a bool, not the concept: clang and g++ would explain the concept's failure in four more lines.
  constexpr bool is_boolean = boolean_expression<C> || is_group_v<std::remove_cvref_t<C>>;
  static_assert(is_boolean, "drizzle: where() needs a boolean expression");
  if constexpr (std::is_same_v<std::remove_cvref_t<C>, condition>)
    return dynamic_where_clause{std::forward<C>(cond)};
  else
    return keyword_clause<" where ", std::remove_cvref_t<C>>{std::forward<C>(cond)};
}

/// The C++ type of a selected field, optional when its table is on the nullable side of a join.
/// Aggregates keep their own type: count() is never NULL, sum() and max() already are std::optional.
template <class F, class NullableTables>
using field_value_t =
    maybe_optional_t<typename F::value_type, !F::aggregate && intersects_v<typename F::tables, NullableTables>>;

}  // namespace detail
}  // namespace drizzle
