// Migrator races: N real processes (fork) migrating one fresh database at once, and status() beside migrate().
// Each process has its own connection, as N deploy jobs would.
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "migrator_support.hpp"

using namespace migrator_hostile;

namespace {

const std::vector<file> race_files = {
    {"0000_a", "CREATE TABLE \"a\" (\"id\" integer);\n--> statement-breakpoint\nSELECT pg_sleep(0.2);"},
    {"0001_b", "CREATE TABLE \"b\" (\"id\" integer);\n--> statement-breakpoint\nINSERT INTO \"b\" VALUES (1);"},
    {"0002_c", "CREATE TABLE \"c\" (\"id\" integer);\n--> statement-breakpoint\nSELECT pg_sleep(0.1);"},
    {"0003_d", "INSERT INTO \"b\" VALUES (2);"},
};

std::string migrate_job(const fs::path& folder) {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  drizzle::kit::migrate_options o;
  o.folder = folder;
  std::string out;
  for (const auto& tag : drizzle::kit::migrate(db, o)) out += tag + "\n";
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("N processes migrating a fresh database apply each migration exactly once", "[hostile][migrator]") {
  const auto folder = write_folder("race", race_files);
  constexpr int processes = 8;
  for (int round = 0; round < 3; ++round) {
    INFO("round " << round);
    auto db = fresh_db();
    std::vector<std::function<std::string()>> jobs(processes, [&] { return migrate_job(folder); });
    const auto results = run_processes(jobs);
    std::map<std::string, int> applied;
    for (const auto& r : results) {
      INFO("child output: " << r.output);
      CHECK(r.exit_code == 0);
      if (r.exit_code == 0)
        for (const auto& tag : lines(r.output)) ++applied[tag];
    }
    CHECK(applied == std::map<std::string, int>{{"0000_a", 1}, {"0001_b", 1}, {"0002_c", 1}, {"0003_d", 1}});
    CHECK(scalar(db, "select count(*) from drizzle.__drizzle_migrations") == "4");
    CHECK(scalar(db, "select count(distinct created_at) from drizzle.__drizzle_migrations") == "4");
    CHECK(scalar(db, "select count(*) from b") == "2");  // 0001 and 0003 ran once each
  }
}

TEST_CASE("status beside migrate on a fresh database: status never fails and never writes", "[hostile][migrator]") {
  const auto folder = write_folder("status-race", race_files);
  constexpr int rounds = 10;
  int failures = 0;
  for (int round = 0; round < rounds; ++round) {
    INFO("round " << round);
    auto db = fresh_db();
    std::vector<std::function<std::string()>> jobs;
    for (int i = 0; i < 3; ++i) jobs.emplace_back([&] { return migrate_job(folder); });
    for (int i = 0; i < 5; ++i)
      jobs.emplace_back([&] {
        auto s = drizzle::pqxx::connect(drizzle_test::database_url());
        drizzle::kit::migrate_options o;
        o.folder = folder;
        // Whatever moment it reads (no table yet, some applied, all applied), the history lines up.
        const auto r = drizzle::kit::status(s, o);
        if (!r.ok()) throw std::runtime_error("status reported problems: " + r.problems.front());
        return std::string("status ok\n");
      });
    const auto results = run_processes(jobs);
    std::map<std::string, int> applied;
    for (const auto& r : results) {
      INFO("child output: " << r.output);
      CHECK(r.exit_code == 0);
      failures += r.exit_code != 0;
      if (r.exit_code == 0)
        for (const auto& tag : lines(r.output))
          if (tag != "status ok") ++applied[tag];
    }
    CHECK(applied.size() == 4);
    CHECK(scalar(db, "select count(*) from drizzle.__drizzle_migrations") == "4");
  }
  CHECK(failures == 0);
}

TEST_CASE("a migrator killed mid-migration leaves nothing of it, the next ones apply it once", "[hostile][migrator]") {
  auto db = fresh_db();
  const auto folder =
      write_folder("killed", {{"0000_a", "CREATE TABLE \"a\" (\"id\" integer);"},
                              {"0001_slow",
                               "CREATE TABLE \"slow\" (\"id\" integer);\n--> statement-breakpoint\n"
                               "INSERT INTO \"slow\" VALUES (1);\n--> statement-breakpoint\nSELECT pg_sleep(1.5);"},
                              {"0002_c", "INSERT INTO \"slow\" VALUES (2);"}});
  const auto victim = spawn([&] { return migrate_job(folder); });
  // Wait until the victim is inside 0001_slow (its pg_sleep runs), then kill it: no COMMIT will ever come.
  bool sleeping = false;
  for (int i = 0; i < 200 && !sleeping; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    sleeping = scalar(db,
                      "select count(*) from pg_stat_activity where query like '%pg_sleep(1.5)%' and pid <> "
                      "pg_backend_pid()") == "1";
  }
  REQUIRE(sleeping);
  ::kill(victim.pid, SIGKILL);
  const auto killed = collect(victim);
  CHECK(killed.exit_code == 128 + SIGKILL);
  // Its backend holds the lock until the sleep ends and it finds the client gone; the others wait, then apply.
  std::vector<std::function<std::string()>> jobs(4, [&] { return migrate_job(folder); });
  std::map<std::string, int> applied;
  for (const auto& r : run_processes(jobs)) {
    INFO("child output: " << r.output);
    CHECK(r.exit_code == 0);
    if (r.exit_code == 0)
      for (const auto& tag : lines(r.output)) ++applied[tag];
  }
  CHECK(applied == std::map<std::string, int>{{"0001_slow", 1}, {"0002_c", 1}});
  CHECK(scalar(db, "select count(*) from drizzle.__drizzle_migrations") == "3");
  CHECK(scalar(db, "select string_agg(id::text, ',' order by id) from slow") == "1,2");
}
