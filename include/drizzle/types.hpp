#pragma once
/// PostgreSQL types <-> C++ types: the one place that says which C++ type a column holds,
/// how a value is written as a text parameter, and how PostgreSQL's text output is read back.
///
/// Every SQL type descriptor in drizzle::pg has:
///   cpp_type    the C++ value type of a non-null value
///   ddl_name()  the type as drizzle-kit writes it in CREATE TABLE
///   cast_name   the name used in `$n::cast` where PostgreSQL cannot infer a parameter's type
/// Values go through drizzle::codec<cpp_type>: encode() to text, decode() from text.
#include <array>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/meta.hpp"
#include "detail/text.hpp"
#include "errors.hpp"
#include "fixed_string.hpp"

namespace drizzle {

/// numeric(p, s): kept as PostgreSQL's decimal text so no digit is lost.
struct decimal {
  std::string text;
  decimal() = default;
  explicit decimal(std::string t) : text(std::move(t)) {}
  explicit decimal(const char* t) : text(t) {}
  friend bool operator==(const decimal&, const decimal&) = default;
};

/// uuid as 16 bytes; to_string() gives the canonical lower-case form.
struct uuid {
  std::array<std::uint8_t, 16> bytes{};
  friend bool operator==(const uuid&, const uuid&) = default;
  static uuid parse(std::string_view text);
  [[nodiscard]] std::string to_string() const;
};

/// interval: PostgreSQL keeps months, days and microseconds apart (a month is not 30 days).
struct interval {
  std::int32_t months = 0;
  std::int32_t days = 0;
  std::int64_t microseconds = 0;
  friend bool operator==(const interval&, const interval&) = default;
};

using timestamp_value = std::chrono::sys_time<std::chrono::microseconds>;
using date_value = std::chrono::sys_days;
using time_value = std::chrono::microseconds;  ///< time of day since midnight
using bytes = std::vector<std::byte>;

/// Text encoding and decoding of one C++ type. Specialise it, with a `sql_name`, to use your own type as a
/// column of type pg::custom<T>.
template <class T, class = void>
struct codec;

template <class T>
concept encodable = requires(const T& v, std::string& out) {
  codec<T>::encode(v, out);
};

namespace detail {
/// The run-time helpers below are templates (`template <class = void>`, called as plain functions) so that their
/// bodies, and the standard templates those bodies use (string concatenation, to_chars, vectors of optional
/// strings), are instantiated only in a translation unit that encodes or decodes such a value, not in every file
/// that includes <drizzle/drizzle.hpp> (~2 MB of every compile with g++, measured; docs/performance.md).
template <class = void>
[[noreturn]] inline void bad_text(std::string_view what, std::string_view text) {
  constexpr std::size_t shown = 80;  // a megabyte value is not copied into the message
  throw decode_error("drizzle: cannot read '" + std::string(text.substr(0, shown)) +
                     (text.size() > shown ? "..." : "") + "' as " + std::string(what));
}
template <class Int>
Int parse_int(std::string_view text, std::string_view what) {
  Int v{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size()) bad_text(what, text);
  return v;
}
template <class = void>
[[noreturn]] inline void bad_value(std::string_view what, std::string_view why) {
  throw encode_error("drizzle: cannot send " + std::string(what) + ": " + std::string(why));
}
/// Text parameters travel as C strings: a NUL byte would cut the value short, so it is refused (bytea values are
/// hex-encoded and never contain one).
template <class = void>
inline void check_no_nul(std::string_view encoded, std::string_view what) {
  if (std::memchr(encoded.data(), 0, encoded.size()))
    bad_value(what, "the value contains a NUL byte, which PostgreSQL text cannot hold (use bytea for binary data)");
}
/// a * m + b, or std::nullopt on int64 overflow.
/// (R is always the default: a parameter so that std::optional<std::int64_t> is compiled only where a time is read.)
template <class R = std::optional<std::int64_t>>
inline R mul_add(std::int64_t a, std::int64_t m, std::int64_t b) {
  std::int64_t r{};
  if (__builtin_mul_overflow(a, m, &r) || __builtin_add_overflow(r, b, &r)) return std::nullopt;
  return r;
}
/// A number converted to a column's C++ type (an int literal to int16_t, a double to float, an int to double, ...);
/// a value the type cannot hold is an encode_error, never another value. Floating-point values may round to the
/// nearest float (as PostgreSQL's own real input does) but not overflow; integers must convert exactly.
template <class To, class From>
constexpr To convert_number(From v) {
  static_assert(std::is_arithmetic_v<To> && std::is_arithmetic_v<From>);
  if constexpr (std::is_same_v<To, From> || std::is_same_v<To, bool> || std::is_same_v<From, bool>) {
    return static_cast<To>(v);
  } else if constexpr (std::is_integral_v<To> && std::is_integral_v<From>) {
    // through the widest type of From's signedness: std::in_range refuses character types
    using wide = std::conditional_t<std::is_signed_v<From>, long long, unsigned long long>;
    if (!std::in_range<To>(static_cast<wide>(v)))
      bad_value("a number", "it does not fit the column's " + std::to_string(sizeof(To) * 8) + "-bit integer type");
    return static_cast<To>(v);
  } else if constexpr (std::is_integral_v<To>) {  // floating -> integer: finite, whole and in range
    const auto w = static_cast<long double>(v);
    if (!(w == w) || w < static_cast<long double>(std::numeric_limits<To>::min()) ||
        w > static_cast<long double>(std::numeric_limits<To>::max()) ||
        static_cast<long double>(static_cast<To>(w)) != w)
      bad_value("a number", "a floating-point value that is not a whole number in the column's integer range");
    return static_cast<To>(v);
  } else if constexpr (std::is_integral_v<From>) {  // integer -> floating: exactly
    const auto r = static_cast<To>(v);
    if (static_cast<long double>(r) != static_cast<long double>(v))
      bad_value("a number", "the integer has no exact floating-point value in the column's type");
    return r;
  } else {  // floating -> floating: rounding allowed, overflow not
    const auto r = static_cast<To>(v);
    if ((r == std::numeric_limits<To>::infinity() || r == -std::numeric_limits<To>::infinity()) && v == v &&
        v != std::numeric_limits<From>::infinity() && v != -std::numeric_limits<From>::infinity())
      bad_value("a number", "the value overflows the column's floating-point type");
    return r;
  }
}
template <class = void>
inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Codecs for the built-in C++ types

template <class T>
struct codec<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static void encode(T v, std::string& out) {
    char buf[24];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, p);
  }
  static T decode(std::string_view text) { return detail::parse_int<T>(text, "an integer"); }
};

template <class T>
struct codec<T, std::enable_if_t<std::is_same_v<T, bool>>> {
  static void encode(bool v, std::string& out) { out += v ? "true" : "false"; }
  static bool decode(std::string_view text) {
    if (text == "t" || text == "true") return true;
    if (text == "f" || text == "false") return false;
    detail::bad_text("a boolean", text);
  }
};

template <class T>
struct codec<T, std::enable_if_t<std::is_floating_point_v<T>>> {
  static void encode(T v, std::string& out) {
    if (v != v) return void(out += "NaN");
    if (v == std::numeric_limits<T>::infinity()) return void(out += "Infinity");
    if (v == -std::numeric_limits<T>::infinity()) return void(out += "-Infinity");
    char buf[40];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, p);
  }
  static T decode(std::string_view text) {
    if (text == "NaN") return std::numeric_limits<T>::quiet_NaN();
    if (text == "Infinity") return std::numeric_limits<T>::infinity();
    if (text == "-Infinity") return -std::numeric_limits<T>::infinity();
    T v{};
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size()) detail::bad_text("a floating-point number", text);
    return v;
  }
};

template <class T>
struct codec<T, std::enable_if_t<std::is_same_v<T, std::string>>> {
  static void encode(std::string_view v, std::string& out) { out += v; }
  static std::string decode(std::string_view text) { return std::string(text); }
};

namespace detail {
/// numeric's text read as PostgreSQL 15's numeric_in reads it: blanks around, a sign, digits with at most one point,
/// an exponent (blanks and a sign allowed after the `e`, as strtol reads it), or NaN / Infinity / inf (signed
/// infinities) in any case. Also what the number's stored form needs (numeric_recv's fields), so that the binary
/// COPY encoder writes it from here. Text numeric_in would refuse (22P02), and a number past numeric's storage
/// (22003: a weight past int16, a display scale past 16383, an exponent past 2^30), is an encode_error: the same
/// refusal on every path (parameters, arrays, the text and binary COPY), before anything is sent.
struct numeric_text {
  enum class kind : unsigned char { number, nan, infinity, minus_infinity };
  kind what = kind::number;
  bool negative = false;
  std::string_view integer{}, fraction{};  ///< the digits before and after the point, as written
  std::int64_t dscale = 0;                 ///< digits after the point once the exponent is applied
  std::size_t first = 0, last = 0;  ///< the significant digits: [first, last) of integer + fraction, zeros trimmed
  std::int64_t pad = 0;             ///< zeros put in front so that the point falls between groups of four digits
  std::int64_t weight = 0;          ///< base-10000 weight of the first group
  std::size_t groups = 0;           ///< base-10000 digits
  [[nodiscard]] char digit(std::size_t i) const {
    return i < integer.size() ? integer[i] : fraction[i - integer.size()];
  }
};
template <class = void>
numeric_text read_numeric(std::string_view text) {
  auto refuse = [&] {
    bad_value("a numeric value", "'" + std::string(text.substr(0, 40)) + (text.size() > 40 ? "..." : "") +
                                     "' is not a number PostgreSQL's numeric holds");
  };
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  std::size_t b = 0, e = text.size();
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  const std::string_view t = text.substr(b, e - b);
  auto is = [&](std::string_view word) {
    if (t.size() != word.size()) return false;
    for (std::size_t i = 0; i < t.size(); ++i)
      if (lower(t[i]) != word[i]) return false;
    return true;
  };
  numeric_text n;
  if (is("nan")) return n.what = numeric_text::kind::nan, n;
  if (is("infinity") || is("+infinity") || is("inf") || is("+inf")) return n.what = numeric_text::kind::infinity, n;
  if (is("-infinity") || is("-inf")) return n.what = numeric_text::kind::minus_infinity, n;
  std::size_t p = 0;
  n.negative = p < t.size() && t[p] == '-';
  if (p < t.size() && (t[p] == '-' || t[p] == '+')) ++p;
  auto digits = [&] {
    const std::size_t start = p;
    while (p < t.size() && t[p] >= '0' && t[p] <= '9') ++p;
    return t.substr(start, p - start);
  };
  n.integer = digits();
  if (p < t.size() && t[p] == '.') ++p, n.fraction = digits();
  if (n.integer.empty() && n.fraction.empty()) refuse();
  std::int64_t exponent = 0;
  if (p < t.size() && (t[p] == 'e' || t[p] == 'E')) {
    ++p;
    while (p < t.size() && is_space(t[p])) ++p;
    const bool exp_negative = p < t.size() && t[p] == '-';
    if (p < t.size() && (t[p] == '-' || t[p] == '+')) ++p;
    const std::size_t start = p;
    for (; p < t.size() && t[p] >= '0' && t[p] <= '9'; ++p) {
      exponent = exponent * 10 + (t[p] - '0');
      if (exponent >= 1'073'741'823) refuse();  // numeric_in's limit (INT_MAX / 2): 22003 there
    }
    if (p == start) refuse();
    if (exp_negative) exponent = -exponent;
  }
  if (p != t.size()) refuse();
  const auto before = static_cast<std::int64_t>(n.integer.size());
  n.dscale = static_cast<std::int64_t>(n.fraction.size()) - exponent;
  if (n.dscale < 0) n.dscale = 0;
  if (n.dscale > 0x3FFF) refuse();  // past numeric's display scale
  // Digits before the point, after the exponent moved it; then drop zeros at both ends.
  std::int64_t point_at = before + exponent;
  n.last = n.integer.size() + n.fraction.size();
  while (n.first < n.last && n.digit(n.first) == '0') ++n.first, --point_at;
  while (n.last > n.first && n.digit(n.last - 1) == '0') --n.last;
  if (n.first == n.last) return n;  // zero: no digits, weight 0
  n.pad = ((4 - point_at % 4) % 4 + 4) % 4;
  n.weight = (point_at + n.pad) / 4 - 1;
  n.groups = (static_cast<std::size_t>(n.pad) + (n.last - n.first) + 3) / 4;
  if (n.weight > 0x7FFF || n.weight < -0x8000 || n.groups > 0xFFFF) refuse();
  return n;
}
}  // namespace detail

template <class T>
struct codec<T, std::enable_if_t<std::is_same_v<T, decimal>>> {
  /// Text numeric_in would refuse is an encode_error here (detail::read_numeric), not the server's 22P02.
  static void encode(const decimal& v, std::string& out) {
    (void)detail::read_numeric(v.text);
    out += v.text;
  }
  static decimal decode(std::string_view text) { return decimal(std::string(text)); }
};

inline uuid uuid::parse(std::string_view text) {
  uuid u;
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-') continue;
    const int hi = detail::hex_digit(text[i]);
    const int lo = i + 1 < text.size() ? detail::hex_digit(text[i + 1]) : -1;
    if (hi < 0 || lo < 0 || n == 16) detail::bad_text("a uuid", text);
    u.bytes[n++] = static_cast<std::uint8_t>(hi * 16 + lo);
    ++i;
  }
  if (n != 16) detail::bad_text("a uuid", text);
  return u;
}
inline std::string uuid::to_string() const {
  static constexpr char hex[] = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += hex[bytes[i] >> 4];
    s += hex[bytes[i] & 15];
  }
  return s;
}
template <class T>
struct codec<T, std::enable_if_t<std::is_same_v<T, uuid>>> {
  static void encode(const uuid& v, std::string& out) { out += v.to_string(); }
  static uuid decode(std::string_view text) { return uuid::parse(text); }
};

template <class T>
struct codec<T, std::enable_if_t<std::is_same_v<T, bytes>>> {
  static void encode(const bytes& v, std::string& out) {
    static constexpr char hex[] = "0123456789abcdef";
    out += "\\x";
    for (std::byte b : v) {
      out += hex[std::to_integer<unsigned>(b) >> 4];
      out += hex[std::to_integer<unsigned>(b) & 15];
    }
  }
  static bytes decode(std::string_view text) {
    if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0)
      detail::bad_text("bytea (hex format)", text);
    bytes out;
    out.reserve(text.size() / 2 - 1);
    for (std::size_t i = 2; i < text.size(); i += 2) {
      const int hi = detail::hex_digit(text[i]), lo = detail::hex_digit(text[i + 1]);
      if (hi < 0 || lo < 0) detail::bad_text("bytea (hex format)", text);
      out.push_back(static_cast<std::byte>(hi * 16 + lo));
    }
    return out;
  }
};

namespace detail {
/// Proleptic Gregorian calendar on 64-bit day counts (H. Hinnant's algorithms), so every date PostgreSQL holds
/// (4713 BC to 5874897 AD) has a C++ value; std::chrono::year stops at 32767. Year 0 is 1 BC, -1 is 2 BC, ...
inline constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
struct civil_date {
  std::int64_t year;
  unsigned month, day;
};
inline constexpr civil_date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}
inline constexpr unsigned days_in_month(std::int64_t y, unsigned m) {
  constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
  return m == 2 && leap ? 29 : days[m - 1];
}
/// PostgreSQL's range: 4713-11-24 BC (Julian day 0) to 5874897-12-31 for dates; timestamps start on the same day.
inline constexpr std::int64_t pg_min_day = days_from_civil(-4712, 11, 24);
inline constexpr std::int64_t pg_max_day = days_from_civil(5874897, 12, 31);

/// Reads `YYYY-MM-DD` (years may have more than four digits) and returns the day count; advances pos. A trailing
/// ` BC` is read by the caller (PostgreSQL writes it after the whole value).
template <class = void>
inline std::int64_t parse_date_part(std::string_view text, std::size_t& pos, std::string_view what) {
  auto number = [&](std::size_t min_digits, std::size_t max_digits) {
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos - start < min_digits || pos - start > max_digits) bad_text(what, text);
    return parse_int<std::int64_t>(text.substr(start, pos - start), what);
  };
  const std::int64_t y = number(4, 9);
  if (pos >= text.size() || text[pos++] != '-') bad_text(what, text);
  const auto m = static_cast<unsigned>(number(2, 2));
  if (pos >= text.size() || text[pos++] != '-') bad_text(what, text);
  const auto d = static_cast<unsigned>(number(2, 2));
  if (y == 0 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) bad_text(what, text);
  return days_from_civil(y, m, d);
}
/// Strips PostgreSQL's ` BC` suffix; the day count was computed for year Y AD and becomes year 1 - Y.
template <class = void>
inline bool strip_bc(std::string_view& text) {
  if (!text.ends_with(" BC")) return false;
  text.remove_suffix(3);
  return true;
}
template <class = void>
inline std::int64_t bc_day(std::int64_t day) {
  const civil_date c = civil_from_days(day);
  return days_from_civil(1 - c.year, c.month, c.day);
}
/// Reads `HH:MM:SS[.ffffff]` and returns microseconds since midnight; advances pos. Hours may have many digits
/// (intervals); a value past int64 microseconds is a decode_error.
template <class = void>
inline std::int64_t parse_time_part(std::string_view text, std::size_t& pos, bool negative = false) {
  auto two = [&] {
    if (pos + 2 > text.size() || text[pos] < '0' || text[pos] > '9' || text[pos + 1] < '0' || text[pos + 1] > '9')
      bad_text("a time", text);
    const int v = (text[pos] - '0') * 10 + (text[pos + 1] - '0');
    pos += 2;
    return v;
  };
  std::int64_t h = 0;
  {
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    h = parse_int<std::int64_t>(text.substr(start, pos - start), "a time");
  }
  if (pos >= text.size() || text[pos++] != ':') bad_text("a time", text);
  const int mi = two();
  int s = 0;
  if (pos < text.size() && text[pos] == ':') ++pos, s = two();
  if (mi > 59 || s > 60) bad_text("a time", text);
  std::int64_t frac = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (n == 6) bad_text("a time with microseconds", text);  // more digits than PostgreSQL keeps
      frac = frac * 10 + (text[pos] - '0'), ++n;
      ++pos;
    }
    if (n == 0) bad_text("a time", text);
    for (; n < 6; ++n) frac *= 10;
  }
  const std::int64_t rest = (std::int64_t{mi} * 60 + s) * 1'000'000 + frac;
  const auto us = negative ? mul_add(-h, 3'600'000'000, -rest) : mul_add(h, 3'600'000'000, rest);
  if (!us) bad_text("a time (past the range of int64 microseconds)", text);
  return *us;
}
template <class = void>
inline void append_padded(std::string& out, std::int64_t v, int width) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  for (long i = p - buf; i < width; ++i) out += '0';
  out.append(buf, p);
}
/// Writes the day as PostgreSQL reads it; returns whether ` BC` must follow the value.
template <class = void>
inline bool append_date(std::string& out, std::int64_t day) {
  const civil_date c = civil_from_days(day);
  const bool bc = c.year <= 0;
  append_padded(out, bc ? 1 - c.year : c.year, 4);
  out += '-';
  append_padded(out, c.month, 2);
  out += '-';
  append_padded(out, c.day, 2);
  return bc;
}
template <class = void>
inline void append_time(std::string& out, std::int64_t us) {
  append_padded(out, us / 3'600'000'000, 2);
  out += ':';
  append_padded(out, us / 60'000'000 % 60, 2);
  out += ':';
  append_padded(out, us / 1'000'000 % 60, 2);
  if (us % 1'000'000) out += '.', append_padded(out, us % 1'000'000, 6);
}
template <class = void>
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}
}  // namespace detail

/// timestamp / timestamptz: microseconds since the epoch, in UTC. A timestamp without time zone is read as UTC (as
/// Drizzle does); `infinity` maps to time_point::max() and `-infinity` to min(). BC timestamps are supported
/// (year 0 is 1 BC); before 4713-11-24 BC (PostgreSQL's first day) is an encode_error, and a value PostgreSQL holds
/// past int64 microseconds (after year 294247) is a decode_error.
template <class T>
struct codec<T, std::enable_if_t<std::is_same_v<T, timestamp_value>>> {
  static void encode(timestamp_value v, std::string& out) {
    if (v == timestamp_value::max()) return void(out += "infinity");
    if (v == timestamp_value::min()) return void(out += "-infinity");
    const std::int64_t us = v.time_since_epoch().count();
    const std::int64_t day = detail::floor_div(us, 86'400'000'000);
    if (day < detail::pg_min_day)
      detail::bad_value("a timestamp", "it is before 4713-11-24 BC, the first day PostgreSQL holds");
    const bool bc = detail::append_date(out, day);
    out += ' ';
    detail::append_time(out, us - day * 86'400'000'000);
    out += "+00";
    if (bc) out += " BC";
  }
  static timestamp_value decode(std::string_view text) {
    if (text == "infinity") return timestamp_value::max();
    if (text == "-infinity") return timestamp_value::min();
    std::string_view body = text;
    const bool bc = detail::strip_bc(body);
    std::size_t pos = 0;
    std::int64_t day = detail::parse_date_part(body, pos, "a timestamp");
    if (bc) day = detail::bc_day(day);
    if (pos >= body.size() || (body[pos] != ' ' && body[pos] != 'T')) detail::bad_text("a timestamp", text);
    ++pos;
    const std::int64_t us = detail::parse_time_part(body, pos);
    std::int64_t offset_seconds = 0;
    if (pos < body.size() && (body[pos] == '+' || body[pos] == '-')) {
      const int sign = body[pos++] == '-' ? -1 : 1;
      int parts[3] = {0, 0, 0};
      for (int i = 0; i < 3; ++i) {
        if (pos + 2 > body.size() || body[pos] < '0' || body[pos] > '9' || body[pos + 1] < '0' || body[pos + 1] > '9')
          detail::bad_text("a timestamp offset", text);
        parts[i] = (body[pos] - '0') * 10 + (body[pos + 1] - '0');
        pos += 2;
        if (pos < body.size() && body[pos] == ':')
          ++pos;
        else
          break;
      }
      offset_seconds = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
    }
    if (pos != body.size() || us > 86'400'000'000) detail::bad_text("a timestamp", text);
    const auto total = detail::mul_add(day, 86'400'000'000, us - offset_seconds * 1'000'000);
    if (!total || *total == std::numeric_limits<std::int64_t>::max() ||
        *total == std::numeric_limits<std::int64_t>::min())
      detail::bad_text("a timestamp (past the range of int64 microseconds since 1970, years 290308 BC to 294247 AD)",
                       text);
    return timestamp_value{std::chrono::microseconds{*total}};
  }
};

/// date: any day PostgreSQL holds (4713-11-24 BC to 5874897-12-31), BC included; `infinity` / `-infinity` map to
/// sys_days::max() / min(). A day outside PostgreSQL's range is an encode_error.
template <class T>
struct codec<T, std::enable_if_t<std::is_same_v<T, date_value>>> {
  static void encode(date_value v, std::string& out) {
    if (v == date_value::max()) return void(out += "infinity");
    if (v == date_value::min()) return void(out += "-infinity");
    const std::int64_t day = v.time_since_epoch().count();
    if (day < detail::pg_min_day || day > detail::pg_max_day)
      detail::bad_value("a date", "it is outside PostgreSQL's range (4713-11-24 BC to 5874897-12-31)");
    if (detail::append_date(out, day)) out += " BC";
  }
  static date_value decode(std::string_view text) {
    if (text == "infinity") return date_value::max();
    if (text == "-infinity") return date_value::min();
    std::string_view body = text;
    const bool bc = detail::strip_bc(body);
    std::size_t pos = 0;
    std::int64_t day = detail::parse_date_part(body, pos, "a date");
    if (pos != body.size()) detail::bad_text("a date", text);
    if (bc) day = detail::bc_day(day);
    return date_value{std::chrono::days{day}};
  }
};

/// time (of day): 00:00:00 to 24:00:00 inclusive, as PostgreSQL allows; anything else is an encode_error.
template <class T>
struct codec<T, std::enable_if_t<std::is_same_v<T, time_value>>> {
  static void encode(time_value v, std::string& out) {
    if (v.count() < 0 || v.count() > 86'400'000'000)
      detail::bad_value("a time of day", "it is outside 00:00:00 to 24:00:00");
    detail::append_time(out, v.count());
  }
  static time_value decode(std::string_view text) {
    std::size_t pos = 0;
    const auto us = detail::parse_time_part(text, pos);
    if (pos != text.size() || us > 86'400'000'000) detail::bad_text("a time", text);
    return time_value{us};
  }
};

/// Intervals are sent as `<months> mons <days> days <us> microseconds` and read from
/// PostgreSQL's default IntervalStyle (`1 year 2 mons 3 days 04:05:06.5`).
template <class T>
struct codec<T, std::enable_if_t<std::is_same_v<T, interval>>> {
  static void encode(const interval& v, std::string& out) {
    codec<std::int32_t>::encode(v.months, out);
    out += " mons ";
    codec<std::int32_t>::encode(v.days, out);
    out += " days ";
    codec<std::int64_t>::encode(v.microseconds, out);
    out += " microseconds";
  }
  static interval decode(std::string_view text) {
    std::int64_t months = 0, days = 0, us = 0;
    std::size_t pos = 0;
    auto skip_spaces = [&] {
      while (pos < text.size() && text[pos] == ' ') ++pos;
    };
    auto add = [&](std::int64_t& to, std::int64_t n, std::int64_t factor) {
      const auto r = detail::mul_add(n, factor, to);
      if (!r) detail::bad_text("an interval (a field past its range)", text);
      to = *r;
    };
    while (skip_spaces(), pos < text.size()) {
      const std::size_t start = pos;
      const bool negative = text[pos] == '-';
      const std::size_t number_start = text[pos] == '+' ? pos + 1 : start;
      if (text[pos] == '-' || text[pos] == '+') ++pos;
      std::size_t digits_end = pos;
      while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9') ++digits_end;
      if (digits_end < text.size() && text[digits_end] == ':') {  // the time part
        std::size_t p = pos;
        add(us, detail::parse_time_part(text, p, negative), 1);
        pos = p;
        continue;
      }
      const auto n =
          detail::parse_int<std::int64_t>(text.substr(number_start, digits_end - number_start), "an interval");
      pos = digits_end;
      skip_spaces();
      const std::size_t unit_start = pos;
      while (pos < text.size() && text[pos] != ' ') ++pos;
      const std::string_view unit = text.substr(unit_start, pos - unit_start);
      if (unit == "year" || unit == "years")
        add(months, n, 12);
      else if (unit == "mon" || unit == "mons")
        add(months, n, 1);
      else if (unit == "day" || unit == "days")
        add(days, n, 1);
      else
        detail::bad_text("an interval (PostgreSQL's default IntervalStyle)", text);
    }
    constexpr std::int64_t lo = std::numeric_limits<std::int32_t>::min(), hi = std::numeric_limits<std::int32_t>::max();
    if (months < lo || months > hi || days < lo || days > hi)
      detail::bad_text("an interval (a field past int32)", text);
    return interval{static_cast<std::int32_t>(months), static_cast<std::int32_t>(days), us};
  }
};

namespace detail {
/// The JSON codecs below only name nlohmann::json through a template parameter (J defaults to it), so this header
/// needs only <nlohmann/json_fwd.hpp>: the 1 s / 150 MB of <nlohmann/json.hpp> is paid by the translation units that
/// read or write a json value, which include <drizzle/json.hpp> (or <nlohmann/json.hpp>) themselves.
///
/// Writes a JSON value as text. Invalid UTF-8 in a string is an encode_error (not nlohmann's exception), and so is
/// U+0000 in a string or key: jsonb refuses `\u0000`, and json follows jsonb so both types accept the same values.
template <class J>
void write_json(const J& v, std::string& out, std::string_view what) {
  const std::size_t start = out.size();
  try {
    out += v.dump(-1, ' ', false, J::error_handler_t::strict);
  } catch (const typename J::exception& e) {
    out.resize(start);
    bad_value(what, std::string("it is not valid JSON text (") + e.what() + ")");
  }
  // Backslashes only appear as escapes in dump()'s output; \u0000 is the escape of U+0000.
  for (std::size_t i = start; i < out.size(); ++i) {
    if (out[i] != '\\') continue;
    if (out.compare(i + 1, 5, "u0000") == 0) {
      out.resize(start);
      bad_value(what, "a string holds U+0000, which PostgreSQL's jsonb cannot hold");
    }
    ++i;
  }
}
/// A T from JSON text: nlohmann's conversion errors become decode_error.
template <class T, class J = nlohmann::json>
T read_json_as(std::string_view text, std::string_view what) {
  auto j = J::parse(text, nullptr, false);
  if (j.is_discarded()) bad_text(what, text);
  if constexpr (std::is_same_v<T, J>) {
    return j;
  } else {
    try {
      return j.template get<T>();
    } catch (const typename J::exception& e) {
      bad_text(std::string(what) + " (" + e.what() + ")", text);
    }
  }
}
/// A T as JSON text: nlohmann's conversion errors become encode_error.
template <class T, class J = nlohmann::json>
void write_json_of(const T& v, std::string& out, std::string_view what) {
  if constexpr (std::is_same_v<T, J>) {
    write_json(v, out, what);
  } else {
    J j;
    try {
      j = v;
    } catch (const typename J::exception& e) {
      bad_value(what, std::string("it cannot be converted to JSON (") + e.what() + ")");
    }
    write_json(j, out, what);
  }
}
}  // namespace detail

/// A partial specialisation (not `codec<nlohmann::json>`) so that its functions are compiled only where used.
template <class J>
struct codec<J, std::enable_if_t<std::is_same_v<J, nlohmann::json>>> {
  static void encode(const J& v, std::string& out) { detail::write_json(v, out, "a json value"); }
  static J decode(std::string_view text) { return detail::read_json_as<J>(text, "json"); }
};

/// A C++ enum mapped to a PostgreSQL enum: pg_enum<user_role, "user_role", "admin", "user", "guest">.
/// The labels are listed in the order of the C++ enumerators (0, 1, 2, ...).
template <class E, fixed_string Name, fixed_string... Labels>
struct pg_enum {
  static_assert(std::is_enum_v<E>, "drizzle: pg_enum needs a C++ enum type as its first argument");
  static_assert(sizeof...(Labels) > 0, "drizzle: pg_enum needs at least one label");
  using enum_type = E;
  static constexpr std::string_view name = Name.view();
  static constexpr std::string_view schema = "public";
  static constexpr std::array<std::string_view, sizeof...(Labels)> labels{Labels.view()...};
  static constexpr std::string_view label(E v) {
    const auto i = static_cast<std::size_t>(v);
    if (i >= labels.size())
      detail::bad_value(std::string("a value of enum ") + std::string(name),
                        "the C++ enumerator " + std::to_string(i) + " has no label");
    return labels[i];
  }
  static E from_label(std::string_view text) {
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (labels[i] == text) return static_cast<E>(i);
    detail::bad_text(std::string("a label of enum ") + std::string(name), text);
  }
};

namespace detail {
/// Appends a PostgreSQL array literal element, always double-quoted (as Drizzle does).
template <class = void>
inline void append_array_element(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t at = 0;;) {  // runs between the characters that need a backslash, appended whole
    const std::size_t next = text.find_first_of("\"\\", at);
    out.append(text.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at));
    if (next == std::string_view::npos) break;
    out += '\\';
    out += text[next];
    at = next + 1;
  }
  out += '"';
}
/// Splits a one-dimensional array literal into elements; std::nullopt for NULL.
template <class = void>
inline std::vector<std::optional<std::string>> split_array(std::string_view text) {
  std::vector<std::optional<std::string>> items;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') bad_text("an array", text);
  std::size_t pos = 1;
  const std::size_t end = text.size() - 1;
  if (pos == end) return items;
  while (pos <= end) {
    std::string item;
    bool quoted = false;
    if (text[pos] == '"') {
      quoted = true;
      ++pos;
      while (pos < end && text[pos] != '"') {
        if (text[pos] == '\\') ++pos;
        if (pos >= end) bad_text("an array", text);
        item += text[pos++];
      }
      if (pos >= end) bad_text("an array", text);  // no closing quote
      ++pos;
    } else {
      // PostgreSQL quotes any element holding these; unquoted, they mean another dimension or a malformed literal.
      while (pos < end && text[pos] != ',') {
        if (text[pos] == '{' || text[pos] == '}' || text[pos] == '"' || text[pos] == '\\')
          bad_text("a one-dimensional array", text);
        item += text[pos++];
      }
    }
    if (!quoted && item == "NULL")
      items.emplace_back(std::nullopt);
    else
      items.emplace_back(std::move(item));
    if (pos < end && text[pos] != ',') bad_text("an array", text);
    ++pos;
  }
  return items;
}
}  // namespace detail

template <class T>
struct codec<std::optional<T>> {
  static void encode(const std::optional<T>& v, std::string& out) {
    if (v) codec<T>::encode(*v, out);
  }
  static std::optional<T> decode(std::string_view text) { return codec<T>::decode(text); }
};

namespace detail {
/// Writes a one-dimensional array literal; Encode(element, out) writes one non-null element.
template <bool Quote, class T, class Encode>
void encode_array(const std::vector<T>& v, std::string& out, Encode encode) {
  out += '{';
  std::string item;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    if constexpr (is_optional_v<T>) {
      if (!v[i]) {
        out += "NULL";
        continue;
      }
    }
    item.clear();
    if constexpr (is_optional_v<T>)
      encode(*v[i], item);
    else
      encode(v[i], item);
    if constexpr (Quote)
      append_array_element(out, item);
    else
      out += item;
  }
  out += '}';
}
/// Reads a one-dimensional array literal; Decode(text) reads one non-null element.
template <class T, class Decode>
std::vector<T> decode_array(std::string_view text, Decode decode) {
  std::vector<T> out;
  for (auto& item : split_array(text)) {
    if (!item) {
      if constexpr (is_optional_v<T>) {
        out.emplace_back(std::nullopt);
        continue;
      } else {
        bad_text("an array without NULL elements (declare the column with array_nullable)", text);
      }
    }
    out.emplace_back(decode(*item));
  }
  return out;
}
}  // namespace detail

/// One-dimensional arrays of plain values; elements may be std::optional<T> to allow NULL elements.
template <class T>
struct codec<std::vector<T>, std::enable_if_t<!std::is_same_v<T, std::byte>>> {
  using element = detail::unwrap_optional_t<T>;
  static void encode(const std::vector<T>& v, std::string& out) {
    detail::encode_array<!std::is_arithmetic_v<element>>(
        v, out, [](const element& e, std::string& o) { codec<element>::encode(e, o); });
  }
  static std::vector<T> decode(std::string_view text) {
    return detail::decode_array<T>(text, [](std::string_view t) { return codec<element>::decode(t); });
  }
};

/// Encodes a value for a parameter; std::nullopt for SQL NULL.
template <class T>
std::optional<std::string> encode_param(const T& v) {
  if constexpr (detail::is_optional_v<T>) {
    if (!v) return std::nullopt;
    return encode_param(*v);
  } else if constexpr (std::is_same_v<T, std::nullopt_t>) {
    return std::nullopt;
  } else {
    std::string out;
    codec<T>::encode(v, out);
    detail::check_no_nul(out, "a parameter");
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// SQL type descriptors

namespace pg {

/// Base for descriptors: not auto-filled, no identity.
struct sql_type_base {
  static constexpr bool auto_default = false;  ///< serial types: NOT NULL with a sequence default
  static constexpr bool integral = false;      ///< may be an identity column
};

#define DRIZZLE_SIMPLE_TYPE(NAME, CPP, DDL, CAST, INTEGRAL, AUTO) \
  struct NAME : sql_type_base {                                   \
    using cpp_type = CPP;                                         \
    static constexpr std::string_view ddl_name() { return DDL; }  \
    static constexpr std::string_view cast_name = CAST;           \
    static constexpr bool integral = INTEGRAL;                    \
    static constexpr bool auto_default = AUTO;                    \
  };

DRIZZLE_SIMPLE_TYPE(smallint, std::int16_t, "smallint", "int2", true, false)
DRIZZLE_SIMPLE_TYPE(integer, std::int32_t, "integer", "int4", true, false)
DRIZZLE_SIMPLE_TYPE(bigint, std::int64_t, "bigint", "int8", true, false)
DRIZZLE_SIMPLE_TYPE(smallserial, std::int16_t, "smallserial", "int2", false, true)
DRIZZLE_SIMPLE_TYPE(serial, std::int32_t, "serial", "int4", false, true)
DRIZZLE_SIMPLE_TYPE(bigserial, std::int64_t, "bigserial", "int8", false, true)
DRIZZLE_SIMPLE_TYPE(real, float, "real", "float4", false, false)
DRIZZLE_SIMPLE_TYPE(double_precision, double, "double precision", "float8", false, false)
DRIZZLE_SIMPLE_TYPE(boolean, bool, "boolean", "bool", false, false)
DRIZZLE_SIMPLE_TYPE(text, std::string, "text", "text", false, false)
DRIZZLE_SIMPLE_TYPE(uuid, ::drizzle::uuid, "uuid", "uuid", false, false)
DRIZZLE_SIMPLE_TYPE(json, nlohmann::json, "json", "json", false, false)
DRIZZLE_SIMPLE_TYPE(bytea, ::drizzle::bytes, "bytea", "bytea", false, false)
DRIZZLE_SIMPLE_TYPE(date, ::drizzle::date_value, "date", "date", false, false)
DRIZZLE_SIMPLE_TYPE(time_of_day, ::drizzle::time_value, "time", "time", false,
                    false)  // `time` would clash with ::time()
DRIZZLE_SIMPLE_TYPE(interval, ::drizzle::interval, "interval", "interval", false, false)
DRIZZLE_SIMPLE_TYPE(inet, std::string, "inet", "inet", false, false)
DRIZZLE_SIMPLE_TYPE(cidr, std::string, "cidr", "cidr", false, false)
DRIZZLE_SIMPLE_TYPE(macaddr, std::string, "macaddr", "macaddr", false, false)
#undef DRIZZLE_SIMPLE_TYPE

namespace detail_names {
inline constexpr std::string_view varchar_open = "varchar(", char_open = "char(", close = ")",
                                  numeric_open = "numeric(", comma = ", ", ts_open = "timestamp (",
                                  ts_open_tight = "timestamp(", tstz_close = ") with time zone", array_suffix = "[]";
template <std::size_t N>
inline constexpr std::string_view num = ::drizzle::detail::number_text<N>.view();
}  // namespace detail_names

/// The length checks of varchar<N> / char_<N>, run for their second (defaulted) template argument: where
/// `varchar<0>` is written, outside the class, so that clang does not mark the class invalid and report every
/// later use of it too.
template <std::size_t N>
constexpr bool varchar_length() {
  static_assert(N > 0, "drizzle: varchar<N> needs a positive length; use text for unbounded strings");
  return true;
}
template <std::size_t N>
constexpr bool char_length() {
  static_assert(N > 0, "drizzle: char_<N> needs a positive length");
  return true;
}

/// varchar(n): n must be positive.
template <std::size_t N, bool = varchar_length<N>()>
struct varchar : sql_type_base {
  using cpp_type = std::string;
  static constexpr std::string_view ddl_name() {
    return ::drizzle::detail::join_v<detail_names::varchar_open, detail_names::num<N>, detail_names::close>.view();
  }
  static constexpr std::string_view cast_name = "varchar";
};

/// char(n), blank-padded by PostgreSQL.
template <std::size_t N, bool = char_length<N>()>
struct char_ : sql_type_base {
  using cpp_type = std::string;
  static constexpr std::string_view ddl_name() {
    return ::drizzle::detail::join_v<detail_names::char_open, detail_names::num<N>, detail_names::close>.view();
  }
  static constexpr std::string_view cast_name = "bpchar";
};

/// numeric(p, s), read and written as exact decimal text.
template <std::size_t Precision, std::size_t Scale = 0>
struct numeric : sql_type_base {
  static_assert(Precision > 0 && Precision <= 1000, "drizzle: numeric<P, S> needs 1 <= P <= 1000");
  static_assert(Scale <= Precision, "drizzle: numeric<P, S> needs S <= P");
  using cpp_type = ::drizzle::decimal;
  static constexpr std::string_view ddl_name() {
    return ::drizzle::detail::join_v<detail_names::numeric_open, detail_names::num<Precision>, detail_names::comma,
                                     detail_names::num<Scale>, detail_names::close>.view();
  }
  static constexpr std::string_view cast_name = "numeric";
};
/// numeric without precision: any number of digits.
struct numeric_any : sql_type_base {
  using cpp_type = ::drizzle::decimal;
  static constexpr std::string_view ddl_name() { return "numeric"; }
  static constexpr std::string_view cast_name = "numeric";
};

/// timestamp [(p)] without time zone; values are UTC microseconds. Spelled `timestamp (3)`, with the space, as
/// drizzle-kit writes it (in its snapshots and SQL), so a folder either tool started continues without a change.
template <int Precision = -1>
struct timestamp_p : sql_type_base {
  static_assert(Precision >= -1 && Precision <= 6, "drizzle: timestamp precision must be between 0 and 6");
  using cpp_type = ::drizzle::timestamp_value;
  static constexpr std::string_view ddl_name() {
    if constexpr (Precision < 0)
      return "timestamp";
    else
      return ::drizzle::detail::join_v<detail_names::ts_open, detail_names::num<Precision>, detail_names::close>.view();
  }
  static constexpr std::string_view cast_name = "timestamp";
};
/// timestamp [(p)] with time zone.
template <int Precision = -1>
struct timestamp_tz_p : sql_type_base {
  static_assert(Precision >= -1 && Precision <= 6, "drizzle: timestamp precision must be between 0 and 6");
  using cpp_type = ::drizzle::timestamp_value;
  static constexpr std::string_view ddl_name() {
    if constexpr (Precision < 0)
      return "timestamp with time zone";
    else
      return ::drizzle::detail::join_v<detail_names::ts_open, detail_names::num<Precision>, detail_names::tstz_close>.view();
  }
  static constexpr std::string_view cast_name = "timestamptz";
};
using timestamp = timestamp_p<>;
using timestamp_tz = timestamp_tz_p<>;
/// timestamp(p) spelled without the space, as Drizzle spells a `timestamp(..., { mode: 'string', precision })`
/// column: the same PostgreSQL type and values as timestamp_p<P>, for schemas whose drizzle-kit folder came from
/// such a column (the spelling is what the snapshot and the SQL files hold; the kit treats both as one type).
template <int Precision>
struct timestamp_string_p : timestamp_p<Precision> {
  static_assert(Precision >= 0, "drizzle: timestamp_string_p needs a precision; use timestamp without one");
  static constexpr std::string_view ddl_name() {
    return ::drizzle::detail::join_v<detail_names::ts_open_tight, detail_names::num<Precision>, detail_names::close>.view();
  }
};

/// jsonb holding T (nlohmann::json by default; any T with nlohmann to_json/from_json).
template <class T = nlohmann::json>
struct jsonb : sql_type_base {
  using cpp_type = T;
  static constexpr std::string_view ddl_name() { return "jsonb"; }
  static constexpr std::string_view cast_name = "jsonb";
  static void encode(const T& v, std::string& out) { detail::write_json_of(v, out, "a jsonb value"); }
  static T decode(std::string_view text) { return detail::read_json_as<T>(text, "jsonb"); }
};
/// json holding T.
template <class T>
struct json_of : sql_type_base {
  using cpp_type = T;
  static constexpr std::string_view ddl_name() { return "json"; }
  static constexpr std::string_view cast_name = "json";
  static void encode(const T& v, std::string& out) { detail::write_json_of(v, out, "a json value"); }
  static T decode(std::string_view text) { return detail::read_json_as<T>(text, "json"); }
};

/// A column of a PostgreSQL enum: enum_of<user_role_enum>.
template <const auto& Enum>
struct enum_of : sql_type_base {
  using descriptor = std::remove_cvref_t<decltype(Enum)>;
  using cpp_type = typename descriptor::enum_type;
  static constexpr std::string_view ddl_name() { return descriptor::name; }
  static constexpr std::string_view cast_name = descriptor::name;
  static constexpr std::string_view cast_schema = descriptor::schema;  ///< qualifies casts outside public
  static constexpr bool quoted_ddl_name = true;
  static void encode(cpp_type v, std::string& out) { out += descriptor::label(v); }
  static cpp_type decode(std::string_view text) { return descriptor::from_label(text); }
};

/// One-dimensional array of an element type: array<integer> is integer[].
template <class Element, bool NullableElements = false>
struct array : sql_type_base {
  using element_type = Element;
  using cpp_type = std::vector<::drizzle::detail::maybe_optional_t<typename Element::cpp_type, NullableElements>>;
  static constexpr std::string_view element_ddl = Element::ddl_name();
  static constexpr std::string_view ddl_name() {
    return ::drizzle::detail::join_v<element_ddl, detail_names::array_suffix>.view();
  }
  static constexpr std::string_view cast_name_storage = Element::cast_name;
  static constexpr std::string_view cast_name =
      ::drizzle::detail::join_v<cast_name_storage, detail_names::array_suffix>.view();
  using stored_element = typename cpp_type::value_type;
  static void encode(const cpp_type& v, std::string& out);
  static cpp_type decode(std::string_view text);
};
/// An array whose elements may be NULL (std::vector<std::optional<T>>).
template <class Element>
using array_nullable = array<Element, true>;

/// Your own type, through one specialization: drizzle::codec<T> with `sql_name`, `encode` and `decode`.
template <class T>
struct custom : sql_type_base {
  static_assert(
      requires { codec<T>::sql_name; },
      "drizzle: custom<T> needs a specialization of drizzle::codec<T> with sql_name, encode and decode");
  using cpp_type = T;
  static constexpr std::string_view ddl_name() { return codec<T>::sql_name; }
  static constexpr std::string_view cast_name = codec<T>::sql_name;
};

}  // namespace pg

/// Writes a non-null value of SQL type S as text (S::encode when S has one, else codec<>).
/// Every value sent goes through here or encode_param, so a NUL byte is refused once for every path (values,
/// placeholders, arrays, unnest inserts, COPY): an encode_error naming the column's type, before anything is sent.
template <class S>
void encode_as(const typename S::cpp_type& v, std::string& out) {
  const std::size_t start = out.size();
  if constexpr (requires { S::encode(v, out); })
    S::encode(v, out);
  else
    codec<typename S::cpp_type>::encode(v, out);
  // The codecs above write numbers and booleans without a NUL: only other values (and custom encoders) are checked.
  constexpr bool custom = requires {
    S::encode(v, out);
  };
  if constexpr (!std::is_arithmetic_v<typename S::cpp_type> || custom) {
    if (std::memchr(out.data() + start, 0, out.size() - start))
      detail::check_no_nul(std::string_view(out).substr(start), "a " + std::string(S::ddl_name()) + " value");
  }
}
/// True when encode_as<S> writes std::to_chars's decimal digits of an integer (no encoder of S's own): the
/// parameter collector then writes them into the parameter itself (param_text), with the same text.
template <class S>
inline constexpr bool encodes_as_integer_v = [] {
  using T = typename S::cpp_type;
  // At most 8 bytes: param_text's 24 characters hold 20 digits and a sign.
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool> && sizeof(T) <= 8)
    return !requires(const T& v, std::string& out) {
      S::encode(v, out);
    };
  else
    return false;
}();
/// Reads PostgreSQL's text for a non-null value of SQL type S.
template <class S>
typename S::cpp_type decode_as(std::string_view text) {
  if constexpr (requires { S::decode(text); })
    return S::decode(text);
  else
    return codec<typename S::cpp_type>::decode(text);
}

template <class Element, bool N>
void pg::array<Element, N>::encode(const cpp_type& v, std::string& out) {
  using E = typename Element::cpp_type;
  detail::encode_array<!std::is_arithmetic_v<E>>(v, out, [](const E& e, std::string& o) { encode_as<Element>(e, o); });
}
template <class Element, bool N>
auto pg::array<Element, N>::decode(std::string_view text) -> cpp_type {
  return detail::decode_array<stored_element>(text, [](std::string_view t) { return decode_as<Element>(t); });
}

template <class T>
concept sql_type = requires {
  typename T::cpp_type;
  { T::ddl_name() } -> std::convertible_to<std::string_view>;
};

}  // namespace drizzle
