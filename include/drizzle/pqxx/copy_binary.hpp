#pragma once
/// PostgreSQL's binary COPY format for the column types where it pays: copy_into sends a table's rows in binary when
/// every column it copies has an encoder here, in text otherwise (a type's binary form is only adopted where it is
/// simple and exact; dates, numerics, arrays, json and the rest keep their text codecs).
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include "../types.hpp"

namespace drizzle::pqxx::detail {

/// Appends v in network byte order.
template <class U>
void put_be(std::string& out, U v) {
  static_assert(std::is_unsigned_v<U>);
  char b[sizeof(U)];
  for (std::size_t i = 0; i < sizeof(U); ++i) b[i] = static_cast<char>((v >> (8 * (sizeof(U) - 1 - i))) & 0xff);
  out.append(b, sizeof(U));
}

template <class S>
struct copy_binary {
  static constexpr bool available = false;
};

/// Integers, floats and booleans: their fixed-width network-order bytes.
template <class S, class U>
struct copy_binary_number {
  static constexpr bool available = true;
  static void put(const typename S::cpp_type& v, std::string& out) {
    put_be<std::uint32_t>(out, sizeof(U));
    if constexpr (std::is_floating_point_v<typename S::cpp_type>)
      put_be<U>(out, std::bit_cast<U>(v));
    else
      put_be<U>(out, static_cast<U>(v));
  }
};
template <>
struct copy_binary<pg::smallint> : copy_binary_number<pg::smallint, std::uint16_t> {};
template <>
struct copy_binary<pg::smallserial> : copy_binary_number<pg::smallserial, std::uint16_t> {};
template <>
struct copy_binary<pg::integer> : copy_binary_number<pg::integer, std::uint32_t> {};
template <>
struct copy_binary<pg::serial> : copy_binary_number<pg::serial, std::uint32_t> {};
template <>
struct copy_binary<pg::bigint> : copy_binary_number<pg::bigint, std::uint64_t> {};
template <>
struct copy_binary<pg::bigserial> : copy_binary_number<pg::bigserial, std::uint64_t> {};
template <>
struct copy_binary<pg::real> : copy_binary_number<pg::real, std::uint32_t> {};
template <>
struct copy_binary<pg::double_precision> : copy_binary_number<pg::double_precision, std::uint64_t> {};
template <>
struct copy_binary<pg::boolean> {
  static constexpr bool available = true;
  static void put(bool v, std::string& out) {
    put_be<std::uint32_t>(out, 1);
    out += v ? '\1' : '\0';
  }
};

/// Text types: the value's bytes, as its codec writes them (so a NUL byte is refused as on every other path; the
/// server checks the encoding and, for varchar/char, the length, as it does for text input).
template <class S>
struct copy_binary_text {
  static constexpr bool available = true;
  static void put(const std::string& v, std::string& out) {
    const std::size_t at = out.size();
    put_be<std::uint32_t>(out, 0);
    ::drizzle::encode_as<S>(v, out);
    const auto n = static_cast<std::uint32_t>(out.size() - at - 4);
    for (std::size_t i = 0; i < 4; ++i) out[at + i] = static_cast<char>((n >> (8 * (3 - i))) & 0xff);
  }
};
template <>
struct copy_binary<pg::text> : copy_binary_text<pg::text> {};
template <std::size_t N, bool Checked>
struct copy_binary<pg::varchar<N, Checked>> : copy_binary_text<pg::varchar<N>> {};
template <std::size_t N, bool Checked>
struct copy_binary<pg::char_<N, Checked>> : copy_binary_text<pg::char_<N>> {};

}  // namespace drizzle::pqxx::detail
