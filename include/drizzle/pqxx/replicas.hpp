#pragma once
/// Read replicas (Drizzle's withReplicas): with_replicas(primary, {replica...}, choose) sends selects and relational
/// queries to a replica and everything else to the primary.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "session.hpp"

namespace drizzle::pqxx {

namespace detail {
template <class T>
inline constexpr bool is_select = false;
template <int R, class F, class Fr, class J, class W, class G, class H, class O, class L, class Off, class Lock,
          class D, class Wi>
inline constexpr bool is_select<::drizzle::select_t<R, F, Fr, J, W, G, H, O, L, Off, Lock, D, Wi>> = true;
}  // namespace detail

/// Picks the replica of a read: gets the number of replicas, returns an index below it (Drizzle's getReplica).
using replica_chooser = callback<std::size_t(std::size_t replicas)>;

/// A replica in with_replicas' list: `{read1, read2}` names the sessions themselves (a std::reference_wrapper would
/// need <functional>).
struct replica_ref {
  replica_ref(session& s) noexcept : target(&s) {}  // NOLINT(google-explicit-constructor): `{read1, read2}`
  session* target;
};

/// The default chooser: a replica at random, uniformly (one splitmix64 generator per thread, seeded once from the
/// clock and the thread's own address). Not <random>: its engines and distributions cost every translation unit
/// that includes <drizzle/pqxx.hpp> ~17 MB of compiler memory, for a load-balancing pick. The modulo's bias is
/// below replicas / 2^64. (Compiled in the library, src/pqxx/replicas.cpp, as is the rest of replicated that does not
/// depend on a statement.)
std::size_t random_replica(std::size_t replicas);

/// A primary and its read replicas, used like a database:
/// - select(), select_distinct(), select_distinct_on(), query(schema), count() and run(a select) go to a replica: the
///   chooser's pick (random by default); a replica whose connection is lost (connected() is false) is passed over for
///   the next connected one in order, and when none is left the read goes to the primary. The read that finds a replica
///   down fails with drizzle::connection_lost (it is not sent again on its own); later reads fall back. A lost
///   replica comes back when the application reconnects it (database::reconnect()).
/// - a select with a locking clause (for_update(), for_share(), ...) runs on the primary, even when built from
///   select() here (a standby cannot lock rows);
/// - insert(), update(), delete_from(), execute(), raw SQL rows (all / first / one of a sql template: raw SQL may
///   write), copy_into(), transaction() (every statement inside, reads included) and primary() go to the primary.
/// The sessions stay the application's: a replicated holds references, so they must outlive it.
class replicated {
 public:
  replicated(session& primary, std::vector<session*> replicas, replica_chooser choose);
  replicated(const replicated&) = delete;
  replicated& operator=(const replicated&) = delete;
  ~replicated();

  /// The primary, for reads that must see the latest writes: db.primary().select(...).
  [[nodiscard]] session& primary() noexcept { return *primary_; }
  /// The session the next read goes to (the chooser's pick, or the fallback described above).
  [[nodiscard]] session& replica();

  // Reads: a replica.
  template <class... Fs>
  [[nodiscard]] auto select(const Fs&... fields) {
    return replica().select(fields...);
  }
  template <class... Fs>
  [[nodiscard]] auto select_distinct(const Fs&... fields) {
    return replica().select_distinct(fields...);
  }
  template <class... On, class... Fs>
  [[nodiscard]] auto select_distinct_on(std::tuple<On...> on, const Fs&... fields) {
    return replica().select_distinct_on(std::move(on), fields...);
  }
  template <class Schema>
  [[nodiscard]] auto query(const Schema& schema) {
    return replica().query(schema);
  }
  template <class... A>
  [[nodiscard]] std::int64_t count(const A&... args) {
    return replica().count(args...);
  }
  /// A statement built elsewhere: a select or a relational query on a replica (a locking select on the primary),
  /// anything else (set operations included) on the primary.
  template <class Stmt>
  requires detail::statement<std::remove_cvref_t<Stmt>>
  [[nodiscard]] auto run(Stmt&& stmt) {
    using S = std::remove_cvref_t<Stmt>;
    constexpr bool reads = detail::is_select<S> || requires {
      S::relational;
    };
    session& s = reads ? replica() : *primary_;
    return s.run(std::forward<Stmt>(stmt));
  }

  // Writes and everything else: the primary.
  template <table_type T>
  [[nodiscard]] auto insert(const T& t) {
    return primary_->insert(t);
  }
  template <table_type T>
  [[nodiscard]] auto update(const T& t) {
    return primary_->update(t);
  }
  template <table_type T>
  [[nodiscard]] auto delete_from(const T& t) {
    return primary_->delete_from(t);
  }
  template <class E>
  std::size_t execute(E&& e) {
    return primary_->execute(std::forward<E>(e));
  }
  template <expression E>
  [[nodiscard]] auto all(const E& e) {
    return primary_->all(e);
  }
  template <expression E>
  [[nodiscard]] auto first(const E& e) {
    return primary_->first(e);
  }
  template <expression E>
  [[nodiscard]] auto one(const E& e) {
    return primary_->one(e);
  }
  template <table_type T, class Range>
  std::size_t copy_into(const T& table, const Range& rows) {
    return primary_->copy_into(table, rows);
  }
  template <class F>
  decltype(auto) transaction(F&& fn, transaction_options opts = {}) {
    return primary_->transaction(std::forward<F>(fn), opts);
  }

 private:
  session* primary_;
  std::vector<session*> replicas_;
  replica_chooser choose_;
};

/// Drizzle's withReplicas: with_replicas(primary, {read1, read2}) or with a chooser,
/// with_replicas(primary, {read1, read2}, [](std::size_t n) { return std::size_t{0}; }).
replicated with_replicas(session& primary, std::initializer_list<replica_ref> replicas,
                         replica_chooser choose = random_replica);

}  // namespace drizzle::pqxx
