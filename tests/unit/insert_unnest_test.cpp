// The unnest form of multi-row inserts: one text for any row count, one array parameter per column; to_sql() keeps
// Drizzle's multi-row values text.
#include <catch2/catch.hpp>

#include <drizzle/drizzle.hpp>

#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;

namespace {
struct new_tag {
  std::optional<std::int32_t> id;
  std::string name;
};
using texts = std::vector<std::optional<std::string>>;
}  // namespace

TEST_CASE("a multi-row insert has an unnest form whose text does not depend on the row count", "[insert][unnest]") {
  auto names = [](std::size_t n) {
    std::vector<std::string> v;
    for (std::size_t i = 0; i < n; ++i) v.push_back("t\"" + std::to_string(i));
    return v;
  };
  auto stmt = [](const std::vector<std::string>& v) {
    return insert(tags).values(v, [](const std::string& n) { return std::tuple{tags.name = n}; });
  };
  const auto two = to_unnest_sql(stmt(names(2)));
  const auto many = to_unnest_sql(stmt(names(1000)));
  REQUIRE(two);
  REQUIRE(many);
  CHECK(two->sql == R"(insert into "tags" ("name") select * from unnest($1::varchar[]))");
  CHECK(many->sql == two->sql);
  CHECK(two->values() == texts{R"({"t\"0","t\"1"})"});
  CHECK(many->params.size() == 1);
  // to_sql() is Drizzle's text, unchanged.
  CHECK(to_sql(stmt(names(2))).sql == R"(insert into "tags" ("id", "name") values (default, $1), (default, $2))");
}

TEST_CASE("the unnest form leaves out columns defaulted in every row and keeps on conflict and returning",
          "[insert][unnest]") {
  const auto q = to_unnest_sql(insert(tags)
                                   .values(std::vector<new_tag>{{std::nullopt, "a"}, {std::nullopt, ""}})
                                   .on_conflict_do_update(tags.name, tags.name = "dup")
                                   .returning(tags.id));
  REQUIRE(q);
  CHECK(q->sql == R"(insert into "tags" ("name") select * from unnest($1::varchar[]) on conflict ("name") do update )"
                  R"(set "name" = $2 returning "id")");
  CHECK(q->values() == texts{R"({"a",""})", "dup"});
  const auto with_ids = to_unnest_sql(insert(tags).values(std::vector<new_tag>{{1, "a"}, {2, "b"}}));
  REQUIRE(with_ids);
  CHECK(with_ids->sql == R"(insert into "tags" ("id", "name") select * from unnest($1::int4[], $2::varchar[]))");
  CHECK(with_ids->values() == texts{"{1,2}", R"({"a","b"})"});
}

TEST_CASE("array columns travel as text and are cast back, enums are quoted type names", "[insert][unnest]") {
  struct sample {
    std::optional<std::vector<std::int32_t>> scores;
    user_role role;
  };
  const auto q =
      to_unnest_sql(insert(type_samples)
                        .values(std::vector<sample>{{std::vector<std::int32_t>{1, 2}, user_role::admin},
                                                    {std::nullopt, user_role::guest}},
                                [](const sample& s) {
                                  return std::tuple{type_samples.scores = s.scores, type_samples.role = s.role};
                                }));
  REQUIRE(q);
  CHECK(q->sql == R"(insert into "type_samples" ("scores", "role") select "scores"::int4[], "role" from )"
                  R"(unnest($1::text[], $2::"user_role"[]) as "u"("scores", "role"))");
  CHECK(q->values() == texts{R"({"{1,2}",NULL})", R"({"admin","guest"})"});
}

TEST_CASE("inserts without an unnest form: one row, SQL expressions, mixed defaults", "[insert][unnest]") {
  CHECK_FALSE(to_unnest_sql(insert(tags).values(tags.name = "x")));
  std::vector<int> ids{1, 2};
  CHECK_FALSE(to_unnest_sql(insert(posts).values(ids, [](int i) {
    return std::tuple{posts.title = std::to_string(i), posts.author_id = i, posts.created_at = now()};
  })));
  CHECK_FALSE(to_unnest_sql(insert(tags).values(std::vector<new_tag>{{1, "a"}, {std::nullopt, "b"}})));
}

namespace {
inline int next_code = 0;
struct events_t : drizzle::table<events_t, "events"> {
  column<"id", serial, primary_key> id;
  column<"code", integer, not_null, drizzle::pg::default_fn<[] { return ++next_code; }>> code;
  column<"doubled", integer, drizzle::pg::generated_always_as<"code * 2">> doubled;
  column<"note", text> note;
};
inline constexpr events_t events{};
}  // namespace

TEST_CASE("the unnest form computes application defaults per row and skips generated columns", "[insert][unnest]") {
  next_code = 10;
  std::vector<std::optional<std::string>> notes{"x", std::nullopt, "z"};
  const auto q = to_unnest_sql(
      insert(events).values(notes, [](const std::optional<std::string>& n) { return std::tuple{events.note = n}; }));
  REQUIRE(q);
  CHECK(q->sql == R"(insert into "events" ("code", "note") select * from unnest($1::int4[], $2::text[]))");
  CHECK(q->values() == texts{"{11,12,13}", R"({"x",NULL,"z"})"});
}
