#pragma once
/// DELETE: where, returning. A delete without where() removes every row, as in SQL.
#include <string_view>
#include <type_traits>
#include <utility>

#include "../expr/dynamic.hpp"
#include "modify_common.hpp"
#include "select.hpp"

namespace drizzle {

/// A DELETE statement: delete_from(posts).where(...).
template <class Table, class Where = none, class Returning = none>
struct delete_t {
  Where where_;
  Returning returning_;

  using row_type = typename detail::returning_row<Returning>::type;
  static constexpr bool dynamic = Where::dynamic || Returning::dynamic;

  template <class W>
  static constexpr void write_statement(W& w, const delete_t* self) {
    const bool q = w.qualify;
    w.qualify = true;
    w.text("delete from ");
    Table::write_from(w);
    Where::write(w, self ? &self->where_ : nullptr);
    if constexpr (!is_none_v<Returning>) Returning::write(w, self ? &self->returning_ : nullptr, false);
    w.qualify = q;
  }
  template <class P>
  void bind(P& p) const {
    where_.bind(p);
    returning_.bind(p);
  }
  static constexpr bool check_complete() {
    static_assert(detail::difference_t<typename Where::tables, detail::type_list<Table>>::size == 0,
                  "drizzle: a column's table is not in FROM or a join; add it with from() or a join");
    return true;
  }
  [[nodiscard]] static constexpr std::string_view sql() requires(!dynamic) {
    static_assert(check_complete());
    return detail::static_sql<delete_t>();
  }
  template <class C>
  [[nodiscard]] constexpr auto where(C&& cond) && {
    static_assert(is_none_v<Where>, "drizzle: where() can be used only once; combine conditions with and_()");
    static_assert(is_none_v<Returning>, "drizzle: where() must come before returning()");
    using K = decltype(detail::make_where(std::forward<C>(cond)));
    return delete_t<Table, K, Returning>{detail::make_where(std::forward<C>(cond)), std::move(returning_)};
  }
  template <class... Fs>
  [[nodiscard]] constexpr auto returning(const Fs&... fields) && {
    static_assert(is_none_v<Returning>, "drizzle: returning() can be used only once");
    auto r = detail::make_returning<Table>(fields...);
    return delete_t<Table, Where, decltype(r)>{std::move(where_), std::move(r)};
  }
  // The same on a named statement (an lvalue): build on a copy.
  template <class C>
  [[nodiscard]] constexpr auto where(C&& cond) const& {
    return delete_t(*this).where(std::forward<C>(cond));
  }
  template <class... Fs>
  [[nodiscard]] constexpr auto returning(const Fs&... fields) const& {
    return delete_t(*this).returning(fields...);
  }
};

/// delete_from(posts) starts a DELETE (`delete` is a C++ keyword).
template <table_type T>
[[nodiscard]] constexpr delete_t<T> delete_from(const T&) {
  return {};
}

}  // namespace drizzle
