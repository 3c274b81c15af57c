// A user's program, compiled by tests/consumer/warnings.cmake exactly as a user would build it:
// `-std=c++20 -O2 -Wall -Wextra -Wpedantic -Werror`, the library's headers on a plain -I (not -isystem), with g++ and
// clang++. It includes every public header (the generated all_headers.hpp lists every include/drizzle/**/*.hpp) and
// instantiates a representative set of statements, the libpqxx driver (session, transactions, cursor, bulk insert,
// COPY, pool) and the kit (its main and the migrator), so optimizer-time warnings (g++ 12's -Wrestrict,
// -Wmaybe-uninitialized, -Wstringop-overflow, ...) inside the headers surface here and not in a user's build.
// The file is compiled once per USER_FILE_PART (1: DDL, 2: statements and main, 3: the driver, 4: the kit) and the
// objects linked into one program: each part alone is the size of a small user program, where g++ inlines the most
// (the -Wrestrict false positive of issue 10 showed only there), and linking them catches a header definition that
// is not inline. Run without arguments it prints SQL; with a DATABASE_URL it also runs the driver and the kit;
// `user_file kit ...` is the kit's command line.
#include <drizzle/ddl.hpp>
#include <drizzle/drizzle.hpp>
#include <drizzle/kit.hpp>
#include <drizzle/pqxx.hpp>

#include "all_headers.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace app {
using namespace drizzle::pg;

enum class user_role { admin, user, guest };
inline constexpr auto user_role_enum = drizzle::pg_enum<user_role, "user_role", "admin", "user", "guest">{};

struct preferences {
  std::map<std::string, std::string> theme;
  NLOHMANN_DEFINE_TYPE_INTRUSIVE(preferences, theme)
};

struct users_t : drizzle::table<users_t, "users"> {
  column<"id", serial, primary_key> id;
  column<"email", varchar<255>, not_null, unique> email;
  column<"name", varchar<255>> name;
  column<"role", enum_of<user_role_enum>, not_null, default_<user_role::user>> role;
  column<"metadata", jsonb<preferences>> metadata;
  column<"is_active", boolean, not_null, default_<true>> is_active;
  column<"created_at", timestamp_tz, not_null, default_now> created_at;
  static constexpr auto config(const users_t& t) {
    return std::tuple{unique_index<"email_idx">(t.email), index<"role_idx">(t.role)};
  }
};
inline constexpr users_t users{};

struct posts_t : drizzle::table<posts_t, "posts"> {
  column<"id", bigint, primary_key, identity_by_default<>> id;
  column<"title", varchar<255>, not_null> title;
  column<"content", text> content;
  column<"published", boolean, not_null, default_<false>> published;
  column<"views", integer, not_null, default_<0>> views;
  column<"tags", array<text>> tags;
  column<"author_id", integer, not_null, references<&users_t::id, on_delete::cascade>> author_id;
  static constexpr auto config(const posts_t& t) {
    return std::tuple{unique_constraint(t.author_id, t.title), index(desc_index(t.views))};
  }
};
inline constexpr posts_t posts{};

inline constexpr auto schema = drizzle::schema(users, posts);
inline constexpr auto relational =
    drizzle::relational_schema(drizzle::relations(users, drizzle::many<"posts">(posts)),
                               drizzle::relations(posts, drizzle::one<"author">(users, posts.author_id, users.id)));

struct user_summary {
  std::int32_t id;
  std::string email;
  std::optional<std::string> name;
};
}  // namespace app

namespace part {
int ddl();
int statements();
int driver(const char* url);
int kit(int argc, char** argv);
}  // namespace part

#if USER_FILE_PART == 2
int main(int argc, char** argv) try {
  if (argc > 1 && std::string_view(argv[1]) == "kit") return part::kit(argc - 1, argv + 1);
  part::ddl();
  part::statements();
  const char* url = std::getenv("DATABASE_URL");
  return url && *url ? part::driver(url) : 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "user_file failed: %s\n", e.what());
  return 1;
}
#endif

#if USER_FILE_PART == 1
/// The schema's DDL, as quickstart prints it.
int part::ddl() {
  for (const auto& statement : drizzle::ddl::create_statements(app::schema)) std::fputs(statement.c_str(), stdout);
  std::puts(drizzle::ddl::export_sql(app::schema).c_str());
  return 0;
}
#endif

#if USER_FILE_PART == 2
/// Statements rendered without a database (the core).
int part::statements() {
  using namespace drizzle;
  using namespace app;
  const auto by_id = select(users.id, users.email).from(users).where(eq(users.id, 1) && like(users.email, "%@x"));
  std::puts(std::string(by_id.sql()).c_str());
  const auto counts = select(users.id, users.name, count(posts.id))
                          .from(users)
                          .left_join(posts, eq(users.id, posts.author_id))
                          .group_by(users.id, users.name)
                          .order_by(desc(users.id))
                          .limit(10);
  std::puts(std::string(counts.sql()).c_str());
  const auto upsert = insert(users)
                          .values(users.email = "a@x", users.name = "A")
                          .on_conflict_do_update(users.email, users.name = excluded(users.name))
                          .returning(users.id);
  std::puts(std::string(upsert.sql()).c_str());
  const auto change = update(users).set(users.name = "B", users.is_active = false).where(eq(users.id, 2));
  std::puts(std::string(change.sql()).c_str());
  const auto removal = delete_from(posts).where(eq(posts.published, false)).returning(posts.id);
  std::puts(std::string(removal.sql()).c_str());
  return 0;
}
#endif

#if USER_FILE_PART == 3
/// The driver against a real database: DDL, insert, transaction, structs, cursor, relational query, pool, and the
/// kit's generate / migrate / status.
int part::driver(const char* url) {
  using namespace drizzle;
  using namespace app;
  auto db = drizzle::pqxx::connect(url);
  db.execute("drop table if exists posts, users cascade; drop type if exists user_role cascade");
  for (const auto& statement : ddl::create_statements(app::schema)) db.execute(statement);
  auto alice = db.insert(users)
                   .values(users.email = "alice@example.com", users.name = "Alice", users.role = user_role::admin,
                           users.metadata = preferences{{{"color", "dark"}}})
                   .returning()
                   .one();
  db.insert(posts)
      .values(posts.title = "Hello", posts.author_id = alice[users.id], posts.published = true,
              posts.tags = std::vector<std::string>{"c++", "sql"})
      .execute();
  db.transaction(
      [&](auto& tx) { tx.insert(posts).values(posts.title = "Draft", posts.author_id = alice[users.id]).execute(); });

  auto summaries = db.select(users.id, users.email, users.name).from(users).order_by(users.id).all<user_summary>();
  auto [post_count] = db.select(count()).from(posts).one();
  std::size_t streamed = 0;
  db.select(posts.title, posts.views)
      .from(posts)
      .where(array_contains(posts.tags, std::vector<std::string>{"sql"}))
      .for_each([&](const auto&) { ++streamed; });
  auto authors = db.query(relational)[users].find_many(with<"posts">(order_by(desc(posts.views)), limit(2))).all();

  drizzle::pqxx::pool pool(url, {.max = 2, .acquire_timeout = std::chrono::seconds(5)});
  auto lease = pool.acquire();
  auto names = lease->select(users.name).from(users).all();

  db.execute("drop table posts, users; drop type user_role");
  const auto folder = std::filesystem::temp_directory_path() / ("user_file_" + std::to_string(::getpid()));
  drizzle::kit::generate_options generate;
  generate.folder = folder;
  generate.name = "init";
  drizzle::kit::generate(ddl::describe(app::schema), generate);
  drizzle::kit::migrate_options migrate;
  migrate.folder = folder;
  drizzle::kit::migrate(db, migrate);
  const auto statuses = drizzle::kit::status(db, migrate);
  db.execute("drop table posts, users; drop type user_role; drop schema drizzle cascade");
  std::filesystem::remove_all(folder);
  const bool ok = summaries.size() == 1 && post_count == 2 && streamed == 1 && authors.size() == 1 &&
                  authors.front().get<"posts">().size() == 2 && names.size() == 1 && statuses.ok() &&
                  statuses.migrations.size() == 1;
  std::printf("user_file: %s (%zu migrations)\n", ok ? "ok" : "unexpected results", statuses.migrations.size());
  return ok ? 0 : 1;
}
#endif

#if USER_FILE_PART == 4
/// The user's own kit program (drizzle::kit::main with the schema).
int part::kit(int argc, char** argv) {
  return drizzle::kit::main(argc, argv, app::schema);
}
#endif
