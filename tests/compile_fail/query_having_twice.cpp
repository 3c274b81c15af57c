// expect: drizzle: having() can be used only once
// max-lines: 20
// Combine conditions with and_().
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(
      select(users.role, count()).from(users).group_by(users.role).having(gt(count(), 1)).having(lt(count(), 5)));
#else
  auto q =
      to_sql(select(users.role, count()).from(users).group_by(users.role).having(gt(count(), 1) && lt(count(), 5)));
#endif
  return 0;
}
