// prelude: pg
// The tables the pages' examples use (Drizzle's users / posts / comments / tags), the structs they map to, the
// schema and its relations.
#include <cstdint>
#include <drizzle/ddl.hpp>     // drizzle::schema
#include <drizzle/result.hpp>  // drizzle::check_maps_to
#include <nlohmann/json.hpp>   // User::metadata (the core has only <nlohmann/json_fwd.hpp>)
#include <optional>
#include <string>
#include <vector>

enum class user_role { admin, user, guest };
inline constexpr auto user_role_enum = drizzle::pg_enum<user_role, "user_role", "admin", "user", "guest">{};

struct users_t : drizzle::table<users_t, "users"> {
  column<"id", serial, primary_key> id;
  column<"email", varchar<255>, not_null, unique> email;
  column<"name", varchar<255>> name;
  column<"role", enum_of<user_role_enum>, not_null, default_<user_role::user>> role;
  column<"metadata", jsonb<>> metadata;
  column<"is_active", boolean, not_null, default_<true>> is_active;
  column<"score", integer, not_null, default_<0>> score;
  column<"created_at", timestamp_tz, not_null, default_now> created_at;
  column<"updated_at", timestamp_tz, not_null, default_now> updated_at;
};
inline constexpr users_t users{};

struct posts_t : drizzle::table<posts_t, "posts"> {
  column<"id", serial, primary_key> id;
  column<"title", varchar<255>, not_null> title;
  column<"content", text> content;
  column<"published", boolean, not_null, default_<false>> published;
  column<"author_id", integer, not_null, references<&users_t::id, on_delete::cascade>> author_id;
  column<"created_at", timestamp, not_null, default_now> created_at;
};
inline constexpr posts_t posts{};

struct comments_t : drizzle::table<comments_t, "comments"> {
  column<"id", serial, primary_key> id;
  column<"post_id", integer, not_null, references<&posts_t::id, on_delete::cascade>> post_id;
  column<"author_id", integer, references<&users_t::id, on_delete::set_null>> author_id;
  column<"parent_id", integer> parent_id;
  column<"body", text, not_null> body;
  column<"created_at", timestamp, not_null, default_now> created_at;

  static constexpr auto config(const comments_t& t) {
    return std::tuple{foreign_key(t.parent_id, t.id).on_delete(on_delete::set_null)};
  }
};
inline constexpr comments_t comments{};

struct tags_t : drizzle::table<tags_t, "tags"> {
  column<"id", serial, primary_key> id;
  column<"name", varchar<50>, not_null, unique> name;
};
inline constexpr tags_t tags{};

inline constexpr auto schema = drizzle::schema(users, posts, comments, tags);

/// Rows as structs: User maps_to users_t, Post maps_to posts_t.
struct User {
  std::int32_t id;
  std::string email;
  std::optional<std::string> name;
  user_role role;
  std::optional<nlohmann::json> metadata;
  bool is_active;
  std::int32_t score;
  std::chrono::sys_time<std::chrono::microseconds> created_at;
  std::chrono::sys_time<std::chrono::microseconds> updated_at;
};
struct Post {
  std::int32_t id;
  std::string title;
  std::optional<std::string> content;
  bool published;
  std::int32_t author_id;
  std::chrono::sys_time<std::chrono::microseconds> created_at;
};
static_assert(drizzle::check_maps_to<User, users_t>() && drizzle::check_maps_to<Post, posts_t>());

inline constexpr auto relational = drizzle::relational_schema(
    relations(users, many<"posts">(posts), many<"comments">(comments)),
    relations(posts, one<"author">(users, posts.author_id, users.id), many<"comments">(comments)),
    relations(comments, one<"post">(posts, comments.post_id, posts.id),
              one<"author">(users, comments.author_id, users.id),
              one<"parent", "comment_replies">(comments, comments.parent_id, comments.id),
              many<"replies", "comment_replies">(comments)));
