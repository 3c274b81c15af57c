// expect: drizzle: clauses must follow SQL order
// max-lines: 20
// where() after limit() is out of SQL order.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select().from(users).limit(1).where(eq(users.id, 1)));
#else
  auto q = to_sql(select().from(users).where(eq(users.id, 1)).limit(1));
#endif
  return 0;
}
