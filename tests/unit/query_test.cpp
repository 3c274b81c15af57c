// Statement rendering beyond the Drizzle corpus: application-side defaults, dynamic conditions, CTEs,
// compile-time text, and the result types computed from selections.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;

namespace {
using namespace drizzle::pg;
inline int next_code = 0;
struct events_t : drizzle::table<events_t, "events"> {
  column<"id", serial, primary_key> id;
  column<"code", integer, not_null, default_fn<[] { return ++next_code; }>> code;
  column<"touched", integer, not_null, on_update_fn<[] { return 7; }>> touched;
  column<"doubled", integer, generated_always_as<"code * 2">> doubled;
  column<"note", text> note;
};
inline constexpr events_t events{};

std::vector<std::optional<std::string>> values(const sql_query& q) {
  return q.values();
}
}  // namespace

TEST_CASE("sql_text gives a statement's text without binding its values", "[insert][render]") {
  next_code = 0;
  const auto fixed = insert(events).values(events.note = "a");
  CHECK(sql_text(fixed) == R"(insert into "events" ("id", "code", "touched", "note") values (default, $1, $2, $3))");
  CHECK(next_code == 0);  // default_fn not called
  condition where = eq(events.id, 3);
  where = where && gt(events.code, 1);
  const auto dynamic = select(events.id).from(events).where(where);
  CHECK(sql_text(dynamic) == R"(select "id" from "events" where ("events"."id" = $1 and "events"."code" > $2))");
  CHECK(sql_text(dynamic) == to_sql(dynamic).sql);
}

TEST_CASE("insert fills application defaults per row and skips generated columns", "[insert]") {
  next_code = 40;
  auto q = to_sql(insert(events).values(events.note = "a"));
  CHECK(q.sql == R"(insert into "events" ("id", "code", "touched", "note") values (default, $1, $2, $3))");
  CHECK(values(q) == std::vector<std::optional<std::string>>{"41", "7", "a"});
  std::vector<std::string> notes{"x", "y"};
  auto many = to_sql(insert(events).values(notes, [](const std::string& n) { return std::tuple{events.note = n}; }));
  CHECK(
      many.sql ==
      R"(insert into "events" ("id", "code", "touched", "note") values (default, $1, $2, $3), (default, $4, $5, $6))");
  CHECK(values(many) == std::vector<std::optional<std::string>>{"42", "7", "x", "43", "7", "y"});
}

TEST_CASE("update adds on_update_fn columns it does not set", "[update]") {
  auto q = to_sql(update(events).set(events.note = "n").where(eq(events.id, 3)));
  CHECK(q.sql == R"(update "events" set "note" = $1, "touched" = $2 where "events"."id" = $3)");
  CHECK(values(q) == std::vector<std::optional<std::string>>{"n", "7", "3"});
  auto explicit_touch = to_sql(update(events).set(events.touched = 1));
  CHECK(explicit_touch.sql == R"(update "events" set "touched" = $1)");
}

TEST_CASE("update from and conflict targets with where clauses", "[update][insert]") {
  auto q = to_sql(update(posts)
                      .set(posts.published = true)
                      .from(users)
                      .where(eq(users.id, posts.author_id) && eq(users.is_active, true))
                      .returning(posts.id));
  CHECK(
      q.sql ==
      R"(update "posts" set "published" = $1 from "users" where ("users"."id" = "posts"."author_id" and "users"."is_active" = $2) returning "posts"."id")");
  auto up =
      to_sql(insert(post_tags)
                 .values(post_tags.post_id = 1, post_tags.tag_id = 2)
                 .on_conflict_do_update(std::tuple{post_tags.post_id, post_tags.tag_id}, post_tags.added_at = now())
                 .target_where(is_not_null(post_tags.added_at))
                 .set_where(lt(post_tags.added_at, now())));
  CHECK(
      up.sql ==
      R"(insert into "post_tags" ("post_id", "tag_id", "added_at") values ($1, $2, default) on conflict ("post_id","tag_id") where "post_tags"."added_at" is not null do update set "added_at" = now() where "post_tags"."added_at" < now())");
}

TEST_CASE("a dynamic condition adds clauses chosen at run time", "[select][dynamic]") {
  for (int mask = 0; mask < 4; ++mask) {
    condition c;
    if (mask & 1) c = c && eq(users.role, "admin");
    if (mask & 2) c = c && gt(users.id, 2);
    auto q = to_sql(select(users.id).from(users).where(c).order_by(users.id));
    const char* expected[] = {
        R"(select "id" from "users" order by "users"."id")",
        R"(select "id" from "users" where "users"."role" = $1 order by "users"."id")",
        R"(select "id" from "users" where "users"."id" > $1 order by "users"."id")",
        R"(select "id" from "users" where ("users"."role" = $1 and "users"."id" > $2) order by "users"."id")"};
    CHECK(q.sql == expected[mask]);
    CHECK(q.params.size() == static_cast<std::size_t>((mask & 1) + (mask >> 1)));
  }
}

TEST_CASE("with recursive walks a self-referencing table", "[select][cte]") {
  constexpr auto tree = make_recursive_cte<"tree">(comments.id, comments.parent_id);
  auto q =
      to_sql(with_recursive(tree.as(select(comments.id, comments.parent_id)
                                        .from(comments)
                                        .where(is_null(comments.parent_id))
                                        .union_all(select(comments.id, comments.parent_id)
                                                       .from(comments)
                                                       .inner_join(tree, eq(comments.parent_id, tree[comments.id])))))
                 .select(count())
                 .from(tree));
  CHECK(q.sql ==
        R"(with recursive "tree" as ((select "id", "parent_id" from "comments" where "comments"."parent_id" is null) )"
        R"(union all (select "comments"."id", "comments"."parent_id" from "comments" inner join "tree" on )"
        R"("comments"."parent_id" = "tree"."id")) select count(*) from "tree")");
}

TEST_CASE("fixed-shape statements have their SQL text at compile time", "[render]") {
  STATIC_REQUIRE(decltype(delete_from(posts).where(eq(posts.id, 1)))::sql() ==
                 R"(delete from "posts" where "posts"."id" = $1)");
  STATIC_REQUIRE(decltype(update(tags).set(tags.name = "x").where(eq(tags.id, 1)))::sql() ==
                 R"(update "tags" set "name" = $1 where "tags"."id" = $2)");
  STATIC_REQUIRE(decltype(insert(tags).values(tags.name = "x").returning(tags.id))::sql() ==
                 R"(insert into "tags" ("id", "name") values (default, $1) returning "id")");
  STATIC_REQUIRE(select(users.id).from(users).where(in_array(users.id, {1, 2})).limit(1).sql() ==
                 R"(select "id" from "users" where "users"."id" in ($1, $2) limit $3)");
  STATIC_REQUIRE(!decltype(select(users.id).from(users).where(std::declval<condition>()))::dynamic == false);
}

TEST_CASE("identifiers are quoted and escaped", "[render]") {
  struct odd_t : drizzle::table<odd_t, "we\"ird"> {
    column<"co\"l", text> col;
  };
  constexpr odd_t odd{};
  CHECK(to_sql(select(odd.col).from(odd).where(eq(odd.col, "x"))).sql ==
        R"(select "co""l" from "we""ird" where "we""ird"."co""l" = $1)");
  CHECK(to_sql(select(users.id).from(users).where(sql<bool, "{} = {}">(identifier("a\"b"), 1))).sql ==
        R"(select "id" from "users" where "a""b" = $1)");
}

TEST_CASE("result types follow the selection, joins and aggregates", "[types][select]") {
  using plain = decltype(select(users.id, users.name, users.metadata).from(users))::row_type;
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<0, plain>, std::int32_t>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<1, plain>, std::optional<std::string>>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<2, plain>, std::optional<nlohmann::json>>);

  using left =
      decltype(select(users.id, posts.id).from(users).left_join(posts, eq(users.id, posts.author_id)))::row_type;
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<0, left>, std::int32_t>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<1, left>, std::optional<std::int32_t>>);
  using right =
      decltype(select(users.id, posts.id).from(users).right_join(posts, eq(users.id, posts.author_id)))::row_type;
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<0, right>, std::optional<std::int32_t>>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<1, right>, std::int32_t>);
  using full =
      decltype(select(users.id, posts.id).from(users).full_join(posts, eq(users.id, posts.author_id)))::row_type;
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<0, full>, std::optional<std::int32_t>>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<1, full>, std::optional<std::int32_t>>);
  using inner =
      decltype(select(users.id, posts.id).from(users).inner_join(posts, eq(users.id, posts.author_id)))::row_type;
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<1, inner>, std::int32_t>);

  using agg = decltype(select(count(), count(posts.id), sum(users.id), sum(type_samples.big_num), avg(users.id),
                              avg(type_samples.score), min(users.created_at), max(users.name))
                           .from(users)
                           .left_join(posts, eq(users.id, posts.author_id))
                           .cross_join(type_samples))::row_type;
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<0, agg>, std::int64_t>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<1, agg>, std::int64_t>);  // count stays int64 across a left join
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<2, agg>, std::optional<std::int64_t>>);  // sum(integer) is bigint
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<3, agg>, std::optional<decimal>>);       // sum(bigint) is numeric
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<4, agg>, std::optional<decimal>>);       // avg(integer) is numeric
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<5, agg>, std::optional<double>>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<6, agg>, std::optional<timestamp_value>>);
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<7, agg>, std::optional<std::string>>);

  using returning = decltype(insert(tags).values(tags.name = "x").returning())::row_type;
  STATIC_REQUIRE(std::is_same_v<returning::values_type, std::tuple<std::int32_t, std::string>>);
  STATIC_REQUIRE(std::is_void_v<decltype(delete_from(tags))::row_type>);
}

TEST_CASE("typed jsonb access and containment", "[select][json]") {
  auto q = to_sql(select(users.id, json_get_text<"preferences", "theme">(users.metadata))
                      .from(users)
                      .where(json_contains(users.metadata, nlohmann::json{{"preferences", {{"theme", "dark"}}}}) &&
                             json_has_key(users.metadata, "preferences") &&
                             is_not_null(json_get<"preferences">(users.metadata))));
  CHECK(q.sql == R"(select "id", "metadata"->'preferences'->>'theme' from "users" where ("users"."metadata" @> $1 and )"
                 R"("users"."metadata" ? $2 and "users"."metadata"->'preferences' is not null))");
  CHECK(q.values() == std::vector<std::optional<std::string>>{R"({"preferences":{"theme":"dark"}})", "preferences"});
  using row = decltype(select(json_get_text<"a">(users.metadata), json_get<"a">(users.metadata)).from(users))::row_type;
  STATIC_REQUIRE(
      std::is_same_v<row::values_type, std::tuple<std::optional<std::string>, std::optional<nlohmann::json>>>);
}

namespace {
struct new_tag {
  std::optional<std::int32_t> id;
  std::string name;
};
}  // namespace

TEST_CASE("structs insert by position; an empty optional takes the column's default", "[insert]") {
  STATIC_REQUIRE(std::is_same_v<insert_shape_t<tags_t>, std::tuple<std::optional<std::int32_t>, std::string>>);
  STATIC_REQUIRE(std::is_same_v<select_shape_t<tags_t>, std::tuple<std::int32_t, std::string>>);
  auto one = to_sql(insert(tags).values(new_tag{std::nullopt, "a"}));
  CHECK(one.sql == R"(insert into "tags" ("id", "name") values (default, $1))");
  auto many = to_sql(insert(tags).values(std::vector<new_tag>{{7, "a"}, {std::nullopt, "b"}}).returning(tags.id));
  CHECK(many.sql == R"(insert into "tags" ("id", "name") values ($1, $2), (default, $3) returning "id")");
  CHECK(many.values() == std::vector<std::optional<std::string>>{"7", "a", "b"});
}

TEST_CASE("value() is a parameter with a cast where no column gives its type", "[expr]") {
  auto q =
      to_sql(select(users.id, as<"five">(value(5))).from(users).where(is_null(value(std::optional<std::int64_t>{}))));
  CHECK(q.sql == R"(select "id", $1::int4 as "five" from "users" where $2::int8 is null)");
  CHECK(q.values() == std::vector<std::optional<std::string>>{"5", std::nullopt});
  auto c = to_sql(select(coalesce(users.name, "anonymous"), now()).from(users));
  CHECK(c.sql == R"(select coalesce("name", $1), now() from "users")");
  using row = decltype(select(coalesce(users.name, "anonymous")).from(users))::row_type;
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<0, row>, std::string>);
}

TEST_CASE("self-joins through aliases, lateral joins and locking options", "[select][join]") {
  constexpr auto parent = alias<"parent">(comments);
  auto q = to_sql(select(comments.id, parent[comments.body])
                      .from(comments)
                      .left_join(parent, eq(comments.parent_id, parent[comments.id])));
  CHECK(
      q.sql ==
      R"(select "comments"."id", "parent"."body" from "comments" left join "comments" "parent" on "comments"."parent_id" = "parent"."id")");
  using row = decltype(select(comments.id, parent[comments.body])
                           .from(comments)
                           .left_join(parent, eq(comments.parent_id, parent[comments.id])))::row_type;
  STATIC_REQUIRE(std::is_same_v<std::tuple_element_t<1, row>, std::optional<std::string>>);

  auto latest = select(posts.id, posts.title)
                    .from(posts)
                    .where(eq(posts.author_id, users.id))
                    .order_by(desc(posts.id))
                    .limit(1)
                    .as<"latest">();
  auto l = to_sql(select(users.id, latest[posts.title]).from(users).left_join_lateral(latest, sql<bool, "true">()));
  CHECK(
      l.sql ==
      R"(select "users"."id", "latest"."title" from "users" left join lateral (select "id", "title" from "posts" where "posts"."author_id" = "users"."id" order by "posts"."id" desc limit $1) "latest" on true)");
  CHECK(to_sql(select(users.id).from(users).cross_join_lateral(latest)).sql.find("cross join lateral (select") !=
        std::string_view::npos);

  CHECK(to_sql(select(users.id).from(users).for_share(of(users), nowait)).sql ==
        R"(select "id" from "users" for share of "users" nowait)");
  CHECK(to_sql(select(users.id).from(users).for_key_share()).sql == R"(select "id" from "users" for key share)");
}

TEST_CASE("intersect all and except all, and a row sliced by table", "[select][setops]") {
  auto q = to_sql(intersect_all(select(users.id).from(users), select(posts.author_id).from(posts)).limit(2).offset(1));
  CHECK(q.sql == R"((select "id" from "users") intersect all (select "author_id" from "posts") limit $1 offset $2)");
  auto e = to_sql(except_all(select(users.id).from(users), select(posts.author_id).from(posts)));
  CHECK(e.sql == R"((select "id" from "users") except all (select "author_id" from "posts"))");

  using row = decltype(select(users, posts).from(users).left_join(posts, eq(users.id, posts.author_id)))::row_type;
  row r{};
  std::get<0>(r.values) = 4;
  auto u = r.slice(users);
  auto p = r.slice(posts);
  CHECK(u[users.id] == 4);
  STATIC_REQUIRE(std::tuple_size_v<decltype(u)> == 8);
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(p[posts.id])>, std::optional<std::int32_t>>);
}
