// expect: drizzle: returning() can be used only once
// max-lines: 20
// A named insert, update or delete keeps the once-only checks.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
  auto ins = insert(users).values(users.email = "a@example.com").returning(users.id);
  auto del = delete_from(posts).where(eq(posts.id, 1));
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(ins.returning(users.email));
#else
  auto q = to_sql(ins.on_conflict_do_nothing());
#endif
  auto d = to_sql(del.returning(posts.id));
  return 0;
}
