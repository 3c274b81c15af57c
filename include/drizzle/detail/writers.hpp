#pragma once
/// The writers that render SQL (compile-time length and buffer writers, the run-time string writer) and
/// the parameter collector. Shared by render.hpp and the few expressions built at run time.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../types.hpp"
#include "text.hpp"

namespace drizzle {

namespace detail {

/// Counts the characters and parameters a statement renders to.
struct length_writer {
  std::size_t length = 0;
  std::size_t next_param = 1;
  bool qualify = false;
  constexpr void text(std::string_view s) { length += s.size(); }
  constexpr void ident(std::string_view s) {
    length += s.size() + 2;
    for (char c : s) length += c == '"';
  }
  constexpr void param() { length += 1 + digits(next_param++); }
};

/// Writes into a buffer that length_writer sized.
struct buffer_writer {
  char* out;
  std::size_t next_param = 1;
  bool qualify = false;
  constexpr void text(std::string_view s) {
    for (char c : s) *out++ = c;
  }
  constexpr void ident(std::string_view s) {
    *out++ = '"';
    for (char c : s) {
      if (c == '"') *out++ = '"';
      *out++ = c;
    }
    *out++ = '"';
  }
  constexpr void param() {
    *out++ = '$';
    out += write_number(out, next_param++);
  }
};

/// Appends to a std::string (run-time rendering of dynamic statements).
struct string_writer {
  std::string& out;
  std::size_t next_param = 1;
  bool qualify = false;
  void text(std::string_view s) { out += s; }
  void ident(std::string_view s) {
    out += '"';
    for (char c : s) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  void param() {
    char buf[24];
    out += '$';
    out.append(buf, write_number(buf, next_param++));
  }
};

}  // namespace detail

/// One parameter of a rendered statement: a text value (std::nullopt is SQL NULL), or the name
/// of a placeholder filled in when a prepared statement runs.
struct param_value {
  std::optional<std::string> value;
  std::string_view placeholder{};
  friend bool operator==(const param_value&, const param_value&) = default;
};

/// Collects parameters in the order the text numbers them.
struct param_collector {
  std::vector<param_value>& out;
  template <class S, class V>
  void add(const V& v) {
    std::string text;
    encode_as<S>(v, text);
    out.push_back({std::move(text)});
  }
  void add_null() { out.push_back({std::nullopt}); }
  template <class V>
  void add_value(const V& v) {
    out.push_back({encode_param(v)});
  }
  template <class S>
  void add_placeholder(std::string_view name) {
    out.push_back({std::nullopt, name});
  }
};

}  // namespace drizzle
