// expect: drizzle: the value's C++ type does not match the column's type
// max-lines: 30
// (30, not 20: the check runs where the statement binds its values, and clang 14 prints one note of three lines
// for each level of the statement between the placeholder and the to_sql() / all() call.)
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
