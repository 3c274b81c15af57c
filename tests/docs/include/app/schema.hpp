#pragma once
/// The application's schema header that docs/kit.md's kit program includes (`#include "app/schema.hpp"`).
#include <drizzle/drizzle.hpp>

namespace app {
namespace pg = drizzle::pg;

struct users_t : drizzle::table<users_t, "users"> {
  column<"id", pg::serial, pg::primary_key> id;
  column<"email", pg::varchar<255>, pg::not_null, pg::unique> email;
};
inline constexpr users_t users{};

struct posts_t : drizzle::table<posts_t, "posts"> {
  column<"id", pg::serial, pg::primary_key> id;
  column<"author_id", pg::integer, pg::not_null, pg::references<&users_t::id>> author_id;
  column<"title", pg::text, pg::not_null> title;
};
inline constexpr posts_t posts{};

inline constexpr auto schema = drizzle::schema(users, posts);
}  // namespace app
