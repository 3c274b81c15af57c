/// db.batch's pipeline (pqxx/batch.hpp), compiled once into drizzle::pqxx: sending the rendered statements in libpq's
/// pipeline mode, reading the results back in order and mapping the first failure. Rendering the statements and
/// decoding their rows are templates of the statements and stay in the header.
#include <array>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "drizzle/pqxx/batch.hpp"

namespace drizzle::pqxx::detail {

void batch_params::finish() {
  values.resize(at.size());
  for (std::size_t i = 0; i < at.size(); ++i) values[i] = at[i] == std::string::npos ? nullptr : text.data() + at[i];
}

/// Reads a pipeline's results in order, keeping each statement's and the first failure.
struct batch_access::reader {
  session& s;
  PGconn* pg;
  batch_sink decode;
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
          decode.call(decode.target, *k, r.get());
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

void batch_access::run_pipeline(session& s, batch_item* items, std::size_t n, batch_params& params, bool transactional,
                                batch_sink on_result) {
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
  reader rd{s, pg, on_result};
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
    throw_for_sqlstate("drizzle: batch statement [" + std::to_string(k) + "] of " + std::to_string(n) + " failed: " +
                           std::string(primary ? primary : "") + (transactional ? " (the batch was rolled back)" : ""),
                       state, describe(s, items[k], params), param_count(items[k]));
  } catch (query_error& e) {
    e.set_batch_index(k);
    throw;
  }
}

std::size_t batch_access::param_count(const batch_item& item) noexcept {
  return item.fixed ? item.count : item.q.params.size();
}

std::string batch_access::describe(const session& s, const batch_item& item, const batch_params& params) {
  if (!item.fixed) return s.describe(item.q);
  sql_query q;
  q.sql = item.sql;
  for (std::size_t i = 0; i < item.count; ++i) {
    const char* v = params.values[item.first + i];
    q.params.push_back(v ? param_value{std::string(v)} : param_value{std::nullopt});
  }
  return s.describe(q);
}

void batch_access::lose(session& s, PGconn* pg, const std::string& what) {
  PQexitPipelineMode(pg);
  s.fail(nullptr, what, 0);
}

}  // namespace drizzle::pqxx::detail
