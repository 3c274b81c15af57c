#pragma once
/// Nested selections, Drizzle's `select({ id: users.id, profile: { email: users.email, name: users.name } })`:
/// `select(users.id, group<"profile">(users.email, users.name))`. The SQL is the same flat select list; the row holds
/// the group's fields as one value, a record (`row.get<"profile">()[users.email]`) or, read into a struct, a nested
/// struct. Groups nest to any depth.
///
/// A group may be absent (std::optional), as in Drizzle's mapResultRow: a top-level group whose column fields
/// (expressions and nested groups do not count) all come from one table on the nullable side of an outer join is
/// std::nullopt when those columns are all NULL. Inside it that table is not nullable: when the group is present,
/// the join matched.
#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "common.hpp"
#include "record.hpp"

namespace drizzle {

template <class Source, class Field>
struct source_column;

namespace detail {
template <class F>
inline constexpr bool is_source_column_v = false;
template <class S, class F>
inline constexpr bool is_source_column_v<source_column<S, F>> = column_type<F>;
/// What mapResultRow calls a Column: a column of a table, an alias or a subquery; not an expression.
template <class F>
inline constexpr bool is_column_field_v = column_type<F> || is_source_column_v<F>;

/// The one source all of Ss are, else void.
template <class L>
struct single_source {
  using type = void;
};
template <class S0, class... Ss>
struct single_source<type_list<S0, Ss...>> {
  using type = std::conditional_t<(std::is_same_v<S0, Ss> && ...), S0, void>;
};

/// The C++ value of a selected field: field_value_t, or a group's record (std::optional when it may be absent).
template <bool IsGroup>
struct pick_value {
  template <class F, class Nullable, bool Top>
  using type = field_value_t<F, Nullable>;
};
template <>
struct pick_value<true> {
  template <class F, class Nullable, bool Top>
  using type = typename F::template value_of<Nullable, Top>::type;
};
template <class F, class Nullable, bool Top = true>
using row_value_t = typename pick_value<is_group_v<F>>::template type<F, Nullable, Top>;

/// A group's name differs from the names of the other fields at its level (row.get<"name">() finds one field).
template <class... Fs>
constexpr bool group_names_unique(const expr_list<Fs...>*) {
  constexpr std::string_view names[] = {field_name<Fs>()..., std::string_view{}};
  constexpr bool groups[] = {is_group_v<Fs>..., false};
  for (std::size_t i = 0; i < sizeof...(Fs); ++i)
    for (std::size_t j = 0; j < sizeof...(Fs); ++j)
      if (i != j && (groups[i] || groups[j]) && names[i] == names[j]) return false;
  return true;
}
template <class List>
constexpr bool check_group_names() {
  constexpr bool unique = group_names_unique(static_cast<const List*>(nullptr));
  static_assert(unique, "drizzle: a group's name is also the name of another field at its level; rename the group");
  return unique;
}

/// Fields that only select: a group in where, having, order_by or group_by is a mistake.
template <class... Es>
constexpr bool no_group() {
  constexpr bool none_is_group = !(is_group_v<std::remove_cvref_t<Es>> || ...);
  static_assert(none_is_group,
                "drizzle: a selection group can only be selected; use its columns in where(), order_by() and "
                "group_by()");
  return none_is_group;
}

/// A field that is neither aggregated nor constant: for the "neither aggregated nor grouped" check, a group is one
/// when any of its fields is.
template <class F>
inline constexpr bool bare_field_v = !F::aggregate && F::tables::size > 0;
template <fixed_string Name, class... Fs>
inline constexpr bool bare_field_v<group_t<Name, expr_list<Fs...>>> = (bare_field_v<Fs> || ...);

/// Subqueries and CTEs expose their fields as columns (sq[posts.id]): they select flat fields.
template <class Row>
constexpr bool flat_for_subquery() {
  static_assert(!has_groups_v<Row>, "drizzle: subqueries and CTEs select flat fields; a group cannot be one of them");
  return true;
}

template <class List>
struct group_layout;
template <class... Fs>
struct group_layout<expr_list<Fs...>> {
  static constexpr std::size_t width = (field_width_v<Fs> + ... + 0);
  static constexpr std::size_t columns = (std::size_t{is_column_field_v<Fs>} + ... + 0);
  /// The positions of the group's column fields among its result columns.
  static constexpr std::array<std::size_t, columns> column_at = [] {
    constexpr bool is_col[] = {is_column_field_v<Fs>..., false};
    constexpr std::size_t widths[] = {field_width_v<Fs>..., 0};
    std::array<std::size_t, columns> at{};
    std::size_t k = 0, offset = 0;
    for (std::size_t i = 0; i < sizeof...(Fs); offset += widths[i], ++i)
      if (is_col[i]) at[k++] = offset;
    return at;
  }();
  using source = typename single_source<
      concat_t<std::conditional_t<is_column_field_v<Fs>, typename Fs::tables, type_list<>>...>>::type;
  template <class Nullable, bool Top>
  struct value_of {
    static constexpr bool may_be_absent = Top && !std::is_void_v<source> && contains_v<source, Nullable>;
    using inner_nullable = std::conditional_t<may_be_absent, difference_t<Nullable, type_list<source>>, Nullable>;
    using rec = record<type_list<Fs...>, type_list<row_value_t<Fs, inner_nullable, false>...>>;
    using type = maybe_optional_t<rec, may_be_absent>;
  };
};
}  // namespace detail

/// A nested selection group: its fields render in place in the select list, and read as one value of the row.
template <fixed_string Name, class List>
struct group_t {
  static constexpr std::string_view alias = Name.view();
  using layout = detail::group_layout<List>;
  using tables = typename List::tables;
  using sql_type = void;  ///< not an expression: no value_type, so where(), eq() and the rest refuse it
  static constexpr bool dynamic = List::dynamic;
  static constexpr bool aggregate = List::aggregate;
  static constexpr std::size_t width = layout::width;
  template <class Nullable, bool Top>
  using value_of = typename layout::template value_of<Nullable, Top>;
  List fields;
  template <class W>
  static constexpr void write(W& w, const group_t* self) {
    List::write(w, detail::sub(self, &group_t::fields));
  }
  template <class P>
  void bind(P& p) const {
    fields.bind(p);
  }
};

/// group<"profile">(users.email, users.name): a nested object of the selection, read as row.get<"profile">() or
/// into a nested struct member. Takes what select() takes: columns, expressions, tables (their columns, in place)
/// and groups.
template <fixed_string Name, class... Fs>
[[nodiscard]] constexpr auto group(const Fs&... fields) {
  static_assert(sizeof...(Fs) > 0, "drizzle: a group needs at least one field");
  using L = detail::fields_t<Fs...>;
  if constexpr ((detail::is_group_v<Fs> || ...)) (void)detail::check_group_names<L>();
  return group_t<Name, L>{detail::make_fields(fields...)};
}

}  // namespace drizzle
