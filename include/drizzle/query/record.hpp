#pragma once
/// The typed row of a query: values by position, looked up by the selected column or expression
/// (`row[users.id]`), by alias (`row.get<"n">()`), or by structured binding (`auto [id, n] = row`).
#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../detail/meta.hpp"
#include "../fixed_string.hpp"

namespace drizzle {

namespace detail {
/// The name a field has in a result or subquery: the alias, else the column name.
template <class F>
constexpr std::string_view field_name() {
  if constexpr (requires { F::alias; })
    return F::alias;
  else if constexpr (requires { F::name; })
    return F::name;
  else
    return {};
}
}  // namespace detail

template <class Keys, class Values>
struct record;

template <class... Keys, class... Values>
struct record<detail::type_list<Keys...>, detail::type_list<Values...>> {
  using keys = detail::type_list<Keys...>;
  using values_type = std::tuple<Values...>;
  static constexpr std::size_t size = sizeof...(Values);
  std::tuple<Values...> values;

  /// The key's position; after the diagnostic (a column is named in it), 0, so that no further errors follow.
  template <class Key>
  static constexpr std::size_t index_of_key() {
    using K = std::remove_cvref_t<Key>;
    constexpr std::size_t i = detail::index_of<K, Keys...>();
    if constexpr (requires {
                    K::table_type::table_name;
                    K::name.size();
                  })
      static_assert(detail::named_check<detail::spelled_t<detail::column_named, K>, (i < sizeof...(Keys))>,
                    "drizzle: this column or expression is not part of the selection (a column is spelled out in "
                    "column_named<...>)");
    else
      static_assert(i < sizeof...(Keys), "drizzle: this column or expression is not part of the selection");
    return i < sizeof...(Keys) ? i : 0;
  }
  template <class Key>
  constexpr const auto& operator[](const Key&) const& {
    return std::get<index_of_key<Key>()>(values);
  }
  template <class Key>
  constexpr auto& operator[](const Key&) & {
    return std::get<index_of_key<Key>()>(values);
  }
  template <fixed_string Name>
  static constexpr std::size_t index_of_name() {
    constexpr std::string_view names[] = {detail::field_name<Keys>()..., std::string_view{}};
    std::size_t i = 0;
    while (i < sizeof...(Keys) && names[i] != Name.view()) ++i;
    return i;
  }
  /// The field whose alias (or column name) is Name.
  template <fixed_string Name>
  constexpr const auto& get() const {
    constexpr std::size_t i = index_of_name<Name>();
    static_assert(i < sizeof...(Keys), "drizzle: no selected field has this name");
    return std::get<(i < sizeof...(Keys) ? i : 0)>(values);
  }
  template <std::size_t I>
  constexpr const auto& get() const& {
    return std::get<I>(values);
  }
  template <std::size_t I>
  constexpr auto& get() & {
    return std::get<I>(values);
  }
  template <std::size_t I>
  constexpr auto&& get() && {
    return std::get<I>(std::move(values));
  }
  /// The fields of one table (Drizzle's nested `{ user: users, post: posts }` shape): row.slice(users)[users.id].
  template <class Table>
  constexpr auto slice(const Table&) const {
    constexpr auto at = slice_indices<Table>();
    static_assert(at.size() > 0, "drizzle: the selection has no column of this table");
    return slice_at<Table>(std::make_index_sequence<at.size()>{});
  }
  friend bool operator==(const record&, const record&) = default;

 private:
  template <class K, class Table>
  static constexpr bool of_table() {
    if constexpr (requires { typename K::table_type; })
      return std::is_same_v<typename K::table_type, Table>;
    else
      return false;
  }
  template <class Table>
  static constexpr auto slice_indices() {
    constexpr bool match[] = {of_table<Keys, Table>()..., false};
    std::array<std::size_t, (std::size_t{of_table<Keys, Table>()} + ... + 0)> idx{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < sizeof...(Keys); ++i)
      if (match[i]) idx[k++] = i;
    return idx;
  }
  template <class Table, std::size_t... J>
  constexpr auto slice_at(std::index_sequence<J...>) const {
    constexpr auto at = slice_indices<Table>();
    using keys_t = std::tuple<Keys...>;
    return record<detail::type_list<std::tuple_element_t<at[J], keys_t>...>,
                  detail::type_list<std::tuple_element_t<at[J], values_type>...>>{{std::get<at[J]>(values)...}};
  }
};

// ---- selection groups (query/group.hpp): what a record needs to know of them --------------------------

/// A nested selection group, select(users.id, group<"profile">(users.email, users.name)) (query/group.hpp).
template <fixed_string Name, class List>
struct group_t;

namespace detail {
template <class F>
inline constexpr bool is_group_v = false;
template <fixed_string Name, class List>
inline constexpr bool is_group_v<group_t<Name, List>> = true;
/// How many result columns a selected field takes: one, or a group's columns (its nested groups' too).
template <class F>
inline constexpr std::size_t field_width_v = 1;
template <fixed_string Name, class List>
inline constexpr std::size_t field_width_v<group_t<Name, List>> = group_t<Name, List>::width;
/// A record holds a group's record (or std::optional of it) as one value.
template <class R>
inline constexpr bool has_groups_v = false;
template <class... K, class V>
inline constexpr bool has_groups_v<record<type_list<K...>, V>> = (is_group_v<K> || ...);
/// The result columns a row takes: its size, or more when it holds groups.
template <class R>
inline constexpr std::size_t row_width_v = std::tuple_size_v<R>;
template <class... K, class V>
inline constexpr std::size_t row_width_v<record<type_list<K...>, V>> = (field_width_v<K> + ... + 0);
}  // namespace detail

}  // namespace drizzle

template <class K, class V>
struct std::tuple_size<drizzle::record<K, V>> : std::integral_constant<std::size_t, drizzle::record<K, V>::size> {};
template <std::size_t I, class K, class V>
struct std::tuple_element<I, drizzle::record<K, V>> {
  using type = std::tuple_element_t<I, typename drizzle::record<K, V>::values_type>;
};
