#pragma once
/// PostgreSQL types <-> C++ types: the one place that says which C++ type a column holds,
/// how a value is written as a text parameter, and how PostgreSQL's text output is read back.
///
/// Every SQL type descriptor in drizzle::pg has:
///   cpp_type    the C++ value type of a non-null value
///   ddl_name()  the type as drizzle-kit writes it in CREATE TABLE
///   cast_name   the name used in `$n::cast` where PostgreSQL cannot infer a parameter's type
/// Values go through drizzle::codec<cpp_type>: encode() to text, decode() from text.
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "detail/meta.hpp"
#include "detail/text.hpp"
#include "fixed_string.hpp"

namespace drizzle {

/// Thrown when PostgreSQL's text for a value cannot be read as the column's C++ type.
class decode_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

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
[[noreturn]] inline void bad_text(std::string_view what, std::string_view text) {
  throw decode_error("drizzle: cannot read '" + std::string(text) + "' as " + std::string(what));
}
template <class Int>
Int parse_int(std::string_view text, std::string_view what) {
  Int v{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size()) bad_text(what, text);
  return v;
}
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

template <>
struct codec<bool> {
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

template <>
struct codec<std::string> {
  static void encode(std::string_view v, std::string& out) { out += v; }
  static std::string decode(std::string_view text) { return std::string(text); }
};

template <>
struct codec<decimal> {
  static void encode(const decimal& v, std::string& out) { out += v.text; }
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
template <>
struct codec<uuid> {
  static void encode(const uuid& v, std::string& out) { out += v.to_string(); }
  static uuid decode(std::string_view text) { return uuid::parse(text); }
};

template <>
struct codec<bytes> {
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
/// Reads `YYYY-MM-DD` (years may have more than four digits) and returns the day; advances pos.
inline date_value parse_date_part(std::string_view text, std::size_t& pos) {
  auto number = [&](std::size_t min_digits) {
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos - start < min_digits) bad_text("a date", text);
    return parse_int<int>(text.substr(start, pos - start), "a date");
  };
  const int y = number(4);
  if (pos >= text.size() || text[pos++] != '-') bad_text("a date", text);
  const int m = number(2);
  if (pos >= text.size() || text[pos++] != '-') bad_text("a date", text);
  const int d = number(2);
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) bad_text("a date", text);
  return std::chrono::sys_days{ymd};
}
/// Reads `HH:MM:SS[.ffffff]` and returns microseconds since midnight; advances pos.
inline std::int64_t parse_time_part(std::string_view text, std::size_t& pos) {
  auto two = [&] {
    if (pos + 2 > text.size()) bad_text("a time", text);
    const int v = parse_int<int>(text.substr(pos, 2), "a time");
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
  std::int64_t frac = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (n < 6) frac = frac * 10 + (text[pos] - '0'), ++n;
      ++pos;
    }
    for (; n < 6; ++n) frac *= 10;
  }
  return ((h * 60 + mi) * 60 + s) * 1'000'000 + frac;
}
inline void append_padded(std::string& out, long long v, int width) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v < 0 ? -v : v);
  if (v < 0) out += '-';
  for (long i = p - buf; i < width; ++i) out += '0';
  out.append(buf, p);
}
inline void append_date(std::string& out, date_value d) {
  const std::chrono::year_month_day ymd{d};
  append_padded(out, static_cast<int>(ymd.year()), 4);
  out += '-';
  append_padded(out, static_cast<unsigned>(ymd.month()), 2);
  out += '-';
  append_padded(out, static_cast<unsigned>(ymd.day()), 2);
}
inline void append_time(std::string& out, std::int64_t us) {
  append_padded(out, us / 3'600'000'000, 2);
  out += ':';
  append_padded(out, us / 60'000'000 % 60, 2);
  out += ':';
  append_padded(out, us / 1'000'000 % 60, 2);
  if (us % 1'000'000) out += '.', append_padded(out, us % 1'000'000, 6);
}
}  // namespace detail

/// timestamp / timestamptz: microseconds since the epoch, in UTC. A timestamp without time zone
/// is read as UTC (as Drizzle does); `infinity` maps to time_point::max() and `-infinity` to min().
template <>
struct codec<timestamp_value> {
  static void encode(timestamp_value v, std::string& out) {
    if (v == timestamp_value::max()) return void(out += "infinity");
    if (v == timestamp_value::min()) return void(out += "-infinity");
    const auto day = std::chrono::floor<std::chrono::days>(v);
    detail::append_date(out, date_value{day});
    out += ' ';
    detail::append_time(out, (v - day).count());
    out += "+00";
  }
  static timestamp_value decode(std::string_view text) {
    if (text == "infinity") return timestamp_value::max();
    if (text == "-infinity") return timestamp_value::min();
    std::size_t pos = 0;
    const date_value day = detail::parse_date_part(text, pos);
    if (pos >= text.size() || (text[pos] != ' ' && text[pos] != 'T')) detail::bad_text("a timestamp", text);
    ++pos;
    const std::int64_t us = detail::parse_time_part(text, pos);
    std::int64_t offset_seconds = 0;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      const int sign = text[pos++] == '-' ? -1 : 1;
      int parts[3] = {0, 0, 0};
      for (int i = 0; i < 3 && pos + 2 <= text.size(); ++i) {
        parts[i] = detail::parse_int<int>(text.substr(pos, 2), "a timestamp offset");
        pos += 2;
        if (pos < text.size() && text[pos] == ':')
          ++pos;
        else
          break;
      }
      offset_seconds = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
    }
    if (pos != text.size()) detail::bad_text("a timestamp", text);
    return timestamp_value{day} + std::chrono::microseconds{us} - std::chrono::seconds{offset_seconds};
  }
};

template <>
struct codec<date_value> {
  static void encode(date_value v, std::string& out) {
    if (v == date_value::max()) return void(out += "infinity");
    if (v == date_value::min()) return void(out += "-infinity");
    detail::append_date(out, v);
  }
  static date_value decode(std::string_view text) {
    if (text == "infinity") return date_value::max();
    if (text == "-infinity") return date_value::min();
    std::size_t pos = 0;
    const date_value d = detail::parse_date_part(text, pos);
    if (pos != text.size()) detail::bad_text("a date", text);
    return d;
  }
};

template <>
struct codec<time_value> {
  static void encode(time_value v, std::string& out) { detail::append_time(out, v.count()); }
  static time_value decode(std::string_view text) {
    std::size_t pos = 0;
    const auto us = detail::parse_time_part(text, pos);
    if (pos != text.size()) detail::bad_text("a time", text);
    return time_value{us};
  }
};

/// Intervals are sent as `<months> mons <days> days <us> microseconds` and read from
/// PostgreSQL's default IntervalStyle (`1 year 2 mons 3 days 04:05:06.5`).
template <>
struct codec<interval> {
  static void encode(const interval& v, std::string& out) {
    codec<std::int32_t>::encode(v.months, out);
    out += " mons ";
    codec<std::int32_t>::encode(v.days, out);
    out += " days ";
    codec<std::int64_t>::encode(v.microseconds, out);
    out += " microseconds";
  }
  static interval decode(std::string_view text) {
    interval r;
    std::size_t pos = 0;
    auto skip_spaces = [&] {
      while (pos < text.size() && text[pos] == ' ') ++pos;
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
        const std::int64_t us = detail::parse_time_part(text, p);
        r.microseconds += negative ? -us : us;
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
      if (unit.starts_with("year"))
        r.months += static_cast<std::int32_t>(n * 12);
      else if (unit.starts_with("mon"))
        r.months += static_cast<std::int32_t>(n);
      else if (unit.starts_with("day"))
        r.days += static_cast<std::int32_t>(n);
      else
        detail::bad_text("an interval", text);
    }
    return r;
  }
};

template <>
struct codec<nlohmann::json> {
  static void encode(const nlohmann::json& v, std::string& out) { out += v.dump(); }
  static nlohmann::json decode(std::string_view text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) detail::bad_text("json", text);
    return j;
  }
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
  static constexpr std::string_view label(E v) { return labels[static_cast<std::size_t>(v)]; }
  static E from_label(std::string_view text) {
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (labels[i] == text) return static_cast<E>(i);
    detail::bad_text(std::string("a label of enum ") + std::string(name), text);
  }
};

namespace detail {
/// Appends a PostgreSQL array literal element, always double-quoted (as Drizzle does).
inline void append_array_element(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}
/// Splits a one-dimensional array literal into elements; std::nullopt for NULL.
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
        item += text[pos++];
      }
      ++pos;
    } else {
      while (pos < end && text[pos] != ',') item += text[pos++];
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
                                  numeric_open = "numeric(", comma = ", ", ts_open = "timestamp(",
                                  tstz_open = "timestamp (", tstz_close = ") with time zone", array_suffix = "[]";
template <std::size_t N>
inline constexpr std::string_view num = ::drizzle::detail::number_text<N>.view();
}  // namespace detail_names

/// varchar(n): n must be positive.
template <std::size_t N>
struct varchar : sql_type_base {
  static_assert(N > 0, "drizzle: varchar<N> needs a positive length; use text for unbounded strings");
  using cpp_type = std::string;
  static constexpr std::string_view ddl_name() {
    return ::drizzle::detail::join_v<detail_names::varchar_open, detail_names::num<N>, detail_names::close>.view();
  }
  static constexpr std::string_view cast_name = "varchar";
};

/// char(n), blank-padded by PostgreSQL.
template <std::size_t N>
struct char_ : sql_type_base {
  static_assert(N > 0, "drizzle: char_<N> needs a positive length");
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

/// timestamp [(p)] without time zone; values are UTC microseconds.
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
      return ::drizzle::detail::join_v<detail_names::tstz_open, detail_names::num<Precision>, detail_names::tstz_close>.view();
  }
  static constexpr std::string_view cast_name = "timestamptz";
};
using timestamp = timestamp_p<>;
using timestamp_tz = timestamp_tz_p<>;

/// jsonb holding T (nlohmann::json by default; any T with nlohmann to_json/from_json).
template <class T = nlohmann::json>
struct jsonb : sql_type_base {
  using cpp_type = T;
  static constexpr std::string_view ddl_name() { return "jsonb"; }
  static constexpr std::string_view cast_name = "jsonb";
  static void encode(const T& v, std::string& out) { out += nlohmann::json(v).dump(); }
  static T decode(std::string_view text) { return codec<nlohmann::json>::decode(text).template get<T>(); }
};
/// json holding T.
template <class T>
struct json_of : sql_type_base {
  using cpp_type = T;
  static constexpr std::string_view ddl_name() { return "json"; }
  static constexpr std::string_view cast_name = "json";
  static void encode(const T& v, std::string& out) { out += nlohmann::json(v).dump(); }
  static T decode(std::string_view text) { return codec<nlohmann::json>::decode(text).template get<T>(); }
};

/// A column of a PostgreSQL enum: enum_of<user_role_enum>.
template <const auto& Enum>
struct enum_of : sql_type_base {
  using descriptor = std::remove_cvref_t<decltype(Enum)>;
  using cpp_type = typename descriptor::enum_type;
  static constexpr std::string_view ddl_name() { return descriptor::name; }
  static constexpr std::string_view cast_name = descriptor::name;
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
template <class S>
void encode_as(const typename S::cpp_type& v, std::string& out) {
  if constexpr (requires { S::encode(v, out); })
    S::encode(v, out);
  else
    codec<typename S::cpp_type>::encode(v, out);
}
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
