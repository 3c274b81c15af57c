// Nested selection groups against PostgreSQL (issue 14): records and nested structs, with left joins producing
// absent groups. The expected rows come from hand-written SQL over the seeded oracle database.
#include <catch2/catch.hpp>

#include <drizzle/pqxx.hpp>

#include "support/oracle_db.hpp"
#include "support/oracle_schema.hpp"
#include "support/test_db.hpp"

using namespace drizzle;
using namespace oracle;

namespace {
drizzle::pqxx::database seeded() {
  drizzle_test::reset_oracle_database();
  return drizzle::pqxx::connect(drizzle_test::database_url());
}

struct Profile {
  std::string email;
  std::optional<std::string> name;
};
struct PostPart {
  std::int32_t id;
  std::string title;
  std::optional<std::string> content;
};
struct UserPosts {
  std::int32_t id;
  Profile profile;
  std::optional<PostPart> post;
};

struct Author {
  std::int32_t id;
  std::optional<std::string> name;
};
struct Meta {
  std::int32_t length;
  Author author;
};
struct PostTree {
  std::int32_t id;
  Meta meta;
};
struct Tree {
  PostTree post;
};
}  // namespace

TEST_CASE("groups over a left join: an unmatched row's group is absent, a matched one present", "[group][driver]") {
  auto db = seeded();
  auto q = db.select(users.id, group<"profile">(users.email, users.name),
                     group<"post">(posts.id, posts.title, posts.content))
               .from(users)
               .left_join(posts, eq(users.id, posts.author_id))
               .order_by(users.id, posts.id);
  const auto expected = db.query_text(
      "select u.id, u.email, u.name, p.id, p.title, p.content from users u left join posts p on u.id = p.author_id "
      "order by u.id, p.id");
  const auto rows = q.all();
  const auto structs = q.all<UserPosts>();
  REQUIRE(rows.size() == expected.size());
  REQUIRE(structs.size() == expected.size());
  std::size_t absent = 0, null_content = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& e = expected[i];
    const auto& row = rows[i];
    const auto& s = structs[i];
    CHECK(std::to_string(row[users.id]) == *e[0]);
    CHECK(row.get<"profile">()[users.email] == *e[1]);
    CHECK(row.get<"profile">()[users.name] == e[2]);
    CHECK(s.id == row[users.id]);
    CHECK(s.profile.email == row.get<"profile">()[users.email]);
    CHECK(s.profile.name == row.get<"profile">()[users.name]);
    const auto& post = row.get<"post">();
    REQUIRE(post.has_value() == e[3].has_value());
    REQUIRE(s.post.has_value() == e[3].has_value());
    if (!post) {
      ++absent;
      continue;
    }
    CHECK(std::to_string((*post)[posts.id]) == *e[3]);
    CHECK((*post)[posts.title] == *e[4]);
    CHECK((*post)[posts.content] == e[5]);
    CHECK(s.post->id == (*post)[posts.id]);
    CHECK(s.post->title == (*post)[posts.title]);
    CHECK(s.post->content == (*post)[posts.content]);
    if (!e[5]) ++null_content;
  }
  CHECK(absent == 2);        // dave and frank wrote nothing
  CHECK(null_content == 1);  // "Draft Post": a NULL column, the group present

  const auto first = q.first<UserPosts>();
  REQUIRE(first.has_value());
  CHECK(first->profile.email == "alice@example.com");
  const auto one = db.select(users.id, group<"profile">(users.email, users.name),
                             group<"post">(posts.id, posts.title, posts.content))
                       .from(users)
                       .left_join(posts, eq(users.id, posts.author_id))
                       .where(eq(users.id, 4))
                       .one<UserPosts>();
  CHECK(one.profile.email == "dave@example.com");
  CHECK_FALSE(one.profile.name.has_value());
  CHECK_FALSE(one.post.has_value());
}

TEST_CASE("groups nest to any depth, into records and structs", "[group][driver]") {
  auto db = seeded();
  auto q = db.select(group<"post">(posts.id, group<"meta">(as<"length">(sql<std::int32_t, "length({})">(posts.title)),
                                                           group<"author">(users.id, users.name))))
               .from(posts)
               .inner_join(users, eq(users.id, posts.author_id))
               .order_by(posts.id);
  const auto expected = db.query_text(
      "select p.id, length(p.title), u.id, u.name from posts p inner join users u on u.id = p.author_id order by p.id");
  const auto rows = q.all();
  const auto trees = q.all<Tree>();
  REQUIRE(rows.size() == expected.size());
  REQUIRE(trees.size() == expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& e = expected[i];
    const auto& post = rows[i].get<"post">();
    const auto& meta = post.get<"meta">();
    CHECK(std::to_string(post[posts.id]) == *e[0]);
    CHECK(std::to_string(meta.get<"length">()) == *e[1]);
    CHECK(std::to_string(meta.get<"author">()[users.id]) == *e[2]);
    CHECK(meta.get<"author">()[users.name] == e[3]);
    CHECK(std::to_string(trees[i].post.id) == *e[0]);
    CHECK(std::to_string(trees[i].post.meta.length) == *e[1]);
    CHECK(std::to_string(trees[i].post.meta.author.id) == *e[2]);
    CHECK(trees[i].post.meta.author.name == e[3]);
  }
}

TEST_CASE("a group of two tables is never absent; a right join makes the earlier table's group absent",
          "[group][driver]") {
  auto db = seeded();
  // Users without posts: the group has a users column, so it is present with the posts column NULL.
  const auto mixed = db.select(group<"pair">(users.email, posts.title))
                         .from(users)
                         .left_join(posts, eq(users.id, posts.author_id))
                         .where(is_null(posts.id))
                         .order_by(users.id)
                         .all();
  REQUIRE(mixed.size() == 2);
  CHECK(mixed[0].get<"pair">()[users.email] == "dave@example.com");
  CHECK_FALSE(mixed[0].get<"pair">()[posts.title].has_value());

  // Posts right-joined to users with an id above 2: the posts of alice and bob have no user.
  const auto right = db.select(posts.id, group<"author">(users.id, users.email))
                         .from(users)
                         .right_join(posts, and_(eq(users.id, posts.author_id), gt(users.id, 2)))
                         .order_by(posts.id)
                         .all();
  const auto expected = db.query_text(
      "select p.id, u.id from users u right join posts p on u.id = p.author_id and u.id > 2 order by p.id");
  REQUIRE(right.size() == expected.size());
  for (std::size_t i = 0; i < right.size(); ++i) {
    CHECK(std::to_string(right[i][posts.id]) == *expected[i][0]);
    REQUIRE(right[i].get<"author">().has_value() == expected[i][1].has_value());
    if (expected[i][1]) CHECK(std::to_string((*right[i].get<"author">())[users.id]) == *expected[i][1]);
  }
}
