#pragma once
/// Rendering: the PostgreSQL dialect (quoted identifiers, $n parameters) and the writers that
/// turn a statement into text, at compile time for fixed shapes and at run time otherwise.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "detail/text.hpp"
#include "detail/writers.hpp"
#include "fixed_string.hpp"
#include "types.hpp"

namespace drizzle {

namespace detail {

template <class Stmt>
struct static_sql_of {
  static constexpr length_writer measured = [] {
    length_writer w;
    Stmt::write_statement(w, nullptr);
    return w;
  }();
  static constexpr auto text = [] {
    static_text<measured.length> t{};
    static_writer w{t.chars.data()};
    Stmt::write_statement(w, nullptr);
    return t;
  }();
};

/// consteval: every call is folded to the constant, so no function (and no static_text::view, std::array::data) is
/// emitted per statement shape where the text is used at run time (to_sql, the driver) at -O0.
template <class Stmt>
consteval std::string_view static_sql() {
  return static_sql_of<Stmt>::text.view();
}

}  // namespace detail

/// SQL text and parameters of a statement, as to_sql() returns them.
struct sql_query {
  std::string_view sql;  ///< points into static storage, or into `owned`
  std::vector<param_value> params;
  std::string owned;  ///< the text of a statement rendered at run time

  sql_query() = default;
  sql_query(const sql_query& o) : params(o.params), owned(o.owned) { sql = o.owned.empty() ? o.sql : owned; }
  sql_query(sql_query&& o) noexcept : params(std::move(o.params)), owned(std::move(o.owned)) {
    sql = owned.empty() ? o.sql : owned;
  }
  sql_query& operator=(sql_query o) noexcept {
    params = std::move(o.params);
    owned = std::move(o.owned);
    sql = owned.empty() ? o.sql : owned;
    return *this;
  }
  /// Parameter values as text, for tests and logs (NULL as std::nullopt).
  [[nodiscard]] std::vector<std::optional<std::string>> values() const {
    std::vector<std::optional<std::string>> v;
    for (const auto& p : params) v.push_back(p.value);
    return v;
  }
};

/// The SQL text and parameters of any statement, with named placeholders filled from arg<"name">(v)...
template <class Stmt, class... Args>
[[nodiscard]] sql_query to_sql(const Stmt& stmt, const Args&... args);

/// The SQL text and parameters of any statement.
template <class Stmt>
[[nodiscard]] sql_query to_sql(const Stmt& stmt) {
  static_assert(Stmt::check_complete());
  sql_query q;
  if constexpr (Stmt::dynamic) {
    // Measure, then write: the text of a dynamic statement costs one allocation.
    detail::length_writer measure;
    Stmt::write_statement(measure, &stmt);
    q.owned.reserve(measure.length);
    detail::string_writer w{q.owned};
    Stmt::write_statement(w, &stmt);
    q.sql = q.owned;
    q.params.reserve(measure.next_param - 1);
  } else {
    q.sql = detail::static_sql<Stmt>();
    q.params.reserve(detail::static_sql_of<Stmt>::measured.next_param - 1);
  }
  param_collector collect{q.params};
  stmt.bind(collect);
  return q;
}

/// The unnest form of a multi-row insert: `insert into "t" ("a", "b") select * from unnest($1::int4[], $2::text[])`,
/// one array parameter per column, so the text is the same for any row count and there is no parameter limit.
/// std::nullopt when the statement has no such form (a value that is not a plain parameter, a column given in some
/// rows and left to its default in others, every column defaulted). The db runs it in place of to_sql(); to_sql()
/// keeps Drizzle's multi-row `values (...), (...)` text.
template <class Stmt>
[[nodiscard]] sql_query to_unnest_sql(const Stmt& stmt, std::uint64_t columns) {
  sql_query q;
  detail::string_writer w{q.owned};
  stmt.write_unnest_statement(w, columns);
  q.sql = q.owned;
  param_collector collect{q.params};
  stmt.bind_unnest(collect, columns);
  return q;
}
template <class Stmt>
[[nodiscard]] std::optional<sql_query> to_unnest_sql(const Stmt& stmt) {
  if constexpr (requires { stmt.unnest_columns(); }) {
    const std::optional<std::uint64_t> columns = stmt.unnest_columns();
    if (!columns) return std::nullopt;
    return to_unnest_sql(stmt, *columns);
  } else {
    return std::nullopt;
  }
}

template <class Stmt, class... Args>
sql_query to_sql(const Stmt& stmt, const Args&... args) {
  if constexpr (sizeof...(Args) == 0) {
    return to_sql(stmt);
  } else if constexpr (!detail::placeholder_args_check<Stmt, Args...>::check()) {
    return sql_query{};  // a missing or mistyped argument: one error, nothing below is instantiated after it
  } else {
    static_assert(Stmt::check_complete());
    sql_query q;
    if constexpr (Stmt::dynamic) {
      detail::string_writer w{q.owned};
      Stmt::write_statement(w, &stmt);
      q.sql = q.owned;
    } else {
      q.sql = detail::static_sql<Stmt>();
    }
    const std::tuple<Args...> values(args...);
    filling_collector<Args...> collect{q.params, values};
    stmt.bind(collect);
    return q;
  }
}

}  // namespace drizzle
