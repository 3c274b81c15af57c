// expect: drizzle: a selected column is neither aggregated nor grouped
// max-lines: 20
// users.id beside count() needs group by.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select(users.id, count()).from(users));
#else
  auto q = to_sql(select(users.id, count()).from(users).group_by(users.id));
#endif
  return 0;
}
