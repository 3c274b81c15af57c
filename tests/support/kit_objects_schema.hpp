#pragma once
/// The sequences schema of tests/data/kit-objects (src/seq.ts, seq_v2.ts, seq_v3.ts) in C++: sequences with every
/// option, in public and in the schema `inv`, and enums in public and in `inv`.
#include <drizzle/ddl.hpp>
#include <drizzle/drizzle.hpp>

namespace kit_objects {
using namespace drizzle::pg;

enum class mood { sad, ok, happy };
inline constexpr auto mood_enum = drizzle::pg_enum<mood, "mood", "sad", "ok", "happy">{};
enum class item_status { new_, used, broken };
inline constexpr auto item_status_enum =
    drizzle::pg_schema_enum<"inv", item_status, "item_status", "new", "used", "broken">{};

inline constexpr auto plain_seq = drizzle::pg_sequence<"plain_seq">{};
inline constexpr auto full_seq = drizzle::pg_sequence<
    "full_seq",
    drizzle::pg_sequence_options{
        .increment = 2, .min_value = 10, .max_value = 10000, .start_with = 100, .cache = 5, .cycle = true}>{};
inline constexpr auto desc_seq = drizzle::pg_sequence<"desc_seq", drizzle::pg_sequence_options{.increment = -1}>{};
inline constexpr auto inv_seq =
    drizzle::pg_sequence<"inv_seq", drizzle::pg_sequence_options{.start_with = 7, .cache = 3}, "inv">{};

struct items_t : drizzle::table<items_t, "items", "inv"> {
  column<"id", integer, primary_key> id;
  column<"status", enum_of<item_status_enum>, not_null, default_<item_status::new_>> status;
  column<"statuses", array<enum_of<item_status_enum>>> statuses;
  column<"mood", enum_of<mood_enum>> mood;
  column<"code", bigint, default_sql<"nextval('inv.inv_seq')">> code;
};
inline constexpr items_t items{};

inline constexpr auto schema_v1 = drizzle::schema(items, plain_seq, full_seq, desc_seq, inv_seq);

/// v2: full_seq's increment is 3, plain_seq is gone.
inline constexpr auto full_seq_v2 = drizzle::pg_sequence<
    "full_seq",
    drizzle::pg_sequence_options{
        .increment = 3, .min_value = 10, .max_value = 10000, .start_with = 100, .cache = 5, .cycle = true}>{};
inline constexpr auto schema_v2 = drizzle::schema(items, full_seq_v2, desc_seq, inv_seq);

/// v3: inv.new_seq is new.
inline constexpr auto new_seq = drizzle::pg_sequence<"new_seq", drizzle::pg_sequence_options{.min_value = 5}, "inv">{};
inline constexpr auto schema_v3 = drizzle::schema(items, full_seq_v2, desc_seq, inv_seq, new_seq);

/// The expression and operator-class indexes of tests/data/kit-objects/indexes (src/idx.ts).
struct labels_t : drizzle::table<labels_t, "labels"> {
  column<"id", integer, primary_key> id;
  column<"label", text, not_null> label;
  column<"body", text> body;

  static constexpr auto config(const labels_t& t) {
    return std::tuple{index<"labels_lower_idx">(index_sql<"lower(label)">),
                      unique_index<"labels_lower_body_idx">(index_sql<"lower(\"label\")">, desc_index(t.body)),
                      index<"labels_ops_idx">(asc_index(t.label).op("text_pattern_ops")),
                      index<"labels_trgm_idx">(index_sql<"to_tsvector('english', \"body\")">).using_("gin"),
                      index<"labels_mixed_idx">(asc_index(t.id).nulls_first(), index_sql<"(length(body))">)};
  }
};
inline constexpr labels_t labels{};
inline constexpr auto index_schema = drizzle::schema(labels);

/// The same table with indexes whose text PostgreSQL prints back unchanged (for push and pull).
struct tags_t : drizzle::table<tags_t, "tags"> {
  column<"id", integer, primary_key> id;
  column<"label", text, not_null> label;

  static constexpr auto config(const tags_t& t) {
    return std::tuple{unique_index<"tags_lower_idx">(index_sql<"lower(label)">),
                      index<"tags_ops_idx">(desc_index(t.label).op("text_pattern_ops")),
                      index<"tags_mixed_idx">(asc_index(t.id).nulls_first(), index_sql<"length(label)">)};
  }
};
inline constexpr tags_t tags{};
inline constexpr auto round_trip_index_schema = drizzle::schema(tags);

}  // namespace kit_objects
