// expect: drizzle: no value given for a placeholder
// expect: placeholder_named<'c', 'i', 'd'>
// max-lines: 20
// arg<"cdi"> for placeholder "cid": the error names the placeholder that has no value.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
  auto stmt = select(users.id).from(users).where(eq(users.id, placeholder<"cid">()));
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(stmt, arg<"cdi">(1));
#else
  auto q = to_sql(stmt, arg<"cid">(1));
#endif
  (void)q;
  return 0;
}
