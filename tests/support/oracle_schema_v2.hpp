#pragma once
/// The v2 oracle schema (tests/data/drizzle/src/schema_v2.ts): v1 (oracle_schema.hpp) with the enum value
/// `moderator`, users.bio, the desc index posts_created_at_idx, type_samples without ratio, and the new table
/// audit_log. Tables that share a name with a v1 table are different types, so they live in their own namespace;
/// the unchanged tables (organizations, tags, post_tags, comments) are v1's own: the kit describes tables and
/// references by name, so they describe the same in both versions.
#include "oracle_schema.hpp"

namespace oracle_v2 {
using namespace drizzle::pg;

enum class user_role { admin, user, guest, moderator };
inline constexpr auto user_role_enum =
    drizzle::pg_enum<user_role, "user_role", "admin", "user", "guest", "moderator">{};

struct users_t : drizzle::table<users_t, "users"> {
  column<"id", serial, primary_key> id;
  column<"email", varchar<255>, not_null, unique> email;
  column<"name", varchar<255>> name;
  column<"role", varchar<50>, not_null, default_<drizzle::fixed_string("user")>> role;
  column<"metadata", jsonb<>> metadata;
  column<"is_active", boolean, not_null, default_<true>> is_active;
  column<"created_at", timestamp_tz, not_null, default_now> created_at;
  column<"updated_at", timestamp_tz, not_null, default_now> updated_at;
  column<"bio", text> bio;

  static constexpr auto config(const users_t& t) {
    return std::tuple{unique_index<"email_idx">(t.email), index<"role_idx">(t.role)};
  }
};
inline constexpr users_t users{};

struct posts_t : drizzle::table<posts_t, "posts"> {
  column<"id", serial, primary_key> id;
  column<"title", varchar<255>, not_null> title;
  column<"content", text> content;
  column<"published", boolean, not_null, default_<false>> published;
  column<"author_id", integer, not_null, references<&users_t::id, on_delete::cascade>> author_id;
  column<"created_at", timestamp, not_null, default_now> created_at;

  static constexpr auto config(const posts_t& t) {
    return std::tuple{index<"author_idx">(t.author_id), index<"published_idx">(t.published),
                      index<"posts_created_at_idx">(desc_index(t.created_at))};
  }
};
inline constexpr posts_t posts{};

struct type_samples_t : drizzle::table<type_samples_t, "type_samples"> {
  column<"id", serial, primary_key> id;
  column<"big_num", bigint> big_num;
  column<"big_big", bigint> big_big;
  column<"price", numeric<10, 2>> price;
  column<"score", double_precision> score;
  column<"small", smallint> small;
  column<"day", date> day;
  column<"day_as_date", date> day_as_date;
  column<"at_time", time_of_day> at_time;
  column<"duration", interval> duration;
  column<"tags", array_nullable<text>> tags;
  column<"scores", array<integer>> scores;
  column<"country", char_<2>> country;
  column<"payload", json> payload;
  column<"role", enum_of<user_role_enum>, not_null, default_<user_role::guest>> role;
  column<"stamp_string", timestamp_string_p<3>> stamp_string;
  column<"stamp_tz", timestamp_tz_p<6>> stamp_tz;
  column<"ident", uuid, default_random> ident;
};
inline constexpr type_samples_t type_samples{};

struct audit_log_t : drizzle::table<audit_log_t, "audit_log"> {
  column<"id", integer, primary_key, identity_always<>> id;
  column<"user_id", integer, references<&users_t::id, on_delete::set_null>> user_id;
  column<"action", varchar<64>, not_null> action;
  column<"details", jsonb<>, not_null, default_<drizzle::fixed_string("{}")>> details;
  column<"at", timestamp_tz, not_null, default_now> at;

  static constexpr auto config(const audit_log_t& t) {
    return std::tuple{index<"audit_log_user_at_idx">(t.user_id, t.at)};
  }
};
inline constexpr audit_log_t audit_log{};

using oracle::comments;
using oracle::organizations;
using oracle::post_tags;
using oracle::tags;

/// The whole v2 schema, as drizzle-kit saw it.
inline auto schema() {
  return drizzle::schema(users, posts, organizations, type_samples, tags, post_tags, comments, audit_log);
}

}  // namespace oracle_v2

namespace oracle {
/// The whole v1 schema.
inline auto schema_v1() {
  return drizzle::schema(users, posts, organizations, type_samples, tags, post_tags, comments);
}
}  // namespace oracle
