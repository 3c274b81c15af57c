// expect: drizzle: the struct has a different number of fields than the query selects
// max-lines: 20
// The select row of another table for a select of members.
#include <drizzle/result.hpp>

#include "support/rows_schema.hpp"
using namespace drizzle;

int main() {
  using R = decltype(select().from(rows::members))::row_type;
#ifdef DRIZZLE_COMPILE_FAIL
  static_assert(struct_matches_row<rows::Item, R>());
#else
  static_assert(struct_matches_row<rows::Member, R>());
#endif
  return 0;
}
