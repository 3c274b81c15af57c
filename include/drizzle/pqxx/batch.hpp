#pragma once
/// db.batch(q1, q2, ...): statements sent together in libpq's pipeline mode (libpq 14+), read back as a tuple of
/// typed results. As Drizzle's db.batch: one implicit transaction, all or nothing; plus an independent form.
#include <libpq-fe.h>

#include <array>
#include <charconv>
#include <cstddef>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "errors.hpp"
#include "session.hpp"

namespace drizzle::pqxx {

/// db.batch(independent, q1, q2, ...): every statement in its own transaction (a sync after each), so a failing
/// one leaves the others' effects in place.
struct independent_t {
  explicit constexpr independent_t() = default;
};
inline constexpr independent_t independent{};

/// What db.batch returns for one statement: its rows (the statement's row type), or the number of rows it affected
/// when it returns none.
template <class Stmt>
using batch_result_t =
    std::conditional_t<std::is_void_v<typename Stmt::row_type>, std::size_t, std::vector<typename Stmt::row_type>>;

namespace detail {

template <class T>
struct is_bound : std::false_type {};
template <class S>
struct is_bound<bound<S>> : std::true_type {
  using statement = S;
};
template <class T>
inline constexpr bool is_bound_v = is_bound<std::remove_cvref_t<T>>::value;
template <class R>
concept bound_range = requires(const R& r) {
  std::begin(r);
  std::end(r);
  requires is_bound_v<decltype(*std::begin(r))>;
};

/// One statement of a batch: its rendered text and parameters and the prepared name it runs under (if any).
struct batch_item {
  sql_query q;  ///< a dynamic statement's text and parameters (a fixed shape's are `sql` and the batch's params)
  /// The prepared statement's name (a copy: the session's name table may grow while the batch is rendered; short
  /// names stay in the string's inline buffer), empty when sent with its text.
  std::string name;
  std::string text;      ///< the null-terminated text when sent unprepared
  bool fixed = false;    ///< a fixed shape: its text is `sql`, its parameters [first, first + count) of batch_params
  std::string_view sql;  ///< the compile-time text of a fixed shape
  std::size_t first = 0, count = 0;
};

/// The parameters of a batch's fixed-shape statements in one buffer of NUL-terminated texts: a few allocations for
/// the whole batch instead of a parameter vector per statement.
struct batch_params {
  std::string text;
  std::vector<std::size_t> at;      ///< per parameter: its offset in `text`, npos for NULL
  std::vector<const char*> values;  ///< the pointers libpq gets, set once every statement is rendered
  std::string scratch;              ///< one value's text (a codec appends to the string it is given)
  void finish();                    ///< sets `values` (src/pqxx/batch.cpp)
};

/// Where run() hands each statement's result: on_result(k, result), called through one function per callable.
struct batch_sink {
  void* target;
  void (*call)(void* target, std::size_t k, const PGresult* r);
};
template <class F>
struct batch_sink_of {
  static void call(void* target, std::size_t k, const PGresult* r) { (*static_cast<F*>(target))(k, r); }
};
/// Collects a fixed-shape statement's parameters into batch_params; a placeholder without a value marks it
/// incomplete (it is then rendered the ordinary way, which reports it).
struct batch_param_collector {
  batch_params& out;
  bool incomplete = false;
  template <class S, class V>
  void add(const V& v) {
    if constexpr (encodes_as_integer_v<S>) {
      // The digits straight into the buffer, as param_collector does (no scratch string).
      const typename S::cpp_type& number = v;  // the conversion encode_as makes
      char digits[24];
      const auto r = std::to_chars(digits, digits + sizeof digits, number);
      add_text(std::string_view(digits, static_cast<std::size_t>(r.ptr - digits)));
    } else {
      out.scratch.clear();
      encode_as<S>(v, out.scratch);
      add_text(out.scratch);
    }
  }
  /// Inline: a call per parameter cost a batched point select ~40 instructions (callgrind). Templates, so that the
  /// vector's push_back is compiled only in a file that runs a batch, not in every file that includes the driver.
  template <class = void>
  void add_null() {
    out.at.push_back(std::string::npos);
  }
  template <class = void>
  void add_text(std::string_view t) {
    out.at.push_back(out.text.size());
    out.text += t;
    out.text += '\0';
  }
  template <class V>
  void add_value(const V& v) {
    const std::optional<std::string> e = encode_param(v);
    if (!e) return add_null();
    add_text(*e);
  }
  template <class S, fixed_string Name>
  void add_placeholder() {
    incomplete = true;
    add_null();
  }
};

struct batch_access {
  /// Renders a bound statement as bound::run would (the unnest form for many rows) and prepares it when it is
  /// prepared on its own (outside the pipeline: PQprepare is synchronous, once per connection).
  template <class Stmt>
  static void render(session& s, const bound<Stmt>& b, std::size_t k, batch_item& item, batch_params& params) {
    if (b.session_ != &s)
      throw std::invalid_argument("drizzle: batch statement [" + std::to_string(k) +
                                  "] is bound to another connection");
    if constexpr (!Stmt::dynamic) {
      // A fixed shape: its text is a constant, its values go to the batch's buffer (no sql_query). With a logger
      // (which takes the parameter vector), or a placeholder without a value, it is rendered the ordinary way below.
      if (!s.options_.logger) {
        const std::size_t first = params.at.size();
        batch_param_collector collect{params};
        b.stmt_.bind(collect);
        if (!collect.incomplete && params.at.size() - first <= max_parameters) {
          item.fixed = true;
          item.sql = ::drizzle::detail::static_sql<Stmt>();
          item.first = first;
          item.count = params.at.size() - first;
          // Only to prepare it and name it in an error: the values collected above, not bound again (a default_fn
          // is called once per row, as bound::run does).
          auto query = [&] {
            sql_query q;
            q.sql = item.sql;
            q.params.reserve(item.count);
            for (std::size_t i = item.first; i < item.first + item.count; ++i)
              if (params.at[i] == std::string::npos)
                q.params.push_back({});
              else
                q.params.push_back({std::string(params.text.c_str() + params.at[i])});
            return q;
          };
          if (b.name_)
            item.name = s.prepare_named(ref_to(query), statement_id<Stmt>, true, *b.name_);
          else if (s.options_.prepare_statements)
            item.name = s.prepare_id(ref_to(query), statement_id<Stmt>);
          if (item.name.empty()) item.text = std::string(item.sql);
          return;
        }
        params.at.resize(first);
      }
    }
    bool done = false;
    if constexpr (requires { b.stmt_.unnest_columns(); }) {
      if (const auto columns = b.stmt_.unnest_columns()) {
        item.q = ::drizzle::to_unnest_sql(b.stmt_, *columns);
        done = true;
        if (s.options_.prepare_statements) {
          const std::string name = "drizzle_" + std::to_string(statement_id<Stmt>) + "_u" + std::to_string(*columns);
          item.name = s.prepare_named(ref_to(item.q), 0, false, name);
        }
      }
    }
    if (!done) {
      item.q = ::drizzle::to_sql(b.stmt_);
      if (item.q.params.size() > max_parameters)
        throw std::invalid_argument("drizzle: batch statement [" + std::to_string(k) + "] has " +
                                    std::to_string(item.q.params.size()) +
                                    " parameters, PostgreSQL takes at most 65,535; run it on its own");
      for (const auto& p : item.q.params)
        if (!p.placeholder.empty())
          throw std::invalid_argument("drizzle: no value for placeholder \"" + std::string(p.placeholder) +
                                      "\" (batch statement [" + std::to_string(k) + "])");
      if (b.name_)
        item.name = s.prepare_named(ref_to(item.q), statement_id<Stmt>, !Stmt::dynamic, *b.name_);
      else if (!Stmt::dynamic && s.options_.prepare_statements)
        item.name = s.prepare_id(ref_to(item.q), statement_id<Stmt>);
    }
    if (item.name.empty()) item.text = std::string(item.q.sql);
  }

  /// Sends every item in one pipeline and reads every result, calling on_result(k, result) as each arrives (decoded
  /// at once, so libpq's result memory is reused as with single statements); throws the first failure's typed error
  /// (with its batch_index) after the pipeline is drained, so the connection stays usable. Compiled in the library
  /// (src/pqxx/batch.cpp): nothing of it depends on the statements.
  static void run_pipeline(session& s, batch_item* items, std::size_t n, batch_params& params, bool transactional,
                           batch_sink on_result);
  template <class OnResult>
  static void run(session& s, batch_item* items, std::size_t n, batch_params& params, bool transactional,
                  OnResult&& on_result) {
    using F = std::remove_reference_t<OnResult>;
    run_pipeline(s, items, n, params, transactional,
                 batch_sink{const_cast<void*>(static_cast<const void*>(&on_result)), &batch_sink_of<F>::call});
  }
  /// The pipeline's parts (src/pqxx/batch.cpp).
  struct reader;
  static std::size_t param_count(const batch_item& item) noexcept;
  static std::string describe(const session& s, const batch_item& item, const batch_params& params);
  [[noreturn]] static void lose(session& s, PGconn* pg, const std::string& what);

  /// A statement's result as db.batch returns it.
  template <class Stmt>
  static batch_result_t<Stmt> decode(const PGresult* r) {
    if constexpr (std::is_void_v<typename Stmt::row_type>) {
      return session::affected_rows(r);
    } else {
      using row = typename Stmt::row_type;
      std::vector<row> rows;
      collect_rows<row, row> add{rows};
      const int count = PQntuples(r);
      add.reserve(static_cast<std::size_t>(count));
      for (int i = 0; i < count; ++i) add(result_row(r, i));
      return rows;
    }
  }

  template <class... B>
  static auto tuple(session& s, bool transactional, const B&... stmts) {
    constexpr std::size_t n = sizeof...(B);
    std::array<batch_item, n> items;
    batch_params params;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (render(s, stmts, I, items[I], params), ...);
    }
    (std::index_sequence_for<B...>{});
    std::tuple<batch_result_t<typename is_bound<std::remove_cvref_t<B>>::statement>...> out;
    run(s, items.data(), n, params, transactional, [&](std::size_t k, const PGresult* r) {
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((k == I ? void(std::get<I>(out) = decode<typename is_bound<std::remove_cvref_t<B>>::statement>(r)) : void()),
         ...);
      }
      (std::index_sequence_for<B...>{});
    });
    return out;
  }

  template <class Range>
  static auto range(session& s, bool transactional, const Range& stmts) {
    using B = std::remove_cvref_t<decltype(*std::begin(stmts))>;
    using Stmt = typename is_bound<B>::statement;
    // (The item type named through Range: the vector's members are compiled only where a range is batched.)
    std::vector<typename ::drizzle::detail::dependent_on<Range, batch_item>::type> items;
    batch_params params;
    if constexpr (requires { std::size(stmts); }) {
      items.reserve(std::size(stmts));
      params.at.reserve(std::size(stmts));
    }
    std::size_t k = 0;
    for (const auto& b : stmts) render(s, b, k++, items.emplace_back(), params);
    std::vector<batch_result_t<Stmt>> out;
    if (items.empty()) return out;
    out.resize(items.size());
    run(s, items.data(), items.size(), params, transactional,
        [&](std::size_t i, const PGresult* r) { out[i] = decode<Stmt>(r); });
    return out;
  }

  template <class... A>
  static auto dispatch(session& s, bool transactional, const A&... args) {
    static_assert(sizeof...(A) > 0, "drizzle: db.batch() needs at least one statement");
    if constexpr (sizeof...(A) == 1 && !(is_bound_v<A> && ...)) {
      static_assert(
          (bound_range<A> && ...),
          "drizzle: db.batch takes statements bound to the connection (db.select()...), or one range of them");
      return range(s, transactional, args...);
    } else {
      static_assert(
          (is_bound_v<A> && ...),
          "drizzle: db.batch takes statements bound to the connection (db.select()...), or one range of them");
      return tuple(s, transactional, args...);
    }
  }
};

}  // namespace detail

template <class... Stmts>
auto session::batch(Stmts&&... stmts) {
  if constexpr (sizeof...(Stmts) > 0 &&
                std::is_same_v<std::remove_cvref_t<std::tuple_element_t<0, std::tuple<Stmts...>>>, independent_t>) {
    return [&](const independent_t&, const auto&... rest) {
      return detail::batch_access::dispatch(*this, false, rest...);
    }(stmts...);
  } else {
    return detail::batch_access::dispatch(*this, true, stmts...);
  }
}

}  // namespace drizzle::pqxx
