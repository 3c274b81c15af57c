// expect: drizzle: from() can be used only once
// max-lines: 20
// Use a join for a second table.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select(users.id).from(users).from(posts));
#else
  auto q = to_sql(select(users.id).from(users).cross_join(posts));
#endif
  return 0;
}
