#pragma once
/// The tables the compile-time benchmark's statements use: users and posts of the oracle schema
/// (tests/support/oracle_schema.hpp), declared as a user's file declares them, with <drizzle/drizzle.hpp> alone.
/// Not oracle_schema.hpp itself: that test header includes <nlohmann/json.hpp> for the tests that decode json
/// columns, which would put nlohmann's full header (~1 s, ~150 MB) into every file measured here.
#include <drizzle/drizzle.hpp>

namespace oracle {
using namespace drizzle::pg;

struct users_t : drizzle::table<users_t, "users"> {
  column<"id", serial, primary_key> id;
  column<"email", varchar<255>, not_null, unique> email;
  column<"name", varchar<255>> name;
  column<"role", varchar<50>, not_null, default_<drizzle::fixed_string("user")>> role;
  column<"metadata", jsonb<>> metadata;
  column<"is_active", boolean, not_null, default_<true>> is_active;
  column<"created_at", timestamp_tz, not_null, default_now> created_at;
  column<"updated_at", timestamp_tz, not_null, default_now> updated_at;

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
    return std::tuple{index<"author_idx">(t.author_id), index<"published_idx">(t.published)};
  }
};
inline constexpr posts_t posts{};

}  // namespace oracle
