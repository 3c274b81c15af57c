#pragma once
/// Pieces shared by insert, update and delete: assignment lists, returning, excluded().
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "common.hpp"
#include "record.hpp"

namespace drizzle {

template <class T>
inline constexpr bool is_assignment_v = false;
template <class C, class V>
inline constexpr bool is_assignment_v<assignment_expr<C, V>> = true;

namespace detail {

/// `"a" = $1, "b" = now()`: the column bare, the value qualified (as Drizzle writes update set).
template <class... As>
struct assignment_list {
  using tables = tables_of<typename As::value_type_expr...>;
  static constexpr bool dynamic = (As::value_type_expr::dynamic || ...);
  using columns = type_list<typename As::column...>;
  item_set<As...> items;
  template <class W>
  static constexpr void write(W& w, const assignment_list* self) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((w.text(I == 0 ? std::string_view{} : ", "), w.ident(As::column::name), w.text(" = "),
        As::value_type_expr::write(w, self ? &item_at<I>(self->items).value : nullptr)),
       ...);
    }
    (std::index_sequence_for<As...>{});
  }
  template <class P>
  void bind(P& p) const {
    items.each([&](const auto& a) { a.value.bind(p); });
  }
};

/// Checks the assignments of insert values / update set against the target table.
template <class Table, class... As>
constexpr bool check_assignments() {
  static_assert((is_assignment_v<As> && ...),
                "drizzle: values() and set() take assignments such as users.email = \"x\"");
  if constexpr (!(std::is_same_v<typename As::column::table_type, Table> && ...)) {
    constexpr std::size_t k = [] {  // the first assignment to another table's column, named in the error
      constexpr bool own[] = {std::is_same_v<typename As::column::table_type, Table>...};
      std::size_t i = 0;
      while (own[i]) ++i;
      return i;
    }();
    static_assert(named_check<spelled_t<column_named, typename nth_t<k, type_list<As...>>::column>, false>,
                  "drizzle: an assignment targets a column of another table (column_named<...>)");
  }
  static_assert((!As::column::generated && ...), "drizzle: a generated column cannot be assigned");
  constexpr bool unique = [] {
    constexpr std::size_t n = sizeof...(As);
    if constexpr (n == 0)
      return true;
    else {
      constexpr std::string_view names[] = {As::column::name...};
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j)
          if (names[i] == names[j]) return false;
      return true;
    }
  }();
  static_assert(unique, "drizzle: a column is assigned twice");
  return true;
}

/// ` returning "a", "b"`.
template <class List>
struct returning_clause {
  using tables = typename List::tables;
  static constexpr bool dynamic = List::dynamic;
  List fields;
  template <class W>
  static constexpr void write(W& w, const returning_clause* self, bool qualify) {
    const bool q = w.qualify;
    w.qualify = qualify;
    w.text(" returning ");
    List::write(w, self ? &self->fields : nullptr);
    w.qualify = q;
  }
  template <class P>
  void bind(P& p) const {
    fields.bind(p);
  }
};

template <class Table, class... Fs>
constexpr auto make_returning(const Fs&... fields) {
  if constexpr (sizeof...(Fs) == 0) {
    auto list = make_fields(instance<Table>);
    return returning_clause<decltype(list)>{list};
  } else {
    auto list = make_fields(fields...);
    return returning_clause<decltype(list)>{list};
  }
}

template <class R>
struct returning_row {
  using type = void;
};
template <class... F>
struct returning_row<returning_clause<expr_list<F...>>> {
  using type = record<type_list<F...>, type_list<typename F::value_type...>>;
};

}  // namespace detail

/// excluded(users.name): the row proposed for insertion, in on_conflict_do_update (Drizzle has no helper).
template <class C>
struct excluded_expr : expression_base {
  using value_type = typename C::value_type;
  using sql_type = typename C::sql_type;
  template <class W>
  static constexpr void write(W& w, const excluded_expr*) {
    w.text("excluded.");
    w.ident(C::name);
  }
};
template <column_type C>
constexpr excluded_expr<C> excluded(const C&) {
  return {};
}

}  // namespace drizzle
