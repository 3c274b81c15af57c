// expect: drizzle: an assignment targets a column of another table
// expect: column_named<'t', 'i', 't', 'l', 'e'>
// max-lines: 20
// update(users) cannot set posts.title.
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL

#else

#endif

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(update(oracle::users).set(oracle::posts.title = "t"));
#else
  auto q = to_sql(update(oracle::posts).set(oracle::posts.title = "t"));
#endif
  (void)q;
  return 0;
}
