// expect: drizzle: comparing with null is never true; use is_null(x) instead
// max-lines: 20
// eq(col, std::nullopt) is always unknown in SQL.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select().from(users).where(eq(users.name, std::nullopt)));
#else
  auto q = to_sql(select().from(users).where(is_null(users.name)));
#endif
  return 0;
}
