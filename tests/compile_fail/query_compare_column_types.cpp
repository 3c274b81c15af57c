// expect: drizzle: cannot compare expressions of different types
// max-lines: 20
// Comparing an integer column with a text column.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select().from(users).where(eq(users.id, users.email)));
#else
  auto q = to_sql(select().from(users).where(eq(users.id, users.id)));
#endif
  return 0;
}
