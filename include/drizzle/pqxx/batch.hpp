#pragma once
/// db.batch(q1, q2, ...): statements sent together in libpq's pipeline mode (libpq 14+), read back as a tuple of
/// typed results. As Drizzle's db.batch: one implicit transaction, all or nothing; plus an independent form.
#include <libpq-fe.h>

#include <array>
#include <cstddef>
#include <exception>
#include <functional>
#include <iterator>
#include <memory>
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
  void finish() {
    values.resize(at.size());
    for (std::size_t i = 0; i < at.size(); ++i) values[i] = at[i] == std::string::npos ? nullptr : text.data() + at[i];
  }
};
/// Collects a fixed-shape statement's parameters into batch_params; a placeholder without a value marks it
/// incomplete (it is then rendered the ordinary way, which reports it).
struct batch_param_collector {
  batch_params& out;
  bool incomplete = false;
  template <class S, class V>
  void add(const V& v) {
    out.scratch.clear();
    encode_as<S>(v, out.scratch);
    add_text(out.scratch);
  }
  void add_null() { out.at.push_back(std::string::npos); }
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
          auto query = [&] { return ::drizzle::to_sql(b.stmt_); };  // only to prepare it
          if (b.name_)
            item.name = s.prepare_named(query, statement_id<Stmt>, true, *b.name_);
          else if (s.options_.prepare_statements)
            item.name = s.prepare_id(query, statement_id<Stmt>);
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
          item.name = s.prepare_named(item.q, 0, false, name);
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
        item.name = s.prepare_named(item.q, statement_id<Stmt>, !Stmt::dynamic, *b.name_);
      else if (!Stmt::dynamic && s.options_.prepare_statements)
        item.name = s.prepare_id(item.q, statement_id<Stmt>);
    }
    if (item.name.empty()) item.text = std::string(item.q.sql);
  }

  /// Sends every item in one pipeline and reads every result, calling on_result(k, result) as each arrives (decoded
  /// at once, so libpq's result memory is reused as with single statements); throws the first failure's typed error
  /// (with its batch_index) after the pipeline is drained, so the connection stays usable.
  template <class OnResult>
  static void run(session& s, batch_item* items, std::size_t n, batch_params& params, bool transactional,
                  OnResult&& on_result) {
    if (!transactional && s.depth_ > 0)
      throw std::logic_error(
          "drizzle: db.batch(independent, ...) inside a transaction: the transaction makes it all or nothing; use "
          "db.batch(...)");
    if (s.options_.logger)
      for (std::size_t k = 0; k < n; ++k) s.log(items[k].q.sql, items[k].q.params);
    PGconn* pg = s.usable("batch", 0);
    // Inside a transaction, a savepoint keeps a failed batch from aborting it; outside, the statements between two
    // syncs are one implicit transaction on the server.
    const bool savepoint = transactional && s.depth_ > 0;
    if (!PQenterPipelineMode(pg)) s.fail(nullptr, "batch (entering pipeline mode)", 0);
    auto send_text = [&](const char* text) {
      return PQsendQueryParams(pg, text, 0, nullptr, nullptr, nullptr, nullptr, 0);
    };
    bool sent = !savepoint || send_text("savepoint drizzle_batch");
    constexpr std::size_t inline_params = 16;
    std::array<const char*, inline_params> inline_values{};
    std::vector<const char*> heap_values;
    params.finish();
    for (std::size_t k = 0; sent && k < n; ++k) {
      const auto& q = items[k].q;
      const char* const* values = params.values.data() + items[k].first;
      if (!items[k].fixed) {
        const char** own = inline_values.data();
        if (q.params.size() > inline_params) {
          heap_values.resize(q.params.size());
          own = heap_values.data();
        }
        for (std::size_t i = 0; i < q.params.size(); ++i)
          own[i] = q.params[i].value ? q.params[i].value->c_str() : nullptr;
        values = own;
      }
      const int np = static_cast<int>(param_count(items[k]));
      sent = !items[k].name.empty()
                 ? PQsendQueryPrepared(pg, items[k].name.c_str(), np, values, nullptr, nullptr, 0)
                 : PQsendQueryParams(pg, items[k].text.c_str(), np, nullptr, values, nullptr, nullptr, 0);
      if (sent && !transactional) sent = PQpipelineSync(pg);
    }
    if (sent && savepoint) sent = send_text("release savepoint drizzle_batch");
    if (sent && transactional) sent = PQpipelineSync(pg);
    if (!sent) lose(s, pg, "batch (sending)");

    // Read back: one result (then a null) per statement, a PGRES_PIPELINE_SYNC per sync.
    reader rd{s, pg, [&](std::size_t k, const PGresult* r) { on_result(k, r); }};
    if (savepoint) rd.query(std::nullopt);
    for (std::size_t k = 0; k < n; ++k) {
      rd.query(k);
      if (!transactional) rd.sync();
    }
    if (savepoint) rd.query(std::nullopt);
    if (transactional) rd.sync();
    PQexitPipelineMode(pg);
    if (!rd.failure) {
      if (rd.decode_failure) std::rethrow_exception(rd.decode_failure);
      return;
    }
    if (savepoint) s.raw("rollback to savepoint drizzle_batch; release savepoint drizzle_batch");
    const PGresult* r = rd.failure.get();
    const char* state_field = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const std::string state = state_field ? state_field : "";
    if (!rd.failed || state.empty() || state.rfind("08", 0) == 0 || state.rfind("57P0", 0) == 0)
      s.fail(r, rd.failed ? describe(s, items[*rd.failed], params) : std::string("batch (savepoint)"), 0);
    const std::size_t k = *rd.failed;
    const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    try {
      throw_for_sqlstate("drizzle: batch statement [" + std::to_string(k) + "] of " + std::to_string(n) +
                             " failed: " + std::string(primary ? primary : "") +
                             (transactional ? " (the batch was rolled back)" : ""),
                         state, describe(s, items[k], params), param_count(items[k]));
    } catch (query_error& e) {
      e.set_batch_index(k);
      throw;
    }
  }

  static std::size_t param_count(const batch_item& item) { return item.fixed ? item.count : item.q.params.size(); }
  /// The statement as error messages name it (session::describe: its text, its values when the options say so).
  static std::string describe(const session& s, const batch_item& item, const batch_params& params) {
    if (!item.fixed) return s.describe(item.q);
    sql_query q;
    q.sql = item.sql;
    for (std::size_t i = 0; i < item.count; ++i) {
      const char* v = params.values[item.first + i];
      q.params.push_back(v ? param_value{std::string(v)} : param_value{std::nullopt});
    }
    return s.describe(q);
  }

  /// Reads a pipeline's results in order, keeping each statement's and the first failure.
  struct reader {
    session& s;
    PGconn* pg;
    std::function<void(std::size_t, const PGresult*)> decode;
    std::optional<std::size_t> failed{};
    result_ptr failure{};
    std::exception_ptr decode_failure{};  ///< a value that did not decode: thrown once the pipeline is drained
    void query(std::optional<std::size_t> k) {
      result_ptr r(PQgetResult(pg));
      if (!r) lose(s, pg, "batch (a result is missing)");
      const ExecStatusType st = PQresultStatus(r.get());
      if (st == PGRES_FATAL_ERROR || st == PGRES_NONFATAL_ERROR || st == PGRES_BAD_RESPONSE) {
        if (!failure) {
          failed = k;
          failure = std::move(r);
        }
      } else if (k && st != PGRES_PIPELINE_ABORTED) {
        if (!failure && !decode_failure) {
          try {
            decode(*k, r.get());
          } catch (...) {
            decode_failure = std::current_exception();
          }
        }
      }
      const result_ptr end(PQgetResult(pg));  // the null that ends a statement's results
    }
    void sync() {
      const result_ptr r(PQgetResult(pg));
      if (!r || PQresultStatus(r.get()) != PGRES_PIPELINE_SYNC) lose(s, pg, "batch (the sync is missing)");
    }
  };

  /// The connection broke mid-pipeline: mark it lost (every later statement fails) and throw connection_lost.
  [[noreturn]] static void lose(session& s, PGconn* pg, const std::string& what) {
    PQexitPipelineMode(pg);
    s.fail(nullptr, what, 0);
  }
  /// A statement's result as db.batch returns it.
  template <class Stmt>
  static batch_result_t<Stmt> decode(const PGresult* r) {
    if constexpr (std::is_void_v<typename Stmt::row_type>) {
      const char* affected = PQcmdTuples(const_cast<PGresult*>(r));
      return affected && *affected ? static_cast<std::size_t>(std::stoull(affected)) : 0;
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
    std::vector<batch_item> items;
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
