/// drizzle::pqxx::pool, compiled once (its header needs no thread or lock headers).
#include "drizzle/pqxx/pool.hpp"

#include <poll.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace drizzle::pqxx {

struct pool::idle {
  std::unique_ptr<database> db;
  std::chrono::steady_clock::time_point since;
};

struct pool::state {
  state(std::string url, pool_options opts) : url_(std::move(url)), options_(std::move(opts)) {}
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

pool::lease::lease(pool& p, std::unique_ptr<database> db) : pool_(&p), db_(db.release()) {}
pool::lease::lease(lease&& other) noexcept : pool_(other.pool_), db_(std::exchange(other.db_, nullptr)) {}
pool::lease::~lease() {
  if (db_) pool_->give_back(std::unique_ptr<database>(db_));
}

pool::pool(std::string url, pool_options opts) : s_(new state(std::move(url), std::move(opts))) {
  try {
    if (s_->options_.idle_timeout.count() > 0) s_->reaper_ = std::thread([this] { reap(); });
  } catch (...) {
    delete s_;
    throw;
  }
}

pool::~pool() {
  close();
  delete s_;
}

pool::lease pool::acquire() {
  std::unique_lock lock(s_->mutex_);
  const auto deadline = std::chrono::steady_clock::now() + s_->options_.acquire_timeout;
  for (;;) {
    if (s_->closed_) throw pool_closed("drizzle: the pool is closed");
    if (!s_->free_.empty()) {
      auto db = std::move(s_->free_.back().db);
      s_->free_.pop_back();
      lock.unlock();
      if (alive(*db)) return lease(*this, std::move(db));
      db.reset();  // broken while idle: close it, open another in its place
      lock.lock();
      --s_->open_;
      ++s_->replaced_;
      continue;
    }
    if (s_->open_ < s_->options_.max) break;
    if (s_->available_.wait_until(lock, deadline) == std::cv_status::timeout && s_->free_.empty() &&
        s_->open_ >= s_->options_.max && !s_->closed_)
      throw pool_timeout("drizzle: no connection became free within " +
                         std::to_string(s_->options_.acquire_timeout.count()) + " ms (pool max " +
                         std::to_string(s_->options_.max) + ")");
  }
  ++s_->open_;
  lock.unlock();
  try {
    return lease(*this, std::make_unique<database>(connect(s_->url_, s_->options_.connection)));
  } catch (...) {
    std::lock_guard again(s_->mutex_);
    --s_->open_;
    s_->available_.notify_all();
    throw;
  }
}

void pool::close() {
  std::vector<idle> closing;
  {
    std::unique_lock lock(s_->mutex_);
    s_->closed_ = true;
    s_->available_.notify_all();
    s_->reaper_wake_.notify_all();
    s_->returned_.wait(lock, [&] { return s_->open_ == s_->free_.size(); });
    closing.swap(s_->free_);
    s_->open_ = 0;
  }
  closing.clear();
  if (s_->reaper_.joinable()) s_->reaper_.join();
}

std::size_t pool::size() const {
  std::lock_guard lock(s_->mutex_);
  return s_->open_;
}

std::size_t pool::replaced() const {
  std::lock_guard lock(s_->mutex_);
  return s_->replaced_;
}

bool pool::alive(database& db) {
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

void pool::give_back(std::unique_ptr<database> db) {
  // A connection that broke, or was left inside a transaction (only reachable by raw SQL), is not reused.
  const bool reusable =
      db->connected() && !db->in_transaction() && PQtransactionStatus(db->connection().handle()) == PQTRANS_IDLE;
  if (!reusable) db.reset();  // closed outside the lock
  std::lock_guard lock(s_->mutex_);
  if (reusable) {
    s_->free_.push_back({std::move(db), std::chrono::steady_clock::now()});
  } else {
    --s_->open_;  // the next acquire() opens a fresh one
    ++s_->replaced_;
  }
  s_->available_.notify_one();
  s_->returned_.notify_all();
}

void pool::reap() {
  std::unique_lock lock(s_->mutex_);
  while (!s_->closed_) {
    s_->reaper_wake_.wait_for(lock, s_->options_.idle_timeout / 2 + std::chrono::milliseconds(1));
    const auto limit = std::chrono::steady_clock::now() - s_->options_.idle_timeout;
    std::vector<idle> expired;
    for (auto it = s_->free_.begin(); it != s_->free_.end();) {
      if (it->since <= limit) {
        expired.push_back(std::move(*it));
        it = s_->free_.erase(it);
        --s_->open_;
      } else {
        ++it;
      }
    }
    if (!expired.empty()) {
      lock.unlock();
      expired.clear();  // closed outside the lock
      lock.lock();
      s_->available_.notify_all();
      s_->returned_.notify_all();
    }
  }
}
}  // namespace drizzle::pqxx
