// expect: drizzle: clauses must follow SQL order
// max-lines: 20
// where() after limit() on a named statement is out of SQL order, as on a temporary.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
  const auto limited = select().from(users).limit(1);
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(limited.where(eq(users.id, 1)));
#else
  auto q = to_sql(limited.offset(1));
#endif
  return 0;
}
