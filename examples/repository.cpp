// The seed guide's generic repository (shared/design/user-code.md): find_all, find_by_id and create for any table
// with an id, written once over drizzle::select_row<Table> / drizzle::insert_row<Table>. The tables are declared
// once, over a mode, so their row types have named members and are never declared a second time. Also: rows as
// JSON for a web handler (drizzle/json.hpp) and a relational query into a struct holding a select_row.
// Runs against DATABASE_URL.
#include <drizzle/ddl.hpp>
#include <drizzle/drizzle.hpp>
#include <drizzle/json.hpp>
#include <drizzle/pqxx.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace app {
using namespace drizzle::pg;

enum class user_role { admin, user, guest };
inline constexpr auto user_role_enum = drizzle::pg_enum<user_role, "user_role", "admin", "user", "guest">{};

struct preferences {  // a jsonb payload (JSON via nlohmann)
  std::map<std::string, std::string> theme;
  NLOHMANN_DEFINE_TYPE_INTRUSIVE(preferences, theme)
};

/// The member list, written once over a mode M: the columns of users_t, and the members of User and NewUser.
template <class M>
struct users_columns {
  drizzle::col<M, "id", serial, primary_key> id{};
  drizzle::col<M, "email", varchar<255>, not_null, unique> email{};
  drizzle::col<M, "name", varchar<255>> name{};
  drizzle::col<M, "role", enum_of<user_role_enum>, not_null, default_<user_role::user>> role{};
  drizzle::col<M, "metadata", jsonb<preferences>> metadata{};
  drizzle::col<M, "is_active", boolean, not_null, default_<true>> is_active{};
  drizzle::col<M, "created_at", timestamp_tz, not_null, default_now> created_at{};
};
struct users_t : drizzle::table_of<users_t, "users", users_columns> {
  static constexpr auto config(const users_t& t) {
    return std::tuple{unique_index<"email_idx">(t.email), index<"role_idx">(t.role)};
  }
};
inline constexpr users_t users{};

template <class M>
struct posts_columns {
  drizzle::col<M, "id", serial, primary_key> id{};
  drizzle::col<M, "title", varchar<255>, not_null> title{};
  drizzle::col<M, "content", text> content{};
  drizzle::col<M, "published", boolean, not_null, default_<false>> published{};
  drizzle::col<M, "author_id", integer, not_null, references<&users_t::id, on_delete::cascade>> author_id{};
};
struct posts_t : drizzle::table_of<posts_t, "posts", posts_columns> {};
inline constexpr posts_t posts{};

inline constexpr auto schema = drizzle::schema(users, posts);
inline constexpr auto relational =
    drizzle::relational_schema(drizzle::relations(users, drizzle::many<"posts">(posts)),
                               drizzle::relations(posts, drizzle::one<"author">(users, posts.author_id, users.id)));

// The row types come from the tables, like $inferSelect / $inferInsert.
using User = drizzle::select_row<users_t>;
using NewUser = drizzle::insert_row<users_t>;
using Post = drizzle::select_row<posts_t>;
using NewPost = drizzle::insert_row<posts_t>;

/// A relational row: the user's columns in a select_row, then the relation.
struct UserWithPosts {
  User user;
  std::vector<Post> posts;
};

/// The seed guide's repository, as written there.
template <class Table>
class repository {  // find_all, find_by_id, create for any table with an id
  drizzle::pqxx::database& db;
  const Table& t;

 public:
  repository(drizzle::pqxx::database& d, const Table& table) : db(d), t(table) {}
  std::vector<drizzle::select_row<Table>> find_all() {
    return db.select().from(t).order_by(t.id).template all<drizzle::select_row<Table>>();
  }
  std::optional<drizzle::select_row<Table>> find_by_id(auto id) {
    return db.select().from(t).where(drizzle::eq(t.id, id)).template first<drizzle::select_row<Table>>();
  }
  drizzle::select_row<Table> create(const drizzle::insert_row<Table>& row) {
    return db.insert(t).values(row).returning().template one<drizzle::select_row<Table>>();
  }
};
}  // namespace app

int main() try {
  using namespace drizzle;
  using namespace app;
  const char* url = std::getenv("DATABASE_URL");
  if (!url || !*url) {
    std::fputs("repository: set DATABASE_URL\n", stderr);
    return 1;
  }
  auto db = drizzle::pqxx::connect(url);
  db.execute("drop table if exists posts, users cascade; drop type if exists user_role cascade");
  for (const auto& statement : ddl::create_statements(app::schema)) db.execute(statement);

  repository user_repo(db, users);
  repository post_repo(db, posts);

  // Designated initializers: members left out stay empty, so the columns take their defaults.
  User alice = user_repo.create({.email = "alice@example.com",
                                 .name = "Alice",
                                 .role = user_role::admin,
                                 .metadata = preferences{{{"color", "dark"}}}});
  User bob = user_repo.create({.email = "bob@example.com"});
  post_repo.create({.title = "Hello World", .published = true, .author_id = alice.id});
  post_repo.create({.title = "Drafts", .author_id = alice.id});

  const std::vector<User> all = user_repo.find_all();
  const std::optional<User> found = user_repo.find_by_id(bob.id);
  const std::optional<User> missing = user_repo.find_by_id(-1);
  for (const User& u : all)
    std::printf("user %d %s (%s)%s\n", u.id, u.email.c_str(), u.name.value_or("no name").c_str(),
                u.role == user_role::admin ? " admin" : "");

  // A web handler's answer: rows as JSON keyed by column name.
  const nlohmann::json body = drizzle::to_json(all);
  std::printf("%s\n", body.dump().c_str());

  // Relational: each user with their published posts, into UserWithPosts.
  auto with_posts = db.query(relational)[users]
                        .find_many(order_by(users.id), with<"posts">(where(eq(posts.published, true))))
                        .all<UserWithPosts>();
  for (const auto& u : with_posts) std::printf("%s: %zu published post(s)\n", u.user.email.c_str(), u.posts.size());

  db.execute("drop table posts, users; drop type user_role");
  const bool ok = all.size() == 2 && alice.role == user_role::admin && bob.role == user_role::user && bob.is_active &&
                  !bob.name && found && found->email == "bob@example.com" && !missing && alice.metadata &&
                  alice.metadata->theme.at("color") == "dark" && body.size() == 2 &&
                  body[0]["email"] == "alice@example.com" && body[1]["name"].is_null() &&
                  body[0]["metadata"]["theme"]["color"] == "dark" && body[0]["role"] == "admin" &&
                  with_posts.size() == 2 && with_posts[0].posts.size() == 1 &&
                  with_posts[0].posts[0].title == "Hello World" && with_posts[1].posts.empty();
  std::puts(ok ? "repository: ok" : "repository: unexpected results");
  return ok ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "repository failed: %s\n", e.what());
  return 1;
}
