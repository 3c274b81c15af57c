// The quick reference of the project's user-code design note, run end to end against DATABASE_URL:
// a schema, its DDL, select / insert / upsert / update / delete, a join with counts, a transaction
// and a struct mapping. Prints every statement (Drizzle's logger format) and what came back.
#include <drizzle/ddl.hpp>
#include <drizzle/drizzle.hpp>
#include <drizzle/json.hpp>  // the jsonb column's values (nlohmann::json)
#include <drizzle/pqxx.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace app {
using namespace drizzle::pg;

enum class user_role { admin, user, guest };  // a C++ enum mapped to a PostgreSQL enum
inline constexpr auto user_role_enum = drizzle::pg_enum<user_role, "user_role", "admin", "user", "guest">{};

struct preferences {  // a jsonb payload (JSON via nlohmann)
  std::map<std::string, std::string> theme;
  NLOHMANN_DEFINE_TYPE_INTRUSIVE(preferences, theme)
};

struct users_t : drizzle::table<users_t, "users"> {
  column<"id", serial, primary_key> id;
  column<"email", varchar<255>, not_null, unique> email;
  column<"name", varchar<255>> name;  // nullable -> std::optional
  column<"role", enum_of<user_role_enum>, not_null, default_<user_role::user>> role;
  column<"metadata", jsonb<preferences>> metadata;
  column<"is_active", boolean, not_null, default_<true>> is_active;
  column<"created_at", timestamp_tz, not_null, default_now> created_at;
  column<"updated_at", timestamp_tz, not_null, default_now> updated_at;

  static constexpr auto config(const users_t& t) {  // like Drizzle's (table) => [...]
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
  column<"created_at", timestamp_tz, not_null, default_now> created_at;
};
inline constexpr posts_t posts{};

inline constexpr auto schema = drizzle::schema(users, posts);

/// A user struct checked against the selection at compile time.
struct user_summary {
  std::int32_t id;
  std::string email;
  std::optional<std::string> name;
};
}  // namespace app

int main() try {
  using namespace drizzle;
  using namespace app;
  const char* url = std::getenv("DATABASE_URL");
  if (!url || !*url) {
    std::fputs("quickstart: set DATABASE_URL\n", stderr);
    return 1;
  }
  auto db = drizzle::pqxx::connect(url);

  // A clean slate: the schema's DDL in drizzle-kit's form.
  db.execute("drop table if exists posts, users cascade; drop type if exists user_role cascade");
  for (const auto& statement : ddl::create_statements(app::schema)) db.execute(statement);
  db.set_logger(default_logger);

  // insert ... returning
  auto alice = db.insert(users)
                   .values(users.email = "alice@example.com", users.name = "Alice", users.role = user_role::admin,
                           users.metadata = preferences{{{"color", "dark"}}})
                   .returning()
                   .one();
  auto bob = db.insert(users).values(users.email = "bob@example.com").returning(users.id).one();
  db.insert(posts)
      .values(posts.title = "Hello World", posts.author_id = alice[users.id], posts.published = true)
      .execute();
  db.insert(posts).values(posts.title = "Drafts", posts.author_id = alice[users.id]).execute();

  // select with where, order by, limit
  auto rows = db.select(users.id, users.email)
                  .from(users)
                  .where(eq(users.is_active, true) && like(users.email, "%@example.com"))
                  .order_by(desc(users.created_at), users.id)
                  .limit(10)
                  .all();
  for (auto& r : rows) std::printf("user %d %s\n", r[users.id], r[users.email].c_str());

  // upsert: on conflict do update with excluded()
  db.insert(users)
      .values(users.email = "bob@example.com", users.name = "Bob")
      .on_conflict_do_update(users.email, users.name = excluded(users.name))
      .execute();

  // a join with counts: left-joined columns are optional, count is int64
  auto counts = db.select(users.id, users.name, count(posts.id))
                    .from(users)
                    .left_join(posts, eq(users.id, posts.author_id))
                    .group_by(users.id, users.name)
                    .order_by(users.id)
                    .all();
  for (auto& r : counts)
    std::printf("%s has %lld post(s)\n", r[users.name].value_or("(no name)").c_str(),
                static_cast<long long>(r[count(posts.id)]));

  // a transaction with a savepoint that rolls back on its own
  db.transaction([&](auto& tx) {
    tx.insert(posts).values(posts.title = "In a transaction", posts.author_id = bob[users.id]).execute();
    try {
      tx.transaction([&](auto& sp) {
        sp.insert(posts).values(posts.title = "Rolled back", posts.author_id = bob[users.id]).execute();
        sp.rollback();
      });
    } catch (const drizzle::rollback_error&) {
      std::puts("savepoint rolled back");
    }
  });

  // update and delete
  auto updated = db.update(users)
                     .set(users.name = "Alice A.", users.updated_at = now())
                     .where(eq(users.id, alice[users.id]))
                     .execute();
  auto gone = db.delete_from(posts).where(eq(posts.published, false)).returning(posts.id, posts.title).all();
  std::printf("updated %zu user(s), deleted %zu draft(s)\n", updated, gone.size());

  // rows into the user's own struct; count() into a structured binding
  auto summaries = db.select(users.id, users.email, users.name).from(users).order_by(users.id).all<user_summary>();
  auto [posts_left] = db.select(count()).from(posts).one();
  std::printf("%zu users, %lld posts left; first user: %s\n", summaries.size(), static_cast<long long>(posts_left),
              summaries.front().email.c_str());
  auto prefs = db.select(users.metadata).from(users).where(eq(users.id, alice[users.id])).one();
  std::printf("alice's theme: %s\n", prefs[users.metadata]->theme.at("color").c_str());

  db.execute("drop table posts, users; drop type user_role");
  return summaries.size() == 2 && posts_left == 1 ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "quickstart failed: %s\n", e.what());
  return 1;
}
