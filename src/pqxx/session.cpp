/// The driver's non-template code, compiled once into drizzle::pqxx: opening a connection, error mapping, the
/// transaction and savepoint statements, the logger, and sending a statement (session::send: one call per
/// statement, the statement cache and libpq's exec calls). What is a template of the statement (binding its values,
/// decoding its rows) stays inline in the headers; everything else a file that runs a statement would compile again
/// is here.
#include <array>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "drizzle/pqxx/session.hpp"

namespace drizzle {

namespace {
/// A statement whose text is made at run time (raw SQL, the cursor's statements): the text owned by the query.
sql_query owning_query(std::string text) {
  sql_query q;
  q.owned = std::move(text);
  q.sql = q.owned;
  return q;
}
}  // namespace

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

void bad_binary(std::string_view what, std::size_t length, std::string_view why) {
  throw decode_error("drizzle: cannot read a binary value of " + std::to_string(length) + " bytes as " +
                     std::string(what) + (why.empty() ? "" : " (" + std::string(why) + ")"));
}

void throw_field_count(std::size_t fields, std::size_t selected) {
  throw decode_error("drizzle: the row has " + std::to_string(fields) + " fields, the statement selects " +
                     std::to_string(selected));
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

struct session::statement_cache {
  std::vector<std::string> prepared;         ///< by statement type id: its prepared name, empty until prepared
  std::vector<detail::format_slot> formats;  ///< by statement type id: its result format (result_format)
  /// statements prepared under a name given with .prepare("name"), with their result format (result_format)
  std::map<std::string, detail::format_slot> named;
  /// by statement type id: the name it last ran under, and that name's result format in named
  std::vector<std::pair<std::string, detail::format_slot*>> named_by_id;
};

session::session(pg_connection& conn, options opts)
    : conn_(&conn), options_(std::move(opts)), cache_(new statement_cache) {}
session::session(session&& other) noexcept
    : conn_(other.conn_),
      options_(std::move(other.options_)),
      cache_(std::exchange(other.cache_, nullptr)),
      depth_(other.depth_),
      cursors_(other.cursors_),
      lost_(std::move(other.lost_)),
      primary_(other.primary_) {}
session::~session() {
  delete cache_;
}

void session::log(std::string_view sql, const param_list& params) const noexcept {
  if (!options_.logger) return;
  try {
    options_.logger(sql, params);
  } catch (...) {
  }
}

std::size_t session::execute(std::string_view raw_sql) {
  const sql_query q = owning_query(std::string(raw_sql));
  return exec_query(q, 0, false, [](const result_row&) {});
}

std::vector<std::vector<std::optional<std::string>>> session::query_text(std::string_view raw_sql,
                                                                         const std::vector<std::string>& params) {
  sql_query q = owning_query(std::string(raw_sql));
  for (const auto& p : params) q.params.push_back(param_value{p});
  std::vector<std::vector<std::optional<std::string>>> rows;
  exec_query(q, 0, false, [&](const result_row& r) {
    auto& out = rows.emplace_back();
    for (std::size_t i = 0; i < r.size(); ++i) {
      const auto f = r[i];
      out.push_back(f ? std::optional<std::string>(*f) : std::nullopt);
    }
  });
  return rows;
}

PGresult* session::send_query(const sql_query& q, std::size_t id, bool prepare,
                              const std::optional<std::string>& explicit_name, detail::result_check check,
                              int& format) {
  log(q.sql, q.params);
  // The parameter pointers: on the stack for the usual few, on the heap only past inline_params.
  constexpr std::size_t inline_params = 16;
  std::array<const char*, inline_params> inline_values;
  std::vector<const char*> heap_values;
  const char** values = inline_values.data();
  if (q.params.size() > inline_params) {
    heap_values.resize(q.params.size());
    values = heap_values.data();
  }
  for (std::size_t i = 0; i < q.params.size(); ++i) {
    const auto& p = q.params[i];
    if (!p.placeholder.empty())
      throw std::invalid_argument("drizzle: no value for placeholder \"" + std::string(p.placeholder) + "\"");
    values[i] = p.value ? p.value->c_str() : nullptr;
  }
  return send(q.sql, static_cast<int>(q.params.size()), values, id, prepare, explicit_name, check, detail::ref_to(q),
              format);
}

PGresult* session::send(std::string_view sql, int n, const char* const* values, std::size_t id, bool prepare,
                        const std::optional<std::string>& explicit_name, detail::result_check check,
                        detail::query_ref query, int& format) {
  PGconn* pg = connected() ? conn_->handle() : usable(describe(query), static_cast<std::size_t>(n));
  format = 0;
  detail::result_ptr r;
  if (explicit_name) {
    detail::format_slot& slot = prepare_named_format(query, id, prepare, *explicit_name);
    if (check) format = result_format(slot, *explicit_name, check);
    r.reset(PQexecPrepared(pg, explicit_name->c_str(), n, values, nullptr, nullptr, format));
  } else if (prepare && options_.prepare_statements) {
    // The repeated run of a prepared statement type: its name and result format straight from the cache.
    statement_cache& c = *cache_;
    const bool known = id < c.prepared.size() && !c.prepared[id].empty();
    const std::string& name = known ? c.prepared[id] : prepare_id(query, id);
    if (check) {
      const detail::format_slot& slot = c.formats[id];
      format = slot.decided_for == check ? (slot.binary ? 1 : 0) : result_format(c.formats[id], name, check);
    }
    r.reset(PQexecPrepared(pg, name.c_str(), n, values, nullptr, nullptr, format));
  } else if (n == 0) {
    r.reset(PQexec(pg, std::string(sql).c_str()));
  } else {
    r.reset(PQexecParams(pg, std::string(sql).c_str(), n, nullptr, values, nullptr, nullptr, 0));
  }
  if (!ok(r.get())) fail(r.get(), describe(query), static_cast<std::size_t>(n));
  return r.release();  // the caller's result_ptr clears it
}

std::size_t session::affected_rows(const PGresult* r) {
  const char* affected = PQcmdTuples(const_cast<PGresult*>(r));
  return affected && *affected ? static_cast<std::size_t>(std::stoull(affected)) : 0;
}

const std::string& session::prepare_id(detail::query_ref q, std::size_t id) {
  statement_cache& c = *cache_;
  if (id >= c.prepared.size()) {
    c.prepared.resize(id + 1);
    c.formats.resize(id + 1);
  }
  std::string& name = c.prepared[id];
  if (name.empty()) {
    std::string fresh = "drizzle_" + std::to_string(id);
    sql_query scratch;
    prepare_on_server(fresh, q(scratch));
    name = std::move(fresh);
  }
  return name;
}

const std::string& session::prepare_named(detail::query_ref q, std::size_t id, bool typed, const std::string& name) {
  prepare_named_format(q, id, typed, name);
  return name;
}

detail::format_slot& session::prepare_named_format(detail::query_ref q, std::size_t id, bool typed,
                                                   const std::string& name) {
  statement_cache& c = *cache_;
  if (typed && id < c.named_by_id.size() && c.named_by_id[id].first == name) return *c.named_by_id[id].second;
  auto at = c.named.find(name);
  if (at == c.named.end()) {
    sql_query scratch;
    prepare_on_server(name, q(scratch));
    at = c.named.emplace(name, detail::format_slot{}).first;
  }
  if (typed) {
    if (id >= c.named_by_id.size()) c.named_by_id.resize(id + 1);
    c.named_by_id[id] = {name, &at->second};
  }
  return at->second;
}

int session::result_format(detail::format_slot& slot, const std::string& name, detail::result_check check) {
  if (slot.decided_for != check) {
    const detail::result_ptr d(PQdescribePrepared(conn_->handle(), name.c_str()));
    if (!ok(d.get())) fail(d.get(), "describe " + name, 0);
    slot.binary = check(d.get());
    slot.decided_for = check;
  }
  return slot.binary ? 1 : 0;
}

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

std::string session::describe(detail::query_ref q) const {
  sql_query scratch;
  return describe(q(scratch));
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

std::string session::raw(const std::string& text) {
  log(text, {});
  PGconn* pg = usable(text, 0);
  const detail::result_ptr r(PQexec(pg, text.c_str()));
  if (!ok(r.get())) fail(r.get(), text, 0);
  return PQcmdStatus(r.get());
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
  if (commit && !savepoint) {
    // A statement failed and fn caught its error: the transaction is aborted and PostgreSQL answers `commit` with
    // ROLLBACK, not an error. Returning normally would say the writes were kept; they were not.
    if (raw("commit") == "ROLLBACK")
      detail::throw_for_sqlstate(
          "drizzle: commit rolled the transaction back: a statement in it failed and its error "
          "was caught inside the transaction",
          "25P02", "commit", 0);
    return;
  }
  if (commit) {
    try {
      raw("release savepoint " + name);
      return;
    } catch (const connection_lost&) {
      throw;
    } catch (const query_error&) {
      // The savepoint's block caught an error of its own and returned: release fails (25P02). Undo the block as
      // when it throws, so the enclosing transaction can go on if it catches this error.
      raw("rollback to savepoint " + name);
      throw;
    }
  }
  if (lost_) return;  // the server rolled everything back when the connection died: nothing to send
  try {
    raw(savepoint ? "rollback to savepoint " + name : std::string("rollback"));
  } catch (const connection_lost&) {
    // The server has rolled back everything already; the original error matters more.
  }
}

void session::run_cursor(const sql_query& q, std::size_t batch, row_sink on_row) {
  transaction([&](session& tx) {
    const std::string cursor = "drizzle_cursor_" + std::to_string(++tx.cursors_);
    sql_query declare = owning_query("declare " + cursor + " no scroll cursor for " + std::string(q.sql));
    declare.params = q.params;
    tx.exec_query(declare, 0, false, [](const result_row&) {});
    const sql_query fetch = owning_query("fetch forward " + std::to_string(batch) + " from " + cursor);
    for (;;) {
      const std::size_t n = tx.exec_query(fetch, 0, false, [&](const result_row& r) { on_row.call(on_row.target, r); });
      if (n < batch) break;
    }
    tx.execute("close " + cursor);
  });
}

void session::forget_backend() {
  *cache_ = statement_cache{};  // every statement the old backend knew
  lost_.reset();
  depth_ = 0;
}

database::database(std::unique_ptr<pg_connection> owned, options opts)
    : session(*owned, std::move(opts)), owned_(owned.release()) {}
database::database(database&& other) noexcept
    : session(std::move(other)), owned_(std::exchange(other.owned_, nullptr)) {}
database::~database() {
  delete owned_;
}

void database::reconnect() {
  if (depth_ > 0) throw std::logic_error("drizzle: reconnect() inside a transaction");
  auto fresh = detail::open_connection(owned_->url());
  delete owned_;
  owned_ = fresh.release();
  conn_ = owned_;
  forget_backend();
}

database connect(const std::string& url, options opts) {
  return database(detail::open_connection(url), std::move(opts));
}
database connect(const std::string& url) {
  return database(detail::open_connection(url), options{});
}

}  // namespace pqxx
}  // namespace drizzle
