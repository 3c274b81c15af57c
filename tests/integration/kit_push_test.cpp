// push against PostgreSQL: an empty database gets the whole schema, a changed schema only its difference, and
// statements that lose data wait for a confirmation or --force while rows that are not touched stay.
#include <catch2/catch.hpp>

#include <drizzle/kit/push.hpp>

#include "support/oracle_db.hpp"
#include "support/oracle_schema_v2.hpp"
#include "support/scalar.hpp"

namespace kit = drizzle::kit;
namespace ddl = drizzle::ddl;

namespace {
drizzle::pqxx::database clean_db() {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade");
  return db;
}
using drizzle_test::scalar;
}  // namespace

TEST_CASE("push creates the whole schema in an empty database and then has nothing to do", "[kit][push]") {
  auto db = clean_db();
  const auto v1 = ddl::describe(oracle::schema_v1());
  std::vector<std::string> said;
  kit::push_options options;
  options.progress = [&](const std::string& line) { said.push_back(line); };

  const auto dry = kit::push(db, v1, {.dry_run = true});
  CHECK_FALSE(dry.applied);
  CHECK(dry.plan.up == ddl::create_statements(v1));  // nothing exists yet: exactly the DDL, in its order
  CHECK(scalar(db, "select count(*) from pg_tables where schemaname = 'public'") == "0");

  const auto first = kit::push(db, v1, options);
  CHECK(first.applied);
  CHECK(kit::introspect(db) == kit::canonical_types(v1));

  const auto again = kit::push(db, v1, options);
  CHECK_FALSE(again.applied);
  CHECK(again.plan.up.empty());
  CHECK(said.back() == "[✓] the database already matches the schema");
}

TEST_CASE("push to a changed schema waits for a confirmation before losing data", "[kit][push]") {
  auto db = clean_db();
  kit::push(db, ddl::describe(oracle::schema_v1()));
  db.execute("insert into users (email, name) values ('a@example.com', 'Ada')");
  db.execute("insert into type_samples (ratio) values (0.5)");
  const auto v2 = ddl::describe(oracle_v2::schema());

  SECTION("refused without confirmation or force: nothing changes") {
    REQUIRE_THROWS_AS(kit::push(db, v2), kit::data_loss_refused);
    try {
      kit::push(db, v2, {.confirm = [](const auto&) { return false; }});
      FAIL("push applied statements the user declined");
    } catch (const kit::data_loss_refused& e) {
      REQUIRE(e.losses().size() == 1);
      CHECK_THAT(e.losses()[0], Catch::Contains("ratio"));
    }
    CHECK(scalar(db, "select count(*) from information_schema.columns where column_name = 'bio'") == "0");
    CHECK(scalar(db, "select ratio::text from type_samples") == "0.5");
  }
  SECTION("confirmed: the difference is applied and untouched rows stay") {
    std::vector<std::string> asked;
    const auto r = kit::push(db, v2, {.confirm = [&](const auto& losses) {
                               asked = losses;
                               return true;
                             }});
    CHECK(r.applied);
    CHECK(asked.size() == 1);
    CHECK(std::find(r.plan.up.begin(), r.plan.up.end(), "ALTER TABLE \"users\" ADD COLUMN \"bio\" text;") !=
          r.plan.up.end());
    CHECK(kit::introspect(db) == kit::canonical_types(v2));
    CHECK(scalar(db, "select email || ' ' || name from users") == "a@example.com Ada");
    CHECK(scalar(db, "select count(*) from type_samples") == "1");
  }
  SECTION("forced: applied without asking") {
    CHECK(kit::push(db, v2, {.force = true}).applied);
    CHECK(kit::introspect(db) == kit::canonical_types(v2));
  }
}

TEST_CASE("a failing push statement rolls the whole push back", "[kit][push]") {
  auto db = clean_db();
  kit::push(db, ddl::describe(oracle::schema_v1()));
  // users.bio becomes NOT NULL in this description; the existing row has no bio, so SET NOT NULL fails.
  auto v2 = ddl::describe(oracle_v2::schema());
  db.execute("insert into users (email) values ('b@example.com')");
  for (auto& t : v2.tables)
    for (auto& c : t.columns)
      if (t.name == "users" && c.name == "bio") c.not_null = true;
  CHECK_THROWS(kit::push(db, v2, {.force = true}));
  CHECK(scalar(db, "select count(*) from pg_tables where tablename = 'audit_log'") == "0");
  CHECK(scalar(db, "select count(*) from information_schema.columns where column_name = 'bio'") == "0");
}
