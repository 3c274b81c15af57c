// expect: drizzle: references<> must point at a column of the same type
// max-lines: 20
// A text column cannot reference users.id (integer).
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL
struct t_t : table<t_t, "t"> {
  column<"r", text, references<&oracle::users_t::id>> r;
};
#else
struct t_t : table<t_t, "t"> {
  column<"r", integer, references<&oracle::users_t::id>> r;
};
#endif

int main() {
  t_t t{};
  (void)t;
  return 0;
}
