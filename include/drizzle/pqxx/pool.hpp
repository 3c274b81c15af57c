#pragma once
/// A thread-safe connection pool for multi-threaded servers: at most `max` connections, acquire() waits up to
/// `acquire_timeout`; a connection that broke, or that comes back inside a transaction, is closed and replaced
/// instead of being handed out again; idle connections are closed after `idle_timeout`; close() ends it all.
/// Compiled in drizzle::pqxx (src/pqxx/pool.cpp): its locking, threads and polling are behind `state`, so this
/// header needs none of <thread>, <mutex>, <condition_variable> or <poll.h>.
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include "session.hpp"

namespace drizzle::pqxx {

struct pool_options {
  std::size_t max = 8;
  std::chrono::milliseconds acquire_timeout{5000};
  /// A connection left unused this long is closed (zero: never).
  std::chrono::milliseconds idle_timeout{0};
  options connection{};  ///< options of every connection (logger, prepare_statements = false for PgBouncer, ...)
};

/// No connection became free within acquire_timeout.
class pool_timeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
/// acquire() on a pool that is closed (or closing).
class pool_closed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class pool {
 public:
  explicit pool(std::string url, pool_options opts = {});
  pool(const pool&) = delete;
  pool& operator=(const pool&) = delete;
  /// close(): waits for every lease to come back.
  ~pool();

  /// A connection borrowed from the pool; it goes back when the lease is destroyed.
  class lease {
   public:
    lease(pool& p, std::unique_ptr<database> db);
    lease(lease&& other) noexcept;
    lease& operator=(lease&&) = delete;
    ~lease();  ///< gives the connection back (src/pqxx/pool.cpp, with the rest of the pool)
    database& operator*() { return *db_; }
    database* operator->() { return db_; }

   private:
    pool* pool_;
    database* db_;  ///< owned: given back (or deleted) by the destructor
  };

  /// Borrows a connection, opening one when fewer than `max` exist; waits for one otherwise. A free connection
  /// found broken is closed and replaced first. pool_timeout after acquire_timeout, pool_closed once close() began.
  [[nodiscard]] lease acquire();

  /// Refuses further acquires (they throw pool_closed), waits until every lease has come back, and closes every
  /// connection. Idempotent; the destructor calls it.
  void close();

  /// Connections open right now (borrowed or free).
  [[nodiscard]] std::size_t size() const;
  /// Connections closed because they broke (or came back inside a transaction) since the pool began.
  [[nodiscard]] std::size_t replaced() const;

 private:
  struct idle;  ///< a free connection and since when (src/pqxx/pool.cpp)

  /// Whether an idle connection still works: libpq's status, and whatever the server sent meanwhile (a terminated
  /// backend's last message and the end of the stream) read without blocking.
  static bool alive(database& db);

  void give_back(std::unique_ptr<database> db);

  /// Closes connections idle longer than idle_timeout (a thread, only when idle_timeout is set).
  void reap();

  /// The URL, options, lock, condition variables, free list, counters and the reaper thread (src/pqxx/pool.cpp).
  /// Owned (~pool() deletes it); plain pointers here and in lease, as std::unique_ptr's members would be compiled in
  /// every file that includes the driver.
  struct state;
  state* s_;
};

}  // namespace drizzle::pqxx
