// db.batch: statements in one libpq pipeline, typed results, all or nothing (and the independent form).
#include <catch2/catch.hpp>

#include <drizzle/pqxx.hpp>

#include "support/oracle_db.hpp"
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;

namespace {
std::int64_t tag_count(drizzle::pqxx::database& db) {
  auto [n] = db.select(count()).from(tags).one();
  return n;
}
}  // namespace

TEST_CASE("a batch returns each statement's typed result in order", "[driver][batch]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  std::size_t logged = 0;
  db.set_logger([&](std::string_view, const auto&) { ++logged; });
  auto [inserted, added, renamed, rows, removed] =
      db.batch(db.insert(tags).values(tags.name = "batch-a").returning(tags.id, tags.name),
               db.insert(tags).values(tags.name = "batch-b"),
               db.update(tags).set(tags.name = "batch-b2").where(eq(tags.name, "batch-b")),
               db.select(tags.name).from(tags).where(like(tags.name, "batch-%")).order_by(tags.name),
               db.delete_from(tags).where(eq(tags.name, "no such tag")));
  static_assert(std::is_same_v<decltype(renamed), std::size_t>);
  REQUIRE(inserted.size() == 1);
  CHECK(inserted[0][tags.name] == "batch-a");
  CHECK(added == 1);
  CHECK(renamed == 1);
  REQUIRE(rows.size() == 2);  // the select sees what the statements before it wrote
  CHECK(rows[0][tags.name] == "batch-a");
  CHECK(rows[1][tags.name] == "batch-b2");
  CHECK(removed == 0);
  CHECK(logged == 5);
  // The connection is out of pipeline mode and usable; a range of statements gives a vector of results.
  std::vector<decltype(db.select(tags.name).from(tags).where(eq(tags.name, "")))> selects;
  for (const char* name : {"batch-a", "nothing", "batch-b2"})
    selects.push_back(db.select(tags.name).from(tags).where(eq(tags.name, name)));
  const auto found = db.batch(selects);
  REQUIRE(found.size() == 3);
  CHECK(found[0].size() == 1);
  CHECK(found[1].empty());
  CHECK(found[2][0][tags.name] == "batch-b2");
}

TEST_CASE("a batch failing in statement k throws its typed error naming k and keeps nothing", "[driver][batch]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.insert(tags).values(tags.name = "taken").execute();
  const auto before = tag_count(db);
  auto attempt = [&] {
    (void)db.batch(db.insert(tags).values(tags.name = "kept-if-not-atomic"),
                   db.update(tags).set(tags.name = "renamed").where(eq(tags.name, "taken")),
                   db.insert(tags).values(tags.name = "renamed"),  // unique violation: statement [2]
                   db.select(tags.id).from(tags));
  };
  try {
    attempt();
    FAIL("the batch did not throw");
  } catch (const unique_violation& e) {
    REQUIRE(e.batch_index());
    CHECK(*e.batch_index() == 2);
    CHECK(std::string(e.what()).find("batch statement [2] of 4 failed") != std::string::npos);
    CHECK(e.statement().rfind("insert into \"tags\"", 0) == 0);
    CHECK(e.sqlstate() == "23505");
  }
  CHECK(tag_count(db) == before);
  auto [still] = db.select(count()).from(tags).where(eq(tags.name, "taken")).one();
  CHECK(still == 1);
  // Inside a transaction the batch is a savepoint: its failure leaves the transaction usable.
  db.transaction([&](auto& tx) {
    tx.insert(tags).values(tags.name = "in-tx").execute();
    CHECK_THROWS_AS(attempt(), unique_violation);
    tx.insert(tags).values(tags.name = "in-tx-after").execute();
  });
  CHECK(tag_count(db) == before + 2);
  // A data error in the first statement, with the text of the failing statement in the error.
  CHECK_THROWS_WITH(db.batch(db.select(sql<int, "1/0">()), db.select(tags.id).from(tags)),
                    Catch::Contains("batch statement [0] of 2 failed: division by zero"));
  CHECK(tag_count(db) == before + 2);
}

TEST_CASE("an independent batch runs each statement in its own transaction", "[driver][batch]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.insert(tags).values(tags.name = "dup").execute();
  const auto before = tag_count(db);
  try {
    (void)db.batch(drizzle::pqxx::independent, db.insert(tags).values(tags.name = "first"),
                   db.insert(tags).values(tags.name = "dup"), db.insert(tags).values(tags.name = "third"));
    FAIL("the batch did not throw");
  } catch (const unique_violation& e) {
    CHECK(e.batch_index() == std::optional<std::size_t>(1));
  }
  CHECK(tag_count(db) == before + 2);  // the first and the third are kept
  auto [a, b] = db.batch(drizzle::pqxx::independent, db.select(tags.name).from(tags).where(eq(tags.name, "first")),
                         db.delete_from(tags).where(eq(tags.name, "third")));
  CHECK(a.size() == 1);
  CHECK(b == 1);
  db.transaction([&](auto& tx) {
    CHECK_THROWS_AS((void)tx.batch(drizzle::pqxx::independent, tx.select(tags.id).from(tags)), std::logic_error);
  });
}
