// expect: drizzle: the assigned value's type does not match the column
// expect: column_named<'i', 's', '_', 'a', 'c', 't', 'i', 'v', 'e'>
// max-lines: 20
// is_active is boolean.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto a = (users.is_active = "yes");
  (void)a;
#else
  auto a = (users.is_active = true);
  (void)a;
#endif
  return 0;
}
