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

TEST_CASE("with(cte) before insert, update and delete: the with clause, then the statement", "[with][render]") {
  auto active = with_<"active_users">(select(users.id).from(users).where(eq(users.is_active, true)));
  // Drizzle: db.with(active).delete(posts).where(inArray(posts.authorId, db.select({ id: active.id }).from(active)))
  constexpr auto del_text = decltype(with(active).delete_from(posts).where(
      in_array(posts.author_id, select(active[users.id]).from(active))))::sql();
  STATIC_REQUIRE(del_text == R"(with "active_users" as (select "id" from "users" where "users"."is_active" = $1) )"
                             R"(delete from "posts" where "posts"."author_id" in (select "id" from "active_users"))");
  const auto del = to_sql(with(active)
                              .delete_from(posts)
                              .where(in_array(posts.author_id, select(active[users.id]).from(active)))
                              .returning(posts.id));
  CHECK(del.sql == R"(with "active_users" as (select "id" from "users" where "users"."is_active" = $1) )"
                   R"(delete from "posts" where "posts"."author_id" in (select "id" from "active_users") )"
                   R"(returning "id")");
  CHECK(del.values() == std::vector<std::optional<std::string>>{"true"});

  const auto upd = to_sql(with(active)
                              .update(posts)
                              .set(posts.published = false)
                              .where(in_array(posts.author_id, select(active[users.id]).from(active))));
  CHECK(upd.sql ==
        R"(with "active_users" as (select "id" from "users" where "users"."is_active" = $1) )"
        R"(update "posts" set "published" = $2 where "posts"."author_id" in (select "id" from "active_users"))");
  CHECK(upd.values() == std::vector<std::optional<std::string>>{"true", "false"});

  const auto ins = to_sql(with(active).insert(tags).values(tags.name = "x").on_conflict_do_nothing().returning());
  CHECK(ins.sql ==
        R"(with "active_users" as (select "id" from "users" where "users"."is_active" = $1) )"
        R"(insert into "tags" ("id", "name") values (default, $2) on conflict do nothing returning "id", "name")");
  CHECK(ins.values() == std::vector<std::optional<std::string>>{"true", "x"});
}

TEST_CASE("braced lists go where a std::vector goes: array assignments and array operators", "[arrays][render]") {
  const auto braced = to_sql(update(type_samples)
                                 .set(type_samples.tags = {"x", std::nullopt}, type_samples.scores = {1, 2})
                                 .where(array_overlaps(type_samples.scores, {3, 4})));
  const auto vectors = to_sql(update(type_samples)
                                  .set(type_samples.tags = std::vector<std::optional<std::string>>{"x", std::nullopt},
                                       type_samples.scores = std::vector<std::int32_t>{1, 2})
                                  .where(array_overlaps(type_samples.scores, std::vector<std::int32_t>{3, 4})));
  CHECK(braced.sql == R"(update "type_samples" set "tags" = $1, "scores" = $2 where "type_samples"."scores" && $3)");
  CHECK(braced.sql == vectors.sql);
  CHECK(braced.values() == vectors.values());
  CHECK(braced.values()[1] == "{1,2}");
  const auto contains =
      to_sql(select(type_samples.id).from(type_samples).where(array_contains(type_samples.tags, {"a"})));
  CHECK(contains.sql == R"(select "id" from "type_samples" where "type_samples"."tags" @> $1)");
}

TEST_CASE("a named expression in order_by is written by its name, as Drizzle's orderBy callback does",
          "[select][render][order]") {
  constexpr auto n = as<"n">(count(posts.id));
  // `order by count(...) as "n" desc` is not SQL: the term names the select list's field.
  constexpr auto text = decltype(select(posts.author_id, n)
                                     .from(posts)
                                     .group_by(posts.author_id)
                                     .order_by(desc(n).nulls_last(), n, asc(posts.author_id)))::sql();
  STATIC_REQUIRE(text == R"(select "author_id", count("id") as "n" from "posts" group by "posts"."author_id" )"
                         R"(order by "n" desc nulls last, "n", "posts"."author_id" asc)");
  // A named expression with a value: the value is bound once, in the select list.
  const auto shifted = as<"shifted">(posts.id + 10);
  const auto q = to_sql(select(posts.id, shifted).from(posts).order_by(desc(shifted)));
  CHECK(q.sql == R"(select "id", ("id" + $1) as "shifted" from "posts" order by "shifted" desc)");
  CHECK(q.values() == std::vector<std::optional<std::string>>{"10"});
  // Set operations too.
  const auto u = to_sql(select(posts.author_id, n)
                            .from(posts)
                            .group_by(posts.author_id)
                            .union_(select(posts.author_id, n).from(posts).group_by(posts.author_id))
                            .order_by(desc(n)));
  CHECK(u.sql.ends_with(R"( order by "n" desc )"));
}
