// expect: drizzle: the default_<> value does not fit the column type
// max-lines: 20
// A string default, spelled as a literal, on an integer column.
#include "support/rows_schema.hpp"
using namespace drizzle::pg;

template <class M>
struct t_columns {
#ifdef DRIZZLE_COMPILE_FAIL
  drizzle::col<M, "n", integer, default_<"abc">> n{};
#else
  drizzle::col<M, "n", text, default_<"abc">> n{};
#endif
};
struct t_t : drizzle::table_of<t_t, "t", t_columns> {};

int main() {
  t_t t{};
  (void)t;
  return 0;
}
