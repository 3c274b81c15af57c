#pragma once
/// A thread-safe connection pool for multi-threaded servers: at most `max` connections, acquire() waits up to
/// `acquire_timeout`; a connection that broke, or that comes back inside a transaction, is closed and replaced
/// instead of being handed out again; idle connections are closed after `idle_timeout`; close() ends it all.
#include <poll.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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
  explicit pool(std::string url, pool_options opts = {}) : url_(std::move(url)), options_(std::move(opts)) {
    if (options_.idle_timeout.count() > 0) reaper_ = std::thread([this] { reap(); });
  }
  pool(const pool&) = delete;
  pool& operator=(const pool&) = delete;
  /// close(): waits for every lease to come back.
  ~pool() { close(); }

  /// A connection borrowed from the pool; it goes back when the lease is destroyed.
  class lease {
   public:
    lease(pool& p, std::unique_ptr<database> db) : pool_(&p), db_(std::move(db)) {}
    lease(lease&& other) noexcept : pool_(other.pool_), db_(std::move(other.db_)) {}
    lease& operator=(lease&&) = delete;
    ~lease() {
      if (db_) pool_->give_back(std::move(db_));
    }
    database& operator*() { return *db_; }
    database* operator->() { return db_.get(); }

   private:
    pool* pool_;
    std::unique_ptr<database> db_;
  };

  /// Borrows a connection, opening one when fewer than `max` exist; waits for one otherwise. A free connection
  /// found broken is closed and replaced first. pool_timeout after acquire_timeout, pool_closed once close() began.
  [[nodiscard]] lease acquire() {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
    for (;;) {
      if (closed_) throw pool_closed("drizzle: the pool is closed");
      if (!free_.empty()) {
        auto db = std::move(free_.back().db);
        free_.pop_back();
        lock.unlock();
        if (alive(*db)) return lease(*this, std::move(db));
        db.reset();  // broken while idle: close it, open another in its place
        lock.lock();
        --open_;
        ++replaced_;
        continue;
      }
      if (open_ < options_.max) break;
      if (available_.wait_until(lock, deadline) == std::cv_status::timeout && free_.empty() && open_ >= options_.max &&
          !closed_)
        throw pool_timeout("drizzle: no connection became free within " +
                           std::to_string(options_.acquire_timeout.count()) + " ms (pool max " +
                           std::to_string(options_.max) + ")");
    }
    ++open_;
    lock.unlock();
    try {
      return lease(*this, std::make_unique<database>(connect(url_, options_.connection)));
    } catch (...) {
      std::lock_guard again(mutex_);
      --open_;
      available_.notify_all();
      throw;
    }
  }

  /// Refuses further acquires (they throw pool_closed), waits until every lease has come back, and closes every
  /// connection. Idempotent; the destructor calls it.
  void close() {
    std::vector<idle> closing;
    {
      std::unique_lock lock(mutex_);
      closed_ = true;
      available_.notify_all();
      reaper_wake_.notify_all();
      returned_.wait(lock, [&] { return open_ == free_.size(); });
      closing.swap(free_);
      open_ = 0;
    }
    closing.clear();
    if (reaper_.joinable()) reaper_.join();
  }

  /// Connections open right now (borrowed or free).
  [[nodiscard]] std::size_t size() const {
    std::lock_guard lock(mutex_);
    return open_;
  }
  /// Connections closed because they broke (or came back inside a transaction) since the pool began.
  [[nodiscard]] std::size_t replaced() const {
    std::lock_guard lock(mutex_);
    return replaced_;
  }

 private:
  struct idle {
    std::unique_ptr<database> db;
    std::chrono::steady_clock::time_point since;
  };

  /// Whether an idle connection still works: libpq's status, and whatever the server sent meanwhile (a terminated
  /// backend's last message and the end of the stream) read without blocking.
  static bool alive(database& db) {
    if (!db.connected()) return false;
    PGconn* pg = db.connection().handle();
    // A terminated backend sends its FATAL message, then closes: read until nothing more is waiting, so the end of
    // the stream is seen too.
    for (int i = 0; i < 16; ++i) {
      pollfd fd{PQsocket(pg), POLLIN, 0};
      if (fd.fd < 0) return false;
      if (::poll(&fd, 1, 0) <= 0) break;
      if (!PQconsumeInput(pg) || PQstatus(pg) != CONNECTION_OK) return false;
      if (fd.revents & (POLLHUP | POLLERR)) return false;
    }
    return PQstatus(pg) == CONNECTION_OK && PQtransactionStatus(pg) == PQTRANS_IDLE;
  }

  void give_back(std::unique_ptr<database> db) {
    // A connection that broke, or was left inside a transaction (only reachable by raw SQL), is not reused.
    const bool reusable =
        db->connected() && !db->in_transaction() && PQtransactionStatus(db->connection().handle()) == PQTRANS_IDLE;
    if (!reusable) db.reset();  // closed outside the lock
    std::lock_guard lock(mutex_);
    if (reusable) {
      free_.push_back({std::move(db), std::chrono::steady_clock::now()});
    } else {
      --open_;  // the next acquire() opens a fresh one
      ++replaced_;
    }
    available_.notify_one();
    returned_.notify_all();
  }

  /// Closes connections idle longer than idle_timeout (a thread, only when idle_timeout is set).
  void reap() {
    std::unique_lock lock(mutex_);
    while (!closed_) {
      reaper_wake_.wait_for(lock, options_.idle_timeout / 2 + std::chrono::milliseconds(1));
      const auto limit = std::chrono::steady_clock::now() - options_.idle_timeout;
      std::vector<idle> expired;
      for (auto it = free_.begin(); it != free_.end();) {
        if (it->since <= limit) {
          expired.push_back(std::move(*it));
          it = free_.erase(it);
          --open_;
        } else {
          ++it;
        }
      }
      if (!expired.empty()) {
        lock.unlock();
        expired.clear();  // closed outside the lock
        lock.lock();
        available_.notify_all();
        returned_.notify_all();
      }
    }
  }

  std::string url_;
  pool_options options_;
  mutable std::mutex mutex_;
  std::condition_variable available_;    ///< a connection was freed (or may be opened), or the pool closed
  std::condition_variable returned_;     ///< a lease came back (close() waits on it)
  std::condition_variable reaper_wake_;  ///< the pool closed (the idle reaper stops)
  std::vector<idle> free_;
  std::size_t open_ = 0;
  std::size_t replaced_ = 0;
  bool closed_ = false;
  std::thread reaper_;
};

}  // namespace drizzle::pqxx
