#pragma once
/// SELECT: fields, distinct, from, joins, where, group by, having, order by, limit, offset,
/// locking; subqueries (`.as<"name">()`), CTEs and set operations.
///
/// A statement is select_t<Rank, Clauses...> with one slot per clause (`none` when absent).
/// Calling a clause twice, or after a clause that SQL writes later, is a compile error.
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../expr/dynamic.hpp"
#include "common.hpp"
#include "group.hpp"
#include "record.hpp"

namespace drizzle {

namespace detail {
enum slot : std::size_t {
  s_fields,
  s_from,
  s_joins,
  s_where,
  s_group,
  s_having,
  s_order,
  s_limit,
  s_offset,
  s_lock,
  s_distinct,
  s_with
};

/// The clauses of a statement, one slot each. A plain aggregate of bases instead of std::tuple: the statement
/// type is rebuilt at every builder call, and std::tuple's constrained constructors were most of the compile time
/// of a statement shape (clang -ftime-trace).
template <std::size_t I, class C>
struct clause_slot {
  C value;
};
template <class Seq, class... Cs>
struct clause_set;
template <std::size_t... I, class... Cs>
struct clause_set<std::index_sequence<I...>, Cs...> : clause_slot<I, Cs>... {};
template <class... Cs>
using clauses = clause_set<std::index_sequence_for<Cs...>, Cs...>;

template <std::size_t I, class C>
constexpr C& clause_at(clause_slot<I, C>& s) {
  return s.value;
}
template <std::size_t I, class C>
constexpr const C& clause_at(const clause_slot<I, C>& s) {
  return s.value;
}

/// Which value a slot of replace_at takes: the old clause, or the new value. Class templates of two static functions
/// (not a lambda per slot): a lambda is a new function for every replace_at instantiation, i.e. twelve emitted
/// functions per builder call of every statement shape at -O0, where these are shared by every statement with
/// the same clause type. The argument not taken is passed as `const volatile void*` so the function does not
/// depend on its type.
template <bool Replace>
struct slot_pick {
  template <class Old>
  static constexpr Old&& get(Old* old, const volatile void*) noexcept {
    return static_cast<Old&&>(*old);
  }
};
template <>
struct slot_pick<true> {
  template <class New>
  static constexpr New&& get(const volatile void*, New* v) noexcept {
    return static_cast<New&&>(*v);
  }
};

/// The same clauses with slot I replaced by v.
template <std::size_t I, class New, class... Cs, std::size_t... J>
constexpr auto replace_at(clause_set<std::index_sequence<J...>, Cs...>&& t, New&& v) {
  using R = clauses<std::conditional_t<J == I, std::remove_cvref_t<New>, Cs>...>;
  return R{clause_slot<J, std::conditional_t<J == I, std::remove_cvref_t<New>, Cs>>{
      slot_pick<J == I>::get(&static_cast<clause_slot<J, Cs>&>(t).value, &v)}...};
}

}  // namespace detail
template <int Rank, class Fields, class From, class Joins, class Where, class GroupBy, class Having, class OrderBy,
          class Limit, class Offset, class Lock, class Distinct, class With>
struct select_t;
namespace detail {
/// The statement after a builder call: its clauses with slot I replaced by v, at rank NewRank. Built directly (not
/// replace_at, then a select_t from the set through a member `with`): one function per builder call at -O0.
template <std::size_t I, int NewRank, class New, class... Cs, std::size_t... J>
constexpr auto replace_into(clause_set<std::index_sequence<J...>, Cs...>&& t, New&& v) {
  return select_t<NewRank, std::conditional_t<J == I, std::remove_cvref_t<New>, Cs>...>{
      {clause_slot<J, std::conditional_t<J == I, std::remove_cvref_t<New>, Cs>>{
          slot_pick<J == I>::get(&static_cast<clause_slot<J, Cs>&>(t).value, &v)}...}};
}

/// Join kinds and which side they make nullable.
enum class join_kind { inner, left, right, full, cross };
constexpr std::string_view join_keyword(join_kind k, bool lateral) {
  switch (k) {
    case join_kind::inner:
      return lateral ? " inner join lateral " : " inner join ";
    case join_kind::left:
      return lateral ? " left join lateral " : " left join ";
    case join_kind::right:
      return " right join ";
    case join_kind::full:
      return " full join ";
    default:
      return lateral ? " cross join lateral " : " cross join ";
  }
}

/// The identity a source gives its columns: the table, the alias, or the subquery.
template <class S>
using source_id_t = typename S::id;

template <join_kind Kind, class Source, class On, bool Lateral>
struct join_clause {
  using source = typename Source::id;
  using tables = typename On::tables;
  static constexpr bool dynamic = On::dynamic || Source::dynamic_source;
  static constexpr bool aggregate = false;
  static constexpr join_kind kind = Kind;
  Source src;
  On on;
  template <class W>
  static constexpr void write(W& w, const join_clause* self) {
    w.text(join_keyword(Kind, Lateral));
    Source::write_from_clause(w, sub(self, &join_clause::src));
    if constexpr (!is_none_v<On>) {
      w.text(" on ");
      On::write(w, sub(self, &join_clause::on));
    }
  }
  template <class P>
  void bind(P& p) const {
    src.bind_source(p);
    on.bind(p);
  }
};

template <class... Js>
struct join_list {
  using tables = tables_of<Js...>;
  static constexpr bool dynamic = (Js::dynamic || ...);
  using sources = type_list<typename Js::source...>;
  item_set<Js...> items;
  template <class W>
  static constexpr void write(W& w, const join_list* self) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (Js::write(w, self ? &item_at<I>(self->items) : nullptr), ...);
    }
    (std::index_sequence_for<Js...>{});
  }
  template <class P>
  void bind(P& p) const {
    items.bind_each(p);
  }
};

/// Sources on the nullable side after the joins: left -> the joined one, right -> all earlier
/// ones, full -> both.
template <class FromId, class... Js>
struct nullable_sources {
  static constexpr bool nullable_at(std::size_t p) {
    constexpr join_kind kinds[] = {Js::kind..., join_kind::inner};
    for (std::size_t q = 0; q < sizeof...(Js); ++q) {
      const std::size_t joined = q + 1;
      if ((kinds[q] == join_kind::left || kinds[q] == join_kind::full) && joined == p) return true;
      if ((kinds[q] == join_kind::right || kinds[q] == join_kind::full) && p < joined) return true;
    }
    return false;
  }
  using all = std::tuple<FromId, typename Js::source...>;
  template <std::size_t... I>
  static auto pick(std::index_sequence<I...>)
      -> concat_t<std::conditional_t<nullable_at(I), type_list<std::tuple_element_t<I, all>>, type_list<>>...>;
  using type = decltype(pick(std::make_index_sequence<sizeof...(Js) + 1>{}));
};

/// A table or table alias in FROM or a join.
template <class T>
struct table_source {
  using id = T;
  static constexpr bool dynamic_source = false;
  template <class W>
  static constexpr void write_from_clause(W& w, const table_source*) {
    T::write_from(w);
  }
  template <class P>
  void bind_source(P&) const {}
};
template <class S>
constexpr auto make_source(const S& s) {
  if constexpr (table_type<S> || is_aliased_table_v<S>)
    return table_source<S>{};
  else {
    static_assert(
        requires { typename S::id; }, "drizzle: from() and joins take a table, an alias, a subquery or a CTE");
    return s;
  }
}
template <class S>
using source_t = decltype(make_source(std::declval<const S&>()));
template <class S>
constexpr bool source_dynamic() {
  if constexpr (is_none_v<S>)
    return false;
  else
    return S::dynamic_source;
}

struct distinct_clause {
  using tables = type_list<>;
  static constexpr bool dynamic = false;
  template <class W>
  static constexpr void write(W& w, const distinct_clause*) {
    w.text("distinct ");
  }
  template <class P>
  void bind(P&) const {}
};
template <class List>
struct distinct_on_clause {
  using tables = typename List::tables;
  static constexpr bool dynamic = List::dynamic;
  List on;
  template <class W>
  static constexpr void write(W& w, const distinct_on_clause* self) {
    const bool q = w.qualify;
    w.qualify = true;
    w.text("distinct on (");
    List::write(w, sub(self, &distinct_on_clause::on));
    w.text(") ");
    w.qualify = q;
  }
  template <class P>
  void bind(P& p) const {
    on.bind(p);
  }
};

}  // namespace detail

/// Row locking: for_update(), for_share(), ... with of(tables...), nowait, skip_locked.
enum class lock_wait { wait, nowait, skip_locked };
struct nowait_t {};
struct skip_locked_t {};
inline constexpr nowait_t nowait{};
inline constexpr skip_locked_t skip_locked{};
template <class... Ts>
struct lock_of {};
template <class... Ts>
constexpr lock_of<std::remove_cvref_t<Ts>...> of(const Ts&...) {
  return {};
}
namespace detail {
template <fixed_string Strength, lock_wait Wait, class... Of>
struct lock_clause {
  using tables = type_list<>;
  static constexpr bool dynamic = false;
  template <class W>
  static constexpr void write(W& w, const lock_clause*) {
    w.text(" for ");
    w.text(Strength.view());
    if constexpr (sizeof...(Of) > 0) {
      w.text(" of ");
      std::size_t i = 0;
      ((w.text(i++ ? ", " : ""), Of::write_qualifier(w)), ...);
    }
    if constexpr (Wait == lock_wait::nowait) w.text(" nowait");
    if constexpr (Wait == lock_wait::skip_locked) w.text(" skip locked");
  }
  template <class P>
  void bind(P&) const {}
};
template <class T>
inline constexpr bool is_lock_of_v = false;
template <class... Ts>
inline constexpr bool is_lock_of_v<lock_of<Ts...>> = true;
/// The lock clause for options given as types: of(...), nowait, skip_locked.
template <fixed_string Strength, class... Opts>
struct lock_for {
  static_assert(((is_lock_of_v<Opts> || std::is_same_v<Opts, nowait_t> || std::is_same_v<Opts, skip_locked_t>)&&...),
                "drizzle: locking options are of(tables...), nowait and skip_locked");
  static constexpr lock_wait wait = (std::is_same_v<Opts, nowait_t> || ...)        ? lock_wait::nowait
                                    : (std::is_same_v<Opts, skip_locked_t> || ...) ? lock_wait::skip_locked
                                                                                   : lock_wait::wait;
  template <class... Ts>
  static auto pick(type_list<lock_of<Ts...>>*) -> lock_clause<Strength, wait, Ts...>;
  static auto pick(type_list<>*) -> lock_clause<Strength, wait>;
  using of_list = concat_t<std::conditional_t<is_lock_of_v<Opts>, type_list<Opts>, type_list<>>...>;
  using type = decltype(pick(static_cast<of_list*>(nullptr)));
};
}  // namespace detail

template <class Stmt, fixed_string Alias>
struct subquery;
template <fixed_string Op, class L, class R, class OrderBy, class Limit, class Offset>
struct set_op_t;
namespace detail {
template <fixed_string Op, class L, class R>
constexpr auto make_set_op(L&& l, R&& r);
}  // namespace detail

namespace detail {
template <class Row, class Fields>
struct scalar_of {
  using value_type = void;
  using sql_type = void;
};
template <class K0, class... K, class V0, class... V, class F0, class... F>
struct scalar_of<record<type_list<K0, K...>, type_list<V0, V...>>, expr_list<F0, F...>> {
  using value_type = maybe_optional_t<V0, true>;
  using sql_type = typename F0::sql_type;
};

/// The derived types of a select that depend only on its fields, FROM and joins, in one class per such triple: the
/// statements of a builder chain after from() / the joins (where, group_by, order_by, limit, ...) share them instead of
/// computing them again for every builder call's result type.
template <class Fields, class From, class Joins>
struct select_shape {
  using joins_list = std::conditional_t<is_none_v<Joins>, join_list<>, Joins>;
  template <class... Js>
  static auto join_sources(join_list<Js...>*) -> type_list<typename Js::source...>;
  static auto from_ids() {
    if constexpr (is_none_v<From>)
      return type_list<>{};
    else
      return type_list<source_id_t<From>>{};
  }
  using provided_tables = concat_t<decltype(from_ids()), decltype(join_sources(static_cast<joins_list*>(nullptr)))>;
  template <class... Js>
  static auto nullable_of(join_list<Js...>*) {
    if constexpr (is_none_v<From>)
      return type_list<>{};
    else
      return typename nullable_sources<source_id_t<From>, Js...>::type{};
  }
  using nullable_tables = decltype(nullable_of(static_cast<joins_list*>(nullptr)));

  template <class... S>
  static auto all_fields_of(type_list<S...>*) -> concat_t<columns_of_t<S>...>;
  /// select() without fields: every column of every source.
  template <class... C>
  static auto as_expr_list(type_list<C...>*) -> expr_list<C...>;
  using field_list =
      std::conditional_t<is_none_v<Fields>,
                         decltype(as_expr_list(
                             static_cast<decltype(all_fields_of(static_cast<provided_tables*>(nullptr)))*>(nullptr))),
                         Fields>;
  template <class... F>
  static auto row_of(expr_list<F...>*) -> record<type_list<F...>, type_list<row_value_t<F, nullable_tables>...>>;
  /// The typed row this statement returns.
  using row_type = decltype(row_of(static_cast<field_list*>(nullptr)));

  using value_type = typename scalar_of<row_type, field_list>::value_type;
  using sql_type = typename scalar_of<row_type, field_list>::sql_type;
};
}  // namespace detail

/// A SELECT statement. Use drizzle::select(...) or db.select(...) to start one.
template <int Rank, class Fields, class From, class Joins, class Where, class GroupBy, class Having, class OrderBy,
          class Limit, class Offset, class Lock, class Distinct, class With>
struct select_t {
  using clauses_t =
      detail::clauses<Fields, From, Joins, Where, GroupBy, Having, OrderBy, Limit, Offset, Lock, Distinct, With>;
  clauses_t c;

  // ---- derived types ---------------------------------------------------------------------
  using shape = detail::select_shape<Fields, From, Joins>;
  using joins_list = typename shape::joins_list;
  using provided_tables = typename shape::provided_tables;
  using nullable_tables = typename shape::nullable_tables;
  using field_list = typename shape::field_list;
  /// The typed row this statement returns.
  using row_type = typename shape::row_type;

  using required_tables = detail::concat_t<typename field_list::tables, typename Joins::tables, typename Where::tables,
                                           typename GroupBy::tables, typename Having::tables, typename OrderBy::tables,
                                           typename Distinct::tables>;
  /// Tables used but not provided: outer references of a correlated subquery, or a mistake.
  using missing_tables = detail::difference_t<required_tables, provided_tables>;

  static constexpr bool dynamic = field_list::dynamic || detail::source_dynamic<From>() || Joins::dynamic ||
                                  Where::dynamic || GroupBy::dynamic || Having::dynamic || OrderBy::dynamic ||
                                  Distinct::dynamic;

  // ---- expression protocol (as a subquery) ---------------------------------------------
  static constexpr bool is_subquery = true;
  static constexpr bool aggregate = false;
  using tables = missing_tables;
  /// As a scalar subquery: the first field's type, optional since the subquery may be empty.
  using value_type = typename shape::value_type;
  using sql_type = typename shape::sql_type;

  // ---- rendering -------------------------------------------------------------------------
  template <std::size_t I>
  static constexpr const auto* slot(const select_t* self) {
    return self ? &detail::clause_at<I>(self->c) : nullptr;
  }
  /// `select ... from ... <joins>`: the part before WHERE.
  template <class W>
  static constexpr void write_prefix(W& w, const select_t* self) {
    w.text("select ");
    Distinct::write(w, slot<detail::s_distinct>(self));
    w.qualify = !is_none_v<Joins>;
    if constexpr (is_none_v<Fields>)
      field_list::write(w, nullptr);
    else
      Fields::write(w, slot<detail::s_fields>(self));
    w.qualify = true;
    if constexpr (!is_none_v<From>) {
      w.text(" from ");
      From::write_from_clause(w, slot<detail::s_from>(self));
    }
    Joins::write(w, slot<detail::s_joins>(self));
  }
  /// A dynamic statement (a run-time where(), say) whose part before WHERE is fixed copies that part from text made
  /// at compile time instead of writing it piece by piece again at every run.
  static constexpr bool fixed_prefix = is_none_v<With> && !field_list::dynamic && !detail::source_dynamic<From>() &&
                                       !Joins::dynamic && !Distinct::dynamic;
  struct prefix_text {
    static constexpr detail::length_writer measured = [] {
      detail::length_writer w;
      write_prefix(w, nullptr);
      return w;
    }();
    static constexpr auto text = [] {
      static_text<measured.length> t{};
      detail::static_writer w{t.chars.data()};
      write_prefix(w, nullptr);
      return t;
    }();
  };
  /// The statement without surrounding parentheses.
  template <class W>
  static constexpr void write_statement(W& w, const select_t* self) {
    const bool outer_qualify = w.qualify;
    With::write(w, slot<detail::s_with>(self));
    if constexpr (dynamic && fixed_prefix &&
                  (std::is_same_v<W, detail::string_writer> || std::is_same_v<W, detail::inline_string_writer>)) {
      // The compile-time text numbers its parameters from $1 and writes names unqualified where the statement
      // starts unqualified: a top-level statement (a subquery takes the ordinary path).
      if (!outer_qualify && w.next_param == 1) {
        w.text(prefix_text::text.view());
        w.next_param = prefix_text::measured.next_param;
        w.qualify = true;
      } else {
        write_prefix(w, self);
      }
    } else {
      write_prefix(w, self);
    }
    Where::write(w, slot<detail::s_where>(self));
    if constexpr (!is_none_v<GroupBy>) {
      w.text(" group by ");
      GroupBy::write(w, slot<detail::s_group>(self));
    }
    Having::write(w, slot<detail::s_having>(self));
    if constexpr (!is_none_v<OrderBy>) {
      w.text(" order by ");
      OrderBy::write(w, slot<detail::s_order>(self));
    }
    Limit::write(w, slot<detail::s_limit>(self));
    Offset::write(w, slot<detail::s_offset>(self));
    Lock::write(w, slot<detail::s_lock>(self));
    w.qualify = outer_qualify;
  }
  /// As an expression (scalar subquery, in, exists): parenthesised.
  template <class W>
  static constexpr void write(W& w, const select_t* self) {
    w.text("(");
    write_statement(w, self);
    w.text(")");
  }
  template <class P>
  void bind(P& p) const {
    detail::clause_at<detail::s_with>(c).bind(p);
    detail::clause_at<detail::s_distinct>(c).bind(p);
    if constexpr (!is_none_v<Fields>) detail::clause_at<detail::s_fields>(c).bind(p);
    if constexpr (!is_none_v<From>) detail::clause_at<detail::s_from>(c).bind_source(p);
    detail::clause_at<detail::s_joins>(c).bind(p);
    detail::clause_at<detail::s_where>(c).bind(p);
    detail::clause_at<detail::s_group>(c).bind(p);
    detail::clause_at<detail::s_having>(c).bind(p);
    detail::clause_at<detail::s_order>(c).bind(p);
    detail::clause_at<detail::s_limit>(c).bind(p);
    detail::clause_at<detail::s_offset>(c).bind(p);
  }

  /// Checks that hold for a statement that is run or rendered on its own.
  static constexpr bool check_complete() {
    static_assert(!is_none_v<From> || !is_none_v<Fields>, "drizzle: select() needs from(table) or fields");
    static_assert(missing_tables::size == 0,
                  "drizzle: a column's table is not in FROM or a join; add it with from() or a join");
    static_assert(!field_list::aggregate || !has_bare_column() || !is_none_v<GroupBy>,
                  "drizzle: a selected column is neither aggregated nor grouped; add group_by() or aggregate it");
    return true;
  }
  static constexpr bool has_bare_column() {
    return []<class... F>(detail::expr_list<F...>*) {
      return (detail::bare_field_v<F> || ...);
    }(static_cast<field_list*>(nullptr));
  }

  // ---- builder methods -----------------------------------------------------------------
 private:
  /// consteval: a check only, so nothing is emitted for it per builder call at -O0.
  template <int ClauseRank>
  static consteval void check_order() {
    static_assert(Rank <= ClauseRank,
                  "drizzle: clauses must follow SQL order: from, joins, where, group_by, having, order_by, limit, "
                  "offset, for");
  }

 public:
  template <class Source>
  [[nodiscard]] constexpr auto from(const Source& source) && {
    static_assert(is_none_v<From>, "drizzle: from() can be used only once");
    // A table's own mistakes (two primary keys) reported here, not a dozen instantiations deeper.
    if constexpr (table_type<Source> && !is_aliased_table_v<Source>) static_assert(detail::check_table<Source>());
    if constexpr (is_none_v<From>)
      return detail::replace_into<detail::s_from, 1>(static_cast<clauses_t&&>(c), detail::make_source(source));
    else
      return static_cast<select_t&&>(*this);  // after the error: the statement unchanged, so no second error follows
  }

 private:
  template <detail::join_kind Kind, bool Lateral, class Source, class On>
  constexpr auto add_join(const Source& source, On&& on) && {
    static_assert(!is_none_v<From>, "drizzle: call from() before a join");
    check_order<2>();
    using S = detail::source_t<Source>;
    using OnT = std::remove_cvref_t<On>;
    if constexpr (!is_none_v<OnT>)
      static_assert(boolean_expression<OnT>, "drizzle: a join condition must be a boolean expression");
    using J = detail::join_clause<Kind, S, OnT, Lateral>;
    auto joins = [&]<class... Js>(detail::join_list<Js...>&& old) {
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return detail::join_list<Js..., J>{
            {detail::item_at<I>(std::move(old.items))..., J{detail::make_source(source), std::forward<On>(on)}}};
      }
      (std::index_sequence_for<Js...>{});
    }([&] {
      if constexpr (is_none_v<Joins>)
        return detail::join_list<>{};
      else
        return std::move(detail::clause_at<detail::s_joins>(c));
    }());
    return detail::replace_into<detail::s_joins, 2>(static_cast<clauses_t&&>(c), std::move(joins));
  }

 public:
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto inner_join(const Source& s, On&& on) && {
    return static_cast<select_t&&>(*this).template add_join<detail::join_kind::inner, false>(s, std::forward<On>(on));
  }
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto left_join(const Source& s, On&& on) && {
    return static_cast<select_t&&>(*this).template add_join<detail::join_kind::left, false>(s, std::forward<On>(on));
  }
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto right_join(const Source& s, On&& on) && {
    return static_cast<select_t&&>(*this).template add_join<detail::join_kind::right, false>(s, std::forward<On>(on));
  }
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto full_join(const Source& s, On&& on) && {
    return static_cast<select_t&&>(*this).template add_join<detail::join_kind::full, false>(s, std::forward<On>(on));
  }
  template <class Source>
  [[nodiscard]] constexpr auto cross_join(const Source& s) && {
    return static_cast<select_t&&>(*this).template add_join<detail::join_kind::cross, false>(s, none{});
  }
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto left_join_lateral(const Source& s, On&& on) && {
    return static_cast<select_t&&>(*this).template add_join<detail::join_kind::left, true>(s, std::forward<On>(on));
  }
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto inner_join_lateral(const Source& s, On&& on) && {
    return static_cast<select_t&&>(*this).template add_join<detail::join_kind::inner, true>(s, std::forward<On>(on));
  }
  template <class Source>
  [[nodiscard]] constexpr auto cross_join_lateral(const Source& s) && {
    return static_cast<select_t&&>(*this).template add_join<detail::join_kind::cross, true>(s, none{});
  }

  template <class C>
  [[nodiscard]] constexpr auto where(C&& cond) && {
    static_assert(is_none_v<Where>, "drizzle: where() can be used only once; combine conditions with and_()");
    check_order<3>();
    return detail::replace_into<detail::s_where, 3>(static_cast<clauses_t&&>(c),
                                                    detail::make_where(std::forward<C>(cond)));
  }
  template <class... Es>
  [[nodiscard]] constexpr auto group_by(Es&&... es) && {
    static_assert(is_none_v<GroupBy>, "drizzle: group_by() can be used only once; list every column in one call");
    static_assert(!detail::no_group<Es...>() || (expression<Es> && ...),
                  "drizzle: group_by() takes columns or expressions");
    check_order<4>();
    return detail::replace_into<detail::s_group, 4>(
        static_cast<clauses_t&&>(c), detail::expr_list<std::remove_cvref_t<Es>...>{{std::forward<Es>(es)...}});
  }
  template <class C>
  [[nodiscard]] constexpr auto having(C&& cond) && {
    static_assert(is_none_v<Having>, "drizzle: having() can be used only once; combine conditions with and_()");
    constexpr bool is_boolean = boolean_expression<C>;  // not the concept: its explanation is four more lines
    static_assert(is_boolean, "drizzle: having() needs a boolean expression");
    check_order<5>();
    return detail::replace_into<detail::s_having, 5>(
        static_cast<clauses_t&&>(c), detail::keyword_clause<" having ", std::remove_cvref_t<C>>{std::forward<C>(cond)});
  }
  template <class... Es>
  [[nodiscard]] constexpr auto order_by(Es&&... es) && {
    static_assert(is_none_v<OrderBy>, "drizzle: order_by() can be used only once; list every term in one call");
    (void)detail::no_group<Es...>();
    check_order<6>();
    return detail::replace_into<detail::s_order, 6>(
        static_cast<clauses_t&&>(c),
        detail::expr_list<detail::order_item_t<Es>...>{{detail::make_order_item(std::forward<Es>(es))...}});
  }
  template <class N>
  [[nodiscard]] constexpr auto limit(N n) && {
    static_assert(is_none_v<Limit>, "drizzle: limit() can be used only once");
    check_order<7>();
    auto p = detail::count_param(n);
    return detail::replace_into<detail::s_limit, 7>(static_cast<clauses_t&&>(c),
                                                    detail::keyword_clause<" limit ", decltype(p)>{p});
  }
  template <class N>
  [[nodiscard]] constexpr auto offset(N n) && {
    static_assert(is_none_v<Offset>, "drizzle: offset() can be used only once");
    check_order<8>();
    auto p = detail::count_param(n);
    return detail::replace_into<detail::s_offset, 8>(static_cast<clauses_t&&>(c),
                                                     detail::keyword_clause<" offset ", decltype(p)>{p});
  }

 private:
  template <fixed_string Strength, class... Opts>
  constexpr auto lock() && {
    static_assert(is_none_v<Lock>, "drizzle: only one locking clause (for_update, for_share, ...) is allowed");
    check_order<9>();
    return detail::replace_into<detail::s_lock, 9>(static_cast<clauses_t&&>(c),
                                                   typename detail::lock_for<Strength, Opts...>::type{});
  }

 public:
  /// for update [of t] [nowait | skip locked]: pass of(users), nowait or skip_locked as needed.
  template <class... Opts>
  [[nodiscard]] constexpr auto for_update(Opts...) && {
    return static_cast<select_t&&>(*this).template lock<"update", Opts...>();
  }
  template <class... Opts>
  [[nodiscard]] constexpr auto for_no_key_update(Opts...) && {
    return static_cast<select_t&&>(*this).template lock<"no key update", Opts...>();
  }
  template <class... Opts>
  [[nodiscard]] constexpr auto for_share(Opts...) && {
    return static_cast<select_t&&>(*this).template lock<"share", Opts...>();
  }
  template <class... Opts>
  [[nodiscard]] constexpr auto for_key_share(Opts...) && {
    return static_cast<select_t&&>(*this).template lock<"key share", Opts...>();
  }

  /// The SQL text, a compile-time constant for a fixed-shape statement.
  [[nodiscard]] static constexpr std::string_view sql() requires(!dynamic) {
    static_assert(check_complete());
    return detail::static_sql<select_t>();
  }

  /// Set operations over this selection and another with the same column types:
  /// `(select ...) union (select ...)`; order_by/limit/offset after them apply to the whole.
  template <class R>
  [[nodiscard]] constexpr auto union_(R&& r) && {
    return detail::make_set_op<" union ">(static_cast<select_t&&>(*this), std::forward<R>(r));
  }
  template <class R>
  [[nodiscard]] constexpr auto union_all(R&& r) && {
    return detail::make_set_op<" union all ">(static_cast<select_t&&>(*this), std::forward<R>(r));
  }
  template <class R>
  [[nodiscard]] constexpr auto intersect(R&& r) && {
    return detail::make_set_op<" intersect ">(static_cast<select_t&&>(*this), std::forward<R>(r));
  }
  template <class R>
  [[nodiscard]] constexpr auto intersect_all(R&& r) && {
    return detail::make_set_op<" intersect all ">(static_cast<select_t&&>(*this), std::forward<R>(r));
  }
  template <class R>
  [[nodiscard]] constexpr auto except_(R&& r) && {
    return detail::make_set_op<" except ">(static_cast<select_t&&>(*this), std::forward<R>(r));
  }
  template <class R>
  [[nodiscard]] constexpr auto except_all(R&& r) && {
    return detail::make_set_op<" except all ">(static_cast<select_t&&>(*this), std::forward<R>(r));
  }

  /// Makes this statement a named subquery usable in from() and joins: `.as<"sq">()`.
  template <fixed_string Alias>
  [[nodiscard]] constexpr subquery<select_t, Alias> as() && {
    return {static_cast<select_t&&>(*this)};
  }
  template <fixed_string Alias>
  [[nodiscard]] constexpr subquery<select_t, Alias> as() const& {
    return {*this};
  }

  /// What first() runs: the statement with `limit $n` (bound to 1) when it has none, in the limit's place (after a
  /// lock clause too, since the slots render in SQL order).
  [[nodiscard]] constexpr auto limit_one() const& requires(is_none_v<Limit>) {
    auto p = detail::count_param(1);
    select_t copy(*this);
    return detail::replace_into<detail::s_limit, (Rank < 7 ? 7 : Rank)>(
        static_cast<clauses_t&&>(copy.c), detail::keyword_clause<" limit ", decltype(p)>{p});
  }

  // ---- the same builders on a named statement (an lvalue): build on a copy, the original is unchanged. Each one
  // forwards to the rvalue form above, which holds the checks, so `.where()` twice is the same error either way.
  template <class Source>
  [[nodiscard]] constexpr auto from(const Source& source) const& {
    return select_t(*this).from(source);
  }
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto inner_join(const Source& s, On&& on) const& {
    return select_t(*this).inner_join(s, std::forward<On>(on));
  }
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto left_join(const Source& s, On&& on) const& {
    return select_t(*this).left_join(s, std::forward<On>(on));
  }
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto right_join(const Source& s, On&& on) const& {
    return select_t(*this).right_join(s, std::forward<On>(on));
  }
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto full_join(const Source& s, On&& on) const& {
    return select_t(*this).full_join(s, std::forward<On>(on));
  }
  template <class Source>
  [[nodiscard]] constexpr auto cross_join(const Source& s) const& {
    return select_t(*this).cross_join(s);
  }
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto left_join_lateral(const Source& s, On&& on) const& {
    return select_t(*this).left_join_lateral(s, std::forward<On>(on));
  }
  template <class Source, boolean_expression On>
  [[nodiscard]] constexpr auto inner_join_lateral(const Source& s, On&& on) const& {
    return select_t(*this).inner_join_lateral(s, std::forward<On>(on));
  }
  template <class Source>
  [[nodiscard]] constexpr auto cross_join_lateral(const Source& s) const& {
    return select_t(*this).cross_join_lateral(s);
  }
  template <class C>
  [[nodiscard]] constexpr auto where(C&& cond) const& {
    return select_t(*this).where(std::forward<C>(cond));
  }
  template <class... Es>
  [[nodiscard]] constexpr auto group_by(Es&&... es) const& {
    return select_t(*this).group_by(std::forward<Es>(es)...);
  }
  template <class C>
  [[nodiscard]] constexpr auto having(C&& cond) const& {
    return select_t(*this).having(std::forward<C>(cond));
  }
  template <class... Es>
  [[nodiscard]] constexpr auto order_by(Es&&... es) const& {
    return select_t(*this).order_by(std::forward<Es>(es)...);
  }
  template <class N>
  [[nodiscard]] constexpr auto limit(N n) const& {
    return select_t(*this).limit(n);
  }
  template <class N>
  [[nodiscard]] constexpr auto offset(N n) const& {
    return select_t(*this).offset(n);
  }
  template <class... Opts>
  [[nodiscard]] constexpr auto for_update(Opts... o) const& {
    return select_t(*this).for_update(o...);
  }
  template <class... Opts>
  [[nodiscard]] constexpr auto for_no_key_update(Opts... o) const& {
    return select_t(*this).for_no_key_update(o...);
  }
  template <class... Opts>
  [[nodiscard]] constexpr auto for_share(Opts... o) const& {
    return select_t(*this).for_share(o...);
  }
  template <class... Opts>
  [[nodiscard]] constexpr auto for_key_share(Opts... o) const& {
    return select_t(*this).for_key_share(o...);
  }
  template <class R>
  [[nodiscard]] constexpr auto union_(R&& r) const& {
    return detail::make_set_op<" union ">(*this, std::forward<R>(r));
  }
  template <class R>
  [[nodiscard]] constexpr auto union_all(R&& r) const& {
    return detail::make_set_op<" union all ">(*this, std::forward<R>(r));
  }
  template <class R>
  [[nodiscard]] constexpr auto intersect(R&& r) const& {
    return detail::make_set_op<" intersect ">(*this, std::forward<R>(r));
  }
  template <class R>
  [[nodiscard]] constexpr auto intersect_all(R&& r) const& {
    return detail::make_set_op<" intersect all ">(*this, std::forward<R>(r));
  }
  template <class R>
  [[nodiscard]] constexpr auto except_(R&& r) const& {
    return detail::make_set_op<" except ">(*this, std::forward<R>(r));
  }
  template <class R>
  [[nodiscard]] constexpr auto except_all(R&& r) const& {
    return detail::make_set_op<" except all ">(*this, std::forward<R>(r));
  }
};

}  // namespace drizzle

namespace drizzle {

/// A column of a subquery or CTE: `"id"` in its select list, `"alias"."id"` elsewhere. A named expression
/// (as<"n">(...)) is written `"n"` everywhere, as Drizzle writes a subquery's aliased SQL field: the name is the
/// output column's, so it needs no qualifier unless two sources select the same name (then PostgreSQL reports it
/// as ambiguous, as it does for Drizzle's text).
template <class Source, class Field>
struct source_column : expression_base {
  using value_type = typename Field::value_type;
  using sql_type = typename Field::sql_type;
  using tables = detail::type_list<Source>;
  using field = Field;
  static constexpr std::string_view name = detail::field_name<Field>();
  static_assert(!name.empty(), "drizzle: a subquery field needs a name; give expressions one with as<\"name\">()");
  static constexpr bool bare = requires { Field::alias; };
  template <class W>
  static constexpr void write(W& w, const source_column*) {
    if (w.qualify && !bare) {
      Source::write_qualifier(w);
      w.text(".");
    }
    w.ident(name);
  }
};

/// `(select ...) "alias"` in from() or a join; `sq[posts.id]` is its column.
template <class Stmt, fixed_string Alias>
struct subquery {
  static_assert(detail::flat_for_subquery<typename Stmt::row_type>());
  using id = subquery;
  static constexpr bool dynamic_source = Stmt::dynamic;
  static constexpr std::string_view table_name = Alias.view();
  Stmt stmt;

  template <class... F>
  static auto column_list(detail::expr_list<F...>*) -> detail::type_list<source_column<subquery, F>...>;
  using column_types = decltype(column_list(static_cast<typename Stmt::field_list*>(nullptr)));

  /// The subquery's column for a field of its selection: sq[posts.id], sq[as<"n">(...)].
  template <class F>
  constexpr auto operator[](const F&) const {
    static_assert(detail::contains_v<source_column<subquery, F>, column_types>,
                  "drizzle: this field is not selected by the subquery");
    return source_column<subquery, F>{};
  }
  template <class W>
  static constexpr void write_qualifier(W& w) {
    w.ident(Alias.view());
  }
  template <class W>
  static constexpr void write_from_clause(W& w, const subquery* self) {
    Stmt::write(w, self ? &self->stmt : nullptr);
    w.text(" ");
    w.ident(Alias.view());
  }
  template <class P>
  void bind_source(P& p) const {
    stmt.bind(p);
  }
};
template <class Stmt, fixed_string Alias>
struct columns_of<subquery<Stmt, Alias>> {
  using type = typename subquery<Stmt, Alias>::column_types;
};

template <class Fields>
using select_start_t = select_t<0, Fields, none, none, none, none, none, none, none, none, none, none, none>;

/// select() - every column of the sources; select(users.id, count()) - chosen fields; a table
/// among the fields stands for all of its columns.
template <class... Fs>
[[nodiscard]] constexpr auto select(const Fs&... fields) {
  if constexpr (sizeof...(Fs) == 0)
    return select_start_t<typename detail::dependent_on<detail::type_list<Fs...>, none>::type>{};
  else {
    using F = detail::fields_t<Fs...>;
    if constexpr ((detail::is_group_v<Fs> || ...)) (void)detail::check_group_names<F>();
    return select_start_t<F>{{{detail::make_fields(fields...)}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}}};
  }
}
namespace detail {}  // namespace detail

/// select distinct ...
template <class... Fs>
[[nodiscard]] constexpr auto select_distinct(const Fs&... fields) {
  auto s = select(fields...);
  using S = decltype(s);
  return detail::replace_into<detail::s_distinct, 0>(static_cast<typename S::clauses_t&&>(s.c),
                                                     detail::distinct_clause{});
}
/// select distinct on (exprs) fields: select_distinct_on(std::tuple{posts.author_id}, fields...).
template <class... On, class... Fs>
[[nodiscard]] constexpr auto select_distinct_on(std::tuple<On...> on, const Fs&... fields) {
  auto s = select(fields...);
  using S = decltype(s);
  auto clause = std::apply(
      [](On&... e) { return detail::distinct_on_clause<detail::expr_list<On...>>{{{std::move(e)...}}}; }, on);
  return detail::replace_into<detail::s_distinct, 0>(static_cast<typename S::clauses_t&&>(s.c), std::move(clause));
}

}  // namespace drizzle
