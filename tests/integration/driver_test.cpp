// The libpqxx adapter against a real PostgreSQL: typed rows, structs, every mapped type round trip,
// prepared statements, transactions and savepoints, and each typed error provoked for real.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <drizzle/pqxx.hpp>
#include <drizzle/pqxx/native.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/oracle_db.hpp"
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;
using namespace std::chrono;

namespace {
drizzle::pqxx::database fresh_db() {
  drizzle_test::reset_oracle_database();
  return drizzle::pqxx::connect(drizzle_test::database_url());
}
struct user_row {
  std::int32_t id;
  std::string email;
  std::optional<std::string> name;
};
int codes_made = 0;
std::string next_code() {
  return "c" + std::to_string(++codes_made);
}
struct coded_t : drizzle::table<coded_t, "coded"> {
  column<"id", pg::serial, pg::primary_key> id;
  column<"code", pg::text, pg::not_null, pg::default_fn<next_code>> code;
};
constexpr coded_t coded{};
}  // namespace

TEST_CASE("select returns typed rows from the seed", "[driver][select]") {
  auto db = fresh_db();
  auto rows = db.select(users.id, users.email, users.name)
                  .from(users)
                  .where(in_array(users.id, {3, 4}))
                  .order_by(users.id)
                  .all();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][users.id] == 3);
  CHECK(rows[0][users.email] == "carol@test.com");
  CHECK(rows[0][users.name] == std::optional<std::string>("Carol"));
  CHECK(rows[1][users.name] == std::nullopt);  // dave has no name

  auto counts = db.select(users.id, count(posts.id))
                    .from(users)
                    .left_join(posts, eq(users.id, posts.author_id))
                    .group_by(users.id)
                    .order_by(users.id)
                    .all();
  std::vector<std::int64_t> per_user;
  for (auto& r : counts) per_user.push_back(r[count(posts.id)]);
  CHECK(per_user == std::vector<std::int64_t>{3, 2, 1, 0, 1, 0});

  auto titles = db.select(users.id, posts.title)
                    .from(users)
                    .left_join(posts, eq(users.id, posts.author_id))
                    .where(eq(users.id, 4))
                    .all();
  REQUIRE(titles.size() == 1);
  CHECK(titles[0][posts.title] == std::nullopt);  // left join: the post side is optional
}

TEST_CASE("libpqxx is reachable on drizzle's connection through native.hpp, and only there", "[driver][native]") {
  auto db = fresh_db();
  ::pqxx::connection_base& conn = drizzle::pqxx::native(db.connection());
  {
    ::pqxx::nontransaction tx(conn);
    CHECK(tx.exec1("select 40 + 2")[0].as<int>() == 42);
  }
  // One backend: libpqxx's and drizzle's statements see each other's session.
  CHECK(conn.backendpid() == PQbackendPID(db.connection().handle()));
  db.execute("set application_name = 'drizzle_native'");
  CHECK(::pqxx::nontransaction(conn).exec1("show application_name")[0].as<std::string>() == "drizzle_native");
  // The handle follows the connection: a new one after reconnect(), and libpqxx's connection with it.
  db.reconnect();
  REQUIRE(db.connection().handle() != nullptr);
  CHECK(drizzle::pqxx::native(db.connection()).backendpid() == PQbackendPID(db.connection().handle()));
  auto [n] = db.select(drizzle::count()).from(users).one();
  CHECK(n > 0);

  // No header under include/drizzle includes libpqxx except native.hpp (a user's file including
  // <drizzle/pqxx.hpp> must not parse <pqxx/pqxx>: docs/performance.md, "Compile time: the driver library").
  std::vector<std::string> including;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::filesystem::path(DRIZZLE_SOURCE_DIR) / "include/drizzle")) {
    if (entry.path().extension() != ".hpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find("#include <pqxx/") != std::string::npos) including.push_back(entry.path().filename().string());
  }
  CHECK(including == std::vector<std::string>{"native.hpp"});
}

TEST_CASE("first, one and structs map rows or report what is wrong", "[driver][select]") {
  auto db = fresh_db();
  CHECK(db.select().from(users).where(eq(users.id, 999)).first() == std::nullopt);
  CHECK(db.select().from(users).where(eq(users.id, 1)).first().has_value());
  CHECK_THROWS_AS(db.select().from(users).where(eq(users.id, 999)).one(), drizzle::no_rows);
  CHECK_THROWS_AS(db.select().from(users).one(), drizzle::too_many_rows);
  auto all = db.select(users.id, users.email, users.name).from(users).order_by(users.id).all<user_row>();
  REQUIRE(all.size() == 6);
  CHECK(all[5].email == "frank@example.com");
  auto one = db.select(users.id, users.email, users.name).from(users).where(eq(users.id, 2)).one<user_row>();
  CHECK(one.name == std::optional<std::string>("Bob"));
  auto [n] = db.select(count()).from(posts).where(eq(posts.published, true)).one();
  CHECK(n == 4);
}

TEST_CASE("every mapped type is read exactly as the seed stores it", "[driver][types]") {
  auto db = fresh_db();
  auto rows = db.select().from(type_samples).order_by(type_samples.id).all();
  REQUIRE(rows.size() == 3);
  const auto& r = rows[0];
  CHECK(r[type_samples.big_num] == 9007199254740991LL);
  CHECK(r[type_samples.big_big] == 9223372036854775807LL);
  CHECK(r[type_samples.price]->text == "12.50");
  CHECK(r[type_samples.ratio] == 1.5f);
  CHECK(r[type_samples.score] == 3.141592653589793);
  CHECK(r[type_samples.small] == 32767);
  CHECK(r[type_samples.day] == sys_days{2024y / 2 / 29});
  CHECK(r[type_samples.at_time] == 13h + 45min + 30s + 500ms);
  CHECK(*r[type_samples.duration] == drizzle::interval{14, 3, (4 * 3600 + 5 * 60 + 6) * 1'000'000LL});
  CHECK(*r[type_samples.tags] ==
        std::vector<std::optional<std::string>>{"a", "b c", "quote\"d", "comma,x", std::nullopt});
  CHECK(*r[type_samples.scores] == std::vector<std::int32_t>{1, 2, 3});
  CHECK(*r[type_samples.country] == "US");
  CHECK((*r[type_samples.payload])["k"][2]["n"].is_null());
  CHECK(r[type_samples.role] == user_role::admin);
  CHECK(*r[type_samples.stamp_string] == sys_days{2024y / 1 / 1} + 12h + 34min + 56s + 789ms);
  CHECK(*r[type_samples.stamp_tz] == sys_days{2024y / 1 / 1} + 12h + 34min + 56s + 123456us);  // microseconds kept
  CHECK(r[type_samples.ident]->to_string() == "00000000-0000-4000-8000-0000000000aa");
  CHECK(*rows[1][type_samples.country] == "D ");  // char(2) keeps its padding
  CHECK(rows[1][type_samples.duration]->days == -1);
  CHECK(rows[1][type_samples.tags]->empty());
  CHECK(rows[2][type_samples.big_num] == std::nullopt);
  CHECK(rows[2][type_samples.role] == user_role::guest);
}

TEST_CASE("every mapped type round-trips through parameters", "[driver][types]") {
  auto db = fresh_db();
  const auto stamp = sys_days{2030y / 12 / 31} + 23h + 59min + 59s + 999999us;
  const nlohmann::json payload = {{"quote", "it's \"here\" \\ ünï"}, {"n", nullptr}, {"list", {1, 2.5, false}}};
  auto inserted =
      db.insert(type_samples)
          .values(
              type_samples.big_num = std::numeric_limits<std::int64_t>::min(),
              type_samples.big_big = std::numeric_limits<std::int64_t>::max(),
              type_samples.price = decimal("12345678.91"), type_samples.ratio = -0.0f,
              type_samples.score = std::numeric_limits<double>::infinity(),
              type_samples.small = std::numeric_limits<std::int16_t>::min(), type_samples.day = sys_days{1970y / 1 / 1},
              type_samples.day_as_date = date_value::max(), type_samples.at_time = 23h + 59min + 59s + 999999us,
              type_samples.duration = drizzle::interval{-13, 40, -1},
              type_samples.tags = std::vector<std::optional<std::string>>{"", std::nullopt, "a,b", "{}", "NULL", "\\"},
              type_samples.scores = std::vector<std::int32_t>{}, type_samples.country = "ü",
              type_samples.payload = payload, type_samples.role = user_role::user,
              type_samples.stamp_string = timestamp_value::min(), type_samples.stamp_tz = stamp,
              type_samples.ident = drizzle::uuid::parse("123e4567-e89b-12d3-a456-426614174000"))
          .returning()
          .one();
  CHECK(inserted[type_samples.big_num] == std::numeric_limits<std::int64_t>::min());
  CHECK(inserted[type_samples.big_big] == std::numeric_limits<std::int64_t>::max());
  CHECK(inserted[type_samples.price]->text == "12345678.91");
  CHECK(*inserted[type_samples.score] == std::numeric_limits<double>::infinity());
  CHECK(inserted[type_samples.small] == std::numeric_limits<std::int16_t>::min());
  CHECK(*inserted[type_samples.day] == sys_days{1970y / 1 / 1});
  CHECK(*inserted[type_samples.day_as_date] == date_value::max());  // 'infinity'
  CHECK(*inserted[type_samples.at_time] == 23h + 59min + 59s + 999999us);
  CHECK(*inserted[type_samples.duration] == drizzle::interval{-13, 40, -1});
  CHECK(*inserted[type_samples.tags] ==
        std::vector<std::optional<std::string>>{"", std::nullopt, "a,b", "{}", "NULL", "\\"});
  CHECK(inserted[type_samples.scores]->empty());
  CHECK(*inserted[type_samples.country] == "ü ");
  CHECK(*inserted[type_samples.payload] == payload);
  CHECK(inserted[type_samples.role] == user_role::user);
  CHECK(*inserted[type_samples.stamp_string] == timestamp_value::min());  // '-infinity'
  CHECK(*inserted[type_samples.stamp_tz] == stamp);
  CHECK(inserted[type_samples.ident]->to_string() == "123e4567-e89b-12d3-a456-426614174000");

  // NULLs, empty strings, quotes and unicode in text
  for (const std::optional<std::string>& name : {std::optional<std::string>{}, std::optional<std::string>{""},
                                                 std::optional<std::string>{"O'Brien \"q\" \\ ✓"}}) {
    auto row = db.insert(users)
                   .values(users.email = "rt" + std::to_string(name ? name->size() : 99) + "@x", users.name = name)
                   .returning(users.name)
                   .one();
    CHECK(row[users.name] == name);
  }
}

TEST_CASE("fixed-shape statements are prepared once per connection, dynamic ones never", "[driver][prepared]") {
  auto db = fresh_db();
  for (int id = 1; id <= 3; ++id)
    CHECK(db.select(users.email).from(users).where(eq(users.id, id)).one()[users.email].size() > 0);
  // One server-side statement for the three selects, plus the one for this count itself.
  auto [prepared] = db.select(sql<std::int64_t, "(select count(*) from pg_prepared_statements)">()).one();
  CHECK(prepared == 2);
  // A statement whose text is built at run time is not prepared.
  (void)db.select(users.id, sql<std::int32_t>("1")).from(users).all();
  auto [after] = db.select(sql<std::int64_t, "(select count(*) from pg_prepared_statements)">()).one();
  CHECK(after == 2);
}

TEST_CASE("with preparing off (transaction-mode poolers) nothing is prepared on the server", "[driver][prepared]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url(), {.prepare_statements = false});
  for (int id = 1; id <= 3; ++id)
    CHECK(db.select(users.email).from(users).where(eq(users.id, id)).one()[users.email].size() > 0);
  auto [prepared] = db.select(sql<std::int64_t, "(select count(*) from pg_prepared_statements)">()).one();
  CHECK(prepared == 0);
}

TEST_CASE("transactions commit, roll back on exceptions, and nest as savepoints", "[driver][transaction]") {
  auto db = fresh_db();
  std::vector<std::string> log;
  db.set_logger([&](std::string_view sql, const auto&) { log.emplace_back(sql); });

  auto id = db.transaction(
      [&](auto& tx) { return tx.insert(tags).values(tags.name = "committed").returning(tags.id).one()[tags.id]; },
      {.isolation = isolation::serializable, .access = access_mode::read_write});
  CHECK(log.front() == "begin isolation level serializable read write");
  CHECK(log.back() == "commit");
  CHECK(db.select(tags.name).from(tags).where(eq(tags.id, id)).one()[tags.name] == "committed");

  CHECK_THROWS_AS(db.transaction([&](auto& tx) {
    tx.insert(tags).values(tags.name = "lost").execute();
    throw std::runtime_error("boom");
  }),
                  std::runtime_error);
  CHECK(db.select().from(tags).where(eq(tags.name, "lost")).first() == std::nullopt);

  CHECK_THROWS_AS(db.transaction([&](auto& tx) {
    tx.insert(tags).values(tags.name = "rolled").execute();
    tx.rollback();
  }),
                  drizzle::rollback_error);
  CHECK(db.select().from(tags).where(eq(tags.name, "rolled")).first() == std::nullopt);

  db.transaction([&](auto& tx) {
    tx.insert(tags).values(tags.name = "outer").execute();
    CHECK_THROWS(tx.transaction([&](auto& sp) {
      sp.insert(tags).values(tags.name = "inner").execute();
      throw std::runtime_error("only the savepoint");
    }));
    tx.transaction([&](auto& sp) { sp.insert(tags).values(tags.name = "inner kept").execute(); });
  });
  CHECK(db.select().from(tags).where(eq(tags.name, "outer")).first().has_value());
  CHECK(db.select().from(tags).where(eq(tags.name, "inner")).first() == std::nullopt);
  CHECK(db.select().from(tags).where(eq(tags.name, "inner kept")).first().has_value());
  CHECK(std::find(log.begin(), log.end(), "rollback to savepoint sp1") != log.end());
  CHECK(std::find(log.begin(), log.end(), "release savepoint sp1") != log.end());
}

TEST_CASE("default_fn is called once per inserted row, also on the run that prepares the statement",
          "[driver][prepared]") {
  auto db = fresh_db();
  db.execute("create temporary table coded (id serial primary key, code text not null)");
  codes_made = 0;
  db.insert(coded).values(coded.id = 1).execute();  // the first run prepares the statement
  CHECK(codes_made == 1);
  CHECK(db.insert(coded).values(coded.id = 2).returning(coded.code).one()[coded.code] == "c2");  // prepares another
  CHECK(codes_made == 2);
  db.insert(coded).values(coded.id = 3).execute();  // prepared already
  CHECK(codes_made == 3);
  const auto rows = db.select(coded.code).from(coded).order_by(coded.id).all();
  REQUIRE(rows.size() == 3);
  CHECK(rows[0][coded.code] == "c1");
  CHECK(rows[2][coded.code] == "c3");
  // one() that finds no row names the statement in its error without binding (and so calling default_fn) again.
  CHECK_THROWS_AS(db.insert(coded).values(coded.id = 3).on_conflict_do_nothing().returning(coded.code).one(),
                  drizzle::no_rows);
  CHECK(codes_made == 4);
  // A batch binds each statement once, also on the run that prepares it (a shape not prepared before).
  (void)db.batch(db.insert(coded).values(coded.id = 10).returning(coded.id),
                 db.insert(coded).values(coded.id = 11).returning(coded.id));
  CHECK(codes_made == 6);
  CHECK(db.select(coded.code).from(coded).where(eq(coded.id, 11)).one()[coded.code] == "c6");
}

TEST_CASE("an error caught inside a transaction fails its commit instead of losing the writes silently",
          "[driver][transaction][errors]") {
  auto db = fresh_db();
  db.execute("insert into tags (name) values ('taken')");
  // fn swallows a failed statement and returns: PostgreSQL answers `commit` with ROLLBACK, not an error.
  try {
    db.transaction([&](auto& tx) {
      tx.insert(tags).values(tags.name = "written before").execute();
      try {
        tx.insert(tags).values(tags.name = "taken").execute();
      } catch (const drizzle::unique_violation&) {
      }
    });
    FAIL("expected the commit to fail");
  } catch (const drizzle::query_error& e) {
    CHECK(e.sqlstate() == "25P02");
    CHECK(e.statement() == "commit");
    CHECK(std::string(e.what()).find("commit rolled the transaction back") != std::string::npos);
  }
  CHECK(db.select().from(tags).where(eq(tags.name, "written before")).first() == std::nullopt);

  // A savepoint's block that swallows its error: release fails, the block is rolled back like one that throws, and
  // the enclosing transaction goes on when it catches that.
  std::vector<std::string> log;
  db.set_logger([&](std::string_view sql, const auto&) { log.emplace_back(sql); });
  db.transaction([&](auto& tx) {
    tx.insert(tags).values(tags.name = "outer kept").execute();
    CHECK_THROWS_AS(tx.transaction([&](auto& sp) {
      sp.insert(tags).values(tags.name = "inner lost").execute();
      try {
        sp.insert(tags).values(tags.name = "taken").execute();
      } catch (const drizzle::unique_violation&) {
      }
    }),
                    drizzle::query_error);
    tx.insert(tags).values(tags.name = "after the savepoint").execute();
  });
  CHECK(std::find(log.begin(), log.end(), "rollback to savepoint sp1") != log.end());
  CHECK(db.select().from(tags).where(eq(tags.name, "outer kept")).first().has_value());
  CHECK(db.select().from(tags).where(eq(tags.name, "after the savepoint")).first().has_value());
  CHECK(db.select().from(tags).where(eq(tags.name, "inner lost")).first() == std::nullopt);
}

TEST_CASE("integrity violations raise typed errors naming the statement and SQLSTATE", "[driver][errors]") {
  auto db = fresh_db();
  db.execute("alter table tags add constraint tags_name_short check (length(name) < 20)");
  try {
    db.insert(users).values(users.email = "alice@example.com").execute();
    FAIL("expected a unique violation");
  } catch (const drizzle::unique_violation& e) {
    CHECK(e.sqlstate() == "23505");
    CHECK(e.statement().find("insert into \"users\"") == 0);
    CHECK(e.param_count() == 1);
    CHECK(std::string(e.what()).find("alice@example.com") == std::string::npos);  // values stay out of messages
  }
  CHECK_THROWS_AS(db.insert(posts).values(posts.title = "x", posts.author_id = 999).execute(),
                  drizzle::foreign_key_violation);
  CHECK_THROWS_AS(db.execute("insert into users (email) values (null)"), drizzle::not_null_violation);
  CHECK_THROWS_AS(db.insert(tags).values(tags.name = std::string(30, 'x')).execute(), drizzle::check_violation);
  CHECK_THROWS_AS(drizzle::pqxx::connect("postgresql://nobody@/nodb?host=/nonexistent&port=1"),
                  drizzle::connection_error);
}

TEST_CASE("serialization failures and deadlocks are typed and retried", "[driver][errors][transaction]") {
  auto a = fresh_db();
  auto b = drizzle::pqxx::connect(drizzle_test::database_url());
  // Two serializable transactions that read and write the same row: the second commit fails with 40001.
  CHECK_THROWS_AS(a.transaction(
                      [&](auto& ta) {
                        (void)ta.select(tags.name).from(tags).where(eq(tags.id, 1)).one();
                        b.transaction(
                            [&](auto& tb) {
                              (void)tb.select(tags.name).from(tags).where(eq(tags.id, 1)).one();
                              tb.update(tags).set(tags.name = "b").where(eq(tags.id, 1)).execute();
                            },
                            {.isolation = isolation::serializable});
                        ta.update(tags).set(tags.name = "a").where(eq(tags.id, 1)).execute();
                      },
                      {.isolation = isolation::serializable}),
                  drizzle::serialization_failure);

  int attempts = 0;
  auto name = drizzle::pqxx::with_retry(
      a,
      [&](auto& tx) {
        ++attempts;
        if (attempts == 1) throw drizzle::serialization_failure("simulated", "40001", "", 0);
        return tx.select(tags.name).from(tags).where(eq(tags.id, 1)).one()[tags.name];
      },
      3);
  CHECK(attempts == 2);
  CHECK(name == "b");

  // A deadlock between two connections locking two rows in opposite order.
  std::atomic<int> deadlocks{0};
  auto worker = [&](int first, int second) {
    auto db = drizzle::pqxx::connect(drizzle_test::database_url());
    try {
      db.transaction([&](auto& tx) {
        tx.update(tags).set(tags.name = "x" + std::to_string(first)).where(eq(tags.id, first)).execute();
        std::this_thread::sleep_for(300ms);
        tx.update(tags).set(tags.name = "y" + std::to_string(second)).where(eq(tags.id, second)).execute();
      });
    } catch (const drizzle::deadlock_detected& e) {
      CHECK(e.sqlstate() == "40P01");
      ++deadlocks;
    }
  };
  std::thread t1(worker, 2, 3), t2(worker, 3, 2);
  t1.join();
  t2.join();
  CHECK(deadlocks == 1);
}

TEST_CASE("a backend killed mid-transaction is a connection_lost with nothing written", "[driver][errors]") {
  auto db = fresh_db();
  auto admin = drizzle::pqxx::connect(drizzle_test::database_url());
  const auto pid = db.select(sql<std::int32_t, "pg_backend_pid()">()).one();
  CHECK_THROWS_AS(db.transaction([&](auto& tx) {
    tx.insert(tags).values(tags.name = "partial").execute();
    admin.execute(sql<void, "select pg_terminate_backend({})">(std::get<0>(pid.values)));
    tx.insert(tags).values(tags.name = "partial 2").execute();
  }),
                  drizzle::connection_lost);
  CHECK(admin.select().from(tags).where(like(tags.name, "partial%")).all().empty());
}

TEST_CASE("jsonb paths, containment and scalar subqueries run against the seed", "[driver][json]") {
  auto db = fresh_db();
  auto themes = db.select(users.id, json_get_text<"preferences", "theme">(users.metadata))
                    .from(users)
                    .where(json_has_key(users.metadata, "preferences"))
                    .order_by(users.id)
                    .all();
  REQUIRE(themes.size() == 3);
  CHECK(std::get<1>(themes[0].values) == std::optional<std::string>("dark"));
  CHECK(std::get<1>(themes[1].values) == std::nullopt);
  auto dark = db.select(users.email)
                  .from(users)
                  .where(json_contains(users.metadata, nlohmann::json{{"preferences", {{"theme", "dark"}}}}))
                  .all();
  REQUIRE(dark.size() == 1);
  CHECK(dark[0][users.email] == "alice@example.com");
  auto per_user = db.select(users.id, as<"posts">(select(count()).from(posts).where(eq(posts.author_id, users.id))))
                      .from(users)
                      .order_by(users.id)
                      .all();
  CHECK(per_user[0].get<"posts">() == std::optional<std::int64_t>(3));
  CHECK(per_user[3].get<"posts">() == std::optional<std::int64_t>(0));
}
