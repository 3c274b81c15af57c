// expect: drizzle: insert is missing a required column
// expect: column_named<'e', 'm', 'a', 'i', 'l'>
// max-lines: 20
// users.email is NOT NULL without a default: the error names it.
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL

#else

#endif

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(insert(oracle::users).values(oracle::users.name = "x"));
#else
  auto q = to_sql(insert(oracle::users).values(oracle::users.name = "x", oracle::users.email = "e"));
#endif
  (void)q;
  return 0;
}
