// Joined rows read into nested structs (Drizzle's select({ user: users, post: posts }) shape), and the memory a
// cursor needs to stream a million rows.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdio>
#include <drizzle/pqxx.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/oracle_db.hpp"
#include "support/oracle_schema.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define DRIZZLE_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DRIZZLE_TEST_ASAN 1
#endif
#endif
#ifdef DRIZZLE_TEST_ASAN
// From the sanitizer runtime (declared in <sanitizer/allocator_interface.h>, which Debian's g++ does not ship).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

using namespace drizzle;
using namespace oracle;

namespace {
struct User {
  std::int32_t id;
  std::string email;
  std::optional<std::string> name;
  std::string role;
  std::optional<nlohmann::json> metadata;
  bool is_active;
  timestamp_value created_at, updated_at;
};
struct Post {
  std::int32_t id;
  std::string title;
  std::optional<std::string> content;
  bool published;
  std::int32_t author_id;
  timestamp_value created_at;
};
static_assert(maps_to<User, users_t> && maps_to<Post, posts_t>);
struct user_post {
  User user;
  std::optional<Post> post;
};
struct post_author {
  Post post;
  User author;
};
}  // namespace

TEST_CASE("joined whole tables are read into nested structs, the outer-joined side optional",
          "[driver][select][join]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  auto rows = db.select()
                  .from(users)
                  .left_join(posts, eq(users.id, posts.author_id))
                  .order_by(users.id, posts.id)
                  .all<user_post>();
  REQUIRE(rows.size() == 9);  // 3 + 2 + 1 + (none) + 1 + (none)
  CHECK(rows[0].user.email == "alice@example.com");
  CHECK(rows[0].user.metadata == nlohmann::json{{"preferences", {{"theme", "dark"}}}});
  REQUIRE(rows[0].post.has_value());
  CHECK(rows[0].post->title == "Hello World");
  CHECK(rows[2].post->title == "Draft Post");
  CHECK(rows[2].post->content == std::nullopt);  // a NULL column of a matched row stays a row
  std::vector<std::int32_t> without_posts;
  for (const auto& r : rows)
    if (!r.post) without_posts.push_back(r.user.id);
  CHECK(without_posts == std::vector<std::int32_t>{4, 6});
  CHECK(rows[6].user.name == std::nullopt);  // dave: no name, no post
  CHECK(rows[6].user.id == 4);

  // select(users, posts) spells the same selection; first<S>() and one<S>() map the same way.
  auto first = db.select(users, posts)
                   .from(users)
                   .left_join(posts, eq(users.id, posts.author_id))
                   .where(eq(users.id, 4))
                   .first<user_post>();
  REQUIRE(first.has_value());
  CHECK(first->user.email == "dave@example.com");
  CHECK(first->post == std::nullopt);

  auto inner = db.select()
                   .from(posts)
                   .inner_join(users, eq(posts.author_id, users.id))
                   .where(eq(posts.id, 4))
                   .one<post_author>();
  CHECK(inner.post.id == 4);
  CHECK(inner.author.id == inner.post.author_id);
  // The flat mapping still applies when the struct lists the columns.
  CHECK(db.select().from(posts).order_by(posts.id).all<Post>().size() == 7);
}

namespace {
struct stream_rows_t : drizzle::table<stream_rows_t, "stream_rows"> {
  column<"id", integer, not_null> id;
  column<"name", text, not_null> name;
};
inline constexpr stream_rows_t stream_rows{};

/// Memory in use by the process: resident bytes (/proc/self/statm), or the live heap under AddressSanitizer, whose
/// quarantine keeps freed blocks resident.
std::size_t memory_in_use() {
#ifdef DRIZZLE_TEST_ASAN
  return __sanitizer_get_current_allocated_bytes();
#else
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
#endif
}
}  // namespace

TEST_CASE("streaming a million rows through a cursor keeps memory at one batch", "[driver][stream]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "create table stream_rows as select g as id, 'row ' || g || repeat('x', 60) as name "
      "from generate_series(1, 1000000) g");
  constexpr std::size_t rows = 1'000'000;
  // Holding the result: at least the records themselves plus their strings' heap blocks.
  constexpr std::size_t holding = rows * (sizeof(std::int32_t) + sizeof(std::string) + 72);

  std::size_t seen = 0;
  std::int64_t sum = 0;
  std::size_t start = memory_in_use(), peak = start;
  db.select().from(stream_rows).for_each([&](const auto& row) {
    ++seen;
    sum += row[stream_rows.id];
    if (row[stream_rows.name].size() < 64) sum = -1;
    if (seen % 1000 == 0) peak = std::max(peak, memory_in_use());
  });
  const std::size_t grown = peak - start;
  std::printf("streamed %zu rows: memory grew by %zu KiB (holding them would take >= %zu MiB)\n", seen, grown / 1024,
              holding >> 20);
  CHECK(seen == rows);
  CHECK(sum == static_cast<std::int64_t>(rows) * (rows + 1) / 2);
  CHECK(grown < 8u << 20);      // 8 MiB
  CHECK(grown * 10 < holding);  // far below holding the result
}
