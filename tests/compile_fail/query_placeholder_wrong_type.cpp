// expect: drizzle: the value's C++ type does not match the column's type
// expect: placeholder_named<'c', 'i', 'd'>
// max-lines: 20
// An argument for an integer placeholder is checked as a value in the statement would be ("abc" for users.id).
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
  auto stmt = select(users.id).from(users).where(eq(users.id, placeholder<"cid">()));
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(stmt, arg<"cid">(std::string("abc")));
#else
  auto q = to_sql(stmt, arg<"cid">(std::int64_t{42}));
#endif
  (void)q;
  return 0;
}
