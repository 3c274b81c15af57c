// expect: drizzle: where() can be used only once
// max-lines: 20
// A second where() would silently replace the first in other builders.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select().from(users).where(eq(users.id, 1)).where(eq(users.id, 2)));
#else
  auto q = to_sql(select().from(users).where(eq(users.id, 1) && eq(users.id, 2)));
#endif
  return 0;
}
