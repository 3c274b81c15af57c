// expect: drizzle: the value's C++ type does not match the column's type
// expect: column_named<'i', 'd'>
// max-lines: 20
// Comparing an integer column with a string.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select().from(users).where(eq(users.id, "abc")));
#else
  auto q = to_sql(select().from(users).where(eq(users.id, 1)));
#endif
  return 0;
}
