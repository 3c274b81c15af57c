// expect: drizzle: where() needs a boolean expression
// max-lines: 20
// where() takes a condition, not a plain integer column.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select().from(users).where(users.id));
#else
  auto q = to_sql(select().from(users).where(users.is_active == true));
#endif
  return 0;
}
