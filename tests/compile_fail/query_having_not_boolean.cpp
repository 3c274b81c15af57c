// expect: drizzle: having() needs a boolean expression
// max-lines: 20
// having() takes a condition over the groups, not an aggregate value.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select(users.role, count()).from(users).group_by(users.role).having(count()));
#else
  auto q = to_sql(select(users.role, count()).from(users).group_by(users.role).having(gt(count(), 1)));
#endif
  (void)q;
  return 0;
}
