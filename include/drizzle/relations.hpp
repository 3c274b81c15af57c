#pragma once
/// Relations between tables, for the relational query builder (Drizzle's `relations(users, ({ many }) => ...)`).
/// They live beside the tables, not in them: a relation names both ends, and declaring it next to the table
/// would need the other table before it exists. `relational_schema(relations(...)...)` collects them; a many
/// relation finds its columns from the other side's one relation, or from a references<> column of the other table.
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "column.hpp"
#include "detail/meta.hpp"
#include "fixed_string.hpp"
#include "table.hpp"

namespace drizzle {

namespace detail {
/// A relation's columns, given as one column or as columns(a, b).
template <class C>
struct relation_columns {
  static_assert(column_type<C>, "drizzle: one<>() takes a column or columns(a, b) for its fields and references");
  using type = type_list<C>;
};
template <class... C>
struct relation_columns<pg::column_list<C...>> {
  using type = type_list<C...>;
};
}  // namespace detail

/// `one<"author">(users, posts.author_id, users.id)`: each row of the declaring table has at most one row of Target,
/// found by Fields (the declaring table's columns) = References (Target's columns).
template <fixed_string Name, class Target, class Fields, class References, fixed_string RelationName>
struct one_relation {
  static constexpr std::string_view name = Name.view();
  static constexpr std::string_view relation_name = RelationName.view();
  static constexpr bool many = false;
  using target = Target;
  using fields = Fields;
  using references = References;
};

/// `many<"posts">(posts)`: rows of Target pointing at this table. RelationName tells which of Target's one
/// relations is the other side when there are several (Drizzle's relationName).
template <fixed_string Name, class Target, fixed_string RelationName>
struct many_relation {
  static constexpr std::string_view name = Name.view();
  static constexpr std::string_view relation_name = RelationName.view();
  static constexpr bool many = true;
  using target = Target;
};

template <fixed_string Name, fixed_string RelationName = "", table_type T, class F, class R>
[[nodiscard]] constexpr auto one(const T&, const F&, const R&) {
  using fields = typename detail::relation_columns<F>::type;
  using references = typename detail::relation_columns<R>::type;
  static_assert(fields::size == references::size,
                "drizzle: one<>() needs as many fields as references, of the same types, in the same order");
  static_assert(
      []<class... A, class... B>(detail::type_list<A...>*, detail::type_list<B...>*) {
        return (std::is_same_v<typename A::cpp_type, typename B::cpp_type> && ...) &&
               (std::is_same_v<typename B::table_type, T> && ...);
      }(static_cast<fields*>(nullptr), static_cast<references*>(nullptr)),
      "drizzle: one<>(): the references must be columns of the related table, of the fields' types");
  return one_relation<Name, T, fields, references, RelationName>{};
}

template <fixed_string Name, fixed_string RelationName = "", table_type T>
[[nodiscard]] constexpr many_relation<Name, T, RelationName> many(const T&) {
  return {};
}

/// The relations of one table: relations(users, many<"posts">(posts), ...).
template <class Table, class... Rels>
struct table_relations {
  using table = Table;
  using list = detail::type_list<Rels...>;
};

template <class T>
inline constexpr bool is_relation_v = false;
template <fixed_string N, class T, class F, class R, fixed_string RN>
inline constexpr bool is_relation_v<one_relation<N, T, F, R, RN>> = true;
template <fixed_string N, class T, fixed_string RN>
inline constexpr bool is_relation_v<many_relation<N, T, RN>> = true;

template <table_type T, class... Rels>
[[nodiscard]] constexpr table_relations<T, Rels...> relations(const T&, const Rels&...) {
  static_assert((is_relation_v<Rels> && ...), "drizzle: relations(table, ...) takes one<>() and many<>() relations");
  static_assert(
      [] {
        constexpr std::string_view names[] = {Rels::name..., std::string_view{}};
        for (std::size_t i = 0; i < sizeof...(Rels); ++i)
          for (std::size_t j = i + 1; j < sizeof...(Rels); ++j)
            if (names[i] == names[j]) return false;
        return true;
      }(),
      "drizzle: two relations of a table have the same name");
  return {};
}

/// Every table's relations; what db.query(schema)[table] reads. Tables without relations need no entry.
template <class... TableRelations>
struct relational_schema_t {
  using entries = detail::type_list<TableRelations...>;

  /// The relations declared for Table (an empty list when none are).
  template <class Table>
  static constexpr auto relations_of() {
    constexpr bool hits[] = {std::is_same_v<typename TableRelations::table, Table>..., false};
    constexpr std::size_t i = [&] {
      std::size_t k = 0;
      while (k < sizeof...(TableRelations) && !hits[k]) ++k;
      return k;
    }();
    if constexpr (i == sizeof...(TableRelations))
      return detail::type_list<>{};
    else
      return typename std::tuple_element_t<i, std::tuple<TableRelations...>>::list{};
  }
};
template <class... TableRelations>
[[nodiscard]] constexpr relational_schema_t<TableRelations...> relational_schema(const TableRelations&...) {
  return {};
}

namespace detail {
template <class List>
struct relation_names;
template <class... R>
struct relation_names<type_list<R...>> {
  static constexpr std::size_t find(std::string_view name) {
    constexpr std::string_view names[] = {R::name..., std::string_view{}};
    std::size_t k = 0;
    while (k < sizeof...(R) && names[k] != name) ++k;
    return k;
  }
};

/// The columns joining Parent to a relation's rows: child_columns[i] = parent_columns[i].
template <class ParentColumns, class ChildColumns>
struct relation_join {
  using parent_columns = ParentColumns;
  using child_columns = ChildColumns;
  static constexpr bool found = ParentColumns::size > 0;
};

template <class Parent, class Rel, class Candidate>
constexpr bool is_reverse_of() {
  if constexpr (Candidate::many)
    return false;
  else
    return std::is_same_v<typename Candidate::target, Parent> && Candidate::relation_name == Rel::relation_name;
}

/// A references<&Parent::col> modifier of column C, as the join of a many relation without a one on the other side.
template <class Parent, class C>
constexpr auto reference_join() {
  return []<class... M>(type_list<M...>) {
    constexpr bool hits[] = {
        [] {
          if constexpr (M::sets_references)
            return std::is_same_v<
                typename member_pointer_traits<std::remove_cv_t<decltype(M::member)>>::member_type::table_type, Parent>;
          else
            return false;
        }()...,
        false};
    constexpr std::size_t i = [&] {
      std::size_t k = 0;
      while (k < sizeof...(M) && !hits[k]) ++k;
      return k;
    }();
    if constexpr (i == sizeof...(M)) {
      return relation_join<type_list<>, type_list<>>{};
    } else {
      using mod = std::tuple_element_t<i, std::tuple<M...>>;
      using target = typename member_pointer_traits<std::remove_cv_t<decltype(mod::member)>>::member_type;
      return relation_join<type_list<target>, type_list<C>>{};
    }
  }(typename C::modifiers{});
}

/// How a relation of Parent joins: a one relation by its own columns; a many relation by the other side's one
/// relation (Drizzle's normalizeRelation), else by the first references<> column pointing at Parent.
template <class Schema, class Parent, class Rel>
constexpr auto resolve_relation() {
  if constexpr (!Rel::many) {
    return relation_join<typename Rel::fields, typename Rel::references>{};
  } else {
    using target = typename Rel::target;
    return []<class... R>(type_list<R...>) {
      constexpr bool hits[] = {is_reverse_of<Parent, Rel, R>()..., false};
      constexpr std::size_t i = [&] {
        std::size_t k = 0;
        while (k < sizeof...(R) && !hits[k]) ++k;
        return k;
      }();
      if constexpr (i < sizeof...(R)) {
        using reverse = std::tuple_element_t<i, std::tuple<R...>>;
        return relation_join<typename reverse::references, typename reverse::fields>{};
      } else {
        return []<class... C>(type_list<C...>) {
          constexpr bool found[] = {decltype(reference_join<Parent, C>())::found..., false};
          constexpr std::size_t j = [&] {
            std::size_t k = 0;
            while (k < sizeof...(C) && !found[k]) ++k;
            return k;
          }();
          if constexpr (j == sizeof...(C))
            return relation_join<type_list<>, type_list<>>{};
          else
            return reference_join<Parent, std::tuple_element_t<j, std::tuple<C...>>>();
        }(columns_of_t<target>{});
      }
    }(Schema::template relations_of<target>());
  }
}
}  // namespace detail

}  // namespace drizzle
