#pragma once
/// The posts app's schema (examples/web): one table in its own PostgreSQL schema. web_kit (web_kit.cpp) generated
/// the migrations in drizzle/ from it; the server applies them at start with the kit's migrator.
#include <drizzle/ddl.hpp>
#include <drizzle/drizzle.hpp>

namespace posts_app {
using namespace drizzle::pg;

struct posts_t : drizzle::table<posts_t, "posts", "web"> {
  column<"id", integer, primary_key, identity_always<>> id;
  column<"title", varchar<200>, not_null, unique> title;  ///< unique: the form shows unique_violation next to it
  column<"body", text, not_null> body;
  column<"created_at", timestamp_tz, not_null, default_now> created_at;
};
inline constexpr posts_t posts{};

inline constexpr auto schema = drizzle::schema(posts);
}  // namespace posts_app
