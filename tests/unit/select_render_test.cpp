#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;

TEST_CASE("a fixed-shape select renders its SQL at compile time", "[select][render]") {
  constexpr auto text = select().from(users).where(eq(users.id, 0)).sql();
  STATIC_REQUIRE(text == R"(select "id", "email", "name", "role", "metadata", "is_active", "created_at", "updated_at" )"
                         R"(from "users" where "users"."id" = $1)");
  auto q = to_sql(select().from(users).where(eq(users.id, 42)));
  REQUIRE(q.sql == text);
  REQUIRE(q.values() == std::vector<std::optional<std::string>>{"42"});
}
