// Raw SQL with typed rows (issue 13): db.all / first / one of a sql template read into tuples, structs and single
// values, and Drizzle's sql.join / sql.identifier / sql.raw equivalents, against the seeded oracle database.
#include <catch2/catch.hpp>

#include <cstdint>
#include <drizzle/pqxx.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "support/oracle_db.hpp"
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;

namespace {
drizzle::pqxx::database raw_db() {
  drizzle_test::reset_oracle_database();
  return drizzle::pqxx::connect(drizzle_test::database_url());
}
struct raw_user {
  std::int32_t id;
  std::string email;
  std::optional<std::string> name;
};
}  // namespace

TEST_CASE("raw SQL rows read into tuples, structs and single values", "[driver][raw]") {
  auto db = raw_db();
  std::vector<std::string> seen;
  db.set_logger([&](std::string_view text, const param_list& params) {
    seen.push_back(std::string(text) + " #" + std::to_string(params.size()));
  });

  const auto pairs =
      db.all(sql<std::tuple<std::int32_t, std::string>, "select id, email from {} where id in ({}, {}) order by id">(
          users, 3, 4));
  REQUIRE(pairs.size() == 2);
  CHECK(std::get<0>(pairs[0]) == 3);
  CHECK(std::get<1>(pairs[0]) == "carol@test.com");
  CHECK(std::get<0>(pairs[1]) == 4);
  // Values are parameters, the table its quoted name: the text is the template's.
  REQUIRE(!seen.empty());
  CHECK(seen.back() == R"(select id, email from "users" where id in ($1, $2) order by id #2)");

  const auto dave = db.one(sql<raw_user, "select id, email, name from {} where id = {}">(users, 4));
  CHECK(dave.id == 4);
  CHECK(dave.name == std::nullopt);  // the seed's dave has no name
  const auto carol = db.first(sql<raw_user, "select id, email, name from users where id = {}">(3));
  REQUIRE(carol);
  CHECK(carol->name == std::optional<std::string>("Carol"));
  CHECK_FALSE(db.first(sql<raw_user, "select id, email, name from users where id = {}">(-1)));

  CHECK(db.one(sql<std::int64_t, "select count(*) from {} where id <= {}">(users, 4)) == 4);
  CHECK(db.one(sql<std::optional<std::string>, "select name from users where id = {}">(4)) == std::nullopt);
  // Run again: the same prepared text with new values.
  CHECK(db.one(sql<std::int64_t, "select count(*) from {} where id <= {}">(users, 2)) == 2);

  // Text chosen at run time, rows the same way.
  const std::string order = "desc";
  const auto ids = db.all(sql<std::int32_t>("select id from users where id <= {} order by id " + order, 3));
  CHECK(ids == std::vector<std::int32_t>{3, 2, 1});
}

TEST_CASE("raw SQL rows name what does not fit", "[driver][raw]") {
  auto db = raw_db();
  // NULL into a type that cannot hold it; a column count that differs from the row type's.
  CHECK_THROWS_AS(db.all(sql<std::tuple<std::int32_t, std::string>, "select id, name from users where id = 4">()),
                  decode_error);
  CHECK_THROWS_WITH(db.all(sql<std::tuple<std::int32_t>, "select id, email from users">()),
                    Catch::Contains("returns 2 columns, its row type has 1"));
  CHECK_THROWS_AS(db.one(sql<std::int32_t, "select id from users where id < 0">()), no_rows);
  CHECK_THROWS_AS(db.one(sql<std::int32_t, "select id from users">()), too_many_rows);
  CHECK_THROWS_WITH(db.all(sql<std::int32_t, "select no_such_column from users">()), Catch::Contains("42703"));
}

TEST_CASE("join, identifier and raw compose raw SQL with values still bound", "[driver][raw]") {
  auto db = raw_db();
  const auto in_list = join(std::vector<std::int32_t>{3, 4, 99});
  const auto q = sql<std::int64_t>("select count(*) from users where id in ({})", in_list);
  const sql_query text = to_sql(drizzle::pqxx::raw_statement<decltype(q)>{q});
  CHECK(text.sql == "select count(*) from users where id in ($1, $2, $3)");
  CHECK(text.values() == std::vector<std::optional<std::string>>{"3", "4", "99"});
  CHECK(db.one(q) == 2);

  // A hostile value stays a value: nothing matches, nothing breaks.
  CHECK(db.one(sql<std::int64_t>("select count(*) from users where email in ({})",
                                 join(std::vector<std::string>{"x'); drop table users; --", "carol@test.com"}))) == 1);

  // Identifiers are quoted by the library's one quoting rule ("" doubled), joined with a chosen separator.
  std::vector<identifier_expr> columns{identifier("id"), identifier("email")};
  const auto picked =
      db.all(sql<std::tuple<std::int32_t, std::string>>("select {} from users where id = {}", join(columns, ", "), 3));
  REQUIRE(picked.size() == 1);
  CHECK(std::get<1>(picked[0]) == "carol@test.com");
  const auto odd = sql<void>("select {} from {}", identifier("we\"ird"), join(std::vector{identifier("a b")}));
  CHECK(to_sql(drizzle::pqxx::raw_statement<decltype(odd)>{odd}).sql == R"(select "we""ird" from "a b")");

  // raw(): text written as given (only where asked for by name).
  const auto newest =
      db.all(sql<std::int32_t>("select id from users where id <= {} order by {} limit 2", 4, raw("id desc")));
  CHECK(newest == std::vector<std::int32_t>{4, 3});
  // An empty join writes nothing.
  CHECK(db.one(sql<std::int64_t>("select count(*) from users where id in (0{})", join(std::vector<std::int32_t>{}))) ==
        0);
}
