// expect: drizzle: the sql template needs one argument for every {} in its text
// max-lines: 20
// Two holes, one argument.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto e = sql<int, "f({}, {})">(users.id);
  (void)e;
#else
  auto e = sql<int, "f({}, {})">(users.id, 2);
  (void)e;
#endif
  return 0;
}
