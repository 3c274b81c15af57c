#pragma once
/// Common table expressions: with "name" as (select ...) select ... from "name", and with recursive
/// (which Drizzle lacks) through a CTE whose columns are declared up front.
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "compound.hpp"
#include "delete.hpp"
#include "insert.hpp"
#include "select.hpp"
#include "update.hpp"

namespace drizzle {

/// A named CTE from a statement: `auto active = with_<"active_users">(select().from(users)...);`
/// then `active[users.id]` is its column. Written `"active_users"` in FROM.
template <fixed_string Name, class Stmt>
struct cte {
  static_assert(detail::flat_for_subquery<typename Stmt::row_type>());
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
template <class S>
struct with_row_type {
  using type = void;
};
template <class S>
requires requires {
  typename S::row_type;
}
struct with_row_type<S> {
  using type = typename S::row_type;
};

/// `with ... ` before an insert, update or delete (Drizzle's db.with(cte).insert/update/delete): the builder B
/// (insert_into, update_table, or a statement) is built further through the same calls, each result wrapped again,
/// so the finished statement writes the with clause, then its own text; parameters follow in that order.
template <class With, class B>
struct with_statement {
  With with_;
  B stmt;

  using row_type = typename with_row_type<B>::type;
  static constexpr bool dynamic = [] {
    if constexpr (requires { B::dynamic; })
      return B::dynamic;
    else
      return false;
  }();
  template <class W>
  static constexpr void write_statement(W& w, const with_statement* self) {
    With::write(w, self ? &self->with_ : nullptr);
    B::write_statement(w, self ? &self->stmt : nullptr);
  }
  template <class P>
  void bind(P& p) const {
    with_.bind(p);
    stmt.bind(p);
  }
  static constexpr bool check_complete() {
    static_assert(
        requires { B::check_complete(); },
        "drizzle: this statement is not finished; give insert() its values() and update() its set()");
    return B::check_complete();
  }
  [[nodiscard]] static constexpr std::string_view sql() requires(!dynamic) {
    static_assert(check_complete());
    return static_sql<with_statement>();
  }

  template <class S>
  constexpr with_statement<With, S> wrap(S&& s) const& {
    return {with_, std::move(s)};
  }
  template <class S>
  constexpr with_statement<With, S> wrap(S&& s) && {
    return {std::move(with_), std::move(s)};
  }

  // The builder's own steps, each wrapped again (see insert_into, insert_t, update_table, update_t, delete_t).
  template <class... A>
  [[nodiscard]] constexpr auto values(A&&... a) const {
    return wrap(stmt.values(std::forward<A>(a)...));
  }
  template <class... A>
  [[nodiscard]] constexpr auto select(A&&... a) const {
    return wrap(stmt.select(std::forward<A>(a)...));
  }
  template <class... A>
  [[nodiscard]] constexpr auto set(A&&... a) const {
    return wrap(stmt.set(std::forward<A>(a)...));
  }
  template <class... A>
  [[nodiscard]] constexpr auto from(A&&... a) && {
    return std::move(*this).wrap(std::move(stmt).from(std::forward<A>(a)...));
  }
  template <class... A>
  [[nodiscard]] constexpr auto where(A&&... a) && {
    return std::move(*this).wrap(std::move(stmt).where(std::forward<A>(a)...));
  }
  template <class... A>
  [[nodiscard]] constexpr auto returning(A&&... a) && {
    return std::move(*this).wrap(std::move(stmt).returning(std::forward<A>(a)...));
  }
  template <class... A>
  [[nodiscard]] constexpr auto on_conflict_do_nothing(A&&... a) && {
    return std::move(*this).wrap(std::move(stmt).on_conflict_do_nothing(std::forward<A>(a)...));
  }
  template <class... A>
  [[nodiscard]] constexpr auto on_conflict_do_update(A&&... a) && {
    return std::move(*this).wrap(std::move(stmt).on_conflict_do_update(std::forward<A>(a)...));
  }
  template <class... A>
  [[nodiscard]] constexpr auto set_where(A&&... a) && {
    return std::move(*this).wrap(std::move(stmt).set_where(std::forward<A>(a)...));
  }
  template <class... A>
  [[nodiscard]] constexpr auto target_where(A&&... a) && {
    return std::move(*this).wrap(std::move(stmt).target_where(std::forward<A>(a)...));
  }
  // The same on a named statement (an lvalue): build on a copy.
  template <class... A>
  [[nodiscard]] constexpr auto from(A&&... a) const& {
    return with_statement(*this).from(std::forward<A>(a)...);
  }
  template <class... A>
  [[nodiscard]] constexpr auto where(A&&... a) const& {
    return with_statement(*this).where(std::forward<A>(a)...);
  }
  template <class... A>
  [[nodiscard]] constexpr auto returning(A&&... a) const& {
    return with_statement(*this).returning(std::forward<A>(a)...);
  }
  template <class... A>
  [[nodiscard]] constexpr auto on_conflict_do_nothing(A&&... a) const& {
    return with_statement(*this).on_conflict_do_nothing(std::forward<A>(a)...);
  }
  template <class... A>
  [[nodiscard]] constexpr auto on_conflict_do_update(A&&... a) const& {
    return with_statement(*this).on_conflict_do_update(std::forward<A>(a)...);
  }
  template <class... A>
  [[nodiscard]] constexpr auto set_where(A&&... a) const& {
    return with_statement(*this).set_where(std::forward<A>(a)...);
  }
  template <class... A>
  [[nodiscard]] constexpr auto target_where(A&&... a) const& {
    return with_statement(*this).target_where(std::forward<A>(a)...);
  }
};

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
  /// with(...).insert(t) / .update(t) / .delete_from(t): the CTEs before an insert, update or delete.
  template <table_type T>
  [[nodiscard]] constexpr auto insert(const T& t) const& {
    return with_statement<with_clause, insert_into<T>>{*this, ::drizzle::insert(t)};
  }
  template <table_type T>
  [[nodiscard]] constexpr auto update(const T& t) const& {
    return with_statement<with_clause, update_table<T>>{*this, ::drizzle::update(t)};
  }
  template <table_type T>
  [[nodiscard]] constexpr auto delete_from(const T& t) const& {
    return with_statement<with_clause, delete_t<T>>{*this, ::drizzle::delete_from(t)};
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
