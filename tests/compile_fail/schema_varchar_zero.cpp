// expect: drizzle: varchar<N> needs a positive length
// max-lines: 20
// varchar<0> cannot hold anything.
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL
struct t_t : table<t_t, "t"> {
  column<"c", varchar<0>> c;
};
#else
struct t_t : table<t_t, "t"> {
  column<"c", varchar<1>> c;
};
#endif

int main() {
  t_t t{};
  (void)t;
  return 0;
}
