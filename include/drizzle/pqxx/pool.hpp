#pragma once
/// A thread-safe connection pool for multi-threaded servers: at most `max` connections, acquire() waits up to
/// `acquire_timeout`, and a connection that broke is replaced instead of being handed out again.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "session.hpp"

namespace drizzle::pqxx {

struct pool_options {
  std::size_t max = 8;
  std::chrono::milliseconds acquire_timeout{5000};
  options connection{};  ///< options of every connection
};

/// No connection became free within acquire_timeout.
class pool_timeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class pool {
 public:
  explicit pool(std::string url, pool_options opts = {}) : url_(std::move(url)), options_(std::move(opts)) {}
  pool(const pool&) = delete;
  pool& operator=(const pool&) = delete;

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

  /// Borrows a connection, opening one when fewer than `max` exist; waits for one otherwise.
  [[nodiscard]] lease acquire() {
    std::unique_lock lock(mutex_);
    if (!free_.empty() || open_ < options_.max ||
        available_.wait_for(lock, options_.acquire_timeout, [&] { return !free_.empty() || open_ < options_.max; })) {
      if (!free_.empty()) {
        auto db = std::move(free_.back());
        free_.pop_back();
        return lease(*this, std::move(db));
      }
      ++open_;
      lock.unlock();
      try {
        return lease(*this, std::make_unique<database>(connect(url_, options_.connection)));
      } catch (...) {
        std::lock_guard again(mutex_);
        --open_;
        available_.notify_one();
        throw;
      }
    }
    throw pool_timeout("drizzle: no connection became free within " + std::to_string(options_.acquire_timeout.count()) +
                       " ms (pool max " + std::to_string(options_.max) + ")");
  }

  /// Connections open right now (borrowed or free).
  [[nodiscard]] std::size_t size() const {
    std::lock_guard lock(mutex_);
    return open_;
  }

 private:
  void give_back(std::unique_ptr<database> db) {
    std::lock_guard lock(mutex_);
    if (db->connection().is_open())
      free_.push_back(std::move(db));
    else
      --open_;  // broken: the next acquire() opens a fresh one
    available_.notify_one();
  }

  std::string url_;
  pool_options options_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<database>> free_;
  std::size_t open_ = 0;
};

}  // namespace drizzle::pqxx
