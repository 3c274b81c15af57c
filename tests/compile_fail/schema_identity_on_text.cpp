// expect: drizzle: identity columns must be smallint, integer or bigint
// max-lines: 20
// identity on a text column.
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL
struct t_t : table<t_t, "t"> {
  column<"i", text, identity_always<>> i;
};
#else
struct t_t : table<t_t, "t"> {
  column<"i", integer, identity_always<>> i;
};
#endif

int main() {
  t_t t{};
  (void)t;
  return 0;
}
