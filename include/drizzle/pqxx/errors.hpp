#pragma once
/// Typed errors of the libpqxx adapter. Each names what failed: the SQLSTATE, the statement text and its
/// parameter count (parameter values only when the connection opts in, so secrets stay out of logs).
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace drizzle {

/// Any failure reported by the database for one statement.
class query_error : public std::runtime_error {
 public:
  query_error(const std::string& message, std::string sqlstate, std::string statement, std::size_t param_count)
      : std::runtime_error(message),
        sqlstate_(std::move(sqlstate)),
        statement_(std::move(statement)),
        param_count_(param_count) {}
  [[nodiscard]] const std::string& sqlstate() const noexcept { return sqlstate_; }
  [[nodiscard]] const std::string& statement() const noexcept { return statement_; }
  [[nodiscard]] std::size_t param_count() const noexcept { return param_count_; }
  /// In db.batch(...): the position of the statement that failed, counting from 0 as std::get does; std::nullopt
  /// for a statement run on its own.
  [[nodiscard]] std::optional<std::size_t> batch_index() const noexcept { return batch_index_; }
  void set_batch_index(std::size_t i) noexcept { batch_index_ = i; }

 private:
  std::string sqlstate_, statement_;
  std::size_t param_count_;
  std::optional<std::size_t> batch_index_;
};

#define DRIZZLE_QUERY_ERROR(NAME)   \
  class NAME : public query_error { \
   public:                          \
    using query_error::query_error; \
  };
DRIZZLE_QUERY_ERROR(integrity_violation)
#undef DRIZZLE_QUERY_ERROR
#define DRIZZLE_INTEGRITY_ERROR(NAME)               \
  class NAME : public integrity_violation {         \
   public:                                          \
    using integrity_violation::integrity_violation; \
  };
DRIZZLE_INTEGRITY_ERROR(unique_violation)       ///< 23505
DRIZZLE_INTEGRITY_ERROR(foreign_key_violation)  ///< 23503
DRIZZLE_INTEGRITY_ERROR(not_null_violation)     ///< 23502
DRIZZLE_INTEGRITY_ERROR(check_violation)        ///< 23514
#undef DRIZZLE_INTEGRITY_ERROR

/// A value the server rejected (SQLSTATE class 22: invalid text, out of range, bad encoding 22021, ...).
class data_exception : public query_error {
 public:
  using query_error::query_error;
};

/// Transaction conflicts worth retrying (see drizzle::pqxx::with_retry).
class transaction_conflict : public query_error {
 public:
  using query_error::query_error;
};
class serialization_failure : public transaction_conflict {  ///< 40001
 public:
  using transaction_conflict::transaction_conflict;
};
class deadlock_detected : public transaction_conflict {  ///< 40P01
 public:
  using transaction_conflict::transaction_conflict;
};

/// The connection broke (server stopped or restarted, backend terminated, network lost) while `statement()` ran,
/// or had broken before it (SQLSTATE 08003). Whatever the current transaction wrote is rolled back by the server;
/// a statement that ran outside a transaction, or a COMMIT, may or may not have taken effect. The connection does
/// not reconnect by itself: every later statement on it throws connection_lost too, until database::reconnect().
class connection_lost : public query_error {
 public:
  using query_error::query_error;
};

/// Connecting failed (bad URL, server down, authentication).
class connection_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// .one() found no row or more than one.
class no_rows : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
class too_many_rows : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown by tx.rollback(): the transaction is rolled back and transaction() rethrows it (as Drizzle's
/// TransactionRollbackError rejects the transaction's promise).
class rollback_error : public std::runtime_error {
 public:
  rollback_error() : std::runtime_error("drizzle: transaction rolled back") {}
};

namespace pqxx::detail {
/// Throws the drizzle error of SQLSTATE `state` (message: PostgreSQL's primary message, prefixed with "drizzle: ").
/// Compiled in drizzle::pqxx (src/pqxx/session.cpp), as only error paths call it.
[[noreturn]] void throw_for_sqlstate(std::string message, const std::string& state, const std::string& stmt,
                                     std::size_t param_count);
/// Rethrows the libpqxx exception in flight as a drizzle error for `statement` (src/pqxx/connection.cpp: the
/// library's only libpqxx code besides opening a connection).
[[noreturn]] void rethrow_as_drizzle(std::string_view statement, std::size_t param_count);
}  // namespace pqxx::detail
}  // namespace drizzle
