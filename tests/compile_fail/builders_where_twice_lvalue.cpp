// expect: drizzle: where() can be used only once
// max-lines: 20
// A second where() on a named statement is the same error as on a temporary.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
  auto filtered = select().from(users).where(eq(users.id, 1));
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(filtered.where(eq(users.id, 2)));
#else
  auto q = to_sql(filtered.order_by(users.id));
#endif
  return 0;
}
