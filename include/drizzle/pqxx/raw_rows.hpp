#pragma once
/// Raw SQL that returns rows, read into the type the sql template names: db.all(sql<std::tuple<int, std::string>,
/// "select id, name from users where id > {}">(10)). Included by session.hpp (it defines session::all / first / one
/// for expressions); values stay bound parameters, the text is prepared like any fixed-shape statement.
// Boost.PFR's core (get, tuple_element_t, tuple_size_v) only: <boost/pfr.hpp> adds its io and ops headers, ~5 MB
// of g++ memory in every file that runs a statement.
#include <boost/pfr/core.hpp>
#include <boost/pfr/tuple_size.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "session.hpp"

namespace drizzle::pqxx {

namespace detail {
/// How a raw row is read: one column into a type with a codec (int, std::string, std::optional<T>, ...), column i
/// into element i of a tuple (std::tuple, std::pair), or column i into field i of an aggregate struct (Boost.PFR).
enum class raw_shape { scalar, tuple, aggregate, none };
template <class T>
constexpr raw_shape raw_shape_of() {
  using U = ::drizzle::detail::unwrap_optional_t<T>;
  if constexpr (requires(std::string_view s) { ::drizzle::codec<U>::decode(s); })
    return raw_shape::scalar;
  else if constexpr (requires { std::tuple_size<T>::value; })
    return raw_shape::tuple;
  else if constexpr (std::is_aggregate_v<T> && std::is_class_v<T> && !std::is_polymorphic_v<T>)
    return raw_shape::aggregate;
  else
    return raw_shape::none;
}
template <class T>
constexpr std::size_t raw_columns() {
  if constexpr (raw_shape_of<T>() == raw_shape::tuple)
    return std::tuple_size_v<T>;
  else if constexpr (raw_shape_of<T>() == raw_shape::aggregate)
    return boost::pfr::tuple_size_v<T>;
  else
    return 1;
}
/// Field `i` as V: NULL only into a std::optional (decode_error naming the field otherwise).
template <class V>
V decode_raw_field(const result_row& r, std::size_t i) {
  const auto text = r[i];
  if (!text) {
    if constexpr (::drizzle::detail::is_optional_v<V>)
      return std::nullopt;
    else
      throw decode_error("drizzle: field " + std::to_string(i) +
                         " of the raw SQL's row is NULL but its C++ type is not std::optional");
  } else {
    return ::drizzle::codec<::drizzle::detail::unwrap_optional_t<V>>::decode(*text);
  }
}
template <class T>
T decode_raw_row(const result_row& r) {
  constexpr std::size_t n = raw_columns<T>();
  if (r.size() != n)
    throw decode_error("drizzle: the raw SQL returns " + std::to_string(r.size()) + " columns, its row type has " +
                       std::to_string(n));
  if constexpr (raw_shape_of<T>() == raw_shape::scalar) {
    return decode_raw_field<T>(r, 0);
  } else if constexpr (raw_shape_of<T>() == raw_shape::tuple) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return T{decode_raw_field<std::tuple_element_t<I, T>>(r, I)...};
    }
    (std::make_index_sequence<n>{});
  } else {
    T out{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((boost::pfr::get<I>(out) = decode_raw_field<boost::pfr::tuple_element_t<I, T>>(r, I)), ...);
    }
    (std::make_index_sequence<n>{});
    return out;
  }
}
template <class T>
constexpr bool raw_row_ok() {
  if constexpr (std::is_void_v<T>)
    return false;
  else
    return raw_shape_of<T>() != raw_shape::none;
}
/// The row type; after a reported error (check_raw_rows) a valid stand-in, so that no second error follows.
template <class E, class V = typename std::remove_cvref_t<E>::value_type>
using raw_row_t = std::conditional_t<raw_row_ok<V>(), V, std::tuple<std::string>>;
template <class E>
constexpr bool check_raw_rows() {
  using T = typename std::remove_cvref_t<E>::value_type;
  static_assert(
      !std::is_void_v<T>,
      "drizzle: sql<void, ...> returns no rows; use execute(), or name the row type: sql<std::tuple<...>, ...>");
  if constexpr (!std::is_void_v<T>)
    static_assert(
        raw_row_ok<T>(),
        "drizzle: a raw row type is a type with a codec, a std::tuple of them or an aggregate struct of them");
  return true;
}
}  // namespace detail

/// Every row of raw SQL: a std::vector of the sql template's type T. Runs on this session (a replicated
/// database runs it on the primary: raw SQL may write).
template <expression E>
auto session::all(const E& e) {
  static_assert(detail::check_raw_rows<E>());
  using T = detail::raw_row_t<E>;
  using Stmt = raw_statement<std::remove_cvref_t<E>>;
  const Stmt stmt{e};
  std::vector<T> rows;
  struct collect {
    std::vector<T>& out;
    void reserve(std::size_t n) { out.reserve(n); }
    void operator()(const result_row& r) { out.push_back(detail::decode_raw_row<T>(r)); }
  };
  exec_query(::drizzle::to_sql(stmt), detail::statement_id<Stmt>, !Stmt::dynamic, collect{rows});
  return rows;
}
/// The first row of raw SQL, if any (the text runs as written: add your own `limit 1`).
template <expression E>
auto session::first(const E& e) {
  static_assert(detail::check_raw_rows<E>());
  using T = detail::raw_row_t<E>;
  using Stmt = raw_statement<std::remove_cvref_t<E>>;
  const Stmt stmt{e};
  std::optional<T> row;
  exec_query(::drizzle::to_sql(stmt), detail::statement_id<Stmt>, !Stmt::dynamic, [&](const result_row& r) {
    if (!row) row.emplace(detail::decode_raw_row<T>(r));
  });
  return row;
}
/// Exactly one row of raw SQL; no_rows / too_many_rows otherwise.
template <expression E>
auto session::one(const E& e) {
  static_assert(detail::check_raw_rows<E>());
  using T = detail::raw_row_t<E>;
  using Stmt = raw_statement<std::remove_cvref_t<E>>;
  const Stmt stmt{e};
  const sql_query q = ::drizzle::to_sql(stmt);
  std::optional<T> row;
  std::size_t n = 0;
  exec_query(q, detail::statement_id<Stmt>, !Stmt::dynamic, [&](const result_row& r) {
    if (n++ == 0) row.emplace(detail::decode_raw_row<T>(r));
  });
  if (n == 0) throw no_rows("drizzle: one() found no row -- statement: " + std::string(q.sql));
  if (n > 1)
    throw too_many_rows("drizzle: one() found " + std::to_string(n) + " rows -- statement: " + std::string(q.sql));
  return std::move(*row);
}

}  // namespace drizzle::pqxx
