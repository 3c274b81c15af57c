#pragma once
/// The relational query builder (Drizzle's db.query.users.findMany({ with: ... })): one statement that fetches
/// a table's rows and, through `left join lateral`, each requested relation as JSON, rendered exactly as Drizzle
/// renders it. The statement is a tree of node types; a fixed shape has compile-time text like any other
/// statement. Conditions inside with<"rel">(...) are written on the real table's columns and qualified with the
/// relation's alias by a writer that renames that one table while the option is written.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../detail/json_text.hpp"
#include "../detail/text.hpp"
#include "../relations.hpp"
#include "common.hpp"
#include "record.hpp"

namespace drizzle {

namespace detail {

/// Forwards to W, qualifying the columns of Table with Alias::value instead of the table's name. Schema is what
/// relation filters and counts inside the expression resolve their relation names against (void outside a query).
template <class W, class Table, class Alias, class Schema = void>
struct aliasing_writer {
  using aliased_source = Table;
  using alias_type = Alias;
  using schema = Schema;
  using base_writer = W;
  static constexpr std::string_view alias = Alias::value;
  W& inner;
  bool& qualify;
  constexpr void text(std::string_view s) { inner.text(s); }
  constexpr void ident(std::string_view s) { inner.ident(s); }
  constexpr void param() { inner.param(); }
};

inline constexpr std::string_view rq_underscore = "_";

/// The root's alias: the table's own name (`from "users" "users"`).
template <class Table>
struct root_alias {
  static constexpr std::string_view value = Table::table_name;
};
/// A relation's alias, `<parent alias>_<relation name>` (`users_posts`, `posts_comments_author`).
template <class Parent, class Rel>
struct relation_alias {
  static constexpr std::string_view name = Rel::name;
  static constexpr auto text = join_v<Parent::value, rq_underscore, Rel::name>;
  static constexpr std::string_view value = text.view();
};

/// The value types of a list of columns.
template <class List>
struct value_types;
template <class... C>
struct value_types<type_list<C...>> {
  using type = type_list<typename C::value_type...>;
};

enum class rq_kind { root, root_first, many, one };

// ---- options ------------------------------------------------------------------------------------

enum class rq_option { unknown, columns, exclude, where, order_by, limit, offset, with, extras };

template <class O>
struct rq_option_of {
  static constexpr rq_option value = rq_option::unknown;
};
template <class O>
requires requires {
  O::rq_option_kind;
}
struct rq_option_of<O> {
  static constexpr rq_option value = O::rq_option_kind;
};
template <class... C>
struct rq_option_of<pg::column_list<C...>> {
  static constexpr rq_option value = rq_option::columns;
};

template <rq_option K, class... O>
constexpr std::size_t rq_index() {
  constexpr bool hits[] = {rq_option_of<O>::value == K..., false};
  std::size_t k = 0;
  while (k < sizeof...(O) && !hits[k]) ++k;
  return k;
}
template <rq_option K, class... O>
inline constexpr std::size_t rq_count = (std::size_t{rq_option_of<O>::value == K} + ... + 0);

/// The option of kind K, or none.
template <rq_option K, class... O>
constexpr auto rq_pick(const O&... o) {
  constexpr std::size_t i = rq_index<K, O...>();
  if constexpr (i == sizeof...(O))
    return none{};
  else
    return std::get<i>(std::tie(o...));
}

}  // namespace detail

namespace rq {
template <class E>
struct where_option {
  static constexpr detail::rq_option rq_option_kind = detail::rq_option::where;
  E expr;
};
template <class List>
struct order_by_option {
  static constexpr detail::rq_option rq_option_kind = detail::rq_option::order_by;
  List list;
};
template <class P>
struct limit_option {
  static constexpr detail::rq_option rq_option_kind = detail::rq_option::limit;
  P value;
};
template <class P>
struct offset_option {
  static constexpr detail::rq_option rq_option_kind = detail::rq_option::offset;
  P value;
};
template <class... C>
struct exclude_option {
  static constexpr detail::rq_option rq_option_kind = detail::rq_option::exclude;
};
/// extras(as<"name">(expr), ...) and with_count<"rel">(...): fields computed per row.
template <class... X>
struct extras_option {
  static constexpr detail::rq_option rq_option_kind = detail::rq_option::extras;
  std::tuple<X...> items;
};
template <fixed_string Name, class... O>
struct with_option {
  static constexpr detail::rq_option rq_option_kind = detail::rq_option::with;
  static constexpr std::string_view name = Name.view();
  std::tuple<O...> options;
};
}  // namespace rq

/// Options of find_many / find_first and of with<"rel">(...), named as Drizzle's config keys.
/// where(cond): rows of this table only; a column of another table is a compile error.
template <class C>
[[nodiscard]] constexpr rq::where_option<std::remove_cvref_t<C>> where(C&& cond) {
  static_assert(boolean_expression<C>, "drizzle: where() needs a boolean expression");
  static_assert(!std::is_same_v<std::remove_cvref_t<C>, condition>,
                "drizzle: a relational query's where() takes a fixed expression, not a run-time condition");
  return {std::forward<C>(cond)};
}
template <class... Es>
[[nodiscard]] constexpr auto order_by(Es&&... es) {
  static_assert(sizeof...(Es) > 0 && (requires { typename std::remove_cvref_t<Es>::tables; } && ...),
                "drizzle: order_by() takes columns, expressions or asc()/desc()");
  return rq::order_by_option<detail::expr_list<std::remove_cvref_t<Es>...>>{{{std::forward<Es>(es)...}}};
}
template <class N>
[[nodiscard]] constexpr auto limit(N n) {
  auto p = detail::count_param(n);
  return rq::limit_option<decltype(p)>{p};
}
template <class N>
[[nodiscard]] constexpr auto offset(N n) {
  auto p = detail::count_param(n);
  return rq::offset_option<decltype(p)>{p};
}
/// columns(t.a, t.b) selects only these, in this order (Drizzle's `columns: { a: true, b: true }`).
using pg::columns;
/// Every column but these (Drizzle's `columns: { a: false }`).
template <column_type... C>
[[nodiscard]] constexpr rq::exclude_option<C...> exclude_columns(C...) {
  static_assert(sizeof...(C) > 0, "drizzle: exclude_columns() needs at least one column");
  return {};
}
/// extras(as<"lower_name">(lower(users.name)), ...): computed fields after the columns (Drizzle's `extras`), each
/// named by as<>(); read back as the expression's type.
template <class... X>
[[nodiscard]] constexpr rq::extras_option<std::remove_cvref_t<X>...> extras(X&&... x) {
  static_assert(sizeof...(X) > 0, "drizzle: extras() needs at least one as<\"name\">(expression)");
  static_assert((requires { std::remove_cvref_t<X>::alias; } && ...),
                "drizzle: extras() takes expressions named with as<\"name\">(...)");
  return {{std::forward<X>(x)...}};
}
/// with<"posts">(options...): the relation named "posts", with its own options (and with<> inside, to any depth).
template <fixed_string Name, class... O>
[[nodiscard]] constexpr rq::with_option<Name, std::remove_cvref_t<O>...> with(O&&... options) {
  return {{std::forward<O>(options)...}};
}

namespace detail {

template <class Table, class Cols, class Exclude>
struct rq_columns;
template <class Table, class... C>
struct rq_columns<Table, pg::column_list<C...>, none> {
  static_assert((std::is_same_v<typename C::table_type, Table> && ...),
                "drizzle: columns() in a relational query takes columns of the queried table");
  using type = type_list<C...>;
};
template <class Table>
struct rq_columns<Table, none, none> {
  using type = columns_of_t<Table>;
};
template <class Table, class... C>
struct rq_columns<Table, none, rq::exclude_option<C...>> {
  static_assert((std::is_same_v<typename C::table_type, Table> && ...),
                "drizzle: exclude_columns() takes columns of the queried table");
  using type = difference_t<columns_of_t<Table>, type_list<C...>>;
};

template <class O>
constexpr auto rq_unwrap(const O& o) {
  if constexpr (requires { o.expr; })
    return o.expr;
  else if constexpr (requires { o.list; })
    return o.list;
  else if constexpr (requires { o.value; })
    return o.value;
  else
    return none{};
}

/// A relation field of a result row: `row.get<"posts">()`; its value is the decoded JSON.
template <class Node>
struct relation_field;

/// The join of a relation's rows (under ChildAlias) to their parent's (under ParentAlias):
/// `"users_posts"."author_id" = "users"."id"`, several columns and-ed in parentheses.
template <class Join, class ChildAlias, class ParentAlias, class W>
constexpr void write_relation_join(W& w) {
  [&]<class... P, class... C>(type_list<P...>, type_list<C...>) {
    if constexpr (sizeof...(P) > 1) w.text("(");
    std::size_t i = 0;
    ((w.text(i++ ? " and " : ""), w.ident(ChildAlias::value), w.text("."), w.ident(C::name), w.text(" = "),
      w.ident(ParentAlias::value), w.text("."), w.ident(P::name)),
     ...);
    if constexpr (sizeof...(P) > 1) w.text(")");
  }(typename Join::parent_columns{}, typename Join::child_columns{});
}

/// One level of the query: Table under Alias, joined to its parent by Join (none at the root).
/// Extras is an expr_list of the computed fields (extras(), with_count<>()), written after the columns.
template <class Schema, class Table, class Alias, class ParentAlias, class Join, rq_kind Kind, class Cols, class Where,
          class Order, class Limit, class Offset, class Extras, class... Children>
struct rq_node {
  using table = Table;
  using alias = Alias;
  using columns = Cols;
  static constexpr rq_kind kind = Kind;
  static constexpr bool nested = Kind == rq_kind::many || Kind == rq_kind::one;
  static constexpr bool dynamic = Where::dynamic || Order::dynamic || Limit::dynamic || Offset::dynamic ||
                                  Extras::dynamic || (Children::dynamic || ...);

  Where where_;
  Order order_;
  Limit limit_;
  Offset offset_;
  Extras extras_;
  std::tuple<Children...> children_;

  template <class List>
  struct extra_keys;
  template <class... X>
  struct extra_keys<expr_list<X...>> {
    using keys = type_list<X...>;
    using values = type_list<typename X::value_type...>;
  };
  using extras_keys = typename extra_keys<Extras>::keys;

  static_assert(Cols::size + Extras::size + sizeof...(Children) > 0,
                "drizzle: a relational query selects no fields; keep a column or add a relation");
  static_assert(subset_v<typename Where::tables, type_list<Table>>,
                "drizzle: where() in a relational query can only use columns of its own table (inside with<>, "
                "the related table)");
  static_assert(subset_v<typename Order::tables, type_list<Table>>,
                "drizzle: order_by() in a relational query can only use columns of its own table");
  static_assert(subset_v<typename Extras::tables, type_list<Table>>,
                "drizzle: extras() in a relational query can only use columns of its own table");

  /// The record of one row: the selected columns, the extras, then one field per relation.
  using record_type = record<concat_t<concat_t<Cols, extras_keys>, type_list<relation_field<Children>...>>,
                             concat_t<concat_t<typename value_types<Cols>::type, typename extra_keys<Extras>::values>,
                                      type_list<typename relation_field<Children>::value_type...>>>;

  template <class E, class W>
  static constexpr void write_own(W& w, const E* e, bool qualify = true) {
    const bool q = w.qualify;
    w.qualify = qualify;
    aliasing_writer<W, Table, Alias, Schema> aw{w, w.qualify};
    E::write(aw, e);
    w.qualify = q;
  }
  /// The extras: `expr as "name"` at the root (columns unqualified when the root has no relations, as Drizzle
  /// writes a single-table selection), the bare expression inside json_build_array.
  template <class W>
  static constexpr void write_extras(W& w, const rq_node* self, std::size_t& i) {
    [&]<class... X, std::size_t... I>(type_list<X...>, std::index_sequence<I...>) {
      ((w.text(i++ ? ", " : ""),
        [&] {
          const X* x = self ? &detail::item_at<I>(self->extras_.items) : nullptr;
          if constexpr (requires { typename X::inner; }) {
            if constexpr (nested)
              write_own(w, sub(x, &X::expr));
            else
              write_own(w, x, sizeof...(Children) > 0);
          } else {
            write_own(w, x, sizeof...(Children) > 0);
            if constexpr (!nested) {
              w.text(" as ");
              w.ident(X::alias);
            }
          }
        }()),
       ...);
    }(extras_keys{}, std::make_index_sequence<Extras::size>{});
  }
  template <class W>
  static constexpr void write_column(W& w, std::string_view name) {
    w.ident(Alias::value);
    w.text(".");
    w.ident(name);
  }
  template <class W>
  static constexpr void write_join_condition(W& w) {
    write_relation_join<Join, Alias, ParentAlias>(w);
  }
  /// Drizzle's and(joinOn, where).
  template <class W>
  static constexpr void write_condition(W& w, const rq_node* self) {
    if constexpr (is_none_v<Where>) {
      write_join_condition(w);
    } else {
      w.text("(");
      write_join_condition(w);
      w.text(" and ");
      write_own(w, sub(self, &rq_node::where_));
      w.text(")");
    }
  }
  template <class W>
  static constexpr void write_joins(W& w, const rq_node* self) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((w.text(" left join lateral ("), Children::write(w, self ? &std::get<I>(self->children_) : nullptr),
        w.text(") "), w.ident(Children::alias::value), w.text(" on true")),
       ...);
    }
    (std::index_sequence_for<Children...>{});
  }
  template <class W>
  static constexpr void write_order_limit(W& w, const rq_node* self) {
    if constexpr (!is_none_v<Order>) {
      w.text(" order by ");
      write_own(w, sub(self, &rq_node::order_));
    }
    if constexpr (!is_none_v<Limit>) {
      w.text(" limit ");
      Limit::write(w, sub(self, &rq_node::limit_));
    }
    if constexpr (!is_none_v<Offset>) {
      w.text(" offset ");
      Offset::write(w, sub(self, &rq_node::offset_));
    }
  }

  template <class W>
  static constexpr void write(W& w, const rq_node* self) {
    w.text("select ");
    if constexpr (!nested) {
      [&]<class... C>(type_list<C...>) {
        std::size_t i = 0;
        if constexpr (sizeof...(Children) == 0)
          ((w.text(i++ ? ", " : ""), w.ident(C::name)), ...);
        else
          ((w.text(i++ ? ", " : ""), write_column(w, C::name)), ...);
        write_extras(w, self, i);
        ((w.text(i++ ? ", " : ""), w.ident(Children::alias::value), w.text("."), w.ident("data"), w.text(" as "),
          w.ident(Children::alias::name)),
         ...);
      }(Cols{});
      w.text(" from ");
      Table::write_name(w);
      w.text(" ");
      w.ident(Alias::value);
      write_joins(w, self);
      if constexpr (!is_none_v<Where>) {
        w.text(" where ");
        write_own(w, sub(self, &rq_node::where_));
      }
      write_order_limit(w, self);
    } else {
      constexpr bool subquery = !is_none_v<Order> || !is_none_v<Limit> || !is_none_v<Offset>;
      if constexpr (Kind == rq_kind::many) w.text("coalesce(json_agg(");
      w.text("json_build_array(");
      [&]<class... C>(type_list<C...>) {
        std::size_t i = 0;
        ((w.text(i++ ? ", " : ""), write_column(w, C::name), w.text(json_as_text<C> ? "::text" : "")), ...);
        write_extras(w, self, i);
        ((w.text(i++ ? ", " : ""), w.ident(Children::alias::value), w.text("."), w.ident("data")), ...);
      }(Cols{});
      w.text(")");
      if constexpr (Kind == rq_kind::many) {
        if constexpr (!is_none_v<Order>) {
          w.text(" order by ");
          write_own(w, sub(self, &rq_node::order_));
        }
        w.text("), '[]'::json)");
      }
      w.text(" as ");
      w.ident("data");
      w.text(" from ");
      if constexpr (subquery) {
        w.text("(select * from ");
        Table::write_name(w);
        w.text(" ");
        w.ident(Alias::value);
        w.text(" where ");
        write_condition(w, self);
        write_order_limit(w, self);
        w.text(") ");
        w.ident(Alias::value);
        write_joins(w, self);
      } else {
        Table::write_name(w);
        w.text(" ");
        w.ident(Alias::value);
        write_joins(w, self);
        w.text(" where ");
        write_condition(w, self);
      }
    }
  }

  /// Parameters in the order write() numbers them.
  template <class P>
  void bind(P& p) const {
    auto children = [&] { std::apply([&](const auto&... c) { (c.bind(p), ...); }, children_); };
    auto order_limit = [&] {
      order_.bind(p);
      limit_.bind(p);
      offset_.bind(p);
    };
    extras_.bind(p);
    if constexpr (!nested) {
      children();
      where_.bind(p);
      order_limit();
    } else {
      constexpr bool subquery = !is_none_v<Order> || !is_none_v<Limit> || !is_none_v<Offset>;
      if constexpr (Kind == rq_kind::many) order_.bind(p);
      if constexpr (subquery) {
        where_.bind(p);
        order_limit();
        children();
      } else {
        children();
        where_.bind(p);
      }
    }
  }

  /// Columns sent as their text inside the JSON (`"alias"."col"::text`) and read by the column type's text codec, as
  /// a select reads them: a nullable json/jsonb column (otherwise a JSON null value and SQL NULL would both arrive as
  /// `null`; Drizzle's text has that flaw), and an array column (json_build_array drops an array's bounds, so
  /// `[0:1]={1,2}` would arrive as `[1,2]` where every other path refuses it with a decode_error). No other column
  /// changes.
  template <class C>
  static constexpr bool json_as_text =
      (is_json_sql_type_v<typename C::sql_type> && is_optional_v<typename C::value_type>) || requires {
    typename C::sql_type::element_type;
    typename C::sql_type::stored_element;
  };

  /// A row from the JSON array json_build_array wrote (nested levels).
  static record_type decode_json(const json_item& item) {
    if (item.kind != json_kind::array) bad_json(item.raw);
    const std::vector<json_item> e = json_elements(item.raw);
    constexpr std::size_t n = Cols::size + Extras::size + sizeof...(Children);
    if (e.size() != n)
      throw decode_error("drizzle: a relation's JSON row has " + std::to_string(e.size()) + " values, expected " +
                         std::to_string(n));
    return [&]<class... C, class... X, std::size_t... I, std::size_t... K, std::size_t... J>(
               type_list<C...>, type_list<X...>, std::index_sequence<I...>, std::index_sequence<K...>,
               std::index_sequence<J...>) {
      return record_type{{decode_json_column<C>(e[I])..., decode_json_extra<X>(e[Cols::size + K])...,
                          relation_field<Children>::from_json(e[Cols::size + Extras::size + J])...}};
    }(Cols{}, extras_keys{}, std::make_index_sequence<Cols::size>{}, std::make_index_sequence<Extras::size>{},
           std::index_sequence_for<Children...>{});
  }
  template <class X>
  static typename X::value_type decode_json_extra(const json_item& item) {
    if (item.kind == json_kind::null) {
      if constexpr (is_optional_v<typename X::value_type>)
        return std::nullopt;
      else
        throw decode_error("drizzle: extra " + std::string(X::alias) + " is NULL in a relation's JSON");
    } else if constexpr (std::is_void_v<typename X::sql_type>) {
      // An sql<T, "...">() extra: read as the SQL type T is sent as.
      return decode_json_value<typename sql_type_for<unwrap_optional_t<typename X::value_type>>::type>(item);
    } else {
      return decode_json_value<typename X::sql_type>(item);
    }
  }
  template <class C>
  static typename C::value_type decode_json_column(const json_item& item) {
    using S = typename C::sql_type;
    if constexpr (json_as_text<C>) {
      if (item.kind == json_kind::null) {  // SQL NULL: the value's text is null
        if constexpr (is_optional_v<typename C::value_type>)
          return std::nullopt;
        else
          throw decode_error("drizzle: column " + std::string(C::name) + " is NULL in a relation's JSON");
      }
      if (item.kind != json_kind::string) bad_json(item.raw);
      return decode_as<S>(json_string_text(item.raw));
    } else if constexpr (is_json_sql_type_v<S>) {
      return decode_json_value<S>(item);  // NOT NULL: `null` is JSON's null
    } else if (item.kind == json_kind::null) {
      if constexpr (is_optional_v<typename C::value_type>)
        return std::nullopt;
      else
        throw decode_error("drizzle: column " + std::string(C::name) + " is NULL in a relation's JSON");
    } else {
      return decode_json_value<typename C::sql_type>(item);
    }
  }
};

/// many: std::vector of the child's records; one: std::optional of it.
template <class Node>
struct relation_sql_type {
  using element = typename Node::record_type;
  using cpp_type = std::conditional_t<Node::kind == rq_kind::many, std::vector<element>, element>;
  static constexpr std::string_view cast_name = "json";
  static constexpr std::string_view ddl_name() { return "json"; }
  static cpp_type decode(std::string_view text) {
    std::size_t pos = 0;
    return from_item(read_json(text, pos));
  }
  static cpp_type from_item(const json_item& item) {
    if constexpr (Node::kind == rq_kind::many) {
      if (item.kind != json_kind::array) bad_json(item.raw);
      cpp_type out;
      for (const auto& e : json_elements(item.raw)) out.push_back(Node::decode_json(e));
      return out;
    } else {
      return Node::decode_json(item);
    }
  }
};

template <class Node>
struct relation_field : expression_base {
  using node = Node;
  using sql_type = relation_sql_type<Node>;
  using value_type = std::conditional_t<Node::kind == rq_kind::many, typename sql_type::cpp_type,
                                        std::optional<typename sql_type::cpp_type>>;
  static constexpr std::string_view alias = Node::alias::name;
  static value_type from_json(const json_item& item) {
    if (item.kind == json_kind::null) {
      if constexpr (Node::kind == rq_kind::one)
        return std::nullopt;
      else
        return {};
    } else {
      return sql_type::from_item(item);
    }
  }
};

// ---- building the tree ----------------------------------------------------------------------------

template <class Schema, class Table, class Alias, class ParentAlias, class Join, rq_kind Kind, class... O>
constexpr auto make_rq_node(const O&... opts);

template <std::size_t I, class List>
struct rq_at;
template <std::size_t I, class... T>
struct rq_at<I, type_list<T...>> {
  using type = std::tuple_element_t<I, std::tuple<T...>>;
};
template <std::size_t I, class List>
using rq_at_t = typename rq_at<I, List>::type;

// ---- relation filters and counts -------------------------------------------------------------------

enum class relation_test { exists, not_exists, every, count };

inline constexpr std::string_view rq_count_suffix = "_count";
template <fixed_string Name>
struct relation_count_name {
  static constexpr std::string_view name = Name.view();
  static constexpr auto text = join_v<name, rq_count_suffix>;
};

/// exists<"posts">(where(...)) and its kin inside a relational query's where(), and with_count<"posts">(...):
/// a subquery over the relation's rows, joined to the row being filtered by the relation's columns. The parent
/// table, its alias and the schema come from the writer (aliasing_writer), so the relation name is checked when
/// the statement's text is made, at compile time for every statement.
template <relation_test K, fixed_string Name, class Where>
struct relation_filter : expression_base {
  static constexpr bool is_count = K == relation_test::count;
  using value_type = std::conditional_t<is_count, std::int64_t, bool>;
  using sql_type = std::conditional_t<is_count, pg::bigint, pg::boolean>;
  using tables = type_list<>;
  static constexpr bool dynamic = Where::dynamic;
  /// with_count<>() is an option of find_many()/with<>() too: a field named `<relation>_count`.
  static constexpr rq_option rq_option_kind = is_count ? rq_option::extras : rq_option::unknown;
  static constexpr std::string_view alias = relation_count_name<Name>::text.view();
  Where where_;

  template <class W>
  static constexpr void write(W& w, const relation_filter* self) {
    if constexpr (!requires { typename W::schema; }) {
      static_assert(always_false<W>,
                    "drizzle: exists<>(), not_exists<>(), every<>() and with_count<>() work inside find_many(), "
                    "find_first() and with<>()");
    } else {
      using Schema = typename W::schema;
      using Parent = typename W::aliased_source;
      using ParentAlias = typename W::alias_type;
      using rels = decltype(Schema::template relations_of<Parent>());
      constexpr std::size_t i = relation_names<rels>::find(Name.view());
      static_assert(i < rels::size,
                    "drizzle: exists<>()/not_exists<>()/every<>()/with_count<>(): the table has no relation of this "
                    "name");
      if constexpr (i < rels::size) {
        using rel = rq_at_t<i, rels>;
        using join = decltype(resolve_relation<Schema, Parent, rel>());
        using Target = typename rel::target;
        using ChildAlias = relation_alias<ParentAlias, rel>;
        static_assert(join::found,
                      "drizzle: many<>(): the other table has no one<>() relation back to this one and no "
                      "references<> column pointing at it");
        static_assert(subset_v<typename Where::tables, type_list<Target>>,
                      "drizzle: the where() of a relation filter or count can only use columns of the related table");
        static_assert(K != relation_test::every || !is_none_v<Where>, "drizzle: every<>() needs a where()");
        const bool q = w.qualify;
        w.qualify = true;
        aliasing_writer<typename W::base_writer, Target, ChildAlias, Schema> aw{w.inner, w.qualify};
        aw.text(K == relation_test::exists  ? "exists (select 1 from "
                : K == relation_test::count ? "(select count(*) from "
                                            : "not exists (select 1 from ");
        Target::write_name(aw);
        aw.text(" ");
        aw.ident(ChildAlias::value);
        aw.text(" where ");
        if constexpr (!is_none_v<Where>) aw.text("(");
        write_relation_join<join, ChildAlias, ParentAlias>(aw);
        if constexpr (!is_none_v<Where>) {
          aw.text(" and ");
          if constexpr (K == relation_test::every) aw.text("(");
          Where::write(aw, sub(self, &relation_filter::where_));
          // every: no related row for which the condition is not true (false or NULL).
          if constexpr (K == relation_test::every) aw.text(") is not true");
          aw.text(")");
        }
        aw.text(")");
        w.qualify = q;
      }
    }
  }
  template <class P>
  void bind(P& p) const {
    where_.bind(p);
  }
};

template <relation_test K, fixed_string Name, class... O>
constexpr auto make_relation_filter(const O&... o) {
  static_assert(sizeof...(O) <= 1 && ((rq_option_of<O>::value == rq_option::where) && ...),
                "drizzle: exists<>(), not_exists<>(), every<>() and with_count<>() take at most one where()");
  if constexpr (sizeof...(O) == 0)
    return relation_filter<K, Name, none>{};
  else
    return [](const auto& w) {
      return relation_filter<K, Name, std::remove_cvref_t<decltype(w.expr)>>{{}, w.expr};
    }(o...);
}

/// std::apply without its noexcept computation: a mistake inside a relational query then reports a few notes, not
/// a page of <type_traits> and <tuple> internals (std::apply evaluates is_nothrow_invocable for every call).
template <class F, class Tuple>
constexpr auto rq_apply(F&& f, Tuple&& t) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return f(std::get<I>(std::forward<Tuple>(t))...);
  }
  (std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<Tuple>>>{});
}

/// The mistakes of a relational query's options checked where find_many() / find_first() is called: a with<>()
/// of an unknown relation (named in relation_named<...>), a where() over another table. Reported here, a few
/// notes from the user's line, and the query is then not built (no second error).
template <char... C>
struct relation_named {};
template <fixed_string Name>
struct relation_name_of {
  static constexpr std::string_view name = Name.view();
};
template <class Schema, class Table, fixed_string Name, class... O>
constexpr bool rq_with_ok(const rq::with_option<Name, O...>*);
/// A relation filter given directly (where(exists<"x">()), with_count<"x">()); one inside and_() is checked when
/// the text is made.
template <class Schema, class Table>
constexpr bool rq_filter_ok(const void*) {
  return true;
}
template <class Schema, class Table, relation_test K, fixed_string Name, class W>
constexpr bool rq_filter_ok(const relation_filter<K, Name, W>*) {
  using rels = decltype(Schema::template relations_of<Table>());
  if constexpr (relation_names<rels>::find(Name.view()) < rels::size) {
    return true;
  } else {
    static_assert(named_check<spelled_t<relation_named, relation_name_of<Name>>, false>,
                  "drizzle: exists<>()/not_exists<>()/every<>()/with_count<>(): the table has no relation of this "
                  "name (relation_named<...>)");
    return false;
  }
}
template <class Schema, class Table, class O>
constexpr bool rq_option_ok() {
  if constexpr (rq_option_of<O>::value == rq_option::where) {
    using E = decltype(O::expr);
    constexpr bool own = subset_v<typename E::tables, type_list<Table>>;
    static_assert(own,
                  "drizzle: where() in a relational query can only use columns of its own table (inside with<>, "
                  "the related table)");
    return own && rq_filter_ok<Schema, Table>(static_cast<const E*>(nullptr));
  } else if constexpr (rq_option_of<O>::value == rq_option::with) {
    return rq_with_ok<Schema, Table>(static_cast<const O*>(nullptr));
  } else {
    return rq_filter_ok<Schema, Table>(static_cast<const O*>(nullptr));
  }
}
template <class Schema, class Table, fixed_string Name, class... O>
constexpr bool rq_with_ok(const rq::with_option<Name, O...>*) {
  using rels = decltype(Schema::template relations_of<Table>());
  constexpr std::size_t i = relation_names<rels>::find(Name.view());
  if constexpr (i < rels::size) {
    return (rq_option_ok<Schema, typename rq_at_t<i, rels>::target, O>() && ...);
  } else {
    static_assert(named_check<spelled_t<relation_named, relation_name_of<Name>>, false>,
                  "drizzle: with<>(): the table has no relation of this name (relation_named<...>); declare it with "
                  "relations(table, one<name>(...)) or many<name>(...)");
    return false;
  }
}

template <class Schema, class Table, class Alias, class W>
constexpr auto make_rq_child(const W& with) {
  using rels = decltype(Schema::template relations_of<Table>());
  constexpr std::size_t i = relation_names<rels>::find(W::name);
  static_assert(i < rels::size,
                "drizzle: with<>(): the table has no relation of this name; declare it with relations(table, "
                "one<name>(...)) or many<name>(...)");
  if constexpr (i < rels::size) {
    using rel = rq_at_t<i, rels>;
    using join = decltype(resolve_relation<Schema, Table, rel>());
    static_assert(join::found,
                  "drizzle: many<>(): the other table has no one<>() relation back to this one and no references<> "
                  "column pointing at it");
    constexpr rq_kind child_kind = rel::many ? rq_kind::many : rq_kind::one;
    return rq_apply(
        [](const auto&... o) {
          return make_rq_node<Schema, typename rel::target, relation_alias<Alias, rel>, Alias, join, child_kind>(o...);
        },
        with.options);
  } else {
    // Already reported: a node that compiles, so the static_assert above is the only error.
    return rq_node<Schema, Table, relation_alias<Alias, W>, Alias, relation_join<type_list<>, type_list<>>,
                   rq_kind::many, columns_of_t<Table>, none, none, none, none, expr_list<>>{};
  }
}

template <class O>
constexpr auto rq_extras_tuple(const O& o) {
  if constexpr (rq_option_of<O>::value != rq_option::extras)
    return std::tuple<>{};
  else if constexpr (requires { o.items; })
    return o.items;
  else
    return std::tuple<O>{o};  // with_count<>(): its own field
}
template <class O>
constexpr auto rq_with_tuple(const O& o) {
  if constexpr (rq_option_of<O>::value == rq_option::with)
    return std::tuple<O>{o};
  else
    return std::tuple<>{};
}

template <class Schema, class Table, class Alias, class ParentAlias, class Join, rq_kind Kind, class... O>
constexpr auto make_rq_node(const O&... opts) {
  static_assert(((rq_option_of<O>::value != rq_option::unknown) && ...),
                "drizzle: find_many()/find_first()/with<>() take columns(), exclude_columns(), where(), order_by(), "
                "limit(), offset(), extras(), with_count<name>() and with<name>()");
  static_assert(rq_count<rq_option::where, O...> <= 1 && rq_count<rq_option::order_by, O...> <= 1 &&
                    rq_count<rq_option::limit, O...> <= 1 && rq_count<rq_option::offset, O...> <= 1,
                "drizzle: where(), order_by(), limit() and offset() can each be given once");
  static_assert(rq_count<rq_option::columns, O...> + rq_count<rq_option::exclude, O...> <= 1,
                "drizzle: give either columns() or exclude_columns(), once");
  using cols = typename rq_columns<Table, std::remove_cvref_t<decltype(rq_pick<rq_option::columns>(opts...))>,
                                   std::remove_cvref_t<decltype(rq_pick<rq_option::exclude>(opts...))>>::type;
  auto where_ = rq_unwrap(rq_pick<rq_option::where>(opts...));
  auto order_ = rq_unwrap(rq_pick<rq_option::order_by>(opts...));
  auto offset_ = rq_unwrap(rq_pick<rq_option::offset>(opts...));
  auto limit_ = [&] {
    // Drizzle's findFirst and one relations: `limit $n` with 1, whatever limit was given.
    if constexpr (Kind == rq_kind::one || Kind == rq_kind::root_first)
      return param_expr<pg::bigint, std::int64_t>{{}, 1};
    else
      return rq_unwrap(rq_pick<rq_option::limit>(opts...));
  }();
  auto children = rq_apply([](const auto&... w) { return std::tuple{make_rq_child<Schema, Table, Alias>(w)...}; },
                           std::tuple_cat(rq_with_tuple(opts)...));
  auto extras_ = rq_apply([](const auto&... x) { return expr_list<std::remove_cvref_t<decltype(x)>...>{{x...}}; },
                          std::tuple_cat(rq_extras_tuple(opts)...));
  return rq_apply(
      [&](auto&... c) {
        return rq_node<Schema, Table, Alias, ParentAlias, Join, Kind, cols, decltype(where_), decltype(order_),
                       decltype(limit_), decltype(offset_), decltype(extras_), std::remove_cvref_t<decltype(c)>...>{
            where_, order_, limit_, offset_, extras_, {std::move(c)...}};
      },
      children);
}

}  // namespace detail

/// Relation filters for where() in find_many()/find_first()/with<>() (Drizzle's issue #1069):
/// exists<"posts">(where(eq(posts.published, true))) keeps rows with at least one such related row,
/// not_exists<"posts">(...) rows with none, every<"posts">(where(...)) rows whose related rows all satisfy the
/// condition (true also when there are none). Rendered `exists (select 1 from "posts" "users_posts" where
/// ("users_posts"."author_id" = "users"."id" and ...))`.
template <fixed_string Name, class... O>
[[nodiscard]] constexpr auto exists(const O&... where) {
  return detail::make_relation_filter<detail::relation_test::exists, Name>(where...);
}
template <fixed_string Name, class... O>
[[nodiscard]] constexpr auto not_exists(const O&... where) {
  return detail::make_relation_filter<detail::relation_test::not_exists, Name>(where...);
}
template <fixed_string Name, class... O>
[[nodiscard]] constexpr auto every(const O&... where) {
  return detail::make_relation_filter<detail::relation_test::every, Name>(where...);
}
/// with_count<"posts">(where(...)): the number of related rows as an int64_t field `posts_count`, without loading
/// them (Drizzle's issue #961); also an expression for order_by(desc(...)). `(select count(*) from "posts"
/// "users_posts" where ...)`.
template <fixed_string Name, class... O>
[[nodiscard]] constexpr auto with_count(const O&... where) {
  return detail::make_relation_filter<detail::relation_test::count, Name>(where...);
}

/// A relational query: find_many / find_first of a table, with nested relations. Runs like any statement
/// (db.run(q).all(), to_sql(q)); its rows are records with one field per relation.
template <class Root>
struct relational_query {
  Root root;
  using row_type = typename Root::record_type;
  static constexpr bool dynamic = Root::dynamic;
  static constexpr bool first = Root::kind == detail::rq_kind::root_first;
  static constexpr bool relational = true;  ///< rows map into structs with relation fields (result.hpp)
  template <class W>
  static constexpr void write_statement(W& w, const relational_query* self) {
    Root::write(w, self ? &self->root : nullptr);
  }
  template <class P>
  void bind(P& p) const {
    root.bind(p);
  }
  static constexpr bool check_complete() { return true; }
  /// The SQL text, a compile-time constant for a fixed shape.
  [[nodiscard]] static constexpr std::string_view sql() requires(!dynamic) {
    return detail::static_sql<relational_query>();
  }
};

/// `query(schema)[users]`: the relational queries of one table (Drizzle's db.query.users).
template <class Schema, class Table>
struct table_query {
  template <class... O>
  [[nodiscard]] constexpr auto find_many(O&&... options) const {
    if constexpr (!(detail::rq_option_ok<Schema, Table, std::remove_cvref_t<O>>() && ...)) {
      return find_many();  // after the error: a query that compiles, so no second error follows
    } else {
      auto root =
          detail::make_rq_node<Schema, Table, detail::root_alias<Table>, void, void, detail::rq_kind::root>(options...);
      return relational_query<decltype(root)>{std::move(root)};
    }
  }
  /// At most one row: `limit $n` with 1, as Drizzle's findFirst.
  template <class... O>
  [[nodiscard]] constexpr auto find_first(O&&... options) const {
    if constexpr (!(detail::rq_option_ok<Schema, Table, std::remove_cvref_t<O>>() && ...)) {
      return find_first();  // after the error: a query that compiles, so no second error follows
    } else {
      auto root =
          detail::make_rq_node<Schema, Table, detail::root_alias<Table>, void, void, detail::rq_kind::root_first>(
              options...);
      return relational_query<decltype(root)>{std::move(root)};
    }
  }
};

/// `query(schema)`: C++ cannot give an object one member per table from their names, so a table is picked with
/// `[table]`: query(schema)[users].find_many(...), like Drizzle's db.query.users.findMany(...).
template <class Schema>
struct relational_queries {
  template <table_type T>
  [[nodiscard]] constexpr table_query<Schema, T> operator[](const T&) const {
    return {};
  }
};
template <class... R>
[[nodiscard]] constexpr relational_queries<relational_schema_t<R...>> query(const relational_schema_t<R...>&) {
  return {};
}

}  // namespace drizzle
