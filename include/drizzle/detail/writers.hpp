#pragma once
/// The writers that render SQL (compile-time length and buffer writers, the run-time string writer) and
/// the parameter collector. Shared by render.hpp and the few expressions built at run time.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "../fixed_string.hpp"
#include "meta.hpp"

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
    if (s.find('"') == std::string_view::npos) {  // the usual name: one append, not one per character
      out += s;
      out += '"';
      return;
    }
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
  /// A value already encoded as text (the array literals of the unnest form).
  void add_text(std::string text) { out.push_back({std::move(text)}); }
  template <class V>
  void add_value(const V& v) {
    out.push_back({encode_param(v)});
  }
  template <class S, fixed_string Name>
  void add_placeholder() {
    out.push_back({std::nullopt, Name.view()});
  }
};

/// Collects parameters with the values of named placeholders filled in from arg<"name">(v)...; a placeholder
/// without a value is a compile error.
template <class... Args>
struct filling_collector : param_collector {
  const std::tuple<Args...>& args;
  filling_collector(std::vector<param_value>& o, const std::tuple<Args...>& a) : param_collector{o}, args(a) {}
  template <class S, fixed_string Name>
  void add_placeholder() {
    constexpr std::size_t i = [] {
      constexpr std::string_view names[] = {Args::name..., std::string_view{}};
      std::size_t k = 0;
      while (k < sizeof...(Args) && names[k] != Name.view()) ++k;
      return k;
    }();
    static_assert(i < sizeof...(Args),
                  "drizzle: no value given for a placeholder of the statement; pass arg<\"name\">(value)");
    if constexpr (i < sizeof...(Args)) {
      const auto& v = std::get<i>(args).value;
      if constexpr (detail::is_optional_v<std::remove_cvref_t<decltype(v)>>) {
        if (!v) return add_null();
        add_one<S>(*v);
      } else {
        add_one<S>(v);
      }
    }
  }

 private:
  template <class S, class V>
  void add_one(const V& v) {
    if constexpr (!std::is_void_v<S> && std::is_arithmetic_v<typename S::cpp_type> && std::is_arithmetic_v<V>)
      add<S>(detail::convert_number<typename S::cpp_type>(v));  // out of range: encode_error, not another number
    else if constexpr (!std::is_void_v<S> && std::is_convertible_v<V, typename S::cpp_type>)
      add<S>(static_cast<typename S::cpp_type>(v));
    else
      add_value(v);
  }
};

}  // namespace drizzle
