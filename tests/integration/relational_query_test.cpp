// The relational query builder against the seeded oracle database: the rows Drizzle mapped (results.json
// `result`), a nested two-level with<> checked by hand against tests/data/drizzle/src/seed.sql, every column type
// decoded from JSON exactly as from PostgreSQL's text, and rows mapped into user structs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <drizzle/pqxx.hpp>
#include <nlohmann/json.hpp>

#include "support/oracle_cases.hpp"
#include "support/oracle_db.hpp"

using namespace oracle_cases;

namespace {

std::string camel(std::string_view snake) {
  std::string out;
  bool upper = false;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(c - 'a' + 'A') : c;
      upper = false;
    }
  }
  return out;
}

/// Drizzle's JSON for a timestamp: milliseconds, UTC.
std::string drizzle_date(timestamp_value t) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(t);
  const auto day = std::chrono::floor<std::chrono::days>(ms);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss<std::chrono::milliseconds> hms{ms - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  return buf;
}

template <class K, class V>
nlohmann::json drizzle_json(const record<K, V>& r);

template <class T>
nlohmann::json drizzle_json(const T& v) {
  if constexpr (drizzle::detail::is_optional_v<T>) {
    return v ? drizzle_json(*v) : nlohmann::json(nullptr);
  } else if constexpr (std::is_same_v<T, timestamp_value>) {
    return {{"$date", drizzle_date(v)}};
  } else if constexpr (requires {
                         v.begin();
                         typename T::value_type;
                       } &&
                       !std::is_same_v<T, std::string> && !std::is_same_v<T, nlohmann::json>) {
    auto a = nlohmann::json::array();
    for (const auto& e : v) a.push_back(drizzle_json(e));
    return a;
  } else {
    return nlohmann::json(v);
  }
}
/// A record as Drizzle maps it: an object keyed by the TypeScript names (camelCase columns, relation names).
template <class K, class V>
nlohmann::json drizzle_json(const record<K, V>& r) {
  nlohmann::json o = nlohmann::json::object();
  [&]<class... Key, std::size_t... I>(drizzle::detail::type_list<Key...>, std::index_sequence<I...>) {
    ((o[camel(drizzle::detail::field_name<Key>())] = drizzle_json(std::get<I>(r.values))), ...);
  }(K{}, std::make_index_sequence<K::size>{});
  return o;
}

}  // namespace

TEST_CASE("relational oracle patterns decode into the rows Drizzle mapped", "[relational][oracle][integration]") {
  drizzle_test::reset_oracle_database();
  std::ifstream in(DRIZZLE_ORACLE_DIR "/results.json");
  const auto results = nlohmann::json::parse(in);
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("set time zone 'UTC'");
  std::size_t compared = 0;
  for_each_relational_case([&](const char* name, const auto& stmt) {
    INFO("query " << name);
    const auto& want = results.at(name).at("result");
    nlohmann::json got;
    if constexpr (std::remove_cvref_t<decltype(stmt)>::first) {
      auto row = db.run(stmt).first(arg<"id">(2));
      got = row ? drizzle_json(*row) : nlohmann::json{{"$undefined", true}};
    } else {
      got = drizzle_json(db.run(stmt).all());
    }
    CHECK(got == want);
    ++compared;
  });
  CHECK(compared == 7);
}

TEST_CASE("find_many nests with<> two levels deep: posts, their comments, each comment's author",
          "[relational][integration]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  const auto rows = db.query(relational)[posts]
                        .find_many(columns(posts.id, posts.title), where(lte(posts.id, 2)), order_by(asc(posts.id)),
                                   with<"comments">(columns(comments.id, comments.body), order_by(asc(comments.id)),
                                                    with<"author">(columns(users.name))),
                                   with<"author">(columns(users.email)))
                        .all();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][posts.id] == 1);
  CHECK(rows[0][posts.title] == "Hello World");
  const auto& c1 = rows[0].get<"comments">();
  REQUIRE(c1.size() == 3);
  CHECK(c1[0][comments.id] == 1);
  CHECK(c1[0][comments.body] == "Nice post");
  CHECK(c1[0].get<"author">()->get<"name">() == "Bob");
  CHECK(c1[1][comments.body] == "Thanks!");
  CHECK(c1[1].get<"author">()->get<"name">() == "Alice");
  CHECK(c1[2][comments.body] == "Agreed");
  CHECK(c1[2].get<"author">()->get<"name">() == "Carol");
  CHECK(rows[0].get<"author">()->get<"email">() == "alice@example.com");

  CHECK(rows[1][posts.title] == "Drizzle Tips");
  const auto& c2 = rows[1].get<"comments">();
  REQUIRE(c2.size() == 2);
  CHECK(c2[0][comments.id] == 4);
  CHECK(c2[0][comments.body] == "Anonymous");
  CHECK_FALSE(c2[0].get<"author">().has_value());  // author_id is NULL: the one relation is empty
  CHECK(c2[1][comments.id] == 6);
  CHECK(c2[1].get<"author">()->get<"name">() == "Bob");
}

namespace {
struct CommentAuthor {
  std::optional<std::string> name;
};
struct CommentWithAuthor {
  std::int32_t id;
  std::string body;
  std::optional<CommentAuthor> author;
};
struct PostWithComments {
  std::int32_t id;
  std::string title;
  std::vector<CommentWithAuthor> comments;
};
}  // namespace

TEST_CASE("relational rows map into user structs with vector and optional relation fields",
          "[relational][integration]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  const auto posts_found =
      db.query(relational)[posts]
          .find_many(columns(posts.id, posts.title), where(eq(posts.author_id, 1)), order_by(desc(posts.id)),
                     with<"comments">(columns(comments.id, comments.body), order_by(desc(comments.id)),
                                      with<"author">(columns(users.name))))
          .all<PostWithComments>();
  REQUIRE(posts_found.size() == 3);
  CHECK(posts_found[0].title == "Draft Post");
  CHECK(posts_found[0].comments.empty());
  CHECK(posts_found[1].title == "Drizzle Tips");
  REQUIRE(posts_found[1].comments.size() == 2);
  CHECK(posts_found[1].comments[0].body == "Self-match");
  CHECK(posts_found[1].comments[0].author->name == "Bob");
  CHECK_FALSE(posts_found[1].comments[1].author.has_value());
  CHECK(posts_found[2].comments.size() == 3);
  CHECK(posts_found[2].comments[2].body == "Nice post");

  const auto none = db.query(relational)[users].find_first(where(eq(users.id, 999))).first();
  CHECK_FALSE(none.has_value());

  // Drizzle's .prepare('rqb_user_by_id') with a placeholder, run twice with different values.
  auto by_id = [&](int id) {
    return db.query(relational)[users]
        .find_first(where(eq(users.id, placeholder<"id">())), with<"posts">(columns(posts.id, posts.title)))
        .prepare("rqb_user_by_id")
        .first(arg<"id">(id));
  };
  const auto bob = by_id(2);
  REQUIRE(bob.has_value());
  CHECK(bob->get<"posts">().size() == 2);
  CHECK(bob->get<"posts">()[1][posts.title] == "Bob Draft");
  const auto dave = by_id(4);
  REQUIRE(dave.has_value());
  CHECK(dave->get<"posts">().empty());
}

namespace {
/// type_samples related to itself by id, so each row comes back twice: as PostgreSQL's text and inside JSON.
inline constexpr auto samples_self = drizzle::relational_schema(
    drizzle::relations(type_samples, drizzle::one<"self">(type_samples, type_samples.id, type_samples.id)));
}  // namespace

TEST_CASE("every column type reads back from the relation's JSON exactly as from PostgreSQL's text",
          "[relational][types][integration]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("set time zone 'UTC'");
  const auto rows = db.query(samples_self)[type_samples].find_many(with<"self">(), order_by(type_samples.id)).all();
  REQUIRE(rows.size() == 3);
  for (const auto& row : rows) {
    INFO("type_samples row " << row[type_samples.id]);
    const auto& self = row.get<"self">();
    REQUIRE(self.has_value());
    const bool same = [&]<std::size_t... I>(std::index_sequence<I...>) {
      return ((std::get<I>(self->values) == std::get<I>(row.values)) && ...);
    }
    (std::make_index_sequence<std::remove_cvref_t<decltype(*self)>::size>{});
    CHECK(same);
  }
  CHECK(rows[0][type_samples.price] == drizzle::decimal("12.50"));
  CHECK(rows[0].get<"self">()->get<"price">() == drizzle::decimal("12.50"));
  CHECK(rows[0].get<"self">()->get<"big_big">() == std::int64_t{9223372036854775807});
  CHECK(rows[0].get<"self">()->get<"stamp_tz">() ==
        timestamp_value{sys_days{2024y / 1 / 1} + 12h + 34min + 56s + microseconds{123456}});
}

namespace {
/// One text column of hand-written SQL's rows.
std::vector<std::string> column_text(drizzle::pqxx::session& db, std::string_view sql, std::size_t i = 0) {
  std::vector<std::string> out;
  for (const auto& r : db.query_text(sql)) out.push_back(r[i].value_or("NULL"));
  return out;
}
}  // namespace

TEST_CASE("relation filters keep the rows the hand-written exists/not exists queries keep",
          "[relational][integration]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  auto ids = [](const auto& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(std::to_string(r[users.id]));
    return out;
  };
  const auto with_published =
      db.query(relational)[users]
          .find_many(columns(users.id), where(exists<"posts">(where(eq(posts.published, true)))),
                     order_by(asc(users.id)))
          .all();
  const auto expect_published = column_text(
      db,
      "select u.id from users u where exists (select 1 from posts p where p.author_id = u.id and p.published) "
      "order by u.id");
  REQUIRE_FALSE(expect_published.empty());
  CHECK(ids(with_published) == expect_published);

  const auto without_posts = db.query(relational)[users]
                                 .find_many(columns(users.id), where(not_exists<"posts">()), order_by(asc(users.id)))
                                 .all();
  CHECK(ids(without_posts) ==
        column_text(db,
                    "select u.id from users u where not exists (select 1 from posts p where p.author_id = u.id) "
                    "order by u.id"));

  const auto all_published = db.query(relational)[users]
                                 .find_many(columns(users.id), where(every<"posts">(where(eq(posts.published, true)))),
                                            order_by(asc(users.id)))
                                 .all();
  CHECK(ids(all_published) ==
        column_text(db,
                    "select u.id from users u where not exists (select 1 from posts p where p.author_id = u.id "
                    "and not p.published) order by u.id"));

  // Inside with<>: each user's posts that have a comment by someone other than the author.
  const auto nested = db.query(relational)[users]
                          .find_many(columns(users.id), order_by(asc(users.id)),
                                     with<"posts">(columns(posts.id), order_by(asc(posts.id)),
                                                   where(exists<"comments">(where(eq(comments.body, "Nice post"))))))
                          .all();
  std::vector<std::string> got;
  for (const auto& u : nested)
    for (const auto& p : u.get<"posts">())
      got.push_back(std::to_string(u[users.id]) + "/" + std::to_string(p[posts.id]));
  std::vector<std::string> expect;
  for (const auto& r : db.query_text(
           "select u.id, p.id from users u join posts p on p.author_id = u.id where exists (select 1 from comments c "
           "where c.post_id = p.id and c.body = 'Nice post') order by u.id, p.id"))
    expect.push_back(*r[0] + "/" + *r[1]);
  REQUIRE_FALSE(expect.empty());
  CHECK(got == expect);
}

TEST_CASE("with_count gives each row its related-row count, ordered by it; extras computed per row",
          "[relational][integration]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  constexpr auto n = with_count<"posts">(where(eq(posts.published, true)));
  const auto rows = db.query(relational)[users].find_many(columns(users.id), n, order_by(desc(n), asc(users.id))).all();
  std::vector<std::string> got;
  for (const auto& r : rows) got.push_back(std::to_string(r[users.id]) + ":" + std::to_string(r.get<"posts_count">()));
  std::vector<std::string> expect;
  for (const auto& r : db.query_text("select u.id, (select count(*) from posts p where p.author_id = u.id and "
                                     "p.published) as n from users u order by n desc, u.id"))
    expect.push_back(*r[0] + ":" + *r[1]);
  CHECK(got == expect);

  // Nested: each post's comment count inside users' posts, and an extra at both levels.
  const auto nested =
      db.query(relational)[users]
          .find_many(columns(users.id), order_by(asc(users.id)),
                     extras(as<"lower_email">(sql<std::string, "lower({})">(users.email))),
                     with<"posts">(columns(posts.id), order_by(asc(posts.id)), with_count<"comments">(),
                                   extras(as<"title_length">(sql<std::int32_t, "length({})">(posts.title)))))
          .all();
  std::vector<std::string> got2;
  for (const auto& u : nested)
    for (const auto& p : u.get<"posts">())
      got2.push_back(u.get<"lower_email">() + "/" + std::to_string(p[posts.id]) + ":" +
                     std::to_string(p.get<"comments_count">()) + ":" + std::to_string(p.get<"title_length">()));
  std::vector<std::string> expect2;
  for (const auto& r : db.query_text("select lower(u.email), p.id, (select count(*) from comments c where c.post_id "
                                     "= p.id), length(p.title) from users u join posts p on p.author_id = u.id "
                                     "order by u.id, p.id"))
    expect2.push_back(*r[0] + "/" + *r[1] + ":" + *r[2] + ":" + *r[3]);
  REQUIRE_FALSE(expect2.empty());
  CHECK(got2 == expect2);
}

TEST_CASE("with(cte) before insert, update and delete runs as the hand-written statements do", "[with][integration]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  auto inactive = with_<"inactive">(select(users.id).from(users).where(eq(users.is_active, false)));
  const auto expect_deleted =
      column_text(db,
                  "select p.id from posts p where p.author_id in (select id from users where not is_active) "
                  "order by p.id");
  auto deleted = db.run(with(inactive)
                            .delete_from(posts)
                            .where(in_array(posts.author_id, select(inactive[users.id]).from(inactive)))
                            .returning(posts.id))
                     .all();
  std::vector<std::string> got;
  for (const auto& r : deleted) got.push_back(std::to_string(r[posts.id]));
  std::sort(got.begin(), got.end());
  std::vector<std::string> expect_sorted = expect_deleted;
  std::sort(expect_sorted.begin(), expect_sorted.end());
  CHECK(got == expect_sorted);

  auto active = with_<"active">(select(users.id).from(users).where(eq(users.is_active, true)));
  db.run(with(active)
             .update(posts)
             .set(posts.published = false)
             .where(in_array(posts.author_id, select(active[users.id]).from(active))))
      .execute();
  CHECK(column_text(db, "select count(*) from posts where published") == std::vector<std::string>{"0"});

  const auto inserted = db.run(with(active).insert(tags).values(tags.name = "cte-tag").returning(tags.name)).all();
  REQUIRE(inserted.size() == 1);
  CHECK(column_text(db, "select count(*) from tags where name = 'cte-tag'") == std::vector<std::string>{"1"});
}

TEST_CASE("braced lists write and match array columns as std::vector does", "[arrays][integration]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.run(update(type_samples)
             .set(type_samples.tags = {"x", std::nullopt}, type_samples.scores = {1, 2})
             .where(eq(type_samples.id, 1)))
      .execute();
  CHECK(db.query_text("select tags::text, scores::text from type_samples where id = 1") ==
        std::vector<std::vector<std::optional<std::string>>>{{"{x,NULL}", "{1,2}"}});
  const auto hits =
      db.select(type_samples.id).from(type_samples).where(array_overlaps(type_samples.scores, {2, 9})).all();
  REQUIRE(hits.size() == 1);
  CHECK(hits[0][type_samples.id] == 1);
}
