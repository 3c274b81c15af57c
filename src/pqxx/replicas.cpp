/// with_replicas (pqxx/replicas.hpp): what does not depend on a statement, compiled once into drizzle::pqxx.
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "drizzle/pqxx/replicas.hpp"

namespace drizzle::pqxx {

std::size_t random_replica(std::size_t replicas) {
  thread_local std::uint64_t state = [] {
    static thread_local const char here = 0;
    return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
           static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&here));
  }();
  std::uint64_t z = (state += 0x9e3779b97f4a7c15U);
  z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9U;
  z = (z ^ (z >> 27U)) * 0x94d049bb133111ebU;
  return static_cast<std::size_t>((z ^ (z >> 31U)) % replicas);
}

replicated::replicated(session& primary, std::vector<session*> replicas, replica_chooser choose)
    : primary_(&primary), replicas_(std::move(replicas)), choose_(std::move(choose)) {
  if (!choose_) choose_ = random_replica;
  for (session* r : replicas_) {
    if (r == primary_) throw std::invalid_argument("drizzle: with_replicas: the primary is listed as a replica");
    r->primary_ = primary_;  // its locking selects run on the primary
  }
}

replicated::~replicated() {
  for (session* r : replicas_)
    if (r->primary_ == primary_) r->primary_ = nullptr;
}

session& replicated::replica() {
  if (replicas_.empty()) return *primary_;
  const std::size_t n = replicas_.size();
  const std::size_t pick = choose_(n);
  if (pick >= n)
    throw std::out_of_range("drizzle: with_replicas: the chooser returned " + std::to_string(pick) + " for " +
                            std::to_string(n) + " replicas");
  for (std::size_t i = 0; i < n; ++i)
    if (session* r = replicas_[(pick + i) % n]; r->connected()) return *r;
  return *primary_;
}

replicated with_replicas(session& primary, std::initializer_list<replica_ref> replicas, replica_chooser choose) {
  std::vector<session*> list;
  for (const replica_ref& r : replicas) list.push_back(r.target);
  return replicated(primary, std::move(list), std::move(choose));
}

}  // namespace drizzle::pqxx
