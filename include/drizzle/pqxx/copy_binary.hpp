#pragma once
/// PostgreSQL's COPY data formats. Binary (`format binary`) for every column type with an exact binary form here
/// (numbers, booleans, text types, numeric, dates, times, timestamps, intervals, uuid, bytea, json, jsonb, enums and
/// one-dimensional arrays of these but enums); COPY's text format for a table with any other column (inet, cidr,
/// macaddr, custom types, arrays of enums), each value written by its column type's text codec. Each binary value
/// is what the type's `recv` function reads, so the server checks it as it checks text input (encodings,
/// varchar/char lengths, date and timestamp ranges, numeric precision with the column's rounding).
///
/// Also the other direction, for results (issue 13): binary_result<T> reads a field of a binary result into the C++
/// type T, giving the value T's text codec (types.hpp) gives for the same column's text, and refusing with a
/// decode_error what the text codec refuses.
#include <array>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../types.hpp"

namespace drizzle::pqxx::detail {

/// The COPY data being built: bytes [0, size()) of a buffer that grows as values need (one allocation per COPY
/// in the usual case: flushed at about 64 KiB, see copy_writer). Not a std::string: its append goes through an
/// out-of-line call and keeps a terminating NUL; here a value's bytes are a bounds check and a memcpy, inlined.
class copy_buffer {
 public:
  copy_buffer() = default;
  copy_buffer(const copy_buffer&) = delete;
  copy_buffer& operator=(const copy_buffer&) = delete;
  ~copy_buffer() { delete[] data_; }

  /// Room for n more bytes at the end: the pointer to write them at (valid until the next extend).
  char* extend(std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
    char* at = data_ + size_;
    size_ += n;
    return at;
  }
  void append(const char* p, std::size_t n) {
    if (n) std::memcpy(extend(n), p, n);
  }
  void append(char c) { *extend(1) = c; }
  [[nodiscard]] const char* data() const noexcept { return data_; }
  [[nodiscard]] char* data() noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  void clear() noexcept { size_ = 0; }
  /// A reusable string for codecs that write std::string (json, enums, the text format's values).
  std::string scratch{};

 private:
  /// Out of line and cold, so that extend() (a compare and an add) inlines into every value's writer.
  [[gnu::noinline, gnu::cold]] void grow(std::size_t n) {
    const std::size_t want = std::max(std::max(size_ + n, 2 * capacity_), std::size_t{72} * 1024);
    char* bigger = new char[want];  // not value-initialised: every byte is written before use
    if (size_) std::memcpy(bigger, data_, size_);
    delete[] data_;
    data_ = bigger;
    capacity_ = want;
  }
  /// Owned (the destructor deletes it): a std::unique_ptr's members would be compiled in every file with the driver.
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Appends v in network byte order.
template <class U>
void put_be(copy_buffer& out, U v) {
  static_assert(std::is_unsigned_v<U>);
  if constexpr (std::endian::native == std::endian::little && sizeof(U) == 2)
    v = __builtin_bswap16(v);
  else if constexpr (std::endian::native == std::endian::little && sizeof(U) == 4)
    v = __builtin_bswap32(v);
  else if constexpr (std::endian::native == std::endian::little && sizeof(U) == 8)
    v = __builtin_bswap64(v);
  std::memcpy(out.extend(sizeof(U)), &v, sizeof(U));
}
/// Appends a value of a length not known up front: its 4-byte length, then what write(out) appends.
template <class F>
void put_sized(copy_buffer& out, F&& write) {
  const std::size_t at = out.size();
  out.extend(4);
  write(out);
  auto n = static_cast<std::uint32_t>(out.size() - at - 4);
  if constexpr (std::endian::native == std::endian::little) n = __builtin_bswap32(n);
  std::memcpy(out.data() + at, &n, 4);  // by offset: write() may have moved the buffer
}

/// `available`: the type has a binary form here; `put(v, out)` appends length and bytes; `oid`: the type's
/// built-in OID, which an array's binary form names for its elements (0: none fixed, e.g. an enum's, so no arrays).
template <class S>
struct copy_binary {
  static constexpr bool available = false;
};

/// Integers, floats and booleans: their fixed-width network-order bytes.
template <class S, class U, std::uint32_t Oid>
struct copy_binary_number {
  static constexpr bool available = true;
  static constexpr std::uint32_t oid = Oid;
  static void put(const typename S::cpp_type& v, copy_buffer& out) {
    put_be<std::uint32_t>(out, sizeof(U));
    if constexpr (std::is_floating_point_v<typename S::cpp_type>)
      put_be<U>(out, std::bit_cast<U>(v));
    else
      put_be<U>(out, static_cast<U>(v));
  }
};
template <>
struct copy_binary<pg::smallint> : copy_binary_number<pg::smallint, std::uint16_t, 21> {};
template <>
struct copy_binary<pg::smallserial> : copy_binary_number<pg::smallserial, std::uint16_t, 21> {};
template <>
struct copy_binary<pg::integer> : copy_binary_number<pg::integer, std::uint32_t, 23> {};
template <>
struct copy_binary<pg::serial> : copy_binary_number<pg::serial, std::uint32_t, 23> {};
template <>
struct copy_binary<pg::bigint> : copy_binary_number<pg::bigint, std::uint64_t, 20> {};
template <>
struct copy_binary<pg::bigserial> : copy_binary_number<pg::bigserial, std::uint64_t, 20> {};
template <>
struct copy_binary<pg::real> : copy_binary_number<pg::real, std::uint32_t, 700> {};
template <>
struct copy_binary<pg::double_precision> : copy_binary_number<pg::double_precision, std::uint64_t, 701> {};
template <>
struct copy_binary<pg::boolean> {
  static constexpr bool available = true;
  static constexpr std::uint32_t oid = 16;
  template <class = void>  // compiled where a COPY uses it, not in every file with the driver
  static void put(bool v, copy_buffer& out) {
    put_be<std::uint32_t>(out, 1);
    out.append(v ? '\1' : '\0');
  }
};

/// Types whose binary form is their text (text types, json, enum labels): the bytes the column type's codec writes,
/// after `Prefix` (jsonb's version byte). A NUL byte is refused as on every other path (encode_as).
template <class S, std::uint32_t Oid, char... Prefix>
struct copy_binary_text {
  static constexpr bool available = true;
  static constexpr std::uint32_t oid = Oid;
  using T = typename S::cpp_type;
  /// text, varchar and char: codec<std::string> writes the string as it is (types.hpp), so its bytes go straight
  /// into the buffer, with no copy through the codec; a type with its own S::encode goes through that.
  static constexpr bool verbatim =
      std::is_same_v<T, std::string> && sizeof...(Prefix) == 0 && !requires(const T& v, std::string& o) {
    S::encode(v, o);
  };
  static void put(const T& v, copy_buffer& out) {
    if constexpr (verbatim) {
      if (std::memchr(v.data(), 0, v.size())) [[unlikely]]
        ::drizzle::encode_as<S>(v, out.scratch);  // throws the text path's encode_error, naming the type
      put_be<std::uint32_t>(out, static_cast<std::uint32_t>(v.size()));
      out.append(v.data(), v.size());
    } else {
      std::string& text = out.scratch;
      text.clear();
      ::drizzle::encode_as<S>(v, text);
      put_be<std::uint32_t>(out, static_cast<std::uint32_t>(sizeof...(Prefix) + text.size()));
      (out.append(Prefix), ...);
      out.append(text.data(), text.size());
    }
  }
};
template <>
struct copy_binary<pg::text> : copy_binary_text<pg::text, 25> {};
template <std::size_t N, bool Checked>
struct copy_binary<pg::varchar<N, Checked>> : copy_binary_text<pg::varchar<N, Checked>, 1043> {};
template <std::size_t N, bool Checked>
struct copy_binary<pg::char_<N, Checked>> : copy_binary_text<pg::char_<N, Checked>, 1042> {};
template <>
struct copy_binary<pg::json> : copy_binary_text<pg::json, 114> {};
template <class T>
struct copy_binary<pg::json_of<T>> : copy_binary_text<pg::json_of<T>, 114> {};
template <class T>
struct copy_binary<pg::jsonb<T>> : copy_binary_text<pg::jsonb<T>, 3802, '\1'> {};
/// An enum's binary form is its label; its OID is the database's, so arrays of enums go in text COPY.
template <const auto& Enum>
struct copy_binary<pg::enum_of<Enum>> : copy_binary_text<pg::enum_of<Enum>, 0> {};

template <>
struct copy_binary<pg::uuid> {
  static constexpr bool available = true;
  static constexpr std::uint32_t oid = 2950;
  template <class = void>  // compiled where a COPY uses it, not in every file with the driver
  static void put(const ::drizzle::uuid& v, copy_buffer& out) {
    put_be<std::uint32_t>(out, 16);
    out.append(reinterpret_cast<const char*>(v.bytes.data()), 16);
  }
};
template <>
struct copy_binary<pg::bytea> {
  static constexpr bool available = true;
  static constexpr std::uint32_t oid = 17;
  template <class = void>  // compiled where a COPY uses it, not in every file with the driver
  static void put(const ::drizzle::bytes& v, copy_buffer& out) {
    put_be<std::uint32_t>(out, static_cast<std::uint32_t>(v.size()));
    if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size());
  }
};

/// PostgreSQL counts days and microseconds from 2000-01-01; infinities are the extreme integers.
inline constexpr std::int64_t pg_epoch_days = 10957;
inline constexpr std::int64_t pg_epoch_us = pg_epoch_days * 86'400'000'000;

template <>
struct copy_binary<pg::date> {
  static constexpr bool available = true;
  static constexpr std::uint32_t oid = 1082;
  template <class = void>  // compiled where a COPY uses it, not in every file with the driver
  static void put(::drizzle::date_value v, copy_buffer& out) {
    std::int32_t d;
    if (v == ::drizzle::date_value::max()) {
      d = std::numeric_limits<std::int32_t>::max();
    } else if (v == ::drizzle::date_value::min()) {
      d = std::numeric_limits<std::int32_t>::min();
    } else {
      const std::int64_t day = v.time_since_epoch().count();
      if (day < ::drizzle::detail::pg_min_day || day > ::drizzle::detail::pg_max_day) {
        std::string refused;
        ::drizzle::encode_as<pg::date>(v, refused);  // throws the text path's encode_error
      }
      d = static_cast<std::int32_t>(day - pg_epoch_days);
    }
    put_be<std::uint32_t>(out, 4);
    put_be<std::uint32_t>(out, static_cast<std::uint32_t>(d));
  }
};
template <class S>
struct copy_binary_timestamp {
  static constexpr bool available = true;
  static void put(::drizzle::timestamp_value v, copy_buffer& out) {
    std::int64_t t;
    if (v == ::drizzle::timestamp_value::max()) {
      t = std::numeric_limits<std::int64_t>::max();
    } else if (v == ::drizzle::timestamp_value::min()) {
      t = std::numeric_limits<std::int64_t>::min();
    } else {
      const std::int64_t us = v.time_since_epoch().count();
      if (::drizzle::detail::floor_div(us, 86'400'000'000) < ::drizzle::detail::pg_min_day) {
        std::string refused;
        ::drizzle::encode_as<S>(v, refused);  // throws the text path's encode_error
      }
      t = us - pg_epoch_us;  // no overflow: us is past PostgreSQL's first day
    }
    put_be<std::uint32_t>(out, 8);
    put_be<std::uint64_t>(out, static_cast<std::uint64_t>(t));
  }
};
template <int P>
struct copy_binary<pg::timestamp_p<P>> : copy_binary_timestamp<pg::timestamp_p<P>> {
  static constexpr std::uint32_t oid = 1114;
};
template <int P>
struct copy_binary<pg::timestamp_string_p<P>> : copy_binary_timestamp<pg::timestamp_string_p<P>> {
  static constexpr std::uint32_t oid = 1114;
};
template <int P>
struct copy_binary<pg::timestamp_tz_p<P>> : copy_binary_timestamp<pg::timestamp_tz_p<P>> {
  static constexpr std::uint32_t oid = 1184;
};
template <>
struct copy_binary<pg::time_of_day> {
  static constexpr bool available = true;
  static constexpr std::uint32_t oid = 1083;
  template <class = void>  // compiled where a COPY uses it, not in every file with the driver
  static void put(::drizzle::time_value v, copy_buffer& out) {
    if (v.count() < 0 || v.count() > 86'400'000'000) {
      std::string refused;
      ::drizzle::encode_as<pg::time_of_day>(v, refused);  // throws the text path's encode_error
    }
    put_be<std::uint32_t>(out, 8);
    put_be<std::uint64_t>(out, static_cast<std::uint64_t>(v.count()));
  }
};
template <>
struct copy_binary<pg::interval> {
  static constexpr bool available = true;
  static constexpr std::uint32_t oid = 1186;
  template <class = void>  // compiled where a COPY uses it, not in every file with the driver
  static void put(const ::drizzle::interval& v, copy_buffer& out) {
    put_be<std::uint32_t>(out, 16);
    put_be<std::uint64_t>(out, static_cast<std::uint64_t>(v.microseconds));
    put_be<std::uint32_t>(out, static_cast<std::uint32_t>(v.days));
    put_be<std::uint32_t>(out, static_cast<std::uint32_t>(v.months));
  }
};

/// numeric's binary form (base-10000 digits, weight, sign, display scale) from the decimal's text, read by
/// ::drizzle::detail::read_numeric (types.hpp) as PostgreSQL 15's numeric_in reads it; text it would refuse is the
/// encode_error every other path gives. The column's precision and scale are applied by the server (rounding as for
/// text).
template <class = void>  // compiled where a COPY uses it, not in every file with the driver
void put_numeric(std::string_view text, copy_buffer& out) {
  const ::drizzle::detail::numeric_text n = ::drizzle::detail::read_numeric(text);
  auto header = [&](std::uint16_t ndigits, std::int16_t weight, std::uint16_t sign, std::uint16_t dscale) {
    put_be<std::uint32_t>(out, 8u + 2u * ndigits);
    put_be<std::uint16_t>(out, ndigits);
    put_be<std::uint16_t>(out, static_cast<std::uint16_t>(weight));
    put_be<std::uint16_t>(out, sign);
    put_be<std::uint16_t>(out, dscale);
  };
  using kind = ::drizzle::detail::numeric_text::kind;
  if (n.what == kind::nan) return header(0, 0, 0xC000, 0);
  if (n.what == kind::infinity) return header(0, 0, 0xD000, 0);
  if (n.what == kind::minus_infinity) return header(0, 0, 0xF000, 0);
  if (n.first == n.last) return header(0, 0, 0x0000, static_cast<std::uint16_t>(n.dscale));
  header(static_cast<std::uint16_t>(n.groups), static_cast<std::int16_t>(n.weight), n.negative ? 0x4000 : 0x0000,
         static_cast<std::uint16_t>(n.dscale));
  const auto pad = static_cast<std::size_t>(n.pad);
  for (std::size_t g = 0; g < n.groups; ++g) {
    unsigned v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const std::size_t i = g * 4 + k;  // position in the padded digits
      const std::size_t at = i < pad ? n.last : n.first + (i - pad);
      v = v * 10 + (at < n.last ? static_cast<unsigned>(n.digit(at) - '0') : 0u);
    }
    put_be<std::uint16_t>(out, static_cast<std::uint16_t>(v));
  }
}
template <class S>
struct copy_binary_numeric {
  static constexpr bool available = true;
  static constexpr std::uint32_t oid = 1700;
  static void put(const ::drizzle::decimal& v, copy_buffer& out) { put_numeric(v.text, out); }
};
template <std::size_t P, std::size_t S>
struct copy_binary<pg::numeric<P, S>> : copy_binary_numeric<pg::numeric<P, S>> {};
template <>
struct copy_binary<pg::numeric_any> : copy_binary_numeric<pg::numeric_any> {};

/// One-dimensional arrays of a type with a fixed OID: dimensions, the element OID, then each element (or -1 for
/// NULL); an empty array has no dimension.
template <class Element, bool Nullable>
struct copy_binary<pg::array<Element, Nullable>> {
  static constexpr bool available = copy_binary<Element>::available && copy_binary<Element>::oid != 0;
  static constexpr std::uint32_t oid = 0;  // no arrays of arrays
  static void put(const typename pg::array<Element, Nullable>::cpp_type& v, copy_buffer& out) {
    put_sized(out, [&](copy_buffer& o) {
      bool nulls = false;
      if constexpr (Nullable)
        for (const auto& e : v) nulls = nulls || !e;
      put_be<std::uint32_t>(o, v.empty() ? 0 : 1);
      put_be<std::uint32_t>(o, nulls ? 1 : 0);
      put_be<std::uint32_t>(o, copy_binary<Element>::oid);
      if (v.empty()) return;
      put_be<std::uint32_t>(o, static_cast<std::uint32_t>(v.size()));
      put_be<std::uint32_t>(o, 1);  // lower bound
      for (const auto& e : v) {
        if constexpr (Nullable) {
          if (!e)
            put_be<std::uint32_t>(o, 0xffffffffu);
          else
            copy_binary<Element>::put(*e, o);
        } else {
          copy_binary<Element>::put(e, o);
        }
      }
    });
  }
};

/// Whether every column of a type_list has a binary form: then the COPY is binary, else text.
template <class Columns>
inline constexpr bool copy_binary_columns = false;
template <class... C>
inline constexpr bool copy_binary_columns<::drizzle::detail::type_list<C...>> =
    ((C::generated || copy_binary<typename C::sql_type>::available) && ...);

/// Writes COPY data, binary or text, row by row: begin_row(n), then add<S>(v) or add_null() per column, then
/// end_row(); the same calls as the unnest form's column builder (query/insert.hpp), so one walk over the rows feeds
/// both. flush(std::string_view) is called with about 64 KiB at a time (as one PQputCopyData each) and with the
/// rest (and the binary trailer) by finish().
template <bool Binary, class Flush>
struct copy_writer {
  static constexpr std::size_t flush_at = 64 * 1024;
  Flush flush;
  copy_buffer buffer{};
  std::size_t rows = 0;
  std::size_t field = 0;
  void begin() {
    if constexpr (Binary) {
      buffer.append("PGCOPY\n\377\r\n\0", 11);
      std::memset(buffer.extend(8), 0, 8);  // flags, header extension length
    }
  }
  void begin_row(std::size_t columns) {
    if constexpr (Binary) put_be<std::uint16_t>(buffer, static_cast<std::uint16_t>(columns));
    field = 0;
  }
  template <class S>
  void add(std::size_t, const typename S::cpp_type& v) {
    if constexpr (Binary) {
      copy_binary<S>::put(v, buffer);
    } else {
      if (field++) buffer.append('\t');
      std::string& text = buffer.scratch;
      text.clear();
      ::drizzle::encode_as<S>(v, text);
      append_escaped(text);
    }
  }
  void add_null(std::size_t) {
    if constexpr (Binary) {
      put_be<std::uint32_t>(buffer, 0xffffffffu);
    } else {
      if (field++) buffer.append('\t');
      buffer.append("\\N", 2);
    }
  }
  void end_row() {
    if constexpr (!Binary) buffer.append('\n');
    ++rows;
    if (buffer.size() >= flush_at) {
      flush(std::string_view(buffer.data(), buffer.size()));
      buffer.clear();
    }
  }
  void finish() {
    if constexpr (Binary) buffer.append("\377\377", 2);  // the trailer: a field count of -1
    if (!buffer.empty()) flush(std::string_view(buffer.data(), buffer.size()));
    buffer.clear();
  }
  /// COPY's text format: backslash, newline, carriage return and tab escaped.
  void append_escaped(std::string_view v) {
    std::size_t from = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const char c = v[i];
      const char* esc = c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : nullptr;
      if (!esc) continue;
      buffer.append(v.data() + from, i - from);
      buffer.append(esc, 2);
      from = i + 1;
    }
    buffer.append(v.data() + from, v.size() - from);
  }
};

// ---------------------------------------------------------------------------------------------
// Binary results: what each type's `send` function writes, read back (pqxx/session.hpp asks for them).

/// Reads an unsigned U in network byte order.
template <class U>
U get_be(const char* p) noexcept {
  static_assert(std::is_unsigned_v<U>);
  U v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::little) {
    if constexpr (sizeof(U) == 2)
      v = __builtin_bswap16(v);
    else if constexpr (sizeof(U) == 4)
      v = __builtin_bswap32(v);
    else if constexpr (sizeof(U) == 8)
      v = __builtin_bswap64(v);
  }
  return v;
}
/// The decode_error of a binary value that is not what its type's `send` writes (src/pqxx/session.cpp: an error path
/// only, kept out of every file that decodes a row).
[[noreturn]] void bad_binary(std::string_view what, std::size_t length, std::string_view why = {});

/// The built-in types read in binary (pg_type.oid).
enum class type_oid : std::uint32_t {
  boolean = 16,
  bytea = 17,
  name = 19,
  int8 = 20,
  int2 = 21,
  int4 = 23,
  text = 25,
  float4 = 700,
  float8 = 701,
  bpchar = 1042,
  varchar = 1043,
  date = 1082,
  timestamp = 1114,
  timestamptz = 1184,
  uuid = 2950,
};

/// Reads a field of a binary result into T. `accepts(oid)`: the server column types whose binary form decode() reads
/// into exactly the value T's text codec reads from their text. A statement's results are asked for in binary only
/// when every column's server type is accepted for its C++ type (checked once per connection, when it is prepared);
/// anything else (an `integer` member over a `bigint` column, a column of another type) is read as text. The length
/// checks below are a second guard: a wrong length is a decode_error, never a value. Every form is a partial
/// specialisation (std::enable_if_t on T), as the text codecs are: its members are compiled where they are used, not
/// in every file that includes the driver.
template <class T, class = void>
struct binary_result {
  static constexpr bool available = false;
};

template <class T>
inline constexpr bool binary_integer =
    std::is_same_v<T, short> || std::is_same_v<T, int> || std::is_same_v<T, long> || std::is_same_v<T, long long>;

/// smallint, integer, bigint: into any signed integer at least as wide (widening is exact; narrowing reads text,
/// whose codec refuses a value out of the member's range).
template <class T>
struct binary_result<T, std::enable_if_t<binary_integer<T>>> {
  static constexpr bool available = true;
  static constexpr bool accepts(std::uint32_t oid) noexcept {
    return oid == static_cast<std::uint32_t>(type_oid::int2) ||
           (sizeof(T) >= 4 && oid == static_cast<std::uint32_t>(type_oid::int4)) ||
           (sizeof(T) >= 8 && oid == static_cast<std::uint32_t>(type_oid::int8));
  }
  static T decode(std::string_view b) {
    using U = std::make_unsigned_t<T>;
    if (b.size() == sizeof(T)) return static_cast<T>(get_be<U>(b.data()));
    std::int64_t v;
    if (b.size() == 2)
      v = static_cast<std::int16_t>(get_be<std::uint16_t>(b.data()));
    else if (b.size() == 4)
      v = static_cast<std::int32_t>(get_be<std::uint32_t>(b.data()));
    else if (b.size() == 8)
      v = static_cast<std::int64_t>(get_be<std::uint64_t>(b.data()));
    else
      bad_binary("an integer", b.size());
    if (!std::in_range<T>(v)) bad_binary("an integer", b.size(), "out of the member's range");
    return static_cast<T>(v);
  }
};

/// real into float, double precision into double (a float4 read into a double would differ from its shortest text).
template <class T>
struct binary_result<T, std::enable_if_t<std::is_same_v<T, float> || std::is_same_v<T, double>>> {
  static constexpr bool available = true;
  using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  static constexpr bool accepts(std::uint32_t oid) noexcept {
    return oid == static_cast<std::uint32_t>(sizeof(T) == 4 ? type_oid::float4 : type_oid::float8);
  }
  static T decode(std::string_view b) {
    if (b.size() != sizeof(T)) bad_binary("a floating-point number", b.size());
    return std::bit_cast<T>(get_be<U>(b.data()));
  }
};

template <class T>
struct binary_result<T, std::enable_if_t<std::is_same_v<T, bool>>> {
  static constexpr bool available = true;
  static constexpr bool accepts(std::uint32_t oid) noexcept {
    return oid == static_cast<std::uint32_t>(type_oid::boolean);
  }
  static bool decode(std::string_view b) {
    if (b.size() != 1) bad_binary("a boolean", b.size());
    return b[0] != 0;
  }
};

/// text, varchar, char (blank-padded as in its text) and name: their bytes, in the client encoding (UTF-8).
template <class T>
struct binary_result<T, std::enable_if_t<std::is_same_v<T, std::string>>> {
  static constexpr bool available = true;
  static constexpr bool accepts(std::uint32_t oid) noexcept {
    return oid == static_cast<std::uint32_t>(type_oid::text) || oid == static_cast<std::uint32_t>(type_oid::varchar) ||
           oid == static_cast<std::uint32_t>(type_oid::bpchar) || oid == static_cast<std::uint32_t>(type_oid::name);
  }
  static std::string decode(std::string_view b) { return std::string(b); }
};

template <class T>
struct binary_result<T, std::enable_if_t<std::is_same_v<T, ::drizzle::bytes>>> {
  static constexpr bool available = true;
  static constexpr bool accepts(std::uint32_t oid) noexcept {
    return oid == static_cast<std::uint32_t>(type_oid::bytea);
  }
  static ::drizzle::bytes decode(std::string_view b) {
    ::drizzle::bytes out(b.size());
    if (!b.empty()) std::memcpy(out.data(), b.data(), b.size());
    return out;
  }
};

template <class T>
struct binary_result<T, std::enable_if_t<std::is_same_v<T, ::drizzle::uuid>>> {
  static constexpr bool available = true;
  static constexpr bool accepts(std::uint32_t oid) noexcept {
    return oid == static_cast<std::uint32_t>(type_oid::uuid);
  }
  static ::drizzle::uuid decode(std::string_view b) {
    if (b.size() != 16) bad_binary("a uuid", b.size());
    ::drizzle::uuid u;
    std::memcpy(u.bytes.data(), b.data(), 16);
    return u;
  }
};

/// Days since 2000-01-01; the extreme int32 values are -infinity / infinity (sys_days::min() / max(), as in text).
template <class T>
struct binary_result<T, std::enable_if_t<std::is_same_v<T, ::drizzle::date_value>>> {
  static constexpr bool available = true;
  static constexpr bool accepts(std::uint32_t oid) noexcept {
    return oid == static_cast<std::uint32_t>(type_oid::date);
  }
  static ::drizzle::date_value decode(std::string_view b) {
    if (b.size() != 4) bad_binary("a date", b.size());
    const auto d = static_cast<std::int32_t>(get_be<std::uint32_t>(b.data()));
    if (d == std::numeric_limits<std::int32_t>::max()) return ::drizzle::date_value::max();
    if (d == std::numeric_limits<std::int32_t>::min()) return ::drizzle::date_value::min();
    return ::drizzle::date_value{std::chrono::days{std::int64_t{d} + pg_epoch_days}};
  }
};

/// timestamp and timestamptz: microseconds since 2000-01-01 (UTC for timestamptz); the extreme int64 values are
/// -infinity / infinity. A value past int64 microseconds since 1970 (after year 294247) is a decode_error, as in text.
template <class T>
struct binary_result<T, std::enable_if_t<std::is_same_v<T, ::drizzle::timestamp_value>>> {
  static constexpr bool available = true;
  static constexpr bool accepts(std::uint32_t oid) noexcept {
    return oid == static_cast<std::uint32_t>(type_oid::timestamp) ||
           oid == static_cast<std::uint32_t>(type_oid::timestamptz);
  }
  static ::drizzle::timestamp_value decode(std::string_view b) {
    if (b.size() != 8) bad_binary("a timestamp", b.size());
    const auto t = static_cast<std::int64_t>(get_be<std::uint64_t>(b.data()));
    if (t == std::numeric_limits<std::int64_t>::max()) return ::drizzle::timestamp_value::max();
    if (t == std::numeric_limits<std::int64_t>::min()) return ::drizzle::timestamp_value::min();
    std::int64_t us{};
    if (__builtin_add_overflow(t, pg_epoch_us, &us) || us == std::numeric_limits<std::int64_t>::max() ||
        us == std::numeric_limits<std::int64_t>::min())
      bad_binary("a timestamp", b.size(),
                 "past the range of int64 microseconds since 1970, years 290308 BC to 294247 AD");
    return ::drizzle::timestamp_value{std::chrono::microseconds{us}};
  }
};

}  // namespace drizzle::pqxx::detail
