// Faults: the backend killed (pg_terminate_backend from a second connection) at each statement of a transaction two
// savepoints deep, during copy_into, a cursor, a relational query and with_retry; servers stopped fast and immediate
// and crash-restarted (a private cluster). Each run asserts connection_lost naming the statement that was running
// and all-or-nothing on disk, checked from a fresh connection. Also: the session settings the codecs rely on, and a
// logger that must not throw.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "faults_support.hpp"

using namespace drizzle;
using namespace faults;

namespace {
/// The victim's logger: counts statements and kills the victim's own backend just before statement `kill_at` is
/// sent, remembering its text. Killing from the logger makes "at statement k" exact.
struct killer {
  std::string url;
  int pid = 0;
  int kill_at = -1;
  int seen = 0;
  std::string killed_sql{};
  std::string failure{};
  void operator()(std::string_view sql, const param_list&) {
    if (seen++ != kill_at) return;
    killed_sql = std::string(sql);
    try {
      kill_backend(url, pid);
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
};

/// A transaction two savepoints deep: 14 statements in all.
void two_deep(drizzle::pqxx::session& db) {
  db.transaction([&](auto& tx) {
    tx.insert(items).values(items.k = "outer 1", items.n = 1).execute();
    tx.transaction([&](auto& sp) {
      sp.insert(items).values(items.k = "sp1 a", items.n = 2).execute();
      sp.transaction([&](auto& sp2) {
        sp2.insert(items).values(items.k = "sp2 a", items.n = 3).execute();
        sp2.update(items).set(items.n = 30).where(eq(items.k, "sp2 a")).execute();
        (void)sp2.select(items.id).from(items).all();
      });
      sp.insert(items).values(items.k = "sp1 b", items.n = 4).execute();
    });
    tx.delete_from(items).where(eq(items.k, "nothing")).execute();
    tx.insert(items).values(items.k = "outer 2", items.n = 5).execute();
  });
}
}  // namespace

TEST_CASE("faults: a backend killed at each statement of a transaction two savepoints deep", "[hostile][faults]") {
  const std::string url = drizzle_test::database_url();
  // A clean run counts the statements (and shows what the transaction writes).
  reset_tables(url);
  int statements = 0;
  {
    auto db = drizzle::pqxx::connect(url);
    db.set_logger([&](std::string_view, const param_list&) { ++statements; });
    two_deep(db);
  }
  REQUIRE(statements == 14);
  REQUIRE(count_items(url) == 5);
  for (int k = 0; k < statements; ++k) {
    INFO("killed before statement " << k);
    reset_tables(url);
    auto db = drizzle::pqxx::connect(url);
    killer kill{url, backend_pid(db), k};
    db.set_logger(std::ref(kill));
    try {
      two_deep(db);
      FAIL("the transaction returned normally after its connection was lost");
    } catch (const drizzle::connection_lost& e) {
      INFO(e.what());
      CHECK(e.statement() == kill.killed_sql);
      CHECK(std::string(e.what()).find(kill.killed_sql) != std::string::npos);
    }
    CHECK(kill.failure.empty());
    CHECK(count_items(url) == 0);
    // The connection stays lost: no silent reconnect, every statement fails and names itself.
    CHECK_FALSE(db.connected());
    try {
      db.execute("select 1");
      FAIL("a statement ran on a lost connection");
    } catch (const drizzle::connection_lost& e) {
      CHECK(e.statement() == "select 1");
    }
    // Reconnecting is the application's decision.
    db.reconnect();
    CHECK(db.query_text("select 1").at(0).at(0) == std::optional<std::string>("1"));
  }
}

TEST_CASE("faults: a savepoint's lost connection, caught by the caller, still fails the whole transaction",
          "[hostile][faults]") {
  const std::string url = drizzle_test::database_url();
  reset_tables(url);
  auto db = drizzle::pqxx::connect(url);
  const int pid = backend_pid(db);
  int after_loss_errors = 0;
  try {
    db.transaction([&](auto& tx) {
      tx.insert(items).values(items.k = "before", items.n = 1).execute();
      try {
        tx.transaction([&](auto& sp) {
          kill_backend(url, pid);
          sp.insert(items).values(items.k = "in savepoint", items.n = 2).execute();
        });
      } catch (const drizzle::connection_lost&) {  // the caller goes on, as in the report
      }
      try {
        tx.insert(items).values(items.k = "after", items.n = 3).execute();
      } catch (const drizzle::connection_lost& e) {
        ++after_loss_errors;
        CHECK(e.statement().rfind("insert into \"drizzle_fault_items\"", 0) == 0);
      }
    });
    FAIL("the transaction returned normally after its connection was lost");
  } catch (const drizzle::connection_lost& e) {
    CHECK(e.statement() == "commit");
  }
  CHECK(after_loss_errors == 1);
  CHECK(count_items(url) == 0);
}

TEST_CASE("faults: a backend killed during copy_into", "[hostile][faults]") {
  const std::string url = drizzle_test::database_url();
  struct row {
    std::optional<std::int32_t> id;
    std::string k;
    std::int32_t n;
  };
  std::vector<row> rows;
  for (int i = 0; i < 200000; ++i) rows.push_back({std::nullopt, "copy " + std::to_string(i), i});

  SECTION("at the COPY statement") {
    reset_tables(url);
    auto db = drizzle::pqxx::connect(url);
    killer kill{url, backend_pid(db), 0};  // the COPY: outside a transaction it is sent alone (one COPY is atomic)
    db.set_logger(std::ref(kill));
    try {
      (void)db.copy_into(items, rows);
      FAIL("copy_into returned after its connection was lost");
    } catch (const drizzle::connection_lost& e) {
      CHECK(e.statement() == kill.killed_sql);
      CHECK(e.statement().rfind("copy \"drizzle_fault_items\"", 0) == 0);
    }
  }
  SECTION("while the rows stream (a second thread kills it once the COPY is active)") {
    reset_tables(url);
    auto db = drizzle::pqxx::connect(url);
    const int pid = backend_pid(db);
    std::atomic<bool> killed{false};
    std::thread t([&] {
      auto admin = drizzle::pqxx::connect(url);
      for (int i = 0; i < 2000 && !killed; ++i) {
        // The check and the kill in one statement: the backend is killed only while its COPY runs.
        const auto r = admin.query_text(
            "select pg_terminate_backend(pid, 10000) from pg_stat_activity where pid = $1::int and state = 'active' "
            "and query like 'copy %'",
            {std::to_string(pid)});
        if (!r.empty()) killed = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
    bool lost = false;
    // Large enough that the COPY runs while the other thread looks: repeated until the kill lands mid-COPY.
    for (int attempt = 0; attempt < 20 && !killed && !lost; ++attempt) {
      try {
        const std::size_t copied = db.copy_into(items, rows);  // not in CHECK(), which would catch the exception
        CHECK(copied == rows.size());
        db.execute("truncate drizzle_fault_items");
      } catch (const drizzle::connection_lost& e) {
        lost = true;
        INFO(e.what());
        CHECK(e.statement().rfind("copy \"drizzle_fault_items\"", 0) == 0);
      }
    }
    killed = true;
    t.join();
    CHECK(lost);
  }
  CHECK(count_items(url) == 0);
}

TEST_CASE("faults: a backend killed during a cursor (for_each)", "[hostile][faults]") {
  const std::string url = drizzle_test::database_url();
  reset_tables(url);
  {
    auto db = drizzle::pqxx::connect(url);
    db.execute("insert into drizzle_fault_items (k, n) select 'row ' || i, i from generate_series(1, 500) i");
  }
  for (int k = 0; k < 6; ++k) {  // begin, savepoint, declare, fetch, fetch, fetch
    INFO("killed before statement " << k);
    auto db = drizzle::pqxx::connect(url);
    killer kill{url, backend_pid(db), k};
    db.set_logger(std::ref(kill));
    std::size_t seen = 0;
    try {
      db.transaction([&](auto& tx) {
        std::move(tx.select(items.id, items.k).from(items).order_by(items.id))
            .for_each([&](const auto&) { ++seen; }, 100);
        tx.insert(items).values(items.k = "written after the cursor", items.n = 0).execute();
      });
      FAIL("for_each returned after its connection was lost");
    } catch (const drizzle::connection_lost& e) {
      CHECK(e.statement() == kill.killed_sql);
    }
    CHECK(seen == static_cast<std::size_t>(std::max(0, k - 3) * 100));
    CHECK(count_items(url) == 500);
  }
}

TEST_CASE("faults: a backend killed during a relational query", "[hostile][faults]") {
  const std::string url = drizzle_test::database_url();
  reset_tables(url);
  auto db = drizzle::pqxx::connect(url);
  db.execute(
      "insert into drizzle_fault_items (k, n) values ('a', 1); insert into drizzle_fault_notes (item_id, body) "
      "values (1, 'x')");
  killer kill{url, backend_pid(db), 0};
  db.set_logger(std::ref(kill));
  try {
    (void)db.query(relational)[items].find_many(with<"notes">()).all();
    FAIL("the relational query returned after its connection was lost");
  } catch (const drizzle::connection_lost& e) {
    CHECK(e.statement() == kill.killed_sql);
    CHECK(e.statement().find("drizzle_fault_notes") != std::string::npos);
  }
}

TEST_CASE("faults: a backend killed inside with_retry is not retried", "[hostile][faults]") {
  const std::string url = drizzle_test::database_url();
  reset_tables(url);
  auto db = drizzle::pqxx::connect(url);
  const int pid = backend_pid(db);
  int calls = 0;
  try {
    drizzle::pqxx::with_retry(db, [&](auto& tx) {
      ++calls;
      tx.insert(items).values(items.k = "retry", items.n = 1).execute();
      kill_backend(url, pid);
      tx.insert(items).values(items.k = "retry 2", items.n = 2).execute();
    });
    FAIL("with_retry returned after its connection was lost");
  } catch (const drizzle::connection_lost& e) {
    CHECK(e.statement().rfind("insert into \"drizzle_fault_items\"", 0) == 0);
  }
  CHECK(calls == 1);
  CHECK(count_items(url) == 0);
}

TEST_CASE("faults: servers stopped fast and immediate, and crash-restarted (a private cluster)", "[hostile][faults]") {
  private_cluster cluster;
  const std::string url = cluster.url();
  reset_tables(url);
  struct way {
    const char* name;
    bool during;  // while a statement runs, or between two statements
  };
  for (const way& w : {way{"fast", false}, way{"immediate", false}, way{"crash", false}, way{"fast", true},
                       way{"immediate", true}, way{"crash", true}}) {
    const std::string mode = w.name;
    const bool during = w.during;
    INFO(mode << (during ? " during a statement" : " between statements"));
    auto db = drizzle::pqxx::connect(url);
    auto other = drizzle::pqxx::connect(url);  // crash: the backend SIGKILLed is this one
    const int other_pid = backend_pid(other), pid = backend_pid(db);
    auto stop = [&] {
      if (mode == "crash")
        cluster.crash(other_pid, pid);
      else
        cluster.restart(mode);
    };
    std::thread stopper;
    try {
      db.transaction([&](auto& tx) {
        tx.insert(items).values(items.k = "before the stop", items.n = 1).execute();
        tx.transaction([&](auto& sp) {
          sp.insert(items).values(items.k = "in a savepoint", items.n = 2).execute();
          if (during) {
            stopper = std::thread([&] {
              std::this_thread::sleep_for(std::chrono::milliseconds(300));
              stop();
            });
            sp.execute("select pg_sleep(20)");
          } else {
            stop();
            sp.insert(items).values(items.k = "after the stop", items.n = 3).execute();
          }
        });
      });
      FAIL("the transaction returned normally after the server stopped");
    } catch (const drizzle::connection_lost& e) {
      INFO(e.what());
      if (during)
        CHECK(e.statement() == "select pg_sleep(20)");
      else
        CHECK(e.statement().rfind("insert into \"drizzle_fault_items\"", 0) == 0);
    }
    if (stopper.joinable()) stopper.join();
    // The server is back (restarted, or recovered from the crash): nothing of the transaction is there.
    std::int64_t n = -1;
    for (int i = 0; i < 100 && n < 0; ++i) {
      try {
        n = count_items(url);
      } catch (const drizzle::connection_error&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    CHECK(n == 0);
    CHECK_THROWS_AS(db.execute("select 1"), drizzle::connection_lost);  // never reconnected silently
  }
}

TEST_CASE("faults: doubles, dates and intervals read back whatever the role's settings", "[hostile][faults]") {
  const std::string url = drizzle_test::database_url();
  {
    auto admin = drizzle::pqxx::connect(url);
    admin.execute(
        "drop role if exists drizzle_fault_settings; create role drizzle_fault_settings login superuser; alter role "
        "drizzle_fault_settings set extra_float_digits = 0; alter role drizzle_fault_settings set datestyle = 'SQL, "
        "DMY'; alter role drizzle_fault_settings set intervalstyle = 'sql_standard'");
  }
  const std::string role_url = url + (url.find('?') == std::string::npos ? "?" : "&") + "user=drizzle_fault_settings";
  {
    auto db = drizzle::pqxx::connect(role_url);
    CHECK(db.query_text("select current_user").at(0).at(0) == std::optional<std::string>("drizzle_fault_settings"));
    const auto row = db.select(sql<double, "1::float8 / 3">(), sql<date_value, "date '2026-12-02'">(),
                               sql<drizzle::interval, "interval '1 year 2 mons 3 days 04:05:06.5'">())
                         .one();
    CHECK(std::get<0>(row.values) == 1.0 / 3);
    CHECK(std::get<1>(row.values) == date_value{std::chrono::year{2026} / 12 / 2});
    CHECK(std::get<2>(row.values) == drizzle::interval{14, 3, 14706500000});
  }
  auto admin = drizzle::pqxx::connect(url);
  admin.execute("drop role drizzle_fault_settings");
}

TEST_CASE("faults: the default logger never throws, and a value that is not UTF-8 is the server's 22021",
          "[hostile][faults]") {
  const std::string url = drizzle_test::database_url();
  reset_tables(url);
  auto db = drizzle::pqxx::connect(url);
  db.set_logger(drizzle::default_logger);
  const std::string bad = "caf\xe9 \xff\xfe";
  try {
    db.insert(items).values(items.k = bad, items.n = 1).execute();
    FAIL("a value that is not UTF-8 was accepted");
  } catch (const drizzle::data_exception& e) {
    CHECK(e.sqlstate() == "22021");
  }
  CHECK(db.connected());
  CHECK(count_items(url) == 0);
}
