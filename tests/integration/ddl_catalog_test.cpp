// The DDL drizzle-cpp renders, created in PostgreSQL and read back: the oracle schema must give the same
// pg_dump as drizzle-kit's own migration did (tests/data/drizzle/schema_dump_v1.sql), and the features the oracle
// schema lacks are checked one by one in the catalogs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <drizzle/ddl.hpp>
#include <drizzle/pqxx.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>  // libpqxx on its own connection (drizzle/pqxx.hpp does not include it)

#include "support/oracle_db.hpp"
#include "support/oracle_schema.hpp"

namespace {
using namespace drizzle::pg;

// Features the oracle schema does not use.
struct accounts_t : drizzle::table<accounts_t, "accounts", "billing"> {
  column<"id", integer, primary_key, identity_always<>> id;
  column<"code", varchar<20>, not_null, unique_named<"accounts_code_key", true>> code;
  column<"balance", numeric<12, 2>, not_null, default_<drizzle::fixed_string("0")>> balance;
  column<"balance_x2", numeric<12, 2>, generated_always_as<"balance * 2">> balance_x2;
  column<"tags", array<text>> tags;
  column<"settings", jsonb<>, not_null, default_<drizzle::fixed_string("{}")>> settings;
  column<"region", char_<2>, not_null> region;
  column<"number", integer, not_null> number;
  static constexpr auto config(const accounts_t& t) {
    return std::tuple{unique_constraint(t.region, t.number), check<"balance_positive">("balance >= 0"),
                      index<"accounts_tags_idx">(t.tags).using_("gin"),
                      index(desc_index(t.balance).nulls_first(), t.code).where("balance > 0")};
  }
};
inline constexpr accounts_t accounts{};

struct transfers_t : drizzle::table<transfers_t, "transfers", "billing"> {
  column<"id", bigint, primary_key, identity_by_default<sequence_options{.start_with = 100}>> id;
  column<"region", char_<2>, not_null> region;
  column<"number", integer, not_null> number;
  static constexpr auto config(const transfers_t& t) {
    return std::tuple{foreign_key(columns(t.region, t.number), columns(accounts.region, accounts.number))
                          .on_delete(on_delete::restrict)
                          .on_update(on_update::cascade)};
  }
};
inline constexpr transfers_t transfers{};

std::string pg_bindir() {
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen("pg_config --bindir 2>/dev/null", "r"), pclose);
  char buf[512] = {};
  if (p && fgets(buf, sizeof buf, p.get())) {
    std::string dir(buf);
    while (!dir.empty() && (dir.back() == '\n')) dir.pop_back();
    return dir;
  }
  return "/usr/lib/postgresql/15/bin";
}

/// The statements of a schema-only dump that describe public objects, without ownership, settings and comments.
std::vector<std::string> public_statements(const std::string& dump) {
  std::vector<std::string> out;
  std::string current;
  std::size_t start = 0;
  while (start < dump.size()) {
    std::size_t end = dump.find('\n', start);
    std::string line = dump.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? dump.size() : end + 1;
    if (line.empty() || line.rfind("--", 0) == 0 || line[0] == '\\') continue;
    current += line + "\n";
    if (line.back() == ';') {
      const bool skip = current.rfind("SET ", 0) == 0 || current.rfind("SELECT pg_catalog", 0) == 0 ||
                        current.find("OWNER TO") != std::string::npos || current.find("drizzle") != std::string::npos ||
                        current.find("SCHEMA public") != std::string::npos;  // recreated by the test itself
      if (!skip) out.push_back(current);
      current.clear();
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST_CASE("the oracle schema's DDL gives the same catalog as drizzle-kit's migration", "[ddl][integration]") {
  using namespace oracle;
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade");
  for (const auto& statement : drizzle::ddl::create_statements(
           drizzle::schema(users, posts, organizations, type_samples, tags, post_tags, comments)))
    db.execute(statement);

  const std::string url = drizzle_test::database_url();
  const std::string command = pg_bindir() + "/pg_dump --schema-only --schema=public '" + url + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  REQUIRE(pipe);
  std::string dump;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe.get())) dump.append(buf, n);
  REQUIRE(dump.find("CREATE TABLE public.users") != std::string::npos);

  const auto ours = public_statements(dump);
  const auto theirs = public_statements(drizzle_test::read_file(DRIZZLE_ORACLE_DIR "/schema_dump_v1.sql"));
  for (const auto& s : ours) {
    INFO("our statement: " << s);
    CHECK(std::find(theirs.begin(), theirs.end(), s) != theirs.end());
  }
  for (const auto& s : theirs) {
    INFO("drizzle-kit's statement: " << s);
    CHECK(std::find(ours.begin(), ours.end(), s) != ours.end());
  }
}

TEST_CASE("identity, generated, check, partial and gin indexes, composite foreign keys land in the catalogs",
          "[ddl][integration]") {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("drop schema if exists billing cascade");
  const auto statements = drizzle::ddl::create_statements(drizzle::schema(accounts, transfers));
  CHECK(statements.front() == "CREATE SCHEMA \"billing\";\n");
  for (const auto& statement : statements) db.execute(statement);

  ::pqxx::connection conn(drizzle_test::database_url());
  ::pqxx::nontransaction tx(conn);
  auto one = [&](const std::string& query) { return std::string(tx.exec(query).at(0).at(0).c_str()); };
  auto column = [&](const std::string& table, const std::string& name, const std::string& field) {
    return one("select coalesce(" + field +
               "::text, '') from information_schema.columns where table_schema = 'billing' and "
               "table_name = '" +
               table + "' and column_name = '" + name + "'");
  };
  CHECK(column("accounts", "id", "is_identity") == "YES");
  CHECK(column("accounts", "id", "identity_generation") == "ALWAYS");
  CHECK(column("transfers", "id", "identity_generation") == "BY DEFAULT");
  CHECK(column("transfers", "id", "identity_start") == "100");
  CHECK(column("accounts", "code", "data_type") == "character varying");
  CHECK(column("accounts", "code", "character_maximum_length") == "20");
  CHECK(column("accounts", "balance", "column_default") == "'0'::numeric");
  CHECK(column("accounts", "balance", "numeric_precision") == "12");
  CHECK(column("accounts", "balance_x2", "is_generated") == "ALWAYS");
  CHECK(column("accounts", "balance_x2", "generation_expression") == "(balance * (2)::numeric)");
  CHECK(column("accounts", "tags", "udt_name") == "_text");
  CHECK(column("accounts", "settings", "column_default") == "'{}'::jsonb");
  CHECK(column("accounts", "settings", "is_nullable") == "NO");
  CHECK(column("accounts", "balance_x2", "is_nullable") == "YES");

  auto constraint = [&](const std::string& name) {
    return one("select pg_get_constraintdef(oid) from pg_constraint where conname = '" + name + "'");
  };
  CHECK(constraint("accounts_code_key") == "UNIQUE NULLS NOT DISTINCT (code)");
  CHECK(constraint("accounts_region_number_unique") == "UNIQUE (region, number)");
  CHECK(constraint("balance_positive") == "CHECK ((balance >= (0)::numeric))");
  CHECK(
      constraint("transfers_region_number_accounts_region_number_fk") ==
      "FOREIGN KEY (region, number) REFERENCES billing.accounts(region, number) ON UPDATE CASCADE ON DELETE RESTRICT");

  auto index = [&](const std::string& name) {
    return one("select indexdef from pg_indexes where schemaname = 'billing' and indexname = '" + name + "'");
  };
  CHECK(index("accounts_tags_idx") == "CREATE INDEX accounts_tags_idx ON billing.accounts USING gin (tags)");
  CHECK(index("accounts_balance_code_index") ==
        "CREATE INDEX accounts_balance_code_index ON billing.accounts USING btree (balance DESC, code) "
        "WHERE (balance > (0)::numeric)");
  tx.exec("drop schema billing cascade");
}
