#pragma once
/// UPDATE: set assignments (values, expressions, other columns), from, where, returning.
/// Columns with an application-side on_update_fn that the statement does not set get its value.
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../expr/dynamic.hpp"
#include "modify_common.hpp"
#include "select.hpp"

namespace drizzle {

namespace detail {
/// ` set "a" = $1, ...` plus the on_update_fn columns the assignments leave out.
template <class Table, class... As>
struct set_clause {
  using list = assignment_list<As...>;
  using tables = typename list::tables;
  static constexpr bool dynamic = list::dynamic;
  list assignments;
  template <class C>
  static constexpr bool auto_updated() {
    return C::app_on_update && index_of<C, typename As::column...>() == sizeof...(As);
  }
  template <class W>
  static constexpr void write(W& w, const set_clause* self) {
    w.text(" set ");
    list::write(w, self ? &self->assignments : nullptr);
    [&]<class... C>(type_list<C...>) {
      ((auto_updated<C>() ? (w.text(", "), w.ident(C::name), w.text(" = "), w.param()) : void()), ...);
    }(columns_of_t<Table>{});
  }
  template <class P>
  void bind(P& p) const {
    assignments.bind(p);
    [&]<class... C>(type_list<C...>) {
      (
          (void)[&] {
            if constexpr (auto_updated<C>()) p.template add<typename C::sql_type>(C::make_app_on_update());
          }(),
          ...);
    }(columns_of_t<Table>{});
  }
};
}  // namespace detail

/// An UPDATE statement: update(users).set(users.name = "x").where(...).
template <class Table, class Set, class From = none, class Where = none, class Returning = none>
struct update_t {
  Set set_;
  From from_;
  Where where_;
  Returning returning_;

  using row_type = typename detail::returning_row<Returning>::type;
  static constexpr bool dynamic = Set::dynamic || Where::dynamic || Returning::dynamic;
  static auto provided() {
    if constexpr (is_none_v<From>)
      return detail::type_list<Table>{};
    else
      return detail::type_list<Table, typename From::id>{};
  }
  using provided_tables = decltype(provided());

  template <class W>
  static constexpr void write_statement(W& w, const update_t* self) {
    const bool q = w.qualify;
    w.qualify = true;
    w.text("update ");
    Table::write_from(w);
    Set::write(w, self ? &self->set_ : nullptr);
    if constexpr (!is_none_v<From>) {
      w.text(" from ");
      From::write_from_clause(w, self ? &self->from_ : nullptr);
    }
    Where::write(w, self ? &self->where_ : nullptr);
    if constexpr (!is_none_v<Returning>) Returning::write(w, self ? &self->returning_ : nullptr, !is_none_v<From>);
    w.qualify = q;
  }
  template <class P>
  void bind(P& p) const {
    set_.bind(p);
    if constexpr (!is_none_v<From>) from_.bind_source(p);
    where_.bind(p);
    returning_.bind(p);
  }
  static constexpr bool check_complete() {
    using required = detail::concat_t<typename Set::tables, typename Where::tables>;
    static_assert(detail::difference_t<required, provided_tables>::size == 0,
                  "drizzle: a column's table is not in FROM or a join; add it with from() or a join");
    return true;
  }
  [[nodiscard]] static constexpr std::string_view sql() requires(!dynamic) {
    static_assert(check_complete());
    return detail::static_sql<update_t>();
  }

  /// update ... from other: other's columns may be used in set() and where().
  template <class Source>
  [[nodiscard]] constexpr auto from(const Source& source) && {
    static_assert(is_none_v<From>, "drizzle: from() can be used only once");
    static_assert(is_none_v<Where> && is_none_v<Returning>, "drizzle: from() must come before where() and returning()");
    auto s = detail::make_source(source);
    return update_t<Table, Set, decltype(s), Where, Returning>{std::move(set_), s, std::move(where_),
                                                               std::move(returning_)};
  }
  template <class C>
  [[nodiscard]] constexpr auto where(C&& cond) && {
    static_assert(is_none_v<Where>, "drizzle: where() can be used only once; combine conditions with and_()");
    static_assert(is_none_v<Returning>, "drizzle: where() must come before returning()");
    using K = decltype(detail::make_where(std::forward<C>(cond)));
    return update_t<Table, Set, From, K, Returning>{std::move(set_), std::move(from_),
                                                    detail::make_where(std::forward<C>(cond)), std::move(returning_)};
  }
  template <class... Fs>
  [[nodiscard]] constexpr auto returning(const Fs&... fields) && {
    static_assert(is_none_v<Returning>, "drizzle: returning() can be used only once");
    auto r = detail::make_returning<Table>(fields...);
    return update_t<Table, Set, From, Where, decltype(r)>{std::move(set_), std::move(from_), std::move(where_),
                                                          std::move(r)};
  }
  // The same on a named statement (an lvalue): build on a copy.
  template <class Source>
  [[nodiscard]] constexpr auto from(const Source& source) const& {
    return update_t(*this).from(source);
  }
  template <class C>
  [[nodiscard]] constexpr auto where(C&& cond) const& {
    return update_t(*this).where(std::forward<C>(cond));
  }
  template <class... Fs>
  [[nodiscard]] constexpr auto returning(const Fs&... fields) const& {
    return update_t(*this).returning(fields...);
  }
};

template <class Table>
struct update_table {
  /// set(users.name = "Jane", users.updated_at = now()).
  template <class... As>
  [[nodiscard]] constexpr auto set(As&&... assignments) const {
    static_assert(sizeof...(As) > 0, "drizzle: set() needs at least one assignment");
    static_assert(detail::check_assignments<Table, std::remove_cvref_t<As>...>());
    using S = detail::set_clause<Table, std::remove_cvref_t<As>...>;
    return update_t<Table, S>{S{{{std::forward<As>(assignments)...}}}, {}, {}, {}};
  }
};

/// update(users) starts an UPDATE of users.
template <table_type T>
[[nodiscard]] constexpr update_table<T> update(const T&) {
  return {};
}

}  // namespace drizzle
