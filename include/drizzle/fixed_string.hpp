#pragma once
/// Compile-time strings used as template arguments (table, column and alias names) and the
/// constexpr text buffers that hold rendered SQL.
#include <array>
#include <cstddef>
#include <string_view>

namespace drizzle {

/// A string literal usable as a non-type template parameter: `column<"id", serial>`.
template <std::size_t N>
struct fixed_string {
  char data[N + 1]{};
  constexpr fixed_string() = default;
  constexpr fixed_string(const char (&text)[N + 1]) noexcept {  // NOLINT(google-explicit-constructor)
    for (std::size_t i = 0; i <= N; ++i) data[i] = text[i];     // not std::copy_n: <algorithm> costs every user
  }
  [[nodiscard]] static constexpr std::size_t size() noexcept { return N; }
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {data, N}; }
  constexpr operator std::string_view() const noexcept { return view(); }  // NOLINT
  template <std::size_t M>
  constexpr bool operator==(const fixed_string<M>& other) const noexcept {
    return view() == other.view();
  }
};
template <std::size_t N>
fixed_string(const char (&)[N]) -> fixed_string<N - 1>;

/// A constexpr character buffer holding finished SQL text; converts to std::string_view.
template <std::size_t N>
struct static_text {
  std::array<char, N + 1> chars{};
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars.data(), N}; }
  [[nodiscard]] constexpr const char* c_str() const noexcept { return chars.data(); }
};

}  // namespace drizzle
