/// The driver's non-template code, compiled once into drizzle::pqxx: opening a connection, error mapping, the
/// transaction and savepoint statements, the logger. Nothing here is on a statement's way to its rows (that path,
/// bound::run and session::exec_values, stays inline in the headers); it runs once per connection, per transaction
/// or on an error.
#include <cstdio>

#include "drizzle/pqxx/session.hpp"

namespace drizzle {

void default_logger(std::string_view sql, const param_list& params) noexcept {
  try {
    // Appended piece by piece: g++ 12 at -O3 warns (-Wrestrict, a false positive) on `"$" + std::string(...)` here.
    std::string line = "Query: ";
    line += sql;
    line += " -- params: [";
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (i) line += ", ";
      if (!params[i].placeholder.empty()) {
        line += '$';
        line += params[i].placeholder;
      } else if (!params[i].value) {
        line += "null";
      } else {
        detail::append_json_quoted(line, *params[i].value);
      }
    }
    line += "]\n";
    std::fputs(line.c_str(), stderr);
  } catch (...) {  // out of memory: logging never stops a statement
  }
}

namespace pqxx {

namespace detail {
void throw_for_sqlstate(std::string message, const std::string& state, const std::string& stmt,
                        std::size_t param_count) {
  message += " [SQLSTATE " + state + "] -- statement: " + stmt;
  if (state == "23505") throw unique_violation(message, state, stmt, param_count);
  if (state == "23503") throw foreign_key_violation(message, state, stmt, param_count);
  if (state == "23502") throw not_null_violation(message, state, stmt, param_count);
  if (state == "23514") throw check_violation(message, state, stmt, param_count);
  if (state.rfind("23", 0) == 0) throw integrity_violation(message, state, stmt, param_count);
  if (state == "40001") throw serialization_failure(message, state, stmt, param_count);
  if (state == "40P01") throw deadlock_detected(message, state, stmt, param_count);
  if (state.rfind("22", 0) == 0) throw data_exception(message, state, stmt, param_count);
  if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03")
    throw connection_lost(message, state, stmt, param_count);
  throw query_error(message, state, stmt, param_count);
}

std::unique_ptr<pg_connection> open_connection(const std::string& url) {
  std::unique_ptr<pg_connection> conn;
  try {
    conn = std::make_unique<pg_connection>(url);
  } catch (const std::exception& e) {
    std::string why = e.what();
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw connection_error("drizzle: cannot connect to the database: " + why);
  }
  const result_ptr r(PQexec(conn->handle(), session_settings));
  if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    std::string why = r ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn->handle());
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw connection_error(std::string("drizzle: cannot set up the connection (") + session_settings + "): " + why);
  }
  return conn;
}
}  // namespace detail

PGconn* session::usable(const std::string& stmt, std::size_t param_count) {
  PGconn* pg = conn_->handle();
  if (!lost_ && pg && PQstatus(pg) == CONNECTION_OK) return pg;
  std::string why = lost_ ? *lost_ : std::string("the connection is closed");
  if (!lost_) lost_ = why;
  throw connection_lost(
      "drizzle: connection lost earlier (" + why + "); nothing runs on it until reconnect() -- statement: " + stmt,
      "08003", stmt, param_count);
}

void session::fail(const PGresult* r, const std::string& stmt, std::size_t param_count) {
  PGconn* pg = conn_->handle();
  const char* state_field = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string state = state_field ? state_field : "";
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = primary ? primary : "";
  // libpq's own errors carry no SQLSTATE ("server closed the connection unexpectedly", "no connection to the
  // server", a write that failed): the connection's state is unknown, so it counts as lost.
  const bool broken = !pg || PQstatus(pg) != CONNECTION_OK || state.empty() || state.rfind("08", 0) == 0 ||
                      state == "57P01" || state == "57P02" || state == "57P03";
  if (message.empty() && pg) message = PQerrorMessage(pg);
  if (message.empty() && r) message = PQresultErrorMessage(r);
  if (auto nl = message.find('\n'); nl != std::string::npos) message.resize(nl);
  if (broken) {
    if (state.empty()) state = "08006";
    lost_ = message + " (during: " + stmt.substr(0, 200) + ")";
    throw connection_lost("drizzle: connection lost: " + message + " [SQLSTATE " + state + "] -- statement: " + stmt,
                          state, stmt, param_count);
  }
  detail::throw_for_sqlstate("drizzle: " + message, state, stmt, param_count);
}

void session::prepare_on_server(const std::string& name, const sql_query& q) {
  const detail::result_ptr r(
      PQprepare(conn_->handle(), name.c_str(), std::string(q.sql).c_str(), static_cast<int>(q.params.size()), nullptr));
  if (!ok(r.get())) fail(r.get(), describe(q), q.params.size());
}

std::string session::describe(const sql_query& q) const {
  std::string s(q.sql);
  if (options_.include_params_in_errors) {
    s += " -- params: [";
    for (std::size_t i = 0; i < q.params.size(); ++i) {
      if (i) s += ", ";
      s += q.params[i].value ? *q.params[i].value : std::string_view("null");
    }
    s += "]";
  }
  return s;
}

void session::raw(const std::string& text) {
  log(text, {});
  PGconn* pg = usable(text, 0);
  const detail::result_ptr r(PQexec(pg, text.c_str()));
  if (!ok(r.get())) fail(r.get(), text, 0);
}

bool session::begin_transaction(const transaction_options& opts) {
  const bool savepoint = depth_ > 0;
  if (savepoint) {
    raw("savepoint sp" + std::to_string(depth_));
  } else {
    std::string begin = "begin";
    constexpr const char* levels[] = {"", " isolation level read uncommitted", " isolation level read committed",
                                      " isolation level repeatable read", " isolation level serializable"};
    begin += levels[static_cast<int>(opts.isolation)];
    if (opts.access == access_mode::read_only) begin += " read only";
    if (opts.access == access_mode::read_write) begin += " read write";
    if (opts.deferrable) begin += " deferrable";
    raw(begin);
  }
  ++depth_;
  return savepoint;
}

void session::end_transaction(bool savepoint, bool commit) {
  --depth_;
  const std::string name = "sp" + std::to_string(depth_);  // the depth the savepoint was set at
  // After a loss, raw() throws connection_lost for the commit/release: the transaction fails, whatever fn did.
  if (commit) return raw(savepoint ? "release savepoint " + name : std::string("commit"));
  if (lost_) return;  // the server rolled everything back when the connection died: nothing to send
  try {
    raw(savepoint ? "rollback to savepoint " + name : std::string("rollback"));
  } catch (const connection_lost&) {
    // The server has rolled back everything already; the original error matters more.
  }
}

void session::forget_backend() {
  prepared_.clear();
  formats_.clear();
  named_.clear();
  named_by_id_.clear();
  lost_.reset();
  depth_ = 0;
}

void database::reconnect() {
  if (depth_ > 0) throw std::logic_error("drizzle: reconnect() inside a transaction");
  auto fresh = detail::open_connection(owned_->url());
  owned_ = std::move(fresh);
  conn_ = owned_.get();
  forget_backend();
}

database connect(const std::string& url, options opts) {
  return database(detail::open_connection(url), std::move(opts));
}

}  // namespace pqxx
}  // namespace drizzle
