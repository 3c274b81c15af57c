// expect: drizzle: an assignment targets a column of another table
// expect: column_named<'t', 'i', 't', 'l', 'e'>
// max-lines: 20
// posts.title does not belong to users.
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL

#else

#endif

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(insert(oracle::users).values(oracle::users.email = "e", oracle::posts.title = "t"));
#else
  auto q = to_sql(insert(oracle::users).values(oracle::users.email = "e", oracle::users.name = "t"));
#endif
  (void)q;
  return 0;
}
