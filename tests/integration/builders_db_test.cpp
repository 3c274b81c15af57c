// Statements bound to a connection are values (issue 10): a named db.select() chain is extended without changing it,
// prints its SQL, a prepared statement runs many times, first() transfers at most one row, db.count(), and
// for_each with a non-const row reference. Against a real PostgreSQL.
#include <catch2/catch.hpp>

#include <algorithm>
#include <drizzle/pqxx.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/oracle_db.hpp"
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;

namespace {
drizzle::pqxx::database fresh_db() {
  drizzle_test::reset_oracle_database();
  return drizzle::pqxx::connect(drizzle_test::database_url());
}
/// The statements the connection sends, with their parameters.
struct sent_statement {
  std::string sql;
  std::vector<std::string> params;
};
drizzle::query_logger record_into(std::vector<sent_statement>& log) {
  return [&log](std::string_view sql, const param_list& params) {
    sent_statement s{std::string(sql), {}};
    for (const auto& p : params) s.params.push_back(p.value.value_or("<null>"));
    log.push_back(std::move(s));
  };
}
std::int64_t user_count(drizzle::pqxx::database& db) {
  return std::stoll(*db.query_text("select count(*) from users")[0][0]);
}
}  // namespace

TEST_CASE("a named db.select() chain is extended, printed and run without changing it", "[builders][driver]") {
  auto db = fresh_db();
  const auto total = user_count(db);
  REQUIRE(total > 2);

  auto base = db.select().from(users);
  auto active = base.where(eq(users.is_active, true));  // base is unchanged
  auto by_id = base.where(eq(users.id, 1));
  CHECK(base.all().size() == static_cast<std::size_t>(total));
  CHECK(by_id.one()[users.id] == 1);
  CHECK(by_id.one()[users.id] == 1);  // run twice from the same object
  CHECK(base.all().size() == static_cast<std::size_t>(total));
  CHECK(active.all().size() <= static_cast<std::size_t>(total));

  // A db-bound chain prints its SQL: a compile-time constant, as on a free statement.
  CHECK(active.sql() == select().from(users).where(eq(users.is_active, true)).sql());
  CHECK(base.sql() == R"(select "id", "email", "name", "role", "metadata", "is_active", "created_at", "updated_at" )"
                      R"(from "users")");
  const sql_query q = active.to_sql();
  CHECK(q.sql == active.sql());
  CHECK(q.values() == std::vector<std::optional<std::string>>{"true"});
  CHECK(to_sql(by_id).values() == std::vector<std::optional<std::string>>{"1"});
  // A dynamic one renders its text.
  condition c;
  c = c && gt(users.id, 2);
  auto dyn = db.select(users.id).from(users).where(c);
  CHECK(dyn.sql() == R"(select "id" from "users" where "users"."id" > $1)");
  CHECK(dyn.all().size() == static_cast<std::size_t>(total - 2));

  // Every other statement kind, named on a connection.
  auto ins = db.insert(users).values(users.email = "named@example.com");
  auto ins_ret = ins.returning(users.id);
  const auto new_id = ins_ret.one()[users.id];
  auto upd = db.update(users).set(users.name = "Renamed");
  auto upd_one = upd.where(eq(users.id, new_id));
  CHECK(upd_one.execute() == 1);
  CHECK(upd_one.returning(users.name).one()[users.name] == std::optional<std::string>("Renamed"));
  auto del = db.delete_from(users);
  auto del_one = del.where(eq(users.id, new_id));
  CHECK(del_one.returning(users.id).all().size() == 1);
  CHECK(del_one.execute() == 0);
  CHECK(user_count(db) == total);

  // Set operations on named bound statements, with a bound or a free right-hand side.
  auto ids = db.select(users.id).from(users);
  auto authors = db.select(posts.author_id).from(posts);
  auto both = ids.union_(authors);
  CHECK(both.all().size() == static_cast<std::size_t>(total));
  CHECK(ids.intersect(select(posts.author_id).from(posts)).all().size() < static_cast<std::size_t>(total));
  CHECK(both.order_by(users.id).limit(2).all().size() == 2);
  CHECK(both.sql() == R"((select "id" from "users") union (select "author_id" from "posts"))");
}

TEST_CASE("a prepared statement runs again and again without std::move", "[builders][driver][prepare]") {
  auto db = fresh_db();
  const auto total = user_count(db);
  db.execute("update users set role = 'admin' where id <= 2");
  db.execute("update users set role = 'guest' where id > 2");

  auto base = db.select().from(users);
  auto by_role = base.where(eq(users.role, placeholder<"role">())).order_by(users.id).prepare("users_by_role");
  auto admins = by_role.all(arg<"role">("admin"));
  auto guests = by_role.all(arg<"role">("guest"));  // the same prepared statement again
  CHECK(admins.size() == 2);
  CHECK(guests.size() == static_cast<std::size_t>(total - 2));

  // first() on it does not change the statement "users_by_role" stands for: it has a text of its own.
  auto first_admin = by_role.first(arg<"role">("admin"));
  REQUIRE(first_admin);
  CHECK((*first_admin)[users.id] == 1);
  CHECK(by_role.all(arg<"role">("admin")).size() == 2);
  CHECK(by_role.all(arg<"role">("guest")).size() == static_cast<std::size_t>(total - 2));
  const auto copy = by_role;  // a copy runs the same server-side statement
  CHECK(copy.all(arg<"role">("admin")).size() == 2);

  const auto prepared = db.query_text("select name, statement from pg_prepared_statements order by name");
  std::vector<std::string> names;
  for (const auto& row : prepared) {
    names.push_back(*row[0]);
    if (*row[0] == "users_by_role") CHECK(row[1]->find("limit") == std::string::npos);
    if (*row[0] == "users_by_role_first") CHECK(row[1]->ends_with("limit $2"));
  }
  CHECK(std::count(names.begin(), names.end(), "users_by_role") == 1);
  CHECK(std::count(names.begin(), names.end(), "users_by_role_first") == 1);
}

TEST_CASE("first() transfers one row of a 10,000-row table", "[builders][driver][first]") {
  auto db = fresh_db();
  db.execute("insert into users (email) select 'bulk' || g || '@example.com' from generate_series(1, 10000) g");
  const auto total = user_count(db);
  REQUIRE(total >= 10000);

  std::vector<sent_statement> log;
  db.set_logger(record_into(log));
  auto all_users = db.select(users.id, users.email).from(users).order_by(users.id);
  const auto first = all_users.first();
  REQUIRE(first);
  CHECK((*first)[users.id] == 1);
  const auto struct_first = db.select(users.id).from(users).where(gt(users.id, 5)).order_by(users.id).first();
  REQUIRE(struct_first);
  CHECK((*struct_first)[users.id] == 6);
  db.set_logger({});

  // What was sent: the statement with `limit $n` bound to 1. Run again as sent, it returns one row.
  REQUIRE(log.size() == 2);
  for (const auto& sent : log) {
    INFO(sent.sql);
    CHECK(sent.sql.ends_with("limit $" + std::to_string(sent.params.size())));
    CHECK(sent.params.back() == "1");
    CHECK(db.query_text(sent.sql, sent.params).size() == 1);
  }
  // The statement itself is unchanged: all() still returns every row.
  CHECK(all_users.all().size() == static_cast<std::size_t>(total));
  // A limit of the statement's own is kept (first() runs it as written, decoding the first row only).
  log.clear();
  db.set_logger(record_into(log));
  CHECK((*all_users.limit(3).first())[users.id] == 1);
  db.set_logger({});
  REQUIRE(log.size() == 1);
  CHECK(log[0].params.back() == "3");
}

TEST_CASE("db.count(table) and db.count(table, where)", "[builders][driver][count]") {
  auto db = fresh_db();
  const auto total = user_count(db);
  CHECK(db.count(users) == total);
  CHECK(db.count(users, lte(users.id, 2)) == 2);
  CHECK(db.count(users, eq(users.email, "nobody@example.com")) == 0);
  condition none_given;  // an empty run-time condition counts every row
  CHECK(db.count(users, none_given) == total);
  auto sq = select(posts.author_id).from(posts).where(eq(posts.author_id, 1)).as<"mine">();
  CHECK(db.count(sq) == std::stoll(*db.query_text("select count(*) from posts where author_id = 1")[0][0]));
  db.transaction([&](drizzle::pqxx::session& tx) { CHECK(tx.count(users) == total); });
}

TEST_CASE("db.select_distinct_on starts a bound select distinct on, as db.selectDistinctOn", "[builders][driver]") {
  auto db = fresh_db();
  auto q = db.select_distinct_on(std::tuple{posts.author_id}, posts.author_id, posts.id)
               .from(posts)
               .order_by(posts.author_id, desc(posts.id));
  CHECK(q.sql() == R"(select distinct on ("posts"."author_id") "author_id", "id" from "posts" )"
                   R"(order by "posts"."author_id", "posts"."id" desc)");
  const auto rows = q.all();
  const auto authors = std::stoll(*db.query_text("select count(distinct author_id) from posts")[0][0]);
  REQUIRE(rows.size() == static_cast<std::size_t>(authors));
  REQUIRE(!rows.empty());
  CHECK(rows[0][posts.id] == std::stoi(*db.query_text("select max(id) from posts where author_id = " +
                                                      std::to_string(rows[0][posts.author_id]))[0][0]));
  db.transaction([&](drizzle::pqxx::session& tx) {
    CHECK(tx.select_distinct_on(std::tuple{posts.author_id}, posts.author_id).from(posts).all().size() == rows.size());
  });
}

TEST_CASE("order_by a named aggregate runs: the term is the field's name", "[builders][driver][order]") {
  auto db = fresh_db();
  const auto n = as<"n">(count(posts.id));
  const auto rows = db.select(posts.author_id, n).from(posts).group_by(posts.author_id).order_by(desc(n)).all();
  REQUIRE(rows.size() > 1);
  for (std::size_t i = 1; i < rows.size(); ++i) CHECK(rows[i - 1].get<"n">() >= rows[i].get<"n">());
}

TEST_CASE("for_each takes a non-const row reference", "[builders][driver][stream]") {
  auto db = fresh_db();
  const auto total = user_count(db);
  std::int64_t seen = 0;
  std::vector<std::string> emails;
  auto q = db.select(users.id, users.email).from(users).order_by(users.id);
  q.for_each(
      [&](auto& row) {
        row[users.email] += "!";  // the row is the callback's to change
        emails.push_back(row[users.email]);
        ++seen;
      },
      2);
  CHECK(seen == total);
  REQUIRE(!emails.empty());
  CHECK(emails[0].ends_with("!"));
  std::int64_t by_value = 0;
  q.for_each([&](auto row) { by_value += row[users.id]; });
  CHECK(by_value == std::stoll(*db.query_text("select sum(id) from users")[0][0]));
}
