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

namespace detail {
struct dynamic_text;
}

/// SQL text and parameters of a statement, as to_sql() returns them.
struct sql_query {
  std::string_view sql;  ///< points into static storage, into the inline text, or into `owned`
  param_list params;
  std::string owned;  ///< the text of a statement rendered at run time that did not fit the inline text

  sql_query() = default;
  sql_query(const sql_query& o) : params(o.params), owned(o.owned) { take_text(o); }
  sql_query(sql_query&& o) noexcept : params(std::move(o.params)), owned(std::move(o.owned)) { take_text(o); }
  sql_query& operator=(sql_query o) noexcept {
    params = std::move(o.params);
    owned = std::move(o.owned);
    take_text(o);
    return *this;
  }
  /// Parameter values as text, for tests and logs (NULL as std::nullopt). A template (V is always the default) so
  /// that std::vector<std::optional<std::string>> is compiled only where it is called (~1 MB of g++ memory).
  template <class V = std::vector<std::optional<std::string>>>
  [[nodiscard]] V values() const {
    V v;
    for (const auto& p : params) v.emplace_back(p.value);
    return v;
  }

 private:
  friend struct detail::dynamic_text;
  /// Room for the text of a typical dynamic statement, so that rendering one allocates only its parameter vector.
  static constexpr std::size_t inline_capacity = 256;
  /// `sql` of `o` (already holding o's `owned`), pointed into this object's storage where it was in o's.
  void take_text(const sql_query& o) noexcept {
    if (o.sql.data() == o.inline_text_) {
      std::char_traits<char>::copy(inline_text_, o.sql.data(), o.sql.size() + 1);  // and its terminating NUL
      sql = {inline_text_, o.sql.size()};
    } else {
      sql = owned.empty() ? o.sql : std::string_view(owned);
    }
  }
  char inline_text_[inline_capacity];
};

namespace detail {
/// Renders a dynamic statement's text into a sql_query (inline while it fits) and returns its parameter count.
struct dynamic_text {
  template <class Stmt>
  static std::size_t write(sql_query& q, const Stmt& stmt) {
    // A text longer than the inline room goes to `owned`, reserved from the longest text of this statement type so
    // far (up to 4 KiB, so one huge statement does not make every later one reserve as much): one allocation.
    // A relaxed atomic through the compilers' builtins (g++ and clang++ both have them): <atomic> costs every file
    // that includes <drizzle/drizzle.hpp> ~4 MB of g++ memory for this one counter.
    static std::size_t longest = 0;
    // The inline text keeps a terminating NUL as static text and `owned` do: `.sql.data()` is a C string.
    inline_string_writer w{q.inline_text_, q.inline_text_ + sql_query::inline_capacity - 1, q.owned,
                           __atomic_load_n(&longest, __ATOMIC_RELAXED)};
    Stmt::write_statement(w, &stmt);
    if (w.spilled()) {
      q.sql = q.owned;
      if (q.owned.size() > __atomic_load_n(&longest, __ATOMIC_RELAXED) && q.owned.size() <= 4096)
        __atomic_store_n(&longest, q.owned.size(), __ATOMIC_RELAXED);
    } else {
      *w.at = '\0';
      q.sql = {q.inline_text_, static_cast<std::size_t>(w.at - q.inline_text_)};
    }
    return w.next_param - 1;
  }
};
}  // namespace detail

/// The SQL text and parameters of any statement, with named placeholders filled from arg<"name">(v)...
template <class Stmt, class... Args>
[[nodiscard]] sql_query to_sql(const Stmt& stmt, const Args&... args);

/// The SQL text and parameters of any statement.
template <class Stmt>
[[nodiscard]] sql_query to_sql(const Stmt& stmt) {
  static_assert(Stmt::check_complete());
  sql_query q;
  if constexpr (Stmt::dynamic) {
    q.params.reserve(detail::dynamic_text::write(q, stmt));
  } else {
    q.sql = detail::static_sql<Stmt>();
    q.params.reserve(detail::static_sql_of<Stmt>::measured.next_param - 1);
  }
  param_collector collect{q.params};
  stmt.bind(collect);
  return q;
}

/// The SQL text alone, its parameters never bound: for messages and sql(), where binding would run a column's
/// default_fn / on_update_fn once more than the statement runs.
template <class Stmt>
[[nodiscard]] std::string sql_text(const Stmt& stmt) {
  if constexpr (Stmt::dynamic) {
    sql_query q;
    detail::dynamic_text::write(q, stmt);
    return std::string(q.sql);
  } else {
    return std::string(detail::static_sql<Stmt>());
  }
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
template <class Stmt, class Result = std::optional<sql_query>>
[[nodiscard]] Result to_unnest_sql(const Stmt& stmt) {
  if constexpr (requires { stmt.unnest_columns(); }) {
    const auto columns = stmt.unnest_columns();
    if (!columns) return Result();
    return Result(to_unnest_sql(stmt, *columns));
  } else {
    return Result();
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
      q.params.reserve(detail::dynamic_text::write(q, stmt));
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
