#pragma once
/// Common table expressions: with "name" as (select ...) select ... from "name", and with recursive
/// (which Drizzle lacks) through a CTE whose columns are declared up front.
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "compound.hpp"
#include "select.hpp"

namespace drizzle {

/// A named CTE from a statement: `auto active = with_<"active_users">(select().from(users)...);`
/// then `active[users.id]` is its column. Written `"active_users"` in FROM.
template <fixed_string Name, class Stmt>
struct cte {
  using id = cte;
  static constexpr bool dynamic_source = false;  // its text goes into the with clause
  static constexpr std::string_view table_name = Name.view();
  Stmt stmt;

  template <class... F>
  static auto column_list(detail::expr_list<F...>*) -> detail::type_list<source_column<cte, F>...>;
  using column_types = decltype(column_list(static_cast<typename Stmt::field_list*>(nullptr)));

  template <class F>
  constexpr auto operator[](const F&) const {
    static_assert(detail::contains_v<source_column<cte, F>, column_types>,
                  "drizzle: this field is not selected by the CTE");
    return source_column<cte, F>{};
  }
  template <class W>
  static constexpr void write_qualifier(W& w) {
    w.ident(Name.view());
  }
  template <class W>
  static constexpr void write_from_clause(W& w, const cte*) {
    w.ident(Name.view());
  }
  template <class P>
  void bind_source(P&) const {}
  template <class W>
  static constexpr void write_definition(W& w, const cte* self) {
    w.ident(Name.view());
    w.text(" as (");
    Stmt::write_statement(w, self ? &self->stmt : nullptr);
    w.text(")");
  }
  template <class P>
  void bind_definition(P& p) const {
    stmt.bind(p);
  }
};
template <class Stmt, fixed_string Name>
struct columns_of<cte<Name, Stmt>> {
  using type = typename cte<Name, Stmt>::column_types;
};
template <fixed_string Name, class Stmt>
[[nodiscard]] constexpr cte<Name, std::remove_cvref_t<Stmt>> with_(Stmt&& stmt) {
  static_assert(std::remove_cvref_t<Stmt>::check_complete());
  return {std::forward<Stmt>(stmt)};
}

/// A CTE declared by its columns, so its own definition can refer to it (with recursive):
/// `constexpr auto tree = recursive_cte<"tree">(comments.id, comments.parent_id);`
/// `with_recursive(tree.as(select(...).union_all(select(...).inner_join(tree, ...))))`.
template <fixed_string Name, class... Cols>
struct recursive_cte {
  using id = recursive_cte;
  static constexpr bool dynamic_source = false;
  static constexpr std::string_view table_name = Name.view();
  using column_types = detail::type_list<source_column<recursive_cte, Cols>...>;

  template <class C>
  constexpr auto operator[](const C&) const {
    static_assert(detail::contains_v<source_column<recursive_cte, C>, column_types>,
                  "drizzle: this column is not declared by the recursive CTE");
    return source_column<recursive_cte, C>{};
  }
  template <class W>
  static constexpr void write_qualifier(W& w) {
    w.ident(Name.view());
  }
  template <class W>
  static constexpr void write_from_clause(W& w, const recursive_cte*) {
    w.ident(Name.view());
  }
  template <class P>
  void bind_source(P&) const {}

  template <class Stmt>
  struct definition {
    Stmt stmt;
    template <class W>
    static constexpr void write_definition(W& w, const definition* self) {
      w.ident(Name.view());
      w.text(" as (");
      Stmt::write_statement(w, self ? &self->stmt : nullptr);
      w.text(")");
    }
    template <class P>
    void bind_definition(P& p) const {
      stmt.bind(p);
    }
  };
  /// The definition: a statement (usually a union all) selecting the declared columns.
  template <class Stmt>
  [[nodiscard]] constexpr definition<std::remove_cvref_t<Stmt>> as(Stmt&& stmt) const {
    return {std::forward<Stmt>(stmt)};
  }
};
template <fixed_string Name, class... Cols>
struct columns_of<recursive_cte<Name, Cols...>> {
  using type = typename recursive_cte<Name, Cols...>::column_types;
};
template <fixed_string Name, column_type... Cols>
[[nodiscard]] constexpr recursive_cte<Name, Cols...> make_recursive_cte(const Cols&...) {
  return {};
}

namespace detail {
/// `with [recursive] "a" as (...), "b" as (...) ` before a statement.
template <bool Recursive, class... Defs>
struct with_clause {
  using tables = type_list<>;
  static constexpr bool dynamic = false;
  std::tuple<Defs...> defs;
  template <class W>
  static constexpr void write(W& w, const with_clause* self) {
    w.text(Recursive ? "with recursive " : "with ");
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((w.text(I == 0 ? std::string_view{} : ", "),
        Defs::write_definition(w, self ? &std::get<I>(self->defs) : nullptr)),
       ...);
    }
    (std::index_sequence_for<Defs...>{});
    w.text(" ");
  }
  template <class P>
  void bind(P& p) const {
    std::apply([&](const auto&... d) { (d.bind_definition(p), ...); }, defs);
  }
  /// with(...).select(fields...): the statement the CTEs belong to.
  template <class... Fs>
  [[nodiscard]] constexpr auto select(const Fs&... fields) const& {
    auto s = ::drizzle::select(fields...);
    return [&]<int R, class... Cs>(select_t<R, Cs...> && st) {
      auto t = replace_at<s_with>(std::move(st.c), *this);
      return [&]<class Seq, class... Ds>(clause_set<Seq, Ds...>&& tt) {
        return select_t<0, Ds...>{std::move(tt)};
      }(std::move(t));
    }
    (std::move(s));
  }
};
}  // namespace detail

/// with(cte1, cte2).select(...)
template <class... Defs>
[[nodiscard]] constexpr detail::with_clause<false, Defs...> with(const Defs&... defs) {
  return {{defs...}};
}
/// with recursive (...): with_recursive(tree.as(...)).select(...)
template <class... Defs>
[[nodiscard]] constexpr detail::with_clause<true, Defs...> with_recursive(const Defs&... defs) {
  return {{defs...}};
}

}  // namespace drizzle
