// prelude: schema
// A connection named `db` (and its `url`) to the page's own database, holding the schema's tables with two users
// and a post. For `// run` and `// body` blocks.
#include <cstdlib>
#include <drizzle/ddl.hpp>
#include <drizzle/pqxx.hpp>
#include <string>
// body:
std::string url = std::getenv("DATABASE_URL");
auto db = drizzle::pqxx::connect(url);
db.execute("drop schema public cascade");
db.execute("create schema public");
for (const auto& statement : drizzle::ddl::create_statements(schema)) db.execute(statement);
auto alice = db.insert(users)
                 .values(users.email = "alice@example.com", users.name = "Alice", users.role = user_role::admin)
                 .returning(users.id)
                 .one();
db.insert(users).values(users.email = "bob@example.com").execute();
db.insert(posts).values(posts.title = "Hello", posts.author_id = alice[users.id], posts.published = true).execute();
