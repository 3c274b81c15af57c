#pragma once
// The C++ spelling of tests/data/drizzle/queries.json's query patterns, shared by the corpus test (same SQL and
// parameters as Drizzle) and the integration test (same rows as Drizzle got).
#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/oracle_schema.hpp"

namespace oracle_cases {
using namespace drizzle;
using namespace oracle;
using namespace std::chrono;

inline nlohmann::json load_queries() {
  std::ifstream in(DRIZZLE_ORACLE_DIR "/queries.json");
  if (!in) throw std::runtime_error("cannot open " DRIZZLE_ORACLE_DIR "/queries.json");
  return nlohmann::json::parse(in);
}

inline const timestamp_value jan_1_2024 = sys_days{2024y / 1 / 1};
inline const timestamp_value mar_1_2024 = sys_days{2024y / 3 / 1};
inline const timestamp_value fixed_update = sys_days{2024y / 6 / 15} + 12h + 30min;

/// The relational queries (db.query...): the statements themselves, so the integration test can also run them
/// through the driver and compare the decoded rows. f(name, statement) is called for each.
template <class F>
void for_each_relational_case(F&& f) {
  const auto q = query(relational);
  f("rqb_find_many_with_posts",
    q[users].find_many(with<"posts">(where(eq(posts.published, true)), order_by(desc(posts.created_at)), limit(5)),
                       where(eq(users.is_active, true))));
  f("rqb_find_first_with_posts", q[users].find_first(where(eq(users.id, 1)), with<"posts">()));
  f("rqb_find_many_plain", q[posts].find_many());
  f("rqb_find_many_columns_order_limit_offset",
    q[users].find_many(columns(users.id, users.email), order_by(desc(users.id)), limit(2), offset(1)));
  f("rqb_find_many_exclude_columns",
    q[users].find_many(exclude_columns(users.metadata, users.created_at, users.updated_at),
                       where(in_array(users.id, {1, 2})), order_by(asc(users.id))));
  f("rqb_find_first_no_match", q[users].find_first(where(eq(users.id, 999))));
  f("prepared_rqb",
    q[users].find_first(where(eq(users.id, placeholder<"id">())), with<"posts">(columns(posts.id, posts.title))));
}

inline std::map<std::string, std::function<sql_query()>> relational_cases() {
  std::map<std::string, std::function<sql_query()>> c;
  for_each_relational_case([&](const char* name, const auto& stmt) { c[name] = [stmt] { return to_sql(stmt); }; });
  return c;
}

/// The C++ spelling of each oracle query.
inline std::map<std::string, std::function<sql_query()>> cases() {
  std::map<std::string, std::function<sql_query()>> c;
  c["select_all_users"] = [] { return to_sql(select().from(users)); };
  c["select_partial_columns"] = [] { return to_sql(select(users.id, users.email, users.name).from(users)); };
  c["select_partial_renamed_and_sql"] = [] {
    return to_sql(select(users.id, sql<std::string, "upper({})">(users.email), sql<std::int32_t, "{} + 1">(users.id),
                         as<"literal">(sql<std::string, "'x'">()))
                      .from(users)
                      .order_by(users.id));
  };
  c["select_all_type_samples"] = [] { return to_sql(select().from(type_samples).order_by(type_samples.id)); };
  c["select_all_organizations"] = [] { return to_sql(select().from(organizations).order_by(organizations.slug)); };
  c["where_eq"] = [] { return to_sql(select().from(users).where(eq(users.id, 1))); };
  c["where_eq_string"] = [] { return to_sql(select().from(users).where(eq(users.email, "alice@example.com"))); };
  c["where_eq_boolean"] = [] {
    return to_sql(select(posts.id).from(posts).where(eq(posts.published, true)).order_by(posts.id));
  };
  c["where_eq_timestamp_param"] = [] {
    return to_sql(select(users.id).from(users).where(gte(users.created_at, mar_1_2024)).order_by(users.id));
  };
  c["where_and"] = [] {
    return to_sql(
        select().from(users).where(and_(eq(users.role, "user"), eq(users.is_active, true))).order_by(users.id));
  };
  c["where_or"] = [] {
    return to_sql(select().from(users).where(or_(eq(users.role, "admin"), eq(users.role, "guest"))).order_by(users.id));
  };
  c["where_not"] = [] {
    return to_sql(select().from(users).where(not_(eq(users.is_active, false))).order_by(users.id));
  };
  c["where_and_skips_undefined"] = [] {
    return to_sql(select(users.id).from(users).where(and_(eq(users.role, "user"))).order_by(users.id));
  };
  c["where_and_single_condition"] = [] { return to_sql(select(users.id).from(users).where(and_(eq(users.id, 2)))); };
  c["where_undefined"] = [] { return to_sql(select(users.id).from(users).order_by(users.id)); };
  c["where_like"] = [] { return to_sql(select(users.id, users.name).from(users).where(like(users.name, "A%"))); };
  c["where_ilike"] = [] {
    return to_sql(select(users.id, users.email).from(users).where(ilike(users.email, "%EXAMPLE%")).order_by(users.id));
  };
  c["where_not_like"] = [] {
    return to_sql(select(users.id).from(users).where(not_like(users.email, "%@test.com")).order_by(users.id));
  };
  c["where_not_ilike"] = [] {
    return to_sql(select(users.id).from(users).where(not_ilike(users.name, "f%")).order_by(users.id));
  };
  c["where_in_array"] = [] {
    return to_sql(select(users.id).from(users).where(in_array(users.id, {1, 2, 3})).order_by(users.id));
  };
  c["where_in_array_strings"] = [] {
    return to_sql(select(users.id).from(users).where(in_array(users.role, {"admin", "guest"})).order_by(users.id));
  };
  c["where_in_array_empty"] = [] {
    return to_sql(select(users.id).from(users).where(in_array(users.id, std::vector<int>{})));
  };
  c["where_not_in_array"] = [] {
    return to_sql(select(users.id).from(users).where(not_in_array(users.role, {"guest"})).order_by(users.id));
  };
  c["where_not_in_array_empty"] = [] {
    return to_sql(select(users.id).from(users).where(not_in_array(users.id, std::vector<int>{})).order_by(users.id));
  };
  c["where_is_null"] = [] { return to_sql(select(users.id).from(users).where(is_null(users.name))); };
  c["where_is_not_null"] = [] {
    return to_sql(select(users.id).from(users).where(is_not_null(users.metadata)).order_by(users.id));
  };
  c["where_between"] = [] {
    return to_sql(select(users.id).from(users).where(between(users.id, 2, 4)).order_by(users.id));
  };
  c["where_not_between"] = [] {
    return to_sql(select(users.id).from(users).where(not_between(users.id, 2, 4)).order_by(users.id));
  };
  c["where_gt"] = [] { return to_sql(select(users.id).from(users).where(gt(users.id, 3)).order_by(users.id)); };
  c["where_gte"] = [] { return to_sql(select(users.id).from(users).where(gte(users.id, 3)).order_by(users.id)); };
  c["where_lt"] = [] { return to_sql(select(users.id).from(users).where(lt(users.id, 3)).order_by(users.id)); };
  c["where_lte"] = [] { return to_sql(select(users.id).from(users).where(lte(users.id, 3)).order_by(users.id)); };
  c["where_ne"] = [] { return to_sql(select(users.id).from(users).where(ne(users.role, "user")).order_by(users.id)); };
  c["where_sql_jsonb_path"] = [] {
    return to_sql(
        select(users.id).from(users).where(sql<bool, "{}->'preferences'->>'theme' = {}">(users.metadata, "dark")));
  };
  c["where_sql_raw_fragment"] = [] {
    return to_sql(select(users.id).from(users).where(sql<bool, "{} % 2 = 0">(users.id)).order_by(users.id));
  };
  c["where_enum_column"] = [] {
    return to_sql(
        select(type_samples.id, type_samples.role).from(type_samples).where(eq(type_samples.role, user_role::admin)));
  };
  c["where_array_contains"] = [] {
    return to_sql(select(type_samples.id)
                      .from(type_samples)
                      .where(array_contains(type_samples.tags, std::vector<std::string>{"a"}))
                      .order_by(type_samples.id));
  };
  c["where_array_contained"] = [] {
    return to_sql(select(type_samples.id)
                      .from(type_samples)
                      .where(array_contained(type_samples.scores, std::vector<int>{1, 2, 3, 4}))
                      .order_by(type_samples.id));
  };
  c["where_array_overlaps"] = [] {
    return to_sql(select(type_samples.id)
                      .from(type_samples)
                      .where(array_overlaps(type_samples.tags, std::vector<std::string>{"b c", "zzz"}))
                      .order_by(type_samples.id));
  };
  c["order_by_asc_desc_multi"] = [] {
    return to_sql(
        select(users.id, users.role, users.created_at).from(users).order_by(asc(users.role), desc(users.created_at)));
  };
  c["order_by_plain_column"] = [] {
    return to_sql(select(users.id, users.name).from(users).order_by(users.name, users.id));
  };
  c["order_by_sql_nulls_last"] = [] {
    return to_sql(select(users.id, users.name).from(users).order_by(desc(users.name).nulls_last(), users.id));
  };
  c["limit_offset"] = [] { return to_sql(select(users.id).from(users).order_by(users.id).limit(2).offset(1)); };
  c["limit_only"] = [] { return to_sql(select(users.id).from(users).order_by(users.id).limit(3)); };
  c["offset_only"] = [] { return to_sql(select(users.id).from(users).order_by(users.id).offset(4)); };
  c["count_all"] = [] { return to_sql(select(count()).from(users)); };
  c["count_with_where"] = [] { return to_sql(select(count()).from(users).where(eq(users.is_active, true))); };
  c["count_column"] = [] { return to_sql(select(count(users.name)).from(users)); };
  c["count_distinct"] = [] { return to_sql(select(count_distinct(users.role)).from(users)); };
  c["aggregate_functions"] = [] {
    return to_sql(select(count(), count_distinct(users.role), sum(users.id), sum_distinct(users.id), avg(users.id),
                         avg_distinct(users.id), min(users.created_at), max(users.created_at), min(users.name),
                         max(users.id))
                      .from(users));
  };
  c["sql_days_since_created"] = [] {
    return to_sql(select(users.id, users.email, sql<decimal, "EXTRACT(DAY FROM NOW() - {})">(users.created_at))
                      .from(users)
                      .order_by(users.id));
  };
  c["inner_join_partial"] = [] {
    return to_sql(select(users.name, posts.title)
                      .from(users)
                      .inner_join(posts, eq(users.id, posts.author_id))
                      .order_by(posts.id));
  };
  c["left_join_count_group_by"] = [] {
    return to_sql(select(users.id, users.name, count(posts.id))
                      .from(users)
                      .left_join(posts, eq(users.id, posts.author_id))
                      .group_by(users.id)
                      .order_by(users.id));
  };
  c["join_full_tables"] = [] {
    return to_sql(select(users, posts)
                      .from(users)
                      .inner_join(posts, eq(users.id, posts.author_id))
                      .where(eq(posts.published, true))
                      .order_by(posts.id));
  };
  c["left_join_default_selection"] = [] {
    return to_sql(select().from(users).left_join(posts, eq(users.id, posts.author_id)).order_by(users.id, posts.id));
  };
  c["right_join"] = [] {
    return to_sql(select(posts.id, users.id, users.email)
                      .from(posts)
                      .right_join(users, eq(users.id, posts.author_id))
                      .order_by(users.id, posts.id));
  };
  c["full_join"] = [] {
    return to_sql(select(users.name, organizations.name)
                      .from(users)
                      .full_join(organizations, eq(users.name, organizations.name))
                      .order_by(users.id, organizations.slug));
  };
  c["having"] = [] {
    return to_sql(select(users.id, count(posts.id))
                      .from(users)
                      .inner_join(posts, eq(users.id, posts.author_id))
                      .group_by(users.id)
                      .having(gt(count(posts.id), 1))
                      .order_by(users.id));
  };
  c["distinct"] = [] { return to_sql(select_distinct(users.role).from(users).order_by(users.role)); };
  c["distinct_on"] = [] {
    return to_sql(select_distinct_on(std::tuple{posts.author_id}, posts.author_id, posts.title, posts.created_at)
                      .from(posts)
                      .order_by(posts.author_id, desc(posts.created_at)));
  };
  c["subquery_in_from"] = [] {
    auto sq = select(posts.id, posts.title, posts.author_id)
                  .from(posts)
                  .where(eq(posts.published, true))
                  .as<"published_posts">();
    return to_sql(select().from(sq).where(gt(sq[posts.id], 1)).order_by(sq[posts.id]));
  };
  c["subquery_in_array"] = [] {
    return to_sql(select(users.id)
                      .from(users)
                      .where(in_array(users.id, select(posts.author_id).from(posts).where(eq(posts.published, true))))
                      .order_by(users.id));
  };
  c["exists"] = [] {
    return to_sql(select(users.id)
                      .from(users)
                      .where(exists(select(sql<int, "1">()).from(posts).where(eq(posts.author_id, users.id))))
                      .order_by(users.id));
  };
  c["not_exists"] = [] {
    return to_sql(select(users.id)
                      .from(users)
                      .where(not_exists(select().from(posts).where(eq(posts.author_id, users.id))))
                      .order_by(users.id));
  };
  c["cte_with"] = [] {
    auto active = with_<"active_users">(select().from(users).where(eq(users.is_active, true)));
    return to_sql(with(active).select().from(active).order_by(active[users.id]));
  };
  c["cte_with_sql_field"] = [] {
    constexpr auto n = as<"n">(sql<std::int64_t, "count(*)">());
    auto authors = with_<"authors">(select(posts.author_id, n).from(posts).group_by(posts.author_id));
    return to_sql(with(authors)
                      .select(users.email, authors[n])
                      .from(authors)
                      .inner_join(users, eq(users.id, authors[posts.author_id]))
                      .order_by(desc(authors[n]), users.email));
  };
  c["union"] = [] {
    return to_sql(select(users.name)
                      .from(users)
                      .union_(select(organizations.name).from(organizations))
                      .order_by(sql<void, "name">()));
  };
  c["union_all"] = [] {
    return to_sql(select(users.role)
                      .from(users)
                      .where(eq(users.is_active, true))
                      .union_all(select(users.role).from(users).where(eq(users.role, "admin")))
                      .order_by(sql<void, "role">()));
  };
  c["union_all_function_form"] = [] {
    return to_sql(union_all(select(users.id).from(users).where(eq(users.id, 1)),
                            select(users.id).from(users).where(eq(users.id, 1))));
  };
  c["intersect"] = [] {
    return to_sql(select(users.id)
                      .from(users)
                      .where(gt(users.id, 1))
                      .intersect(select(posts.author_id).from(posts))
                      .order_by(sql<void, "id">()));
  };
  c["intersect_function_form"] = [] {
    return to_sql(
        intersect(select(users.id).from(users), select(posts.author_id).from(posts)).order_by(sql<void, "id">()));
  };
  c["except"] = [] {
    return to_sql(
        select(users.id).from(users).except_(select(posts.author_id).from(posts)).order_by(sql<void, "id">()));
  };
  c["except_function_form"] = [] {
    return to_sql(
        except_(select(users.id).from(users), select(posts.author_id).from(posts)).order_by(sql<void, "id">()));
  };
  c["for_update"] = [] { return to_sql(select().from(users).where(eq(users.id, 1)).for_update()); };
  c["for_update_skip_locked"] = [] {
    return to_sql(select(posts.id)
                      .from(posts)
                      .where(eq(posts.published, false))
                      .order_by(posts.id)
                      .limit(1)
                      .for_update(skip_locked));
  };
  c["for_no_key_update"] = [] {
    return to_sql(select(users.id).from(users).where(eq(users.id, 3)).for_no_key_update());
  };
  c["insert_single_returning"] = [] {
    return to_sql(insert(users)
                      .values(users.email = "new@example.com", users.name = "New User", users.created_at = jan_1_2024,
                              users.updated_at = jan_1_2024)
                      .returning());
  };
  c["insert_single_defaults_only"] = [] {
    return to_sql(
        insert(users).values(users.email = "minimal@example.com").returning(users.id, users.role, users.is_active));
  };
  c["insert_returning_partial"] = [] {
    return to_sql(insert(users)
                      .values(users.email = "partial@example.com", users.name = "Partial")
                      .returning(users.id, users.email));
  };
  c["insert_no_returning"] = [] { return to_sql(insert(tags).values(tags.name = "fresh")); };
  c["insert_jsonb"] = [] {
    nlohmann::json meta = {
        {"preferences", {{"theme", "dark"}, {"notifications", true}, {"nested", {1, "two", nullptr}}}}};
    return to_sql(insert(users)
                      .values(users.email = "json@example.com", users.metadata = meta, users.created_at = jan_1_2024,
                              users.updated_at = jan_1_2024)
                      .returning(users.id, users.metadata));
  };
  c["insert_on_conflict_do_update"] = [] {
    return to_sql(insert(users)
                      .values(users.email = "alice@example.com", users.name = "Alice Updated")
                      .on_conflict_do_update(users.email, users.name = "Alice Updated")
                      .returning(users.id, users.email, users.name));
  };
  c["insert_on_conflict_do_nothing_target"] = [] {
    return to_sql(insert(users)
                      .values(users.email = "alice@example.com", users.name = "Ignored")
                      .on_conflict_do_nothing(users.email)
                      .returning(users.id));
  };
  c["insert_on_conflict_do_nothing"] = [] {
    return to_sql(insert(tags).values(tags.id = 1, tags.name = "typescript").on_conflict_do_nothing().returning());
  };
  c["insert_select"] = [] {
    return to_sql(insert(tags)
                      .select(select(as<"id">(sql<std::int32_t, "{} + 1000">(users.id)), users.email)
                                  .from(users)
                                  .where(eq(users.is_active, true)))
                      .returning());
  };
  c["update_set_where"] = [] {
    return to_sql(
        update(users).set(users.name = "Updated Name", users.updated_at = fixed_update).where(eq(users.id, 1)));
  };
  c["update_returning"] = [] {
    return to_sql(update(users)
                      .set(users.is_active = false, users.updated_at = fixed_update)
                      .where(eq(users.email, "bob@example.com"))
                      .returning());
  };
  c["update_conditional_interval"] = [] {
    return to_sql(update(users)
                      .set(users.is_active = false)
                      .where(and_(eq(users.role, "guest"),
                                  lt(users.updated_at, sql<timestamp_value, "now() - interval '30 days'">())))
                      .returning(users.id));
  };
  c["update_sql_expression"] = [] {
    return to_sql(update(users)
                      .set(users.name = sql<std::optional<std::string>, "upper({})">(users.name),
                           users.updated_at = sql<timestamp_value, "{} + interval '1 day'">(users.created_at))
                      .where(is_not_null(users.name))
                      .returning(users.id, users.name, users.updated_at));
  };
  c["delete_where"] = [] { return to_sql(delete_from(posts).where(eq(posts.id, 3))); };
  c["delete_returning"] = [] { return to_sql(delete_from(comments).where(eq(comments.post_id, 1)).returning()); };
  c["delete_returning_partial"] = [] {
    return to_sql(delete_from(tags).where(eq(tags.name, "unused")).returning(tags.id));
  };
  c["delete_bulk_sql"] = [] {
    return to_sql(
        delete_from(posts)
            .where(sql<bool, "{} < now() - interval '1 year' and {} = false">(posts.created_at, posts.published))
            .returning(posts.id));
  };
  c["delete_all_rows"] = [] { return to_sql(delete_from(post_tags)); };
  c["prepared_where_limit"] = [] {
    return to_sql(select()
                      .from(users)
                      .where(eq(users.role, placeholder<"role">()))
                      .order_by(users.id)
                      .limit(placeholder<"limit">()));
  };
  c["prepared_insert"] = [] { return to_sql(insert(tags).values(tags.name = placeholder<"name">()).returning()); };
  for (auto& [name, q] : relational_cases()) c[name] = q;
  return c;
}

/// Deliberate differences: the text we render instead of Drizzle's, and why (also in docs/queries.md).
inline const std::map<std::string, std::pair<std::string, std::string>> differences = {
    {"where_in_array_empty",
     {R"(select "id" from "users" where "users"."id" = any($1))",
      "a range binds one array parameter, so the text does not depend on its length; an empty array matches "
      "nothing, as Drizzle's `false` does"}},
    {"where_not_in_array_empty",
     {R"(select "id" from "users" where "users"."id" <> all($1) order by "users"."id")",
      "as above: `<> all('{}')` is true, as Drizzle's `true`"}},
};

/// Patterns the C++ API spells differently or does not offer yet (see docs/queries.md).
inline const std::set<std::string> not_covered = {
    "insert_multiple",                        // rows of one insert assign the same columns in drizzle-cpp
    "insert_on_conflict_do_update_excluded",  // same reason (rows with different columns)
    "insert_select_sql",                      // insert ... select from a raw sql template
    "dollar_count",
    "dollar_count_with_filter",  // $count: select(count()) instead
    "raw_execute_params",
    "raw_execute_identifier_and_table",  // raw statements run through the driver
};

/// Oracle patterns this suite renders (all but not_covered, the relational queries included).
inline bool covered(const std::string& name) {
  return !not_covered.count(name);
}
}  // namespace oracle_cases
