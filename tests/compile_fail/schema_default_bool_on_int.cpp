// expect: drizzle: the default_<> value does not fit the column type
// max-lines: 20
// An integer default on a boolean column.
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL
struct t_t : table<t_t, "t"> {
  column<"b", boolean, default_<5>> b;
};
#else
struct t_t : table<t_t, "t"> {
  column<"b", boolean, default_<true>> b;
};
#endif

int main() {
  t_t t{};
  (void)t;
  return 0;
}
