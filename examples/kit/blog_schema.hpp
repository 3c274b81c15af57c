#pragma once
/// The blog's schema as it evolves: BLOG_SCHEMA_VERSION 1 is the first release, 2 adds author bios and comments,
/// 3 renames articles.views to view_count. docs/kit.md walks through generating and applying each step; the test
/// suite builds the kit program once per version and runs that walk (examples/kit/walk.sh).
#include <drizzle/drizzle.hpp>

#ifndef BLOG_SCHEMA_VERSION
#define BLOG_SCHEMA_VERSION 3
#endif

namespace blog {
using namespace drizzle::pg;

struct authors_t : drizzle::table<authors_t, "authors", "blog"> {
  column<"id", integer, primary_key, identity_always<>> id;
  column<"handle", varchar<40>, not_null, unique> handle;
  column<"display_name", text> display_name;
#if BLOG_SCHEMA_VERSION >= 2
  column<"bio", text> bio;
#endif
  column<"joined_at", timestamp_tz, not_null, default_now> joined_at;
};
inline constexpr authors_t authors{};

struct articles_t : drizzle::table<articles_t, "articles", "blog"> {
  column<"id", bigint, primary_key, identity_by_default<>> id;
  column<"author_id", integer, not_null, references<&authors_t::id, on_delete::cascade>> author_id;
  column<"slug", varchar<120>, not_null> slug;
  column<"title", text, not_null> title;
#if BLOG_SCHEMA_VERSION >= 3
  column<"view_count", integer, not_null, default_<0>> views;
#else
  column<"views", integer, not_null, default_<0>> views;
#endif
  column<"tags", array<text>> tags;
  static constexpr auto config(const articles_t& t) {
    return std::tuple{unique_constraint(t.author_id, t.slug), index(desc_index(t.views))};
  }
};
inline constexpr articles_t articles{};

#if BLOG_SCHEMA_VERSION >= 2
struct comments_t : drizzle::table<comments_t, "comments", "blog"> {
  column<"id", bigint, primary_key, identity_by_default<>> id;
  column<"article_id", bigint, not_null, references<&articles_t::id, on_delete::cascade>> article_id;
  column<"body", text, not_null> body;
  column<"created_at", timestamp_tz, not_null, default_now> created_at;
  static constexpr auto config(const comments_t& t) { return std::tuple{index<"comments_article_idx">(t.article_id)}; }
};
inline constexpr comments_t comments{};
inline constexpr auto schema = drizzle::schema(authors, articles, comments);
#else
inline constexpr auto schema = drizzle::schema(authors, articles);
#endif
}  // namespace blog
