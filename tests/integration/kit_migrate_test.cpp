// The migrator against drizzle-kit's own output: tests/data/drizzle/migrations-kit applies with the same rows in
// "drizzle"."__drizzle_migrations" as Drizzle's migrator wrote (migrations_table.txt) and the same schema
// (schema_dump.sql); plus what Drizzle's migrator gets wrong: races, failures mid-folder, edited files,
// out-of-order migrations, and rollback.
#include <catch2/catch.hpp>

#include <drizzle/kit/migrator.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/oracle_db.hpp"

namespace fs = std::filesystem;

namespace {
const fs::path oracle_folder = DRIZZLE_ORACLE_DIR "/migrations-kit";

drizzle::pqxx::database empty_db() {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade; "
      "drop schema if exists kit_test cascade");
  return db;
}

/// A scratch migrations folder with the given files (name -> text) and a journal listing them in order.
fs::path make_folder(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
  const fs::path dir = fs::temp_directory_path() / ("drizzle-kit-test-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir / "meta");
  nlohmann::json journal = {{"version", "7"}, {"dialect", "postgresql"}, {"entries", nlohmann::json::array()}};
  std::int64_t when = 1700000000000;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& [tag, text] = files[i];
    if (tag.ends_with(".down")) {
      std::ofstream(dir / (tag + ".sql")) << text;
      continue;
    }
    std::ofstream(dir / (tag + ".sql")) << text;
    journal["entries"].push_back({{"idx", journal["entries"].size()},
                                  {"version", "7"},
                                  {"when", when += 1000},
                                  {"tag", tag},
                                  {"breakpoints", true}});
  }
  std::ofstream(dir / "meta" / "_journal.json") << journal.dump(2);
  return dir;
}
}  // namespace

TEST_CASE("drizzle-kit's folder applies with the rows Drizzle's migrator records", "[kit][migrate]") {
  auto db = empty_db();
  std::vector<std::string> progress;
  drizzle::kit::migrate_options o;
  o.folder = oracle_folder;
  o.progress = [&](const std::string& line) { progress.push_back(line); };
  const auto applied = drizzle::kit::migrate(db, o);
  CHECK(applied == std::vector<std::string>{"0000_init", "0001_v2"});
  CHECK(std::find(progress.begin(), progress.end(), "applying 0001_v2 (7 statements)") != progress.end());

  // migrations_table.txt: what Drizzle's migrator wrote for the same folder.
  const auto rows = db.query_text("select id, hash, created_at from drizzle.__drizzle_migrations order by id");
  REQUIRE(rows.size() == 2);
  const std::string table = drizzle_test::read_file(DRIZZLE_ORACLE_DIR "/migrations_table.txt");
  for (const auto& r : rows) {
    INFO("row " << *r[0]);
    CHECK(table.find(*r[0] + " | " + *r[1] + " | " + *r[2]) != std::string::npos);
  }
  CHECK(drizzle::kit::migrate(db, o).empty());  // nothing pending the second time

  // The schema matches pg_dump after Drizzle's migrator: spot-check the v2 changes in the catalogs.
  CHECK(
      db.query_text(
          "select count(*) from information_schema.columns where table_name = 'users' and column_name = 'bio'")[0][0] ==
      "1");
  CHECK(
      db.query_text(
          "select count(*) from information_schema.columns where table_name = 'type_samples' and column_name = 'ratio'")
          [0][0] == "0");
  CHECK(db.query_text("select string_agg(enumlabel, ',' order by enumsortorder) from pg_enum e join pg_type t on t.oid "
                      "= e.enumtypid where typname = 'user_role'")[0][0] == "admin,user,guest,moderator");
  const std::string dump = drizzle_test::read_file(DRIZZLE_ORACLE_DIR "/schema_dump.sql");
  CHECK(dump.find("CREATE INDEX posts_created_at_idx ON public.posts USING btree (created_at DESC NULLS LAST);") !=
        std::string::npos);
  CHECK(db.query_text("select indexdef from pg_indexes where indexname = 'posts_created_at_idx'")[0][0] ==
        "CREATE INDEX posts_created_at_idx ON public.posts USING btree (created_at DESC NULLS LAST)");
}

TEST_CASE("a database Drizzle's migrator left at 0000 gets only 0001", "[kit][migrate]") {
  auto db = empty_db();
  const auto migrations = drizzle::kit::read_migrations(oracle_folder);
  // What Drizzle's migrator does for 0000 (migrator_log.json): the table, the statements, the row.
  db.execute("CREATE SCHEMA IF NOT EXISTS \"drizzle\"");
  db.execute(
      "CREATE TABLE IF NOT EXISTS \"drizzle\".\"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, "
      "created_at bigint)");
  for (const auto& s : migrations[0].statements) db.execute(s);
  db.execute(
      drizzle::sql<void>("insert into \"drizzle\".\"__drizzle_migrations\" (\"hash\", \"created_at\") values({}, {})",
                         migrations[0].hash, migrations[0].when));
  drizzle::kit::migrate_options o;
  o.folder = oracle_folder;
  CHECK(drizzle::kit::migrate(db, o) == std::vector<std::string>{"0001_v2"});
  const auto st = drizzle::kit::status(db, o);
  CHECK(st.ok());
  CHECK((st.migrations.size() == 2 && st.migrations[0].applied && st.migrations[1].applied));
}

TEST_CASE("a failing statement rolls back its migration only and names file, statement and SQLSTATE",
          "[kit][migrate]") {
  auto db = empty_db();
  const auto folder = make_folder(
      "failing",
      {{"0000_a", "CREATE TABLE \"a\" (\"id\" integer);"},
       {"0001_b",
        "CREATE TABLE \"b\" (\"id\" integer);\n--> statement-breakpoint\nINSERT INTO \"missing\" VALUES (1);"},
       {"0002_c", "CREATE TABLE \"c\" (\"id\" integer);"}});
  drizzle::kit::migrate_options o;
  o.folder = folder;
  try {
    drizzle::kit::migrate(db, o);
    FAIL("the second migration must fail");
  } catch (const drizzle::kit::migration_error& e) {
    CHECK(e.tag() == "0001_b");
    CHECK(e.statement_index() == 2);
    CHECK(e.statement().find("INSERT INTO \"missing\"") != std::string::npos);
    CHECK(e.sqlstate() == "42P01");
    CHECK(std::string(e.what()).find("0001_b.sql") != std::string::npos);
  }
  CHECK(db.query_text(
            "select to_regclass('a') is not null, to_regclass('b') is not null, to_regclass('c') is not null")[0] ==
        std::vector<std::optional<std::string>>{"t", "f", "f"});
  CHECK(db.query_text("select count(*) from drizzle.__drizzle_migrations")[0][0] == "1");
}

TEST_CASE("edited and out-of-order migrations are reported, not skipped", "[kit][migrate]") {
  auto db = empty_db();
  auto folder = make_folder("edited", {{"0000_a", "CREATE TABLE \"a\" (\"id\" integer);"}});
  drizzle::kit::migrate_options o;
  o.folder = folder;
  drizzle::kit::migrate(db, o);
  std::ofstream(folder / "0000_a.sql") << "CREATE TABLE \"a\" (\"id\" bigint);";
  CHECK_THROWS_WITH(drizzle::kit::migrate(db, o), Catch::Contains("0000_a.sql was edited"));

  // A migration whose `when` is older than the newest applied one (a branch merged late).
  auto db2 = empty_db();
  auto late = make_folder(
      "late", {{"0000_a", "CREATE TABLE \"a\" (\"id\" integer);"}, {"0001_b", "CREATE TABLE \"b\" (\"id\" integer);"}});
  auto journal = nlohmann::json::parse(drizzle::kit::read_text(late / "meta" / "_journal.json"));
  const auto when_b = journal["entries"][1]["when"].get<std::int64_t>();
  journal["entries"][1]["when"] = journal["entries"][0]["when"].get<std::int64_t>() - 10;  // older than 0000
  std::ofstream(late / "meta" / "_journal.json") << journal.dump();
  drizzle::kit::migrate_options lo;
  lo.folder = late;
  db2.execute(
      "CREATE SCHEMA drizzle; CREATE TABLE drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, "
      "created_at bigint)");
  (void)when_b;
  const auto a = drizzle::kit::read_migrations(late)[0];
  db2.execute("CREATE TABLE \"a\" (\"id\" integer)");
  db2.execute(drizzle::sql<void>("insert into drizzle.__drizzle_migrations (hash, created_at) values ({}, {})", a.hash,
                                 a.when));
  CHECK_THROWS_WITH(drizzle::kit::migrate(db2, lo),
                    Catch::Contains("0001_b.sql is older than the newest applied migration"));
  lo.allow_out_of_order = true;
  CHECK(drizzle::kit::migrate(db2, lo) == std::vector<std::string>{"0001_b"});
}

TEST_CASE("two migrators started at once apply each migration once", "[kit][migrate]") {
  (void)empty_db();
  const auto folder = make_folder(
      "race", {{"0000_a", "CREATE TABLE \"a\" (\"id\" integer);\n--> statement-breakpoint\nSELECT pg_sleep(0.3);"},
               {"0001_b", "CREATE TABLE \"b\" (\"id\" integer);"}});
  std::vector<std::string> first, second;
  auto run = [&](std::vector<std::string>& out) {
    auto db = drizzle::pqxx::connect(drizzle_test::database_url());
    drizzle::kit::migrate_options o;
    o.folder = folder;
    out = drizzle::kit::migrate(db, o);
  };
  std::thread t1(run, std::ref(first)), t2(run, std::ref(second));
  t1.join();
  t2.join();
  CHECK(first.size() + second.size() == 2);
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  CHECK(db.query_text("select count(*) from drizzle.__drizzle_migrations")[0][0] == "2");
}

TEST_CASE("rollback runs down migrations, check and drop keep the folder consistent", "[kit][rollback]") {
  auto db = empty_db();
  const auto folder = make_folder("down", {{"0000_a", "CREATE TABLE \"a\" (\"id\" integer);"},
                                           {"0000_a.down", "DROP TABLE \"a\";"},
                                           {"0001_b", "CREATE TABLE \"b\" (\"id\" integer);"}});
  drizzle::kit::migrate_options o;
  o.folder = folder;
  drizzle::kit::migrate(db, o);
  CHECK_THROWS_WITH(drizzle::kit::rollback(db, o), Catch::Contains("0001_b.down.sql is missing"));
  std::ofstream(folder / "0001_b.down.sql") << "DROP TABLE \"b\";";
  CHECK(drizzle::kit::rollback(db, o, 2) == std::vector<std::string>{"0001_b", "0000_a"});
  CHECK(db.query_text("select to_regclass('a') is null and to_regclass('b') is null")[0][0] == "t");
  CHECK(db.query_text("select count(*) from drizzle.__drizzle_migrations")[0][0] == "0");

  CHECK(drizzle::kit::check(folder).empty());
  CHECK(drizzle::kit::check(oracle_folder).empty());
  std::ofstream(folder / "0005_stray.sql") << "select 1;";
  CHECK(drizzle::kit::check(folder).size() == 1);
  fs::remove(folder / "0005_stray.sql");
  fs::remove(folder / "0001_b.sql");
  CHECK_FALSE(drizzle::kit::check(folder).empty());
  std::ofstream(folder / "0001_b.sql") << "CREATE TABLE \"b\" (\"id\" integer);";
  CHECK(drizzle::kit::drop_last(folder, &db, o) == "0001_b");
  CHECK(drizzle::kit::read_migrations(folder).size() == 1);
  CHECK_FALSE(fs::exists(folder / "0001_b.sql"));

  // Snapshot chains: two snapshots with one parent are a collision.
  auto snap = make_folder("snap", {{"0000_a", "select 1;"}, {"0001_b", "select 2;"}});
  std::ofstream(snap / "meta" / "0000_snapshot.json")
      << R"({"id": "A", "prevId": "00000000-0000-0000-0000-000000000000"})";
  std::ofstream(snap / "meta" / "0001_snapshot.json")
      << R"({"id": "B", "prevId": "00000000-0000-0000-0000-000000000000"})";
  CHECK(drizzle::kit::check(snap).size() == 2);
}

TEST_CASE("journal reading splits statements and hashes files as Drizzle does", "[kit][journal]") {
  const auto migrations = drizzle::kit::read_migrations(oracle_folder);
  REQUIRE(migrations.size() == 2);
  CHECK(migrations[0].hash == "1c6266efd1d0431f01e7d5fb6897d791648570059147e724b14271fbc1fa44e9");
  CHECK(migrations[1].hash == "7b9d2763ec11db9a74e907d734ff3153b279df39a2049bb65358d4f37bc0b7fd");
  CHECK(migrations[0].when == 1795501739142);
  // migrator_log.json: the statements Drizzle sent, with their newlines.
  const auto log = nlohmann::json::parse(drizzle_test::read_file(DRIZZLE_ORACLE_DIR "/migrator_log.json"));
  std::vector<std::string> sent;
  for (const auto& entry : log) sent.push_back(entry["sql"]);
  for (const auto& m : migrations)
    for (const auto& s : m.statements) CHECK(std::find(sent.begin(), sent.end(), s) != sent.end());
  CHECK_THROWS_AS(drizzle::kit::read_migrations("/nonexistent"), drizzle::kit::folder_error);
}

TEST_CASE("Drizzle's migrator continues a database ours left at 0000 exactly as one it migrated itself",
          "[kit][migrate]") {
  // Ours applies 0000 (a copy of drizzle-kit's folder without its second entry).
  auto db = empty_db();
  const fs::path v1 = fs::temp_directory_path() / "drizzle-kit-test-ours-then-drizzle";
  fs::remove_all(v1);
  fs::create_directories(v1 / "meta");
  fs::copy_file(oracle_folder / "0000_init.sql", v1 / "0000_init.sql");
  auto journal = nlohmann::json::parse(drizzle::kit::read_text(oracle_folder / "meta" / "_journal.json"));
  journal["entries"].erase(1);
  std::ofstream(v1 / "meta" / "_journal.json") << journal.dump(2);
  drizzle::kit::migrate_options o;
  o.folder = v1;
  REQUIRE(drizzle::kit::migrate(db, o) == std::vector<std::string>{"0000_init"});

  // Drizzle's migrator (drizzle-orm 0.45 PgDialect.migrate) on the full folder, statement by statement: it must send
  // what it sent on a database it had left at 0000 itself (migrator_log_incremental.json).
  std::vector<std::string> sent;
  auto send = [&](const std::string& sql, const std::vector<std::string>& params = {}) {
    sent.push_back(sql);
    return db.query_text(sql, params);
  };
  send("CREATE SCHEMA IF NOT EXISTS \"drizzle\"");
  send(
      "\n\t\t\tCREATE TABLE IF NOT EXISTS \"drizzle\".\"__drizzle_migrations\" (\n\t\t\t\tid SERIAL PRIMARY KEY,\n"
      "\t\t\t\thash text NOT NULL,\n\t\t\t\tcreated_at bigint\n\t\t\t)\n\t\t");
  const auto last =
      send("select id, hash, created_at from \"drizzle\".\"__drizzle_migrations\" order by created_at desc limit 1");
  REQUIRE(last.size() == 1);
  const auto high_water = std::stoll(*last[0][2]);
  send("begin");
  for (const auto& m : drizzle::kit::read_migrations(oracle_folder)) {
    if (m.when <= high_water) continue;
    for (const auto& s : m.statements) send(s);
    send("insert into \"drizzle\".\"__drizzle_migrations\" (\"hash\", \"created_at\") values($1, $2)",
         {m.hash, std::to_string(m.when)});
  }
  send("commit");
  const auto log = nlohmann::json::parse(drizzle_test::read_file(DRIZZLE_ORACLE_DIR "/migrator_log_incremental.json"));
  std::vector<std::string> expected;
  for (const auto& entry : log) expected.push_back(entry["sql"]);
  CHECK(sent == expected);

  // The table is what Drizzle's migrator leaves after the whole folder, and ours agrees that all is applied.
  const std::string table = drizzle_test::read_file(DRIZZLE_ORACLE_DIR "/migrations_table.txt");
  const auto rows = db.query_text("select id, hash, created_at from drizzle.__drizzle_migrations order by id");
  REQUIRE(rows.size() == 2);
  for (const auto& r : rows) CHECK(table.find(*r[0] + " | " + *r[1] + " | " + *r[2]) != std::string::npos);
  o.folder = oracle_folder;
  const auto st = drizzle::kit::status(db, o);
  CHECK(st.ok());
  CHECK((st.migrations.size() == 2 && st.migrations[1].state == drizzle::kit::migration_state::applied));
  CHECK(drizzle::kit::migrate(db, o).empty());
}
