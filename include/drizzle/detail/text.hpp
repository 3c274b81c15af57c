#pragma once
/// constexpr text assembly: joining string_views into a fixed buffer at compile time.
#include <cstddef>
#include <string_view>

#include "../fixed_string.hpp"

namespace drizzle::detail {

constexpr std::size_t digits(std::size_t n) {
  std::size_t d = 1;
  while (n >= 10) n /= 10, ++d;
  return d;
}

/// Writes decimal digits of n into out (which must have room); returns the count.
constexpr std::size_t write_number(char* out, std::size_t n) {
  const std::size_t d = digits(n);
  for (std::size_t i = d; i-- > 0; n /= 10) out[i] = static_cast<char>('0' + n % 10);
  return d;
}

/// The decimal text of N as a compile-time constant.
template <std::size_t N>
inline constexpr auto number_text = [] {
  static_text<digits(N)> t{};
  write_number(t.chars.data(), N);
  return t;
}();

/// Concatenation of compile-time string_views into one constant: join_v<&a, &b>.
template <const std::string_view&... Parts>
inline constexpr auto join_v = [] {
  static_text<(Parts.size() + ... + 0)> t{};
  std::size_t at = 0;
  ((void)(Parts.copy(t.chars.data() + at, Parts.size()), at += Parts.size()), ...);
  return t;
}();

}  // namespace drizzle::detail
