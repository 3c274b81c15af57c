// Read replicas and TLS against real servers (issue 13): scripts/pg_servers.sh starts a primary (TLS on localhost,
// a certificate made by openssl at start) and a streaming standby made by pg_basebackup -R; the `servers` CTest
// fixture starts and stops them. Hidden from the usual integration run ([.]): CTest's `servers` test runs these.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <drizzle/pqxx.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

using namespace drizzle;
using namespace drizzle::pg;

namespace {
std::string servers_file(const std::string& name) {
  const char* dir = std::getenv("DRIZZLE_SERVERS_DIR");
  if (!dir || !*dir) throw std::runtime_error("DRIZZLE_SERVERS_DIR is not set: run through ctest (servers fixture)");
  std::ifstream in(std::string(dir) + "/" + name);
  if (!in) throw std::runtime_error("cannot read " + std::string(dir) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
std::string servers_path(const std::string& name) {
  return std::string(std::getenv("DRIZZLE_SERVERS_DIR")) + "/" + name;
}

struct replica_items_t : drizzle::table<replica_items_t, "replica_items"> {
  column<"id", integer, primary_key> id;
  column<"name", text, not_null> name;
};
inline constexpr replica_items_t replica_items{};
inline constexpr auto replica_schema = drizzle::relational_schema();

/// Where a statement ran: the server's port, and whether it is a standby.
const auto server_port = sql<std::string, "current_setting('port')">();
const auto in_recovery = sql<bool, "pg_is_in_recovery()">();

std::string port_of(const std::string& url) {
  return url.substr(url.rfind("port=") + 5);
}
}  // namespace

TEST_CASE("with_replicas sends reads to a streaming standby and the rest to the primary", "[.][servers][replicas]") {
  const std::string primary_url = servers_file("primary_url");
  const std::string replica_url = servers_file("replica_url");
  const std::string primary_port = port_of(primary_url), replica_port = port_of(replica_url);
  REQUIRE(primary_port != replica_port);

  auto primary = drizzle::pqxx::connect(primary_url);
  auto read1 = drizzle::pqxx::connect(replica_url);
  auto read2 = drizzle::pqxx::connect(replica_url);
  primary.execute("drop table if exists replica_items");
  primary.execute("create table replica_items (id integer primary key, name text not null)");
  primary.execute("insert into replica_items values (1, 'one'), (2, 'two')");
  // Wait until the standby has replayed the primary's WAL up to now (the insert position: commits are asynchronous).
  const auto [lsn] = primary.one(sql<std::tuple<std::string>, "select pg_current_wal_insert_lsn()::text">());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!read1.one(sql<bool, "select pg_last_wal_replay_lsn() >= {}::pg_lsn">(lsn))) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  std::vector<std::size_t> asked;
  auto db = drizzle::pqxx::with_replicas(primary, {read1, read2}, [&](std::size_t n) {
    asked.push_back(n);
    return std::size_t{1};
  });

  // Selects: on the standby the chooser picked.
  const auto rows =
      db.select(replica_items.id, server_port, in_recovery).from(replica_items).order_by(replica_items.id).all();
  REQUIRE(rows.size() == 2);
  CHECK(std::get<1>(rows[0].values) == replica_port);
  CHECK(std::get<2>(rows[0].values));
  CHECK(asked == std::vector<std::size_t>{2});
  CHECK(&db.replica() == static_cast<drizzle::pqxx::session*>(&read2));
  CHECK(db.count(replica_items) == 2);
  // Relational queries: rows only where pg_is_in_recovery() holds, so only from the standby.
  const auto related =
      db.query(replica_schema)[replica_items].find_many(where(sql<bool, "pg_is_in_recovery()">())).all();
  CHECK(related.size() == 2);
  // A select built elsewhere, through run().
  CHECK(std::get<0>(db.run(select(server_port).from(replica_items).limit(1)).one().values) == replica_port);

  // Writes: the primary (a standby refuses them: SQLSTATE 25006).
  CHECK(db.insert(replica_items).values(replica_items.id = 3, replica_items.name = "three").execute() == 1);
  CHECK(db.update(replica_items).set(replica_items.name = "THREE").where(eq(replica_items.id, 3)).execute() == 1);
  CHECK_THROWS_WITH(read1.execute("insert into replica_items values (9, 'x')"), Catch::Contains("25006"));
  // Locking selects, transactions, raw SQL and primary(): the primary.
  const auto locked = db.select(server_port, in_recovery).from(replica_items).for_update().all();
  REQUIRE(locked.size() == 3);
  CHECK(std::get<0>(locked[0].values) == primary_port);
  CHECK_FALSE(std::get<1>(locked[0].values));
  db.transaction([&](drizzle::pqxx::session& tx) {
    CHECK(std::get<0>(tx.select(server_port).from(replica_items).limit(1).one().values) == primary_port);
    // Inside: the transaction's own write is visible to its reads.
    CHECK(tx.count(replica_items) == 3);
  });
  CHECK(db.one(sql<std::string, "select current_setting('port')">()) == primary_port);
  CHECK(std::get<0>(db.primary().select(server_port).from(replica_items).limit(1).one().values) == primary_port);
  CHECK(db.delete_from(replica_items).where(eq(replica_items.id, 3)).execute() == 1);

  // The standby goes down: the read that finds it fails, typed; the reads after it fall back to the primary.
  {
    auto only_one = drizzle::pqxx::with_replicas(primary, {read1});
    CHECK(std::get<0>(only_one.select(server_port).from(replica_items).limit(1).one().values) == replica_port);
    REQUIRE(std::system((std::string(DRIZZLE_SOURCE_DIR "/scripts/pg_servers.sh stop-replica ") +
                         std::getenv("DRIZZLE_SERVERS_DIR") + " >/dev/null")
                            .c_str()) == 0);
    CHECK_THROWS_AS(only_one.select(server_port).from(replica_items).all(), connection_lost);
    CHECK_FALSE(read1.connected());
    CHECK(&only_one.replica() == static_cast<drizzle::pqxx::session*>(&primary));
    const auto fallback = only_one.select(server_port, in_recovery).from(replica_items).limit(1).one();
    CHECK(std::get<0>(fallback.values) == primary_port);
    CHECK_FALSE(std::get<1>(fallback.values));
  }
  primary.execute("drop table replica_items");
}

TEST_CASE("TLS: verify-full against the test's own CA, encrypted; a wrong host name is refused by name",
          "[.][servers][tls]") {
  const std::string port = servers_file("tls_port");
  const std::string ca = servers_path("ca.crt");
  auto db = drizzle::pqxx::connect("postgresql://postgres@localhost:" + port +
                                   "/postgres?sslmode=verify-full&sslrootcert=" + ca);
  const auto [ssl, version] =
      db.one(sql<std::tuple<bool, std::optional<std::string>>, "select ssl, version from pg_stat_ssl where pid = {}">(
          sql<std::int32_t, "pg_backend_pid()">()));
  CHECK(ssl);
  CHECK(version.value_or("").rfind("TLS", 0) == 0);
  // Statements run as on any connection.
  CHECK(db.one(sql<std::int32_t, "select {}::int4 + 1">(41)) == 42);

  // The certificate names localhost, not 127.0.0.1: verify-full refuses before anything is sent.
  try {
    (void)drizzle::pqxx::connect("postgresql://postgres@127.0.0.1:" + port +
                                 "/postgres?sslmode=verify-full&sslrootcert=" + ca);
    FAIL("verify-full accepted a certificate for another host name");
  } catch (const connection_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("does not match host name \"127.0.0.1\""));
  }
  // The same server without TLS: pg_stat_ssl tells the difference.
  auto plain = drizzle::pqxx::connect("postgresql://postgres@localhost:" + port + "/postgres?sslmode=disable");
  CHECK_FALSE(plain.one(sql<bool, "select ssl from pg_stat_ssl where pid = pg_backend_pid()">()));
  // sslmode=require: encrypted, the certificate not checked.
  auto required = drizzle::pqxx::connect("postgresql://postgres@127.0.0.1:" + port + "/postgres?sslmode=require");
  CHECK(required.one(sql<bool, "select ssl from pg_stat_ssl where pid = pg_backend_pid()">()));
}
