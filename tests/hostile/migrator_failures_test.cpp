// A migration that fails, at a statement or at COMMIT (a deferred foreign key): a migration_error naming the file
// (and the statement), nothing of that migration kept, earlier migrations kept, the connection still usable.
#include <catch2/catch.hpp>

#include "migrator_support.hpp"

using namespace migrator_hostile;

TEST_CASE("a failing statement keeps nothing of its migration and names the file and the statement",
          "[hostile][migrator]") {
  auto db = fresh_db();
  const auto folder =
      write_folder("failing-statement",
                   {{"0000_a", "CREATE TABLE \"a\" (\"id\" integer);"},
                    {"0001_b",
                     "CREATE TABLE \"b\" (\"id\" integer);\n--> statement-breakpoint\nINSERT INTO \"b\" VALUES (1);\n"
                     "--> statement-breakpoint\nINSERT INTO \"b\" VALUES ('not a number');"},
                    {"0002_c", "CREATE TABLE \"c\" (\"id\" integer);"}});
  drizzle::kit::migrate_options o;
  o.folder = folder;
  try {
    drizzle::kit::migrate(db, o);
    FAIL("0001_b must fail");
  } catch (const drizzle::kit::migration_error& e) {
    CHECK(e.tag() == "0001_b");
    CHECK(e.statement_index() == 3);
    CHECK(e.statement().find("'not a number'") != std::string::npos);
    CHECK(e.sqlstate() == "22P02");
    CHECK_THAT(e.what(), Catch::Contains("0001_b.sql") && Catch::Contains("statement 3"));
  }
  CHECK(scalar(db, "select to_regclass('a') is not null") == "t");
  CHECK(scalar(db, "select to_regclass('b') is null and to_regclass('c') is null") == "t");
  CHECK(scalar(db, "select count(*) from drizzle.__drizzle_migrations") == "1");
  // The folder fixed, the same connection carries on.
  std::ofstream(folder / "0001_b.sql") << "CREATE TABLE \"b\" (\"id\" integer);";
  CHECK(drizzle::kit::migrate(db, o) == std::vector<std::string>{"0001_b", "0002_c"});
}

TEST_CASE("a failure at COMMIT (a deferred foreign key) is a migration_error naming the file, nothing kept",
          "[hostile][migrator]") {
  auto db = fresh_db();
  const auto folder = write_folder(
      "failing-commit",
      {{"0000_parent", "CREATE TABLE \"parent\" (\"id\" integer PRIMARY KEY);"},
       {"0001_child",
        "CREATE TABLE \"child\" (\"pid\" integer REFERENCES \"parent\" (\"id\") DEFERRABLE INITIALLY DEFERRED);\n"
        "--> statement-breakpoint\nINSERT INTO \"child\" VALUES (42);"},
       {"0002_more", "CREATE TABLE \"more\" (\"id\" integer);"}});
  drizzle::kit::migrate_options o;
  o.folder = folder;
  try {
    drizzle::kit::migrate(db, o);
    FAIL("0001_child must fail at COMMIT");
  } catch (const drizzle::kit::migration_error& e) {
    CHECK(e.tag() == "0001_child");
    CHECK(e.sqlstate() == "23503");
    CHECK(e.statement() == "COMMIT");
    CHECK(e.statement_index() == 0);
    CHECK_THAT(e.what(), Catch::Contains("0001_child.sql") && Catch::Contains("COMMIT"));
  }
  CHECK(scalar(db, "select to_regclass('parent') is not null") == "t");
  CHECK(scalar(db, "select to_regclass('child') is null and to_regclass('more') is null") == "t");
  CHECK(scalar(db, "select count(*) from drizzle.__drizzle_migrations") == "1");
  // The connection is usable and the rest applies once the file is fixed.
  std::ofstream(folder / "0001_child.sql")
      << "CREATE TABLE \"child\" (\"pid\" integer REFERENCES \"parent\" (\"id\") DEFERRABLE INITIALLY DEFERRED);";
  CHECK(drizzle::kit::migrate(db, o) == std::vector<std::string>{"0001_child", "0002_more"});
}
