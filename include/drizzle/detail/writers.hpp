#pragma once
/// The writers that render SQL (compile-time length and buffer writers, the run-time string writer) and
/// the parameter collector. Shared by render.hpp and the few expressions built at run time.
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../fixed_string.hpp"
#include "meta.hpp"

#include "../types.hpp"
#include "text.hpp"

namespace drizzle {

namespace detail {

/// The one quoting rule of the library, for identifiers (`q` = `"`) and string literals (`q` = `'`): `q`, the text
/// with every `q` doubled, `q`. Nothing else is special inside either quote in PostgreSQL (literals assume
/// standard_conforming_strings, on by default since 9.1; the kit's push turns it on for its own transaction), so
/// a name or a label can hold `;`, `--`, backslashes, newlines or any Unicode and still be one token. `put` receives
/// the pieces (string_views into `text` or into the quote characters); every writer below, quote_ident,
/// quote_literal and write_literal go through here, so the compile-time length and the text always agree.
template <class Put>
constexpr void put_quoted(std::string_view text, char q, Put&& put) {
  const std::string_view quote = q == '"' ? std::string_view("\"") : std::string_view("'");
  put(quote);
  std::size_t from = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == q) {
      put(text.substr(from, i + 1 - from));  // up to and including the quote, which the next piece repeats
      from = i;
    }
  put(text.substr(from));
  put(quote);
}

/// The length put_quoted writes.
constexpr std::size_t quoted_length(std::string_view text, char q) {
  std::size_t n = text.size() + 2;
  for (char c : text) n += c == q;
  return n;
}

/// Appends `"name"` (quotes doubled).
inline void append_ident(std::string& out, std::string_view name) {
  put_quoted(name, '"', [&](std::string_view piece) { out += piece; });
}
/// `"name"` (quotes doubled): every identifier the library writes at run time (DDL, the kit) is this.
inline std::string quote_ident(std::string_view name) {
  std::string out;
  out.reserve(quoted_length(name, '"'));
  append_ident(out, name);
  return out;
}
/// `"schema"."name"`, or `"name"` when `schema` is empty.
inline std::string quote_qualified(std::string_view schema, std::string_view name) {
  std::string out;
  if (!schema.empty()) {
    append_ident(out, schema);
    out += '.';
  }
  append_ident(out, name);
  return out;
}
/// `'text'` (single quotes doubled): every string literal the library writes into SQL (enum labels, defaults,
/// JSON keys) is this; values are parameters.
inline std::string quote_literal(std::string_view text) {
  std::string out;
  out.reserve(quoted_length(text, '\''));
  put_quoted(text, '\'', [&](std::string_view piece) { out += piece; });
  return out;
}
/// Writes `'text'` through any writer (compile-time or run-time).
template <class W>
constexpr void write_literal(W& w, std::string_view text) {
  put_quoted(text, '\'', [&](std::string_view piece) { w.text(piece); });
}

/// The compile-time writer: counts the characters and parameters a statement renders to and, given a buffer of
/// that size, writes them too. One writer type for both passes (measure, then write) means the write functions of a
/// statement are instantiated once for its compile-time text instead of once per pass.
struct static_writer {
  char* out = nullptr;  ///< null: count only
  std::size_t length = 0;
  std::size_t next_param = 1;
  bool qualify = false;
  constexpr void text(std::string_view s) {
    if (out)
      for (char c : s) *out++ = c;
    length += s.size();
  }
  constexpr void ident(std::string_view s) {
    put_quoted(s, '"', [&](std::string_view piece) { text(piece); });
  }
  constexpr void param() {
    const std::size_t d = digits(next_param);
    if (out) {
      *out++ = '$';
      write_number(out, next_param);
      out += d;
    }
    length += 1 + d;
    ++next_param;
  }
};
/// The measuring pass (a static_writer without a buffer).
using length_writer = static_writer;

/// Appends to a std::string (run-time rendering of dynamic statements).
struct string_writer {
  std::string& out;
  std::size_t next_param = 1;
  bool qualify = false;
  void text(std::string_view s) { out += s; }
  void ident(std::string_view s) { append_ident(out, s); }
  void param() {
    char buf[24];
    out += '$';
    out.append(buf, write_number(buf, next_param++));
  }
};

/// Copies n bytes (the pieces of a statement are mostly a few characters: fixed-size moves, no call to memcpy).
inline void copy_short(char* to, const char* from, std::size_t n) noexcept {
  if (n >= 8) {
    if (n > 16) return static_cast<void>(std::char_traits<char>::copy(to, from, n));
    std::uint64_t a, b;  // two overlapping words cover 8..16 bytes
    std::memcpy(&a, from, 8);
    std::memcpy(&b, from + n - 8, 8);
    std::memcpy(to, &a, 8);
    std::memcpy(to + n - 8, &b, 8);
  } else if (n >= 4) {
    std::uint32_t a, b;
    std::memcpy(&a, from, 4);
    std::memcpy(&b, from + n - 4, 4);
    std::memcpy(to, &a, 4);
    std::memcpy(to + n - 4, &b, 4);
  } else if (n > 0) {
    to[0] = from[0];
    to[n / 2] = from[n / 2];
    to[n - 1] = from[n - 1];
  }
}

/// Writes into a caller's fixed buffer while the text fits, then moves what it has to `spill` and appends there
/// (sql_query's inline text: a dynamic statement of typical length is rendered without allocating).
struct inline_string_writer {
  char* at;
  char* end;
  std::string& spill;
  std::size_t spill_reserve = 0;  ///< capacity to reserve when spilling (the longest text of this statement so far)
  std::size_t next_param = 1;
  bool qualify = false;
  char* begin = at;
  void text(std::string_view s) {
    if (s.size() <= static_cast<std::size_t>(end - at)) {
      copy_short(at, s.data(), s.size());
      at += s.size();
    } else {
      overflow(s);
    }
  }
  void ident(std::string_view s) {
    put_quoted(s, '"', [&](std::string_view piece) { text(piece); });
  }
  void param() {
    if (end - at >= 21) {  // `$` and up to 20 digits
      *at++ = '$';
      at += write_number(at, next_param++);
      return;
    }
    char buf[24];
    buf[0] = '$';
    text({buf, 1 + write_number(buf + 1, next_param++)});
  }
  /// True once the text went to `spill`.
  [[nodiscard]] bool spilled() const noexcept { return begin == end; }

 private:
  [[gnu::noinline]] void overflow(std::string_view s) {
    if (begin != end) {
      spill.reserve(std::max(spill_reserve, 2 * static_cast<std::size_t>(end - begin) + s.size()));
      spill.assign(begin, at);
      at = end = begin;  // nothing fits any more: every later piece takes this path
    }
    spill += s;
  }
};

}  // namespace detail

/// A parameter's text, or SQL NULL: std::optional<std::string>'s reading interface (`if (v)`, `*v`, `v->c_str()`,
/// `v.value_or(...)`, `v == "text"`, conversion to std::optional<std::string>) over storage that keeps an integer's
/// digits in the object. A std::string (kept for every other value) costs ~110 instructions per integer parameter
/// through libstdc++'s out-of-line append and memcpy; the digits written here by std::to_chars cost ~40 (issue 13).
/// `*v` is a std::string_view; `v->c_str()` is NUL-terminated as libpq needs.
class param_text {
 public:
  /// A NULL's bytes are zeroed (three stores): copies and moves copy them whole, and g++ -O2 cannot tell that they
  /// are never read (-Wmaybe-uninitialized).
  param_text() noexcept : chars_{} {}
  param_text(std::nullopt_t) noexcept : chars_{} {}  // NOLINT(google-explicit-constructor): like std::optional
  param_text(std::string s) noexcept : state_(state::string) {  // NOLINT(google-explicit-constructor)
    ::new (static_cast<void*>(&string_)) std::string(std::move(s));
  }
  param_text(const param_text& o) : state_(o.state_), size_(o.size_) {
    if (o.state_ == state::string)
      ::new (static_cast<void*>(&string_)) std::string(o.string_);
    else
      std::memcpy(chars_, o.chars_, sizeof chars_);
  }
  param_text(param_text&& o) noexcept { take(o); }
  param_text& operator=(const param_text& o) {
    if (this != &o) *this = param_text(o);
    return *this;
  }
  param_text& operator=(param_text&& o) noexcept {
    if (this != &o) {
      reset();
      take(o);
    }
    return *this;
  }
  ~param_text() { reset(); }

  [[nodiscard]] bool has_value() const noexcept { return state_ != state::null; }
  explicit operator bool() const noexcept { return has_value(); }
  /// The text (empty for NULL).
  [[nodiscard]] std::string_view view() const noexcept {
    return state_ == state::string ? std::string_view(string_) : std::string_view(chars_, size_);
  }
  std::string_view operator*() const noexcept { return view(); }
  /// `v->c_str()`, `v->size()`: as through std::optional<std::string>.
  const param_text* operator->() const noexcept { return this; }
  [[nodiscard]] const char* c_str() const noexcept { return state_ == state::string ? string_.c_str() : chars_; }
  [[nodiscard]] const char* data() const noexcept { return c_str(); }
  [[nodiscard]] std::size_t size() const noexcept { return view().size(); }
  [[nodiscard]] bool empty() const noexcept { return view().empty(); }
  /// The text; std::bad_optional_access for NULL.
  [[nodiscard]] std::string_view value() const {
    if (!has_value()) throw std::bad_optional_access();
    return view();
  }
  [[nodiscard]] std::string value_or(std::string_view null_text) const {
    return std::string(has_value() ? view() : null_text);
  }
  operator std::optional<std::string>() const {  // NOLINT(google-explicit-constructor): reads as the old type
    if (!has_value()) return std::nullopt;
    return std::string(view());
  }

  friend bool operator==(const param_text& a, const param_text& b) noexcept {
    return a.has_value() == b.has_value() && a.view() == b.view();
  }
  friend bool operator==(const param_text& a, std::string_view b) noexcept { return a.has_value() && a.view() == b; }
  friend bool operator==(const param_text& a, std::nullopt_t) noexcept { return !a.has_value(); }

  /// Makes this value, NULL until now, an integer's decimal digits, in the object.
  template <class Int>
  void assign_integer(Int v) noexcept {
    static_assert(std::is_integral_v<Int> && sizeof(Int) <= 8);  // at most 20 digits and a sign
    const auto r = std::to_chars(chars_, chars_ + sizeof chars_ - 1, v);
    *r.ptr = '\0';
    size_ = static_cast<unsigned char>(r.ptr - chars_);
    state_ = state::chars;
  }
  /// Makes this value, NULL until now, an empty std::string to encode into.
  std::string& emplace_string() noexcept {
    ::new (static_cast<void*>(&string_)) std::string();
    state_ = state::string;
    return string_;
  }
  /// Back to NULL.
  void reset() noexcept {
    if (state_ == state::string) string_.~basic_string();
    state_ = state::null;
  }

 private:
  /// o's value moved here (this one is NULL); o keeps a moved-from string, destroyed with it.
  void take(param_text& o) noexcept {
    if (o.state_ == state::string)
      ::new (static_cast<void*>(&string_)) std::string(std::move(o.string_));
    else
      std::memcpy(chars_, o.chars_, sizeof chars_);
    state_ = o.state_;
    size_ = o.size_;
  }

  enum class state : unsigned char { null, chars, string };
  union {
    char chars_[24];
    std::string string_;
  };
  state state_ = state::null;
  unsigned char size_ = 0;
};

/// One parameter of a rendered statement: a text value (NULL when empty), or the name of a placeholder filled in
/// when a prepared statement runs.
struct param_value {
  param_text value;
  std::string_view placeholder{};
  friend bool operator==(const param_value&, const param_value&) = default;
};

/// The parameters of a rendered statement: a vector that keeps its first `inline_capacity` values in the object, so
/// that rendering a typical statement allocates nothing for them (a std::vector's block cost ~230 instructions, a
/// fifth of a dynamic condition's to_sql()). The std::vector members the code uses; iterators are pointers.
class param_list {
 public:
  using value_type = param_value;
  using size_type = std::size_t;
  using reference = param_value&;
  using const_reference = const param_value&;
  using iterator = param_value*;
  using const_iterator = const param_value*;
  static constexpr std::size_t inline_capacity = 4;

  param_list() noexcept = default;
  param_list(std::initializer_list<param_value> values) {
    reserve(values.size());
    for (const auto& v : values) push_back(v);
  }
  param_list(const param_list& o) {
    reserve(o.size_);
    for (const auto& v : o) push_back(v);
  }
  param_list(param_list&& o) noexcept { take(o); }
  param_list& operator=(const param_list& o) {
    if (this != &o) {
      param_list copy(o);
      release();
      take(copy);
    }
    return *this;
  }
  param_list& operator=(param_list&& o) noexcept {
    if (this != &o) {
      release();
      take(o);
    }
    return *this;
  }
  ~param_list() { release(); }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  param_value* data() noexcept { return data_; }
  [[nodiscard]] const param_value* data() const noexcept { return data_; }
  param_value& operator[](std::size_t i) noexcept { return data_[i]; }
  const param_value& operator[](std::size_t i) const noexcept { return data_[i]; }
  param_value& at(std::size_t i) { return i < size_ ? data_[i] : out_of_range(); }
  [[nodiscard]] const param_value& at(std::size_t i) const { return i < size_ ? data_[i] : out_of_range(); }
  param_value* begin() noexcept { return data_; }
  param_value* end() noexcept { return data_ + size_; }
  [[nodiscard]] const param_value* begin() const noexcept { return data_; }
  [[nodiscard]] const param_value* end() const noexcept { return data_ + size_; }
  param_value& front() noexcept { return data_[0]; }
  param_value& back() noexcept { return data_[size_ - 1]; }
  [[nodiscard]] const param_value& front() const noexcept { return data_[0]; }
  [[nodiscard]] const param_value& back() const noexcept { return data_[size_ - 1]; }

  void reserve(std::size_t n) {
    if (n > capacity_) grow(n);
  }
  template <class... A>
  param_value& emplace_back(A&&... a) {
    if (size_ == capacity_) return grow_and_append(param_value{std::forward<A>(a)...});
    param_value* v = ::new (static_cast<void*>(data_ + size_)) param_value{std::forward<A>(a)...};
    ++size_;
    return *v;
  }
  void push_back(const param_value& v) { emplace_back(v); }
  void push_back(param_value&& v) { emplace_back(std::move(v)); }
  void pop_back() noexcept { data_[--size_].~param_value(); }
  void clear() noexcept {
    while (size_ > 0) pop_back();
  }

  friend bool operator==(const param_list& a, const param_list& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  [[noreturn]] static param_value& out_of_range() { throw std::out_of_range("drizzle: param_list index out of range"); }
  param_value* inline_data() noexcept { return std::launder(reinterpret_cast<param_value*>(inline_)); }
  [[nodiscard]] bool on_heap() const noexcept { return capacity_ > inline_capacity; }
  /// Made before growing: the arguments may name one of the values the growth moves.
  [[gnu::noinline]] param_value& grow_and_append(param_value&& v) {
    grow(capacity_ * 2);
    param_value* p = ::new (static_cast<void*>(data_ + size_)) param_value(std::move(v));
    ++size_;
    return *p;
  }
  /// Moves the values to a block of room for `n` (param_value's move does not throw).
  void grow(std::size_t n) {
    auto* block = static_cast<param_value*>(::operator new(n * sizeof(param_value)));
    for (std::size_t i = 0; i < size_; ++i) {
      ::new (static_cast<void*>(block + i)) param_value(std::move(data_[i]));
      data_[i].~param_value();
    }
    if (on_heap()) ::operator delete(data_);
    data_ = block;
    capacity_ = n;
  }
  /// Takes o's values (its block, or moves of its inline ones) and leaves o empty; this list is empty and inline.
  void take(param_list& o) noexcept {
    if (o.on_heap()) {
      data_ = std::exchange(o.data_, o.inline_data());
      capacity_ = std::exchange(o.capacity_, inline_capacity);
      size_ = std::exchange(o.size_, 0);
      return;
    }
    for (std::size_t i = 0; i < o.size_; ++i) ::new (static_cast<void*>(data_ + i)) param_value(std::move(o.data_[i]));
    size_ = o.size_;
    o.clear();
  }
  void release() noexcept {
    clear();
    if (on_heap()) ::operator delete(data_);
    data_ = inline_data();
    capacity_ = inline_capacity;
  }

  param_value* data_ = inline_data();
  std::size_t size_ = 0;
  std::size_t capacity_ = inline_capacity;
  alignas(param_value) unsigned char inline_[inline_capacity * sizeof(param_value)];
};

/// Collects parameters in the order the text numbers them.
struct param_collector {
  param_list& out;
  template <class S, class V>
  void add(const V& v) {
    if constexpr (encodes_as_integer_v<S>) {
      const typename S::cpp_type& number = v;  // the conversion encode_as makes
      out.emplace_back().value.assign_integer(number);
    } else {
      // Encoded in place (no string moved into the list); a value that cannot be encoded leaves nothing behind.
      std::string& text = out.emplace_back().value.emplace_string();
      try {
        encode_as<S>(v, text);
      } catch (...) {
        out.pop_back();
        throw;
      }
    }
  }
  void add_null() { out.push_back({std::nullopt}); }
  /// A value already encoded as text (the array literals of the unnest form).
  void add_text(std::string text) { out.push_back({std::move(text)}); }
  template <class V>
  void add_value(const V& v) {
    std::optional<std::string> text = encode_param(v);
    if (!text) return add_null();
    out.push_back({std::move(*text)});
  }
  template <class S, fixed_string Name>
  void add_placeholder() {
    out.push_back({std::nullopt, Name.view()});
  }
};

namespace detail {
/// A placeholder's name as characters: clang prints a fixed_string as numbers, a character pack as 'c', 'i', 'd'.
template <char... C>
struct placeholder_named {};
template <fixed_string Name, class Seq = std::make_index_sequence<Name.size()>>
struct placeholder_chars;
template <fixed_string Name, std::size_t... I>
struct placeholder_chars<Name, std::index_sequence<I...>> {
  using type = placeholder_named<Name.data[I]...>;
};
/// True when the placeholder has a value; spelled with its name so that both compilers print it in the error.
template <class Named, bool Given>
inline constexpr bool placeholder_given = Given;
/// True when the placeholder's argument fits its SQL type; spelled with the placeholder's name.
template <class Named, bool Fits>
inline constexpr bool placeholder_fits = Fits;

/// A writer that renders nothing and checks the arguments against every placeholder it meets: the first one
/// without an argument, with a floating-point argument for an integer, or with an argument of another type.
template <class... Args>
struct placeholder_checker {
  std::size_t next_param = 1;
  bool qualify = false;
  std::string_view missing{}, truncated{}, mismatched{};
  constexpr void text(std::string_view) {}
  constexpr void ident(std::string_view) {}
  constexpr void param() {}
  template <class S, fixed_string Name>
  constexpr void placeholder() {
    constexpr std::size_t i = [] {
      constexpr std::string_view names[] = {Args::name..., std::string_view{}};
      std::size_t k = 0;
      while (k < sizeof...(Args) && names[k] != Name.view()) ++k;
      return k;
    }();
    if constexpr (i == sizeof...(Args)) {
      if (missing.empty()) missing = Name.view();
    } else if constexpr (!std::is_void_v<S>) {
      using V = std::remove_cvref_t<decltype(std::get<i>(std::declval<std::tuple<Args...>&>()).value)>;
      using U = typename std::conditional_t<is_optional_v<V>, V, std::optional<V>>::value_type;
      using cpp = typename S::cpp_type;
      if (truncates<U, cpp>() && truncated.empty()) truncated = Name.view();
      if (!truncates<U, cpp>() && !value_fits<U, cpp>() && mismatched.empty()) mismatched = Name.view();
    }
  }
};
/// The placeholders of a statement rendered at compile time, checked against Args before binding (so the error
/// is reported at to_sql() / all(), not a dozen instantiations deeper); check() is false after a reported error.
/// Without arguments placeholders stay unfilled (to_sql(stmt)); a dynamic statement's are checked as it binds.
template <class Stmt, class... Args>
struct placeholder_args_check {
  static constexpr auto result = [] {
    placeholder_checker<Args...> w;
    if constexpr (sizeof...(Args) > 0 && !Stmt::dynamic) Stmt::write_statement(w, nullptr);
    return w;
  }();
  template <std::string_view placeholder_checker<Args...>::*Field, class Seq>
  struct spell;
  template <std::string_view placeholder_checker<Args...>::*Field, std::size_t... I>
  struct spell<Field, std::index_sequence<I...>> {
    using type = placeholder_named<(result.*Field)[I]...>;
  };
  template <std::string_view placeholder_checker<Args...>::*Field>
  using named = typename spell<Field, std::make_index_sequence<(result.*Field).size()>>::type;
  /// The names are spelled (a type per placeholder) only for an error: nothing extra to instantiate otherwise.
  static constexpr bool check() {
    if constexpr (!result.missing.empty())
      static_assert(placeholder_given<named<&placeholder_checker<Args...>::missing>, false>,
                    "drizzle: no value given for a placeholder (its name is spelled out in placeholder_named<...>); "
                    "pass arg<\"name\">(value)");
    else if constexpr (!result.truncated.empty())
      static_assert(placeholder_fits<named<&placeholder_checker<Args...>::truncated>, false>,
                    "drizzle: a floating-point value for an integer column; pass an integer (placeholder_named<...>)");
    else if constexpr (!result.mismatched.empty())
      static_assert(placeholder_fits<named<&placeholder_checker<Args...>::mismatched>, false>,
                    "drizzle: the value's C++ type does not match the column's type (placeholder_named<...>)");
    return result.missing.empty() && result.truncated.empty() && result.mismatched.empty();
  }
};
}  // namespace detail

/// Collects the N parameters of a fixed-shape statement in place (no vector, no allocation for integers and for
/// values that fit a std::string's inline buffer): the driver's hot path hands `values` to libpq as they are. A
/// placeholder left without a value, or more parameters than N, marks the collection `incomplete`; the caller then
/// renders the statement the ordinary way (to_sql), which reports it as before.
template <std::size_t N>
struct inline_params {
  std::array<param_text, N> text{};
  std::array<const char*, N> values{};  ///< null for SQL NULL
  std::size_t count = 0;
  bool incomplete = false;
};
template <std::size_t N>
struct inline_param_collector {
  inline_params<N>& out;
  template <class S, class V>
  void add(const V& v) {
    if (param_text* t = next()) {
      if constexpr (encodes_as_integer_v<S>) {
        const typename S::cpp_type& number = v;  // the conversion encode_as makes
        t->assign_integer(number);
      } else {
        encode_as<S>(v, t->emplace_string());
      }
      out.values[out.count++] = t->c_str();
    }
  }
  void add_null() {
    if (next()) out.values[out.count++] = nullptr;
  }
  void add_text(std::string text) {
    if (param_text* t = next()) {
      *t = param_text(std::move(text));
      out.values[out.count++] = t->c_str();
    }
  }
  template <class V>
  void add_value(const V& v) {
    if (param_text* t = next()) {
      std::optional<std::string> e = encode_param(v);
      if (!e) return add_null();
      *t = param_text(std::move(*e));
      out.values[out.count++] = t->c_str();
    }
  }
  template <class S, fixed_string Name>
  void add_placeholder() {
    out.incomplete = true;
  }

 private:
  param_text* next() {
    if (out.count < N) return &out.text[out.count];
    out.incomplete = true;
    return nullptr;
  }
};

/// Collects parameters with the values of named placeholders filled in from arg<"name">(v)... into Base (a
/// param_collector or an inline_param_collector); a placeholder without a value is a compile error.
template <class Base, class... Args>
struct filling_into : Base {
  const std::tuple<Args...>& args;
  filling_into(Base base, const std::tuple<Args...>& a) : Base(base), args(a) {}
  template <class S, fixed_string Name>
  void add_placeholder() {
    constexpr std::size_t i = [] {
      constexpr std::string_view names[] = {Args::name..., std::string_view{}};
      std::size_t k = 0;
      while (k < sizeof...(Args) && names[k] != Name.view()) ++k;
      return k;
    }();
    // The placeholder's name is in the template arguments the compiler shows with this error (Name = "...").
    static_assert(detail::placeholder_given<typename detail::placeholder_chars<Name>::type, (i < sizeof...(Args))>,
                  "drizzle: no value given for a placeholder (its name is spelled out in placeholder_named<...>); pass "
                  "arg<\"name\">(value)");
    if constexpr (i < sizeof...(Args)) {
      const auto& v = std::get<i>(args).value;
      if constexpr (detail::is_optional_v<std::remove_cvref_t<decltype(v)>>) {
        if (!v) return this->add_null();
        add_one<S>(*v);
      } else {
        add_one<S>(v);
      }
    }
  }

 private:
  /// An argument is checked like a value written in the statement: the same rules (value_fits), the same errors.
  template <class S, class V>
  void add_one(const V& v) {
    if constexpr (std::is_void_v<S>) {
      this->add_value(v);
    } else {
      using cpp = typename S::cpp_type;
      static_assert(!detail::truncates<V, cpp>(),
                    "drizzle: a floating-point value for an integer column; pass an integer");
      static_assert(detail::truncates<V, cpp>() || detail::value_fits<V, cpp>(),
                    "drizzle: the value's C++ type does not match the column's type");
      if constexpr (detail::value_fits<V, cpp>())
        this->template add<S>(detail::to_cpp<cpp>(v));  // a number out of range: encode_error, not another number
    }
  }
};
template <class... Args>
struct filling_collector : filling_into<param_collector, Args...> {
  filling_collector(param_list& o, const std::tuple<Args...>& a)
      : filling_into<param_collector, Args...>(param_collector{o}, a) {}
};

}  // namespace drizzle
