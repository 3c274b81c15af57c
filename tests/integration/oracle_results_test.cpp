// Every oracle pattern drizzle-cpp renders is run against the seeded database and must return the rows
// Drizzle got (tests/data/drizzle/results.json `raw.rows`, PostgreSQL's text output), in BEGIN/ROLLBACK with the
// sequences reset, as the oracle ran them.
#include <catch2/catch.hpp>

#include <drizzle/pqxx.hpp>
#include <nlohmann/json.hpp>

#include "support/oracle_cases.hpp"
#include "support/oracle_db.hpp"

using namespace oracle_cases;

TEST_CASE("oracle query patterns return the rows Drizzle got", "[oracle][integration]") {
  drizzle_test::reset_oracle_database();
  const auto queries = load_queries();
  std::ifstream in(DRIZZLE_ORACLE_DIR "/results.json");
  const auto results = nlohmann::json::parse(in);
  const auto ours = cases();
  const std::map<std::string, std::string> placeholder_values = {
      {"role", "user"}, {"limit", "2"}, {"name", "prepared-tag"}, {"id", "2"}};

  ::pqxx::connection conn(drizzle_test::database_url());
  ::pqxx::nontransaction(conn).exec("set time zone 'UTC'");  // results.json was taken in UTC
  std::size_t compared = 0;
  for (const auto& q : queries) {
    const std::string name = q["name"];
    if (!covered(name) || q.contains("nondeterministic") || !results.contains(name)) continue;
    INFO("query " << name);
    const sql_query rendered = ours.at(name)();
    std::vector<const char*> params;
    for (const auto& p : rendered.params)
      params.push_back(!p.placeholder.empty() ? placeholder_values.at(std::string(p.placeholder)).c_str()
                       : p.value              ? p.value->c_str()
                                              : nullptr);
    ::pqxx::work tx(conn);
    tx.exec("select setval(pg_get_serial_sequence('users', 'id'), 6)");
    tx.exec("select setval(pg_get_serial_sequence('tags', 'id'), 4)");
    tx.exec("select setval(pg_get_serial_sequence('posts', 'id'), 7)");
    const auto rows = tx.exec_params(std::string(rendered.sql), ::pqxx::prepare::make_dynamic_params(params));
    const auto& expected = results[name]["raw"]["rows"];
    REQUIRE(rows.size() == expected.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      REQUIRE(rows[r].size() == expected[r].size());
      for (std::size_t c = 0; c < expected[r].size(); ++c) {
        INFO("row " << r << " column " << c);
        const auto& want = expected[r][c];
        const auto field = rows[r][static_cast<::pqxx::row::size_type>(c)];
        if (want.is_null()) {
          CHECK(field.is_null());
        } else {
          REQUIRE_FALSE(field.is_null());
          std::string got = field.c_str();
          // results.json comes from a server whose numeric output of avg() etc. is the same; timestamps with time
          // zone are printed in UTC by both (the fixture runs with timezone=UTC).
          CHECK(got == want.get<std::string>());
        }
      }
    }
    tx.abort();
    ++compared;
  }
  CHECK(compared >= 70);
}
