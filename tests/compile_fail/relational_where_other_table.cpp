// expect: drizzle: where() in a relational query can only use columns of its own table
// max-lines: 20
// Inside with<"posts">(), where() filters posts; users.is_active belongs to the parent.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(query(relational)[users].find_many(with<"posts">(where(eq(users.is_active, true)))));
#else
  auto q = to_sql(query(relational)[users].find_many(with<"posts">(where(eq(posts.published, true)))));
#endif
  return 0;
}
