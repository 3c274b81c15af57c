// expect: drizzle: the default_<> value does not fit the column type
// max-lines: 20
// A text default on an integer column.
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL
struct t_t : table<t_t, "t"> {
  column<"n", integer, default_<fixed_string("abc")>> n;
};
#else
struct t_t : table<t_t, "t"> {
  column<"n", integer, default_<5>> n;
};
#endif

int main() {
  t_t t{};
  (void)t;
  return 0;
}
