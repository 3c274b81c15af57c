#pragma once
/// Reading the JSON PostgreSQL builds for relational queries (json_build_array / json_agg), value by value, as
/// text spans. nlohmann::json would turn numbers into doubles (12.50 -> 12.5, big numerics rounded), so each
/// value is handed to its column's codec as PostgreSQL's own text instead: numbers as written, strings unescaped,
/// json/jsonb values as their JSON text.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../types.hpp"

namespace drizzle::detail {

enum class json_kind { null, boolean, number, string, array, object };

/// One JSON value: its kind and its text (for strings the text between the quotes, still escaped).
struct json_item {
  json_kind kind;
  std::string_view raw;  ///< the whole value as written (quotes included for strings)
};

/// The functions below are templates (`template <class = void>`, called as plain functions): only the translation
/// units that read a relational query's JSON (or log parameters) instantiate them and the std::vector<json_item>
/// they build, not every file that includes <drizzle/drizzle.hpp>.
template <class = void>
[[noreturn]] inline void bad_json(std::string_view text) {
  throw decode_error("drizzle: cannot read the relational query's JSON near '" + std::string(text.substr(0, 60)) + "'");
}

template <class = void>
inline void skip_ws(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\n' || s[pos] == '\t' || s[pos] == '\r')) ++pos;
}

/// Reads one value at pos and advances past it.
template <class = void>
inline json_item read_json(std::string_view s, std::size_t& pos) {
  skip_ws(s, pos);
  if (pos >= s.size()) bad_json(s);
  const std::size_t start = pos;
  const char c = s[pos];
  auto word = [&](std::string_view w, json_kind k) {
    if (s.substr(pos, w.size()) != w) bad_json(s.substr(pos));
    pos += w.size();
    return json_item{k, s.substr(start, w.size())};
  };
  if (c == 'n') return word("null", json_kind::null);
  if (c == 't') return word("true", json_kind::boolean);
  if (c == 'f') return word("false", json_kind::boolean);
  if (c == '"') {
    ++pos;
    while (pos < s.size() && s[pos] != '"') pos += s[pos] == '\\' ? 2 : 1;
    if (pos >= s.size()) bad_json(s.substr(start));
    ++pos;
    return {json_kind::string, s.substr(start, pos - start)};
  }
  if (c == '[' || c == '{') {
    int depth = 0;
    while (pos < s.size()) {
      const char d = s[pos];
      if (d == '"') {
        ++pos;
        while (pos < s.size() && s[pos] != '"') pos += s[pos] == '\\' ? 2 : 1;
      } else if (d == '[' || d == '{') {
        ++depth;
      } else if (d == ']' || d == '}') {
        if (--depth == 0) {
          ++pos;
          return {c == '[' ? json_kind::array : json_kind::object, s.substr(start, pos - start)};
        }
      }
      ++pos;
    }
    bad_json(s.substr(start));
  }
  while (pos < s.size() && s[pos] != ',' && s[pos] != ']' && s[pos] != '}' && s[pos] != ' ' && s[pos] != '\n') ++pos;
  if (pos == start) bad_json(s.substr(start));
  return {json_kind::number, s.substr(start, pos - start)};
}

/// The elements of a JSON array.
template <class = void>
inline std::vector<json_item> json_elements(std::string_view array) {
  std::vector<json_item> out;
  std::size_t pos = 0;
  skip_ws(array, pos);
  if (pos >= array.size() || array[pos] != '[') bad_json(array);
  ++pos;
  skip_ws(array, pos);
  if (pos < array.size() && array[pos] == ']') return out;
  for (;;) {
    out.push_back(read_json(array, pos));
    skip_ws(array, pos);
    if (pos >= array.size()) bad_json(array);
    if (array[pos] == ']') return out;
    if (array[pos] != ',') bad_json(array.substr(pos));
    ++pos;
  }
}

template <class = void>
inline void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// Appends s as a quoted JSON string, as nlohmann's dump() with error_handler_t::replace writes it (so the logger
/// needs no <nlohmann/json.hpp>): `"` `\\` and control characters escaped (\u00xx lowercase), UTF-8 kept as is, and
/// each maximal ill-formed UTF-8 subsequence replaced by one U+FFFD.
template <class = void>
inline void append_json_quoted(std::string& out, std::string_view s) {
  static constexpr std::string_view replacement = "\xEF\xBF\xBD";
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c <= 0x1F) {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    // The length of the sequence c starts and the range of its second byte (Unicode's table 3-7).
    const std::size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    const unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    const unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    std::size_t n = len == 0 ? 0 : 1;  // bytes of a valid prefix
    while (n > 0 && n < len && i + n < s.size()) {
      const unsigned b = static_cast<unsigned char>(s[i + n]);
      if (b < (n == 1 ? lo : 0x80u) || b > (n == 1 ? hi : 0xBFu)) break;
      ++n;
    }
    if (len != 0 && n == len) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += replacement;
      i += n == 0 ? 1 : n;  // the byte that broke the sequence is read again as the start of the next
    }
  }
  out += '"';
}

/// The text of a JSON string value (raw includes the quotes).
template <class = void>
inline std::string json_string_text(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  auto hex4 = [&](std::size_t at) {
    if (at + 4 > raw.size()) bad_json(raw);
    std::uint32_t v = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      const char h = raw[k];
      v = v * 16 + static_cast<std::uint32_t>(h >= '0' && h <= '9'   ? h - '0'
                                              : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                              : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                                     : (bad_json(raw), 0));
    }
    return v;
  };
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out += raw[i];
      continue;
    }
    const char e = raw[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        std::uint32_t cp = hex4(i + 1);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u') {
          const std::uint32_t low = hex4(i + 3);
          if (low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, cp);
        break;
      }
      default:
        out += e;
        break;  // \" \\ \/
    }
  }
  return out;
}

template <class S>
inline constexpr bool is_json_sql_type_v = S::cast_name == std::string_view("json") || S::cast_name
                                                                                           == std::string_view("jsonb");

template <class S>
typename S::cpp_type decode_json_value(const json_item& item);

/// An array column's element (std::optional when the array allows NULL elements).
template <class Element, class Stored>
Stored decode_json_element(const json_item& item) {
  if (item.kind == json_kind::null) {
    if constexpr (is_optional_v<Stored>)
      return std::nullopt;
    else
      throw decode_error("drizzle: a NULL array element, but the column is not declared with array_nullable");
  } else {
    return decode_json_value<Element>(item);
  }
}

/// A non-null value of SQL type S from the JSON PostgreSQL wrote for it.
template <class S>
typename S::cpp_type decode_json_value(const json_item& item) {
  if constexpr (requires {
                  typename S::element_type;
                  typename S::stored_element;
                }) {
    if (item.kind != json_kind::array) bad_json(item.raw);
    typename S::cpp_type out;
    for (const auto& e : json_elements(item.raw))
      out.push_back(decode_json_element<typename S::element_type, typename S::stored_element>(e));
    return out;
  } else if constexpr (is_json_sql_type_v<S>) {
    return decode_as<S>(item.raw);
  } else {
    switch (item.kind) {
      case json_kind::string:
        return decode_as<S>(json_string_text(item.raw));
      case json_kind::boolean:
        return decode_as<S>(item.raw == "true" ? "t" : "f");
      case json_kind::number:
        return decode_as<S>(item.raw);
      default:
        // an object or array in a custom type: its JSON text; never in a text column (a multi-dimensional array)
        if constexpr (std::is_same_v<typename S::cpp_type, std::string>) bad_json(item.raw);
        return decode_as<S>(item.raw);
    }
  }
}

}  // namespace drizzle::detail
