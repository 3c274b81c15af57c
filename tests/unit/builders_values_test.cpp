// Statements are values: every builder works on a named statement (copying it, the original unchanged) as well as
// on a temporary, for every statement kind, set operations and CTEs (issue 10).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;

namespace {
template <class S>
concept has_limit_one = requires(const S& s) {
  s.limit_one();
};
constexpr std::string_view all_users =
    R"(select "id", "email", "name", "role", "metadata", "is_active", "created_at", "updated_at" from "users")";
}  // namespace

TEST_CASE("a named select is extended into new statements and stays as it was", "[builders][select]") {
  auto base = select().from(users);
  auto active = base.where(eq(users.is_active, true));
  auto by_id = base.where(eq(users.id, 7)).order_by(users.id).limit(1);
  CHECK(base.sql() == all_users);
  CHECK(active.sql() == std::string(all_users) + R"( where "users"."is_active" = $1)");
  CHECK(to_sql(by_id).sql == std::string(all_users) + R"( where "users"."id" = $1 order by "users"."id" limit $2)");
  CHECK(to_sql(by_id).values() == std::vector<std::optional<std::string>>{"7", "1"});
  CHECK(to_sql(base).params.empty());

  // Step by step, each step a named value (Drizzle's $dynamic style).
  auto step1 = select(users.id, posts.title).from(users);
  auto step2 = step1.left_join(posts, eq(users.id, posts.author_id));
  auto step3 = step2.where(gt(users.id, 1));
  auto step4 = step3.group_by(users.id, posts.title);
  auto step5 = step4.having(gt(users.id, 2));
  auto step6 = step5.order_by(desc(users.id));
  auto step7 = step6.limit(5);
  auto step8 = step7.offset(10);
  auto step9 = step8.for_update();
  CHECK(to_sql(step9).sql ==
        R"(select "users"."id", "posts"."title" from "users" left join "posts" on "users"."id" = "posts"."author_id" )"
        R"(where "users"."id" > $1 group by "users"."id", "posts"."title" having "users"."id" > $2 )"
        R"(order by "users"."id" desc limit $3 offset $4 for update)");
  CHECK(to_sql(step2).sql ==
        R"(select "users"."id", "posts"."title" from "users" left join "posts" on "users"."id" = "posts"."author_id")");

  // Every join kind and lock kind on an lvalue.
  auto from_users = select(users.id).from(users);
  CHECK(to_sql(from_users.inner_join(posts, eq(users.id, posts.author_id))).sql.find(" inner join ") !=
        std::string_view::npos);
  CHECK(to_sql(from_users.right_join(posts, eq(users.id, posts.author_id))).sql.find(" right join ") !=
        std::string_view::npos);
  CHECK(to_sql(from_users.full_join(posts, eq(users.id, posts.author_id))).sql.find(" full join ") !=
        std::string_view::npos);
  CHECK(to_sql(from_users.cross_join(posts)).sql.find(" cross join ") != std::string_view::npos);
  CHECK(to_sql(from_users.for_share()).sql.ends_with(" for share"));
  CHECK(to_sql(from_users.for_no_key_update()).sql.ends_with(" for no key update"));
  CHECK(to_sql(from_users.for_key_share(nowait)).sql.ends_with(" for key share nowait"));
  CHECK(to_sql(from_users).sql == R"(select "id" from "users")");

  // A const statement too.
  const auto fixed = select(users.id).from(users);
  CHECK(fixed.where(eq(users.id, 1)).sql() == R"(select "id" from "users" where "users"."id" = $1)");
  // And the lvalue's select() before from().
  auto fields = select(users.id);
  CHECK(fields.from(users).sql() == R"(select "id" from "users")");
}

TEST_CASE("a named statement's SQL is still a compile-time constant", "[builders][select]") {
  static constexpr auto base = select().from(users);
  static constexpr auto by_id = base.where(eq(users.id, 0));
  STATIC_REQUIRE(by_id.sql() == R"(select "id", "email", "name", "role", "metadata", "is_active", "created_at", )"
                                R"("updated_at" from "users" where "users"."id" = $1)");
  STATIC_REQUIRE(base.sql() == all_users);
}

TEST_CASE("a named dynamic statement keeps its run-time parts when copied", "[builders][dynamic]") {
  condition c;
  c = c && eq(users.role, "admin");
  auto base = select(users.id).from(users);
  auto filtered = base.where(c);
  auto again = filtered.order_by(users.id);
  CHECK(to_sql(filtered).sql == R"(select "id" from "users" where "users"."role" = $1)");
  CHECK(to_sql(again).sql == R"(select "id" from "users" where "users"."role" = $1 order by "users"."id")");
  CHECK(to_sql(again).values() == std::vector<std::optional<std::string>>{"admin"});
  CHECK(to_sql(filtered).values() == std::vector<std::optional<std::string>>{"admin"});
}

TEST_CASE("set operations combine named statements", "[builders][set]") {
  auto a = select(users.id).from(users).where(eq(users.id, 1));
  auto b = select(users.id).from(users).where(eq(users.id, 2));
  auto u = a.union_(b);
  CHECK(u.sql() == R"((select "id" from "users" where "users"."id" = $1) union )"
                   R"((select "id" from "users" where "users"."id" = $2))");
  CHECK(a.union_all(b).sql().find(" union all ") != std::string_view::npos);
  CHECK(a.intersect(b).sql().find(" intersect ") != std::string_view::npos);
  CHECK(a.intersect_all(b).sql().find(" intersect all ") != std::string_view::npos);
  CHECK(a.except_(b).sql().find(" except ") != std::string_view::npos);
  CHECK(a.except_all(b).sql().find(" except all ") != std::string_view::npos);
  CHECK(union_(a, b, a).sql().find(") union (") != std::string_view::npos);

  // A named compound is extended the same way.
  auto ordered = u.order_by(users.id);
  auto page = ordered.limit(2);
  auto next = page.offset(2);
  CHECK(to_sql(next).sql == std::string(u.sql()) + R"( order by "id"  limit $3 offset $4)");  // Drizzle's space
  CHECK(to_sql(next).values() == std::vector<std::optional<std::string>>{"1", "2", "2", "2"});
  CHECK(u.union_(b).intersect_all(a).except_all(b).sql().find(" except all ") != std::string_view::npos);
  CHECK(to_sql(u).values() == std::vector<std::optional<std::string>>{"1", "2"});
}

TEST_CASE("CTEs are built from named statements", "[builders][with]") {
  auto active_stmt = select(users.id, users.email).from(users).where(eq(users.is_active, true));
  auto active = with_<"active_users">(active_stmt);
  auto ctes = with(active);
  auto q = ctes.select().from(active);
  auto ordered = q.order_by(active[users.id]);
  CHECK(to_sql(ordered).sql == R"(with "active_users" as (select "id", "email" from "users" where "users"."is_active" )"
                               R"(= $1) select "id", "email" from "active_users" order by "active_users"."id")");
  CHECK(to_sql(q).sql == R"(with "active_users" as (select "id", "email" from "users" where "users"."is_active" )"
                         R"(= $1) select "id", "email" from "active_users")");
  // The same statement also serves as a subquery.
  auto sq = active_stmt.as<"sq">();
  CHECK(to_sql(select().from(sq)).sql ==
        R"(select "id", "email" from (select "id", "email" from "users" where "users"."is_active" = $1) "sq")");
  CHECK(active_stmt.sql() == R"(select "id", "email" from "users" where "users"."is_active" = $1)");
}

TEST_CASE("insert, update and delete statements are values too", "[builders][modify]") {
  auto ins = insert(users).values(users.email = "a@example.com");
  auto ins_ret = ins.returning(users.id);
  auto ins_skip = ins.on_conflict_do_nothing(users.email);
  auto ins_up = ins.on_conflict_do_update(users.email, users.name = excluded(users.name));
  auto ins_up_where = ins_up.set_where(eq(users.is_active, true));
  auto ins_target = ins_up.target_where(eq(users.is_active, true));
  const std::string ins_text = std::string(ins.sql());
  CHECK(ins_text.find(" returning ") == std::string::npos);
  CHECK(std::string(ins_ret.sql()) == ins_text + R"( returning "id")");
  CHECK(std::string(ins_skip.sql()) == ins_text + R"( on conflict ("email") do nothing)");
  CHECK(std::string(ins_up.sql()) == ins_text + R"( on conflict ("email") do update set "name" = excluded."name")");
  CHECK(std::string(ins_up_where.sql()) == std::string(ins_up.sql()) + R"( where "users"."is_active" = $)" +
                                               std::to_string(to_sql(ins_up).params.size() + 1));
  CHECK(to_sql(ins_target).sql.find(R"(on conflict ("email") where "users"."is_active" = $)") !=
        std::string_view::npos);
  CHECK(ins_up_where.returning().sql().ends_with(R"("updated_at")"));

  auto upd = update(users).set(users.name = "Jane");
  auto upd_where = upd.where(eq(users.id, 1));
  auto upd_ret = upd_where.returning(users.id);
  auto upd_from = upd.from(posts);
  CHECK(upd.sql() == R"(update "users" set "name" = $1)");
  CHECK(upd_where.sql() == R"(update "users" set "name" = $1 where "users"."id" = $2)");
  CHECK(upd_ret.sql() == std::string(upd_where.sql()) + R"( returning "id")");
  CHECK(upd_from.sql() == R"(update "users" set "name" = $1 from "posts")");

  auto del = delete_from(posts);
  auto del_where = del.where(eq(posts.id, 3));
  auto del_ret = del_where.returning(posts.id);
  CHECK(del.sql() == R"(delete from "posts")");
  CHECK(del_where.sql() == R"(delete from "posts" where "posts"."id" = $1)");
  CHECK(del_ret.sql() == R"(delete from "posts" where "posts"."id" = $1 returning "id")");
  CHECK(del.returning().sql() == R"(delete from "posts" returning "id", "title", "content", "published", )"
                                 R"("author_id", "created_at")");
}

TEST_CASE("first()'s statement: limit 1 when there is none, in the limit's place", "[builders][first]") {
  auto base = select(users.id).from(users).where(eq(users.is_active, true)).order_by(users.id);
  auto one = base.limit_one();
  CHECK(one.sql() == R"(select "id" from "users" where "users"."is_active" = $1 order by "users"."id" limit $2)");
  CHECK(to_sql(one).values() == std::vector<std::optional<std::string>>{"true", "1"});
  // After offset and before a lock clause, as SQL wants it.
  auto locked = select(users.id).from(users).offset(3).for_update();
  CHECK(locked.limit_one().sql() == R"(select "id" from "users" limit $1 offset $2 for update)");
  CHECK(to_sql(locked.limit_one()).values() == std::vector<std::optional<std::string>>{"1", "3"});
  // A set operation: over the whole compound.
  auto u = select(users.id).from(users).union_(select(posts.author_id).from(posts));
  CHECK(u.limit_one().sql() == R"((select "id" from "users") union (select "author_id" from "posts") limit $1)");
  // A statement with a limit of its own has no limit_one(): first() runs it as written.
  STATIC_REQUIRE(has_limit_one<decltype(base)>);
  STATIC_REQUIRE_FALSE(has_limit_one<decltype(base.limit(5))>);
  STATIC_REQUIRE_FALSE(has_limit_one<decltype(u.limit(5))>);
}
