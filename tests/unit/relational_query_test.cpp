// The relational query builder without a database: Drizzle's SQL (the oracle patterns are in the corpus
// test), relation resolution, the result types, and reading values back from PostgreSQL's JSON.
#include <catch2/catch.hpp>

#include <drizzle/result.hpp>
#include <nlohmann/json.hpp>

#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;

TEST_CASE("a fixed-shape relational query renders its SQL at compile time", "[relational][render]") {
  constexpr auto q = query(relational)[users].find_first(columns(users.id), where(eq(users.id, 1)),
                                                         with<"posts">(columns(posts.title)));
  STATIC_REQUIRE(decltype(q)::sql() ==
                 R"(select "users"."id", "users_posts"."data" as "posts" from "users" "users" left join lateral )"
                 R"((select coalesce(json_agg(json_build_array("users_posts"."title")), '[]'::json) as "data" )"
                 R"(from "posts" "users_posts" where "users_posts"."author_id" = "users"."id") "users_posts" on true )"
                 R"(where "users"."id" = $1 limit $2)");
  const auto s = to_sql(q);
  CHECK(s.sql == decltype(q)::sql());
  CHECK(s.values() == std::vector<std::optional<std::string>>{"1", "1"});
}

TEST_CASE("nested with<> renders lateral joins inside lateral joins, parameters in text order",
          "[relational][render]") {
  const auto s = to_sql(query(relational)[posts].find_many(
      columns(posts.id), where(eq(posts.published, true)), limit(3),
      with<"comments">(columns(comments.body), where(like(comments.body, "%!")), with<"author">(columns(users.name)))));
  CHECK(s.sql ==
        R"(select "posts"."id", "posts_comments"."data" as "comments" from "posts" "posts" left join lateral )"
        R"((select coalesce(json_agg(json_build_array("posts_comments"."body", "posts_comments_author"."data")), )"
        R"('[]'::json) as "data" from "comments" "posts_comments" left join lateral (select )"
        R"(json_build_array("posts_comments_author"."name") as "data" from (select * from "users" )"
        R"("posts_comments_author" where "posts_comments_author"."id" = "posts_comments"."author_id" limit $1) )"
        R"("posts_comments_author") "posts_comments_author" on true where ("posts_comments"."post_id" = )"
        R"("posts"."id" and "posts_comments"."body" like $2)) "posts_comments" on true where "posts"."published" = $3 )"
        R"(limit $4)");
  CHECK(s.values() == std::vector<std::optional<std::string>>{"1", "%!", "true", "3"});
}

TEST_CASE("a many relation finds its columns from the other side's one, else from references<>",
          "[relational][relations]") {
  // Only users declares relations: posts.author_id references<&users_t::id> gives the join.
  constexpr auto one_sided = relational_schema(relations(users, many<"posts">(posts)));
  constexpr auto text =
      decltype(query(one_sided)[users].find_many(columns(users.id), with<"posts">(columns(posts.id))))::sql();
  STATIC_REQUIRE(text ==
                 R"(select "users"."id", "users_posts"."data" as "posts" from "users" "users" left join lateral )"
                 R"((select coalesce(json_agg(json_build_array("users_posts"."id")), '[]'::json) as "data" )"
                 R"(from "posts" "users_posts" where "users_posts"."author_id" = "users"."id") "users_posts" on true)");
  // A self relation by relation name: comments.replies is the other side of comments.parent.
  constexpr auto replies = decltype(query(relational)[comments].find_many(
      columns(comments.id), with<"replies">(columns(comments.id))))::sql();
  CHECK(replies.find(R"(where "comments_replies"."parent_id" = "comments"."id")") != std::string_view::npos);
}

TEST_CASE("relational rows are typed: columns by column, relations by name", "[relational][types]") {
  using q = decltype(query(relational)[posts].find_many(
      columns(posts.id, posts.content), with<"author">(columns(users.name)),
      with<"comments">(exclude_columns(comments.created_at), with<"author">())));
  using row = q::row_type;
  STATIC_REQUIRE(row::size == 4);
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(std::declval<row>()[posts.id])>, std::int32_t>);
  STATIC_REQUIRE(
      std::is_same_v<std::remove_cvref_t<decltype(std::declval<row>()[posts.content])>, std::optional<std::string>>);
  using author = std::remove_cvref_t<decltype(std::declval<row>().get<"author">())>;
  STATIC_REQUIRE(drizzle::detail::is_optional_v<author>);
  STATIC_REQUIRE(
      std::is_same_v<std::remove_cvref_t<decltype(std::declval<author>()->get<"name">())>, std::optional<std::string>>);
  using comment_list = std::remove_cvref_t<decltype(std::declval<row>().get<"comments">())>;
  using comment = comment_list::value_type;
  STATIC_REQUIRE(std::is_same_v<comment_list, std::vector<comment>>);
  STATIC_REQUIRE(comment::size == 6);  // id, post_id, author_id, parent_id, body, then author
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(std::declval<comment>()[comments.author_id])>,
                                std::optional<std::int32_t>>);
  using comment_author = std::remove_cvref_t<decltype(std::declval<comment>().get<"author">())>;
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(std::declval<comment_author>()->get<"created_at">())>,
                                timestamp_value>);
}

TEST_CASE("values read back from PostgreSQL's JSON as their column type", "[relational][types]") {
  using namespace drizzle::detail;
  auto item = [](std::string_view text) {
    std::size_t pos = 0;
    return read_json(text, pos);
  };
  CHECK(decode_json_value<pg::numeric<10, 2>>(item("12.50")) == decimal("12.50"));
  CHECK(decode_json_value<pg::numeric_any>(item("123456789012345678901234567890.000000001")) ==
        decimal("123456789012345678901234567890.000000001"));
  CHECK(decode_json_value<pg::bigint>(item("9223372036854775807")) == std::int64_t{9223372036854775807});
  CHECK(decode_json_value<pg::boolean>(item("false")) == false);
  CHECK(decode_json_value<pg::text>(item(R"("a\"b\\c\n\t\u00fc\ud83d\ude00/")")) ==
        "a\"b\\c\n\t\xc3\xbc\xf0\x9f\x98\x80/");
  using namespace std::chrono;
  CHECK(decode_json_value<pg::timestamp>(item(R"("2024-02-01T09:15:30.25")")) ==
        timestamp_value{sys_days{2024y / 2 / 1} + 9h + 15min + 30s + 250ms});
  CHECK(decode_json_value<pg::timestamp_tz>(item(R"("2024-05-01T23:59:59.123456+02:00")")) ==
        timestamp_value{sys_days{2024y / 5 / 1} + 21h + 59min + 59s + microseconds{123456}});
  CHECK(decode_json_value<pg::date>(item(R"("2024-02-29")")) == date_value{sys_days{2024y / 2 / 29}});
  CHECK(decode_json_value<pg::uuid>(item(R"("00000000-0000-4000-8000-0000000000aa")")) ==
        drizzle::uuid::parse("00000000-0000-4000-8000-0000000000aa"));
  CHECK(decode_json_value<pg::array_nullable<pg::text>>(item(R"(["a", "b c", null, "q\"d"])")) ==
        std::vector<std::optional<std::string>>{"a", "b c", std::nullopt, "q\"d"});
  CHECK(decode_json_value<pg::array<pg::integer>>(item("[1, 2, 3]")) == std::vector<std::int32_t>{1, 2, 3});
  CHECK(decode_json_value<pg::jsonb<>>(item(R"({"k": [1, {"n": null}]})")) ==
        nlohmann::json::parse(R"({"k": [1, {"n": null}]})"));
  CHECK(decode_json_value<pg::json>(item(R"("just a string")")) == nlohmann::json("just a string"));
  CHECK(decode_json_value<enum_of<user_role_enum>>(item(R"("guest")")) == user_role::guest);
  CHECK_THROWS_AS(decode_json_value<pg::integer>(item(R"("x")")), decode_error);
}

TEST_CASE("a relational row decodes from the JSON of its relations", "[relational][types]") {
  using q = decltype(query(relational)[users].find_many(
      columns(users.id),
      with<"posts">(columns(posts.id, posts.title, posts.created_at), with<"author">(columns(users.email)))));
  using row = q::row_type;
  const row r = decode_record<row>([](std::size_t i) -> std::optional<std::string_view> {
    if (i == 0) return "1";
    return R"([[1, "Hello World", "2024-01-10T10:00:00", ["alice@example.com"]], [2, "x", "2024-01-20T10:00:00", null]])";
  });
  CHECK(r[users.id] == 1);
  const auto& p = r.get<"posts">();
  REQUIRE(p.size() == 2);
  CHECK(p[0][posts.title] == "Hello World");
  CHECK(p[0].get<"author">()->get<"email">() == "alice@example.com");
  CHECK_FALSE(p[1].get<"author">().has_value());
}

TEST_CASE("relation filters: exists, not_exists and every over the relation's join columns", "[relational][render]") {
  constexpr auto q =
      query(relational)[users].find_many(columns(users.id), where(exists<"posts">(where(eq(posts.published, true)))));
  STATIC_REQUIRE(decltype(q)::sql() ==
                 R"(select "id" from "users" "users" where exists (select 1 from "posts" "users_posts" where )"
                 R"(("users_posts"."author_id" = "users"."id" and "users_posts"."published" = $1)))");
  CHECK(to_sql(q).values() == std::vector<std::optional<std::string>>{"true"});

  const auto none = to_sql(query(relational)[users].find_many(
      columns(users.id), where(and_(eq(users.is_active, true), not_exists<"posts">()))));
  CHECK(none.sql == R"(select "id" from "users" "users" where ("users"."is_active" = $1 and not exists )"
                    R"((select 1 from "posts" "users_posts" where "users_posts"."author_id" = "users"."id")))");

  const auto all = to_sql(
      query(relational)[users].find_many(columns(users.id), where(every<"posts">(where(eq(posts.published, true))))));
  CHECK(all.sql == R"(select "id" from "users" "users" where not exists (select 1 from "posts" "users_posts" where )"
                   R"(("users_posts"."author_id" = "users"."id" and ("users_posts"."published" = $1) is not true)))");

  // Inside with<>: the filter's parent is the relation's alias; nested filters chain aliases.
  const auto nested = to_sql(query(relational)[users].find_many(
      columns(users.id),
      with<"posts">(columns(posts.id), where(exists<"comments">(where(exists<"author">(where(eq(users.id, 7)))))))));
  CHECK(
      nested.sql ==
      R"(select "users"."id", "users_posts"."data" as "posts" from "users" "users" left join lateral )"
      R"((select coalesce(json_agg(json_build_array("users_posts"."id")), '[]'::json) as "data" from "posts" )"
      R"("users_posts" where ("users_posts"."author_id" = "users"."id" and exists (select 1 from "comments" )"
      R"("users_posts_comments" where ("users_posts_comments"."post_id" = "users_posts"."id" and exists (select 1 )"
      R"(from "users" "users_posts_comments_author" where ("users_posts_comments_author"."id" = )"
      R"("users_posts_comments"."author_id" and "users_posts_comments_author"."id" = $1)))))) "users_posts" on true)");
  CHECK(nested.values() == std::vector<std::optional<std::string>>{"7"});
}

TEST_CASE("with_count: a related-row count per row, orderable; extras: computed fields", "[relational][render]") {
  constexpr auto published = with_count<"posts">(where(eq(posts.published, true)));
  constexpr auto q = query(relational)[users].find_many(columns(users.id), published, order_by(desc(published)));
  constexpr std::string_view count_text =
      R"((select count(*) from "posts" "users_posts" where ("users_posts"."author_id" = "users"."id" and )"
      R"("users_posts"."published" = $1)))";
  STATIC_REQUIRE(decltype(q)::sql() ==
                 R"(select "id", (select count(*) from "posts" "users_posts" where ("users_posts"."author_id" = )"
                 R"("users"."id" and "users_posts"."published" = $1)) as "posts_count" from "users" "users" order by )"
                 R"((select count(*) from "posts" "users_posts" where ("users_posts"."author_id" = "users"."id" and )"
                 R"("users_posts"."published" = $2)) desc)");
  CHECK(std::string_view(decltype(q)::sql()).find(count_text) != std::string_view::npos);
  using row = decltype(q)::row_type;
  STATIC_REQUIRE(std::is_same_v<decltype(std::declval<row>().get<"posts_count">()), const std::int64_t&> ||
                 std::is_same_v<std::remove_cvref_t<decltype(std::declval<row>().get<"posts_count">())>, std::int64_t>);

  // Drizzle's extras: `expr as "name"` after the columns, columns unqualified in a single-table root.
  constexpr auto lower_name = as<"lower_name">(sql<std::optional<std::string>, "lower({})">(users.name));
  const auto ex = to_sql(query(relational)[users].find_many(columns(users.id), extras(lower_name)));
  CHECK(ex.sql == R"(select "id", lower("name") as "lower_name" from "users" "users")");
  // With relations: qualified at the root, bare inside json_build_array.
  const auto ex2 = to_sql(query(relational)[users].find_many(
      columns(users.id), extras(lower_name),
      with<"posts">(columns(posts.id), extras(as<"t">(sql<std::optional<std::string>, "upper({})">(posts.title))),
                    with_count<"comments">())));
  CHECK(ex2.sql ==
        R"(select "users"."id", lower("users"."name") as "lower_name", "users_posts"."data" as "posts" from "users" )"
        R"("users" left join lateral (select coalesce(json_agg(json_build_array("users_posts"."id", )"
        R"(upper("users_posts"."title"), (select count(*) from "comments" "users_posts_comments" where )"
        R"("users_posts_comments"."post_id" = "users_posts"."id"))), '[]'::json) as "data" from "posts" "users_posts" )"
        R"(where "users_posts"."author_id" = "users"."id") "users_posts" on true)");
}
