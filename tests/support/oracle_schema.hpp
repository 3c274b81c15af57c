#pragma once
/// The oracle schema (tests/data/drizzle/src/schema.ts) declared with drizzle-cpp. Tests compare what
/// this renders and runs against what Drizzle ORM and drizzle-kit produced for the TypeScript one.
#include <drizzle/drizzle.hpp>
#include <nlohmann/json.hpp>  // the schema has json columns; their codecs need the full header (docs/types.md)

namespace oracle {
using namespace drizzle::pg;

enum class user_role { admin, user, guest };
inline constexpr auto user_role_enum = drizzle::pg_enum<user_role, "user_role", "admin", "user", "guest">{};

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

struct organizations_t : drizzle::table<organizations_t, "organizations"> {
  column<"id", uuid, primary_key, default_random> id;
  column<"name", varchar<255>, not_null> name;
  column<"slug", varchar<100>, not_null, unique> slug;
  column<"created_at", timestamp, not_null, default_now> created_at;
};
inline constexpr organizations_t organizations{};

/// One column of (almost) every scalar type.
struct type_samples_t : drizzle::table<type_samples_t, "type_samples"> {
  column<"id", serial, primary_key> id;
  column<"big_num", bigint> big_num;
  column<"big_big", bigint> big_big;
  column<"price", numeric<10, 2>> price;
  column<"ratio", real> ratio;
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

struct tags_t : drizzle::table<tags_t, "tags"> {
  column<"id", serial, primary_key> id;
  column<"name", varchar<50>, not_null, unique> name;
};
inline constexpr tags_t tags{};

struct post_tags_t : drizzle::table<post_tags_t, "post_tags"> {
  column<"post_id", integer, not_null, references<&posts_t::id, on_delete::cascade>> post_id;
  column<"tag_id", integer, not_null, references<&tags_t::id, on_delete::cascade>> tag_id;
  column<"added_at", timestamp_tz, not_null, default_now> added_at;

  static constexpr auto config(const post_tags_t& t) { return std::tuple{composite_primary_key(t.post_id, t.tag_id)}; }
};
inline constexpr post_tags_t post_tags{};

/// Self-referencing table: parent_id -> comments.id, declared in config().
struct comments_t : drizzle::table<comments_t, "comments"> {
  column<"id", serial, primary_key> id;
  column<"post_id", integer, not_null, references<&posts_t::id, on_delete::cascade>> post_id;
  column<"author_id", integer, references<&users_t::id, on_delete::set_null>> author_id;
  column<"parent_id", integer> parent_id;
  column<"body", text, not_null> body;
  column<"created_at", timestamp, not_null, default_now> created_at;

  static constexpr auto config(const comments_t& t) {
    return std::tuple{foreign_key(t.parent_id, t.id).on_delete(on_delete::set_null),
                      index<"comments_post_idx">(t.post_id)};
  }
};
inline constexpr comments_t comments{};

/// The relations of schema.ts (usersRelations, postsRelations, ...), for the relational query builder.
inline constexpr auto relational = drizzle::relational_schema(
    drizzle::relations(users, drizzle::many<"posts">(posts), drizzle::many<"comments">(comments)),
    drizzle::relations(posts, drizzle::one<"author">(users, posts.author_id, users.id),
                       drizzle::many<"comments">(comments), drizzle::many<"postTags">(post_tags)),
    drizzle::relations(tags, drizzle::many<"postTags">(post_tags)),
    drizzle::relations(post_tags, drizzle::one<"post">(posts, post_tags.post_id, posts.id),
                       drizzle::one<"tag">(tags, post_tags.tag_id, tags.id)),
    drizzle::relations(comments, drizzle::one<"post">(posts, comments.post_id, posts.id),
                       drizzle::one<"author">(users, comments.author_id, users.id),
                       drizzle::one<"parent", "comment_replies">(comments, comments.parent_id, comments.id),
                       drizzle::many<"replies", "comment_replies">(comments)));

}  // namespace oracle
