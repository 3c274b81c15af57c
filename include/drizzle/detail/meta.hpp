#pragma once
/// Small type-list utilities. Everything is a fold expression or a constexpr function: no
/// recursive templates, so long selections stay cheap to compile.
#include <cstddef>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace drizzle::detail {

template <class... Ts>
struct type_list {
  static constexpr std::size_t size = sizeof...(Ts);
};

/// T, as a type that depends on D (so that what a template does with it is compiled only when it is instantiated:
/// a non-dependent type in a template's body is instantiated where the template is defined, in every file).
template <class D, class T>
struct dependent_on {
  using type = T;
};

/// A name spelled as a character pack inside a diagnostic's template arguments: clang prints a fixed_string as
/// numbers but a pack of chars as 'e', 'm', 'a', 'i', 'l'. Named has a constexpr `name` (a std::string_view).
template <char... C>
struct column_named {};
template <template <char...> class T, class Named, class Seq = std::make_index_sequence<Named::name.size()>>
struct spelled;
template <template <char...> class T, class Named, std::size_t... I>
struct spelled<T, Named, std::index_sequence<I...>> {
  using type = T<Named::name[I]...>;
};
template <template <char...> class T, class Named>
using spelled_t = typename spelled<T, Named>::type;
/// The I-th type of a type_list.
template <std::size_t I, class List>
struct nth;
template <std::size_t I, class... Ts>
struct nth<I, type_list<Ts...>> {
  using type = std::tuple_element_t<I, std::tuple<Ts...>>;
};
template <std::size_t I, class List>
using nth_t = typename nth<I, List>::type;
/// A condition spelled with what it is about (Named), for static_assert: its text then shows the name.
template <class Named, bool Ok>
inline constexpr bool named_check = Ok;

/// The items of a list clause or expression (fields, assignments, joins, `in (...)` values): one base per item,
/// read with item_at<I>. Not std::tuple: its constrained constructors (`_TupleConstraints`, `__and_`) were a large
/// part of every statement shape's compile time. Built from the items in order (`{a, b, c}`).
template <std::size_t I, class E>
struct item_slot {
  E value;
};
template <class Seq, class... Es>
struct item_set_impl;
template <std::size_t... I, class... Es>
struct item_set_impl<std::index_sequence<I...>, Es...> : item_slot<I, Es>... {
  /// Forwarding, not by value then moved: g++ 12 cannot move a by-value std::string parameter during constant
  /// evaluation, which stopped `static_assert(update(t).set(t.name = "x").sql() == ...)`.
  template <class... As>
  requires(sizeof...(As) == sizeof...(Es) &&
           !(std::is_same_v<std::remove_cvref_t<As>, item_set_impl> || ...)) constexpr item_set_impl(As&&... as)
      : item_slot<I, Es>{static_cast<As&&>(as)}... {}  // NOLINT(google-explicit-constructor)
  /// Calls f on every item in order.
  template <class F>
  constexpr void each([[maybe_unused]] F&& f) const {
    (f(static_cast<const item_slot<I, Es>&>(*this).value), ...);
  }
  /// Binds every item's parameters in order: one function per list, where each() with a lambda is two.
  template <class P>
  void bind_each([[maybe_unused]] P& p) const {
    (static_cast<const item_slot<I, Es>&>(*this).value.bind(p), ...);
  }
};
template <class... Es>
using item_set = item_set_impl<std::index_sequence_for<Es...>, Es...>;

template <std::size_t I, class E>
constexpr const E& item_at(const item_slot<I, E>& s) {
  return s.value;
}
template <std::size_t I, class E>
constexpr E&& item_at(item_slot<I, E>&& s) {
  return std::move(s.value);
}

template <class T, class List>
inline constexpr bool contains_v = false;
template <class T, class... Ts>
inline constexpr bool contains_v<T, type_list<Ts...>> = (std::is_same_v<T, Ts> || ...);

template <class... Lists>
struct concat;
template <>
struct concat<> {
  using type = type_list<>;
};
template <class... Ts>
struct concat<type_list<Ts...>> {
  using type = type_list<Ts...>;
};
/// Up to eight lists per step: a statement's required tables join seven lists for each statement type (each builder
/// call), which one list at a time took seven concat classes, now three.
template <class... As, class... Bs>
struct concat<type_list<As...>, type_list<Bs...>> {
  using type = type_list<As..., Bs...>;
};
template <class... As, class... Bs, class... Cs, class... Rest>
struct concat<type_list<As...>, type_list<Bs...>, type_list<Cs...>, Rest...> {
  using type = typename concat<type_list<As..., Bs..., Cs...>, Rest...>::type;
};
template <class... As, class... Bs, class... Cs, class... Ds, class... Rest>
struct concat<type_list<As...>, type_list<Bs...>, type_list<Cs...>, type_list<Ds...>, Rest...> {
  using type = typename concat<type_list<As..., Bs..., Cs..., Ds...>, Rest...>::type;
};
template <class... As, class... Bs, class... Cs, class... Ds, class... Es, class... Fs, class... Gs, class... Hs,
          class... Rest>
struct concat<type_list<As...>, type_list<Bs...>, type_list<Cs...>, type_list<Ds...>, type_list<Es...>,
              type_list<Fs...>, type_list<Gs...>, type_list<Hs...>, Rest...> {
  using type = typename concat<type_list<As..., Bs..., Cs..., Ds..., Es..., Fs..., Gs..., Hs...>, Rest...>::type;
};
template <class... Lists>
using concat_t = typename concat<Lists...>::type;

/// Elements of A that are not in B (order kept, duplicates kept).
template <class A, class B>
struct difference;
template <class... As, class B>
struct difference<type_list<As...>, B> {
  using type = concat_t<std::conditional_t<contains_v<As, B>, type_list<>, type_list<As>>...>;
};
template <class A, class B>
using difference_t = typename difference<A, B>::type;

template <class A, class B>
inline constexpr bool intersects_v = false;
template <class... As, class B>
inline constexpr bool intersects_v<type_list<As...>, B> = (contains_v<As, B> || ...);

template <class A, class B>
inline constexpr bool subset_v = false;
template <class... As, class B>
inline constexpr bool subset_v<type_list<As...>, B> = (contains_v<As, B> && ...);

/// Index of the first T in the pack, or sizeof...(Ts) when absent.
template <class T, class... Ts>
constexpr std::size_t index_of() {
  constexpr bool hits[] = {std::is_same_v<T, Ts>..., false};
  for (std::size_t i = 0; i < sizeof...(Ts); ++i)
    if (hits[i]) return i;
  return sizeof...(Ts);
}

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
inline constexpr bool is_optional_v = is_optional<std::remove_cvref_t<T>>::value;

template <class T>
struct unwrap_optional {
  using type = T;
};
template <class T>
struct unwrap_optional<std::optional<T>> {
  using type = T;
};
template <class T>
using unwrap_optional_t = typename unwrap_optional<T>::type;

template <class T, bool Nullable>
using maybe_optional_t = std::conditional_t<Nullable && !is_optional_v<T>, std::optional<T>, T>;

/// A false that depends on T, for static_assert in discarded branches.
template <class...>
inline constexpr bool always_false = false;

}  // namespace drizzle::detail
