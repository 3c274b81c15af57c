// expect: drizzle: a column's table is not in FROM or a join
// max-lines: 20
// posts is used in where() but the query reads only users.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select().from(users).where(eq(posts.id, 1)));
#else
  auto q = to_sql(select().from(users).inner_join(posts, eq(posts.author_id, users.id)).where(eq(posts.id, 1)));
#endif
  return 0;
}
