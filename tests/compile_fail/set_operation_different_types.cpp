// expect: drizzle: set operations need selections of the same column types
// An integer column against a text column.
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL

#else

#endif

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select(oracle::users.id).from(oracle::users).union_(select(oracle::users.email).from(oracle::users)));
#else
  auto q =
      to_sql(select(oracle::users.id).from(oracle::users).union_(select(oracle::posts.author_id).from(oracle::posts)));
#endif
  (void)q;
  return 0;
}
