// Applied history against the folder: an applied migration whose file was edited, whose journal entry was deleted
// or re-dated, and an unapplied entry older than the newest applied one. Each is reported naming the file, by
// migrate() (a migration_mismatch, nothing applied) and by status(); none is ever applied again.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "migrator_support.hpp"

using namespace migrator_hostile;

namespace {

// Re-runnable statements: applying one twice would succeed, so a silent re-apply shows in `log`, not as an error.
const std::vector<file> history_files = {
    {"0000_a",
     "CREATE TABLE IF NOT EXISTS \"log\" (\"tag\" text);\n--> statement-breakpoint\n"
     "INSERT INTO \"log\" VALUES ('0000_a');"},
    {"0001_b", "INSERT INTO \"log\" VALUES ('0001_b');"},
    {"0002_c", "INSERT INTO \"log\" VALUES ('0002_c');"},
};
const file later = {"0003_d", "INSERT INTO \"log\" VALUES ('0003_d');"};

struct applied_folder {
  drizzle::pqxx::database db;
  fs::path folder;
  drizzle::kit::migrate_options options;
};

applied_folder applied(const std::string& name) {
  applied_folder f{fresh_db(), write_folder(name, history_files), {}};
  f.options.folder = f.folder;
  REQUIRE(drizzle::kit::migrate(f.db, f.options).size() == 3);
  append_entry(f.folder, later);  // a pending migration that must not be applied while the history is wrong
  return f;
}

/// migrate() refuses with a migration_mismatch whose message names `names`, and applies nothing.
void refuses(applied_folder& f, const std::vector<std::string>& names) {
  const auto log_before = scalar(f.db, "select string_agg(tag, ',' order by ctid) from log");
  try {
    drizzle::kit::migrate(f.db, f.options);
    FAIL("migrate must refuse");
  } catch (const drizzle::kit::migration_mismatch& e) {
    for (const auto& n : names) CHECK_THAT(e.what(), Catch::Contains(n));
    CHECK_FALSE(e.problems().empty());
  }
  CHECK(scalar(f.db, "select string_agg(tag, ',' order by ctid) from log") == log_before);
  CHECK(scalar(f.db, "select count(*) from drizzle.__drizzle_migrations") == "3");
}

drizzle::kit::migration_state state_of(const drizzle::kit::migration_report& r, const std::string& tag) {
  for (const auto& m : r.migrations)
    if (m.tag == tag) return m.state;
  FAIL("no " << tag << " in the report");
  return drizzle::kit::migration_state::pending;
}

}  // namespace

TEST_CASE("an applied migration whose file changed is reported, never re-applied", "[hostile][migrator]") {
  auto f = applied("edited");
  std::ofstream(f.folder / "0001_b.sql") << "INSERT INTO \"log\" VALUES ('0001_b edited');";
  refuses(f, {"0001_b.sql", "edited"});
  const auto r = drizzle::kit::status(f.db, f.options);
  CHECK(state_of(r, "0001_b") == drizzle::kit::migration_state::edited);
  CHECK(state_of(r, "0003_d") == drizzle::kit::migration_state::pending);
  CHECK_FALSE(r.ok());
}

TEST_CASE("an applied migration whose journal entry was re-dated is reported, never re-applied",
          "[hostile][migrator]") {
  auto f = applied("redated");
  edit_journal(f.folder, [](nlohmann::json& entries) {
    entries[1]["when"] = entries[3]["when"].get<std::int64_t>() + 5000;  // now the newest entry
  });
  refuses(f, {"0001_b.sql", "re-dated"});
  const auto r = drizzle::kit::status(f.db, f.options);
  CHECK(state_of(r, "0001_b") == drizzle::kit::migration_state::redated);
  CHECK(state_of(r, "0000_a") == drizzle::kit::migration_state::applied);
}

TEST_CASE("an applied migration whose journal entry was deleted is reported", "[hostile][migrator]") {
  SECTION("the file is still there: the report names it") {
    auto f = applied("deleted-entry");
    edit_journal(f.folder, [](nlohmann::json& entries) { entries.erase(1); });
    refuses(f, {"0001_b.sql", "not in the journal"});
    const auto r = drizzle::kit::status(f.db, f.options);
    REQUIRE(r.unknown.size() == 1);
    CHECK(r.unknown[0].file == "0001_b.sql");
    CHECK(r.unknown[0].row.created_at == when_of(1));
  }
  SECTION("the file is gone too: the report names the row") {
    auto f = applied("deleted-file");
    edit_journal(f.folder, [](nlohmann::json& entries) { entries.erase(1); });
    fs::remove(f.folder / "0001_b.sql");
    refuses(f, {"not in the journal", std::to_string(when_of(1))});
    const auto r = drizzle::kit::status(f.db, f.options);
    REQUIRE(r.unknown.size() == 1);
    CHECK(r.unknown[0].file.empty());
  }
}

TEST_CASE("an unapplied entry older than the newest applied one is reported unless allowed explicitly",
          "[hostile][migrator]") {
  auto f = applied("out-of-order");
  // A branch merged late: its migration is dated before 0002_c, which is applied.
  append_entry(f.folder, {"0004_late", "INSERT INTO \"log\" VALUES ('0004_late');"}, when_of(1) + 500);
  refuses(f, {"0004_late.sql", "older than"});
  auto r = drizzle::kit::status(f.db, f.options);
  CHECK(state_of(r, "0004_late") == drizzle::kit::migration_state::out_of_order);
  f.options.allow_out_of_order = true;
  CHECK(drizzle::kit::migrate(f.db, f.options) == std::vector<std::string>{"0003_d", "0004_late"});
  CHECK(scalar(f.db, "select string_agg(tag, ',' order by ctid) from log") == "0000_a,0001_b,0002_c,0003_d,0004_late");
  r = drizzle::kit::status(f.db, f.options);
  CHECK(r.ok());
  CHECK(drizzle::kit::migrate(f.db, f.options).empty());  // applied once, and now it lines up
}

TEST_CASE("two identical files (empty custom migrations) are told apart by their dates", "[hostile][migrator]") {
  auto db = fresh_db();
  const std::string empty = "-- Custom SQL migration file, put your code below! --";
  const auto folder = write_folder("twins", {{"0000_x", empty}, {"0001_y", empty}});
  drizzle::kit::migrate_options o;
  o.folder = folder;
  CHECK(drizzle::kit::migrate(db, o) == std::vector<std::string>{"0000_x", "0001_y"});
  const auto r = drizzle::kit::status(db, o);
  CHECK(r.ok());
  CHECK(state_of(r, "0000_x") == drizzle::kit::migration_state::applied);
  CHECK(state_of(r, "0001_y") == drizzle::kit::migration_state::applied);
}

TEST_CASE("status reads and never writes: no migrations table is reported as such", "[hostile][migrator]") {
  auto db = fresh_db();
  const auto folder = write_folder("status-fresh", history_files);
  drizzle::kit::migrate_options o;
  o.folder = folder;
  const auto r = drizzle::kit::status(db, o);
  CHECK_FALSE(r.table_exists);
  CHECK(r.ok());
  REQUIRE(r.migrations.size() == 3);
  for (const auto& m : r.migrations) CHECK(m.state == drizzle::kit::migration_state::pending);
  CHECK(scalar(db, "select to_regnamespace('drizzle') is null") == "t");  // nothing was created
}

TEST_CASE("check reports two journal entries with the same when (the table could not tell them apart)",
          "[hostile][migrator]") {
  const auto folder = write_folder("same-when", {{"0000_a", "select 1;"}, {"0001_b", "select 2;"}});
  CHECK(drizzle::kit::check(folder).empty());
  edit_journal(folder, [](nlohmann::json& entries) { entries[1]["when"] = entries[0]["when"]; });
  const auto problems = drizzle::kit::check(folder);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::Contains("0000_a") && Catch::Contains("0001_b") && Catch::Contains("same when"));
}

namespace {
/// The message of the folder_error fn throws ("no folder_error" when it throws none).
template <class F>
std::string folder_error_of(F&& fn) {
  try {
    fn();
  } catch (const drizzle::kit::folder_error& e) {
    return e.what();
  }
  return "no folder_error";
}
}  // namespace

TEST_CASE("a folder with a missing file or a broken journal is a folder_error naming it, nothing applied",
          "[hostile][migrator]") {
  auto db = fresh_db();
  const auto folder = write_folder("broken", history_files);
  drizzle::kit::migrate_options o;
  o.folder = folder;
  fs::remove(folder / "0002_c.sql");
  CHECK_THAT(folder_error_of([&] { drizzle::kit::migrate(db, o); }), Catch::Contains("0002_c"));
  CHECK(scalar(db, "select to_regclass('log') is null") == "t");  // not even 0000_a ran
  CHECK_THROWS_AS(drizzle::kit::status(db, o), drizzle::kit::folder_error);

  std::ofstream(folder / "meta" / "_journal.json") << R"({"version": "7", "entries": [{"idx": 0, "tag": 5}]})";
  CHECK_THAT(folder_error_of([&] { drizzle::kit::migrate(db, o); }), Catch::Contains("_journal.json"));
  fs::remove(folder / "meta" / "_journal.json");
  CHECK_THAT(folder_error_of([&] { drizzle::kit::migrate(db, o); }), Catch::Contains("_journal.json"));
  CHECK(scalar(db, "select to_regnamespace('drizzle') is null") == "t");  // a bad folder creates nothing
}
