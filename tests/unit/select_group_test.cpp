// Nested selection groups (issue 14): Drizzle's select({ id: users.id, profile: { email: users.email } }). The SQL
// is the flat select list Drizzle renders (hand-written from Drizzle 0.45's buildSelection: no aliases for columns,
// qualified once a join is present); the row nests, with mapResultRow's rule for absent groups.
#include <catch2/catch.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <drizzle/result.hpp>

#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;

namespace {
/// Decodes one row of text fields (std::nullopt for NULL) into Row, as the driver does.
template <class Row, std::size_t N>
Row decode(const std::array<std::optional<std::string_view>, N>& fields) {
  STATIC_REQUIRE(detail::row_width_v<Row> == N);
  return decode_record<Row>([&](std::size_t i) { return fields[i]; });
}
using field_text = std::optional<std::string_view>;
}  // namespace

TEST_CASE("a group renders its fields in place in the flat select list", "[select][group]") {
  // db.select({ id: users.id, profile: { email: users.email, name: users.name } }).from(users)
  constexpr auto single = select(users.id, group<"profile">(users.email, users.name)).from(users);
  STATIC_REQUIRE(single.sql() == R"(select "id", "email", "name" from "users")");

  // db.select({ id: users.id, post: { id: posts.id, title: posts.title } }).from(users)
  //   .leftJoin(posts, eq(users.id, posts.authorId)).where(eq(users.isActive, true))
  const auto joined = to_sql(select(users.id, group<"post">(posts.id, posts.title))
                                 .from(users)
                                 .left_join(posts, eq(users.id, posts.author_id))
                                 .where(eq(users.is_active, true)));
  CHECK(joined.sql == R"(select "users"."id", "posts"."id", "posts"."title" from "users" left join "posts" on )"
                      R"("users"."id" = "posts"."author_id" where "users"."is_active" = $1)");
  CHECK(joined.values() == std::vector<std::optional<std::string>>{"true"});

  // Nested to any depth, with expressions (aliased as Drizzle's sql`...`.as()) and a table's columns in place
  // (Drizzle's { author: { ...getTableColumns(users) } }):
  // db.select({ post: { id: posts.id, meta: { n: sql`length(${posts.title})`.as('n'), author: users } } })
  const auto deep = to_sql(select(group<"post">(posts.id, group<"meta">(as<"n">(sql<int, "length({})">(posts.title)),
                                                                        group<"author">(users.id, users.name))))
                               .from(posts)
                               .inner_join(users, eq(users.id, posts.author_id)));
  CHECK(deep.sql == R"(select "posts"."id", length("posts"."title") as "n", "users"."id", "users"."name" from "posts" )"
                    R"(inner join "users" on "users"."id" = "posts"."author_id")");
  const auto tables =
      to_sql(select(group<"author">(users), posts.id).from(posts).inner_join(users, eq(users.id, posts.author_id)));
  CHECK(tables.sql == R"(select "users"."id", "users"."email", "users"."name", "users"."role", "users"."metadata", )"
                      R"("users"."is_active", "users"."created_at", "users"."updated_at", "posts"."id" from "posts" )"
                      R"(inner join "users" on "users"."id" = "posts"."author_id")");
}

TEST_CASE("a group's parameters bind in select-list order", "[select][group]") {
  const auto q = to_sql(
      select(users.id, group<"g">(as<"a">(users.id + 5), group<"h">(as<"b">(users.id + 6))), as<"c">(users.id + 7))
          .from(users)
          .where(eq(users.id, 8)));
  CHECK(q.sql == R"(select "id", ("id" + $1) as "a", ("id" + $2) as "b", ("id" + $3) as "c" from "users" where )"
                 R"("users"."id" = $4)");
  CHECK(q.values() == std::vector<std::optional<std::string>>{"5", "6", "7", "8"});
}

TEST_CASE("a group's row value: a record, optional when all its columns come from one outer-joined table",
          "[select][group]") {
  auto left = select(users.id, group<"post">(posts.id, posts.title, posts.content))
                  .from(users)
                  .left_join(posts, eq(users.id, posts.author_id));
  using L = decltype(left)::row_type;
  using post_record = std::remove_cvref_t<decltype(std::declval<L>().get<"post">())>;
  // Absent as a whole; inside a present group the join matched, so not-null columns are plain values.
  STATIC_REQUIRE(detail::is_optional_v<post_record>);
  STATIC_REQUIRE(std::is_same_v<post_record::value_type::values_type,
                                std::tuple<std::int32_t, std::string, std::optional<std::string>>>);

  const auto absent = decode<L>(std::array<field_text, 4>{"1", std::nullopt, std::nullopt, std::nullopt});
  CHECK(absent[users.id] == 1);
  CHECK_FALSE(absent.get<"post">().has_value());
  const auto present = decode<L>(std::array<field_text, 4>{"2", "10", "Hello", std::nullopt});
  REQUIRE(present.get<"post">().has_value());
  CHECK((*present.get<"post">())[posts.id] == 10);
  CHECK((*present.get<"post">())[posts.title] == "Hello");
  CHECK_FALSE((*present.get<"post">())[posts.content].has_value());

  // Columns of two tables: never absent; each column optional as in a flat selection (mapResultRow's nullifyMap
  // turns false when a second table appears).
  auto mixed =
      select(group<"pair">(users.email, posts.title)).from(users).left_join(posts, eq(users.id, posts.author_id));
  using M = decltype(mixed)::row_type;
  using pair_value = std::remove_cvref_t<decltype(std::declval<M>().get<"pair">())>;
  STATIC_REQUIRE(std::is_same_v<pair_value::values_type, std::tuple<std::string, std::optional<std::string>>>);
  const auto m = decode<M>(std::array<field_text, 2>{"a@x", std::nullopt});
  CHECK(m.get<"pair">()[users.email] == "a@x");
  CHECK_FALSE(m.get<"pair">()[posts.title].has_value());

  // The not-nullable side: a group is never absent, even with every column NULL.
  auto base = select(group<"user">(users.id, users.name)).from(users).left_join(posts, eq(users.id, posts.author_id));
  using B = decltype(base)::row_type;
  STATIC_REQUIRE(!detail::is_optional_v<std::remove_cvref_t<decltype(std::declval<B>().get<"user">())>>);

  // Only top-level groups can be absent (mapResultRow looks at paths of length 2); an expression does not count,
  // neither for nor against absence.
  auto nested =
      select(group<"outer">(as<"t">(sql<std::string, "lower({})">(posts.title)), posts.id, group<"inner">(posts.title)))
          .from(users)
          .left_join(posts, eq(users.id, posts.author_id));
  using N = decltype(nested)::row_type;
  const auto n_absent = decode<N>(std::array<field_text, 3>{"x", std::nullopt, "y"});
  CHECK_FALSE(n_absent.get<"outer">().has_value());
  const auto n_present = decode<N>(std::array<field_text, 3>{"t", "3", "T"});
  REQUIRE(n_present.get<"outer">().has_value());
  CHECK(n_present.get<"outer">()->get<"t">() == "t");
  const auto& inner = n_present.get<"outer">()->get<"inner">();
  STATIC_REQUIRE(!detail::is_optional_v<std::remove_cvref_t<decltype(inner)>>);
  // posts matched when the outer group is present, so its not-null column is a plain value in the inner group too.
  CHECK(inner[posts.title] == "T");

  // Right join: the earlier tables become nullable, and a group of theirs may be absent.
  auto right = select(group<"user">(users.id), posts.id).from(users).right_join(posts, eq(users.id, posts.author_id));
  using R = decltype(right)::row_type;
  const auto r = decode<R>(std::array<field_text, 2>{std::nullopt, "4"});
  CHECK_FALSE(r.get<"user">().has_value());
  CHECK(r[posts.id] == 4);
}

TEST_CASE("a group reads by name, by the group object and by structured binding", "[select][group]") {
  constexpr auto profile = group<"profile">(users.email, users.name);
  auto q = select(users.id, profile).from(users);
  using Row = decltype(q)::row_type;
  const auto row = decode<Row>(std::array<field_text, 3>{"7", "e@x", std::nullopt});
  CHECK(row[profile][users.email] == "e@x");
  CHECK(row.get<"profile">()[users.email] == "e@x");
  const auto& [id, p] = row;
  CHECK(id == 7);
  CHECK_FALSE(p[users.name].has_value());
}

TEST_CASE("a group with a bare column counts for the aggregate check", "[select][group]") {
  using mixed = decltype(select(group<"g">(users.id, as<"n">(count()))).from(users));
  STATIC_REQUIRE(mixed::field_list::aggregate);
  STATIC_REQUIRE(mixed::has_bare_column());
  using counted = decltype(select(group<"g">(as<"n">(count()))).from(users));
  STATIC_REQUIRE_FALSE(counted::has_bare_column());
  const auto grouped = to_sql(select(group<"g">(users.role, as<"n">(count()))).from(users).group_by(users.role));
  CHECK(grouped.sql == R"(select "role", count(*) as "n" from "users" group by "users"."role")");
}

TEST_CASE("set operations keep the groups of their selections", "[select][group]") {
  auto admins = select(users.id, group<"contact">(users.email, users.name)).from(users).where(eq(users.role, "admin"));
  auto active =
      select(users.id, group<"contact">(users.email, users.name)).from(users).where(eq(users.is_active, true));
  using U = decltype(admins.union_(active));
  STATIC_REQUIRE(std::is_same_v<U::row_type, decltype(admins)::row_type>);
  CHECK(to_sql(admins.union_(active)).sql ==
        R"((select "id", "email", "name" from "users" where "users"."role" = $1) union )"
        R"((select "id", "email", "name" from "users" where "users"."is_active" = $2))");
}
