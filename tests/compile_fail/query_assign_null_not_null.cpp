// expect: drizzle: cannot assign null to a NOT NULL column
// expect: column_named<'e', 'm', 'a', 'i', 'l'>
// max-lines: 20
// email is NOT NULL.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto a = (users.email = std::nullopt);
  (void)a;
#else
  auto a = (users.name = std::nullopt);
  (void)a;
#endif
  return 0;
}
