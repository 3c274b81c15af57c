// Named placeholders and explicit prepared statements, bulk inserts past PostgreSQL's parameter limit, cursor
// streaming, and the connection pool under 8 threads.
#include <catch2/catch.hpp>

#include <atomic>
#include <drizzle/pqxx.hpp>
#include <thread>

#include "support/oracle_db.hpp"
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;

TEST_CASE("named placeholders get their values when the statement runs", "[driver][prepared]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  auto by_role = [&] {
    return db.select(users.id)
        .from(users)
        .where(eq(users.role, placeholder<"role">()))
        .order_by(users.id)
        .limit(placeholder<"limit">())
        .prepare("users_by_role");
  };
  auto rows = by_role().all(arg<"role">("user"), arg<"limit">(2));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][users.id] == 2);
  CHECK(rows[1][users.id] == 3);
  CHECK(by_role().all(arg<"limit">(5), arg<"role">("guest")).size() == 2);
  auto [named] =
      db.select(sql<std::int64_t, "(select count(*) from pg_prepared_statements where name = 'users_by_role')">())
          .one();
  CHECK(named == 1);
  auto tag = db.insert(tags).values(tags.name = placeholder<"name">()).returning().one(arg<"name">("prepared-tag"));
  CHECK(tag[tags.name] == "prepared-tag");
  // Without values, the placeholder is named in the error.
  CHECK_THROWS_WITH(db.select(users.id).from(users).where(eq(users.id, placeholder<"id">())).all(),
                    Catch::Contains("no value for placeholder \"id\""));
}

TEST_CASE("bulk inserts of any size run as one unnest statement", "[driver][bulk]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.settings().copy_min_rows = 0;  // the statement, not COPY (driver_bulk_paths_test covers COPY)
  std::size_t statements = 0;
  db.set_logger([&](std::string_view sql, const auto&) { statements += sql.rfind("insert", 0) == 0; });
  std::vector<int> ids(70000);
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int>(i);
  // 70,000 rows: one array parameter per column, so one statement (multi-row values would need two).
  const auto inserted =
      db.insert(tags).values(ids, [](int i) { return std::tuple{tags.name = "bulk " + std::to_string(i)}; }).execute();
  CHECK(inserted == 70000);
  CHECK(statements == 1);
  auto [n] = db.select(count()).from(tags).where(like(tags.name, "bulk %")).one();
  CHECK(n == 70000);
}

TEST_CASE("a cursor streams a large result a batch at a time", "[driver][stream]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("insert into tags (name) select 'row ' || g from generate_series(1, 25000) g");
  std::size_t seen = 0;
  std::int64_t sum = 0;
  std::size_t fetches = 0;
  db.set_logger([&](std::string_view sql, const auto&) { fetches += sql.rfind("fetch", 0) == 0; });
  db.select(tags.id, tags.name)
      .from(tags)
      .where(like(tags.name, "row %"))
      .order_by(tags.id)
      .for_each(
          [&](const auto& row) {
            ++seen;
            sum += row[tags.id];
          },
          10000);
  CHECK(seen == 25000);
  CHECK(fetches == 3);  // 10,000 + 10,000 + 5,000 rows: at most one batch in memory
  CHECK(sum > 0);
}

TEST_CASE("the pool serves 8 threads of mixed reads and writes and replaces broken connections", "[driver][pool]") {
  drizzle_test::reset_oracle_database();
  drizzle::pqxx::pool pool(drizzle_test::database_url(), {.max = 4, .acquire_timeout = std::chrono::seconds(20)});
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < 25; ++i) {
          auto db = pool.acquire();
          db->insert(tags).values(tags.name = "t" + std::to_string(t) + "-" + std::to_string(i)).execute();
          auto [n] = db->select(count()).from(tags).where(like(tags.name, "t" + std::to_string(t) + "-%")).one();
          if (n != i + 1) ++failures;
        }
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(pool.size() <= 4);
  auto [total] = pool.acquire()->select(count()).from(tags).where(like(tags.name, "t%-%")).one();
  CHECK(total == 200);

  {  // a broken connection goes back and is replaced
    auto victim = pool.acquire();
    auto killer = pool.acquire();
    const auto pid = std::get<0>(victim->select(sql<std::int32_t, "pg_backend_pid()">()).one().values);
    killer->execute(sql<void, "select pg_terminate_backend({})">(pid));
    CHECK_THROWS_AS(victim->select(count()).from(tags).one(), drizzle::connection_lost);
  }
  for (int i = 0; i < 6; ++i) CHECK(std::get<0>(pool.acquire()->select(count()).from(tags).one().values) >= 200);
}
