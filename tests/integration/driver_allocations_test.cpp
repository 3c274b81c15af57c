// How many C++ allocations the driver's hot paths make, counted by replacing the global operator new in this test
// binary. Counts, not times: they are exact and the same on every run, so a change that renders a statement twice
// or copies a vector per row shows up here.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <drizzle/pqxx.hpp>
#include <new>

#include "support/test_db.hpp"

// AddressSanitizer brings its own operator new and delete and reports memory that one allocates and the other frees:
// under it the counts are not taken (the sanitized build checks the same paths for memory errors instead).
#if defined(__SANITIZE_ADDRESS__)
#define DRIZZLE_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DRIZZLE_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef DRIZZLE_COUNT_ALLOCATIONS
#define DRIZZLE_COUNT_ALLOCATIONS 1
#endif

namespace {
std::atomic<std::uint64_t> new_calls{0};
}  // namespace

#if DRIZZLE_COUNT_ALLOCATIONS
void* operator new(std::size_t n) {
  new_calls.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
#endif

namespace {
using namespace drizzle::pg;
struct counted_items_t : drizzle::table<counted_items_t, "alloc_counted_items"> {
  column<"id", integer, primary_key> id;
  column<"qty", integer, not_null> qty;
};
inline constexpr counted_items_t counted_items{};
struct counted_item {
  std::int32_t id;
  std::int32_t qty;
};

/// The operator new calls fn() makes.
template <class F>
std::uint64_t allocations_of(F&& fn) {
  const std::uint64_t before = new_calls.load();
  fn();
  return new_calls.load() - before;
}
}  // namespace

TEST_CASE("a point select and a range select allocate only what libpqxx needs", "[driver][allocations]") {
  using drizzle::eq;
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("drop table if exists alloc_counted_items");
  db.execute("create table alloc_counted_items (id integer primary key, qty integer not null)");
  db.execute("insert into alloc_counted_items select g, g * 2 from generate_series(1, 100) g");

  auto point = [&](std::int32_t id) {
    return db.select(counted_items.id, counted_items.qty)
        .from(counted_items)
        .where(eq(counted_items.id, id))
        .one<counted_item>();
  };
  auto range = [&] {
    return db.select(counted_items.id, counted_items.qty)
        .from(counted_items)
        .order_by(counted_items.id)
        .all<counted_item>();
  };
  CHECK(point(1).qty == 2);  // the first run prepares the statements
  CHECK(range().size() == 100);

  // one() still names the statement when it throws.
  CHECK_THROWS_WITH(point(1000), Catch::Contains("one() found no row") && Catch::Contains("alloc_counted_items"));

  if (DRIZZLE_COUNT_ALLOCATIONS) {  // see above
    counted_item found{};
    // libpqxx 6.4's exec_prepared itself makes 7 (its parameter arrays, the result and more, measured); drizzle
    // adds one, the parameter vector of the rendered statement. The text is rendered once and never copied.
    const std::uint64_t point_allocations = allocations_of([&] { found = point(7); });
    CHECK(point_allocations <= 8);
    CHECK(found.qty == 14);
    // 100 rows: no parameter vector (no parameters), one result vector reserved from the row count, nothing per row.
    std::vector<counted_item> rows;
    const std::uint64_t range_allocations = allocations_of([&] { rows = range(); });
    CHECK(range_allocations <= 7);
    CHECK(rows.size() == 100);
    CHECK(rows.back().qty == 200);
  }
  db.execute("drop table alloc_counted_items");
}
