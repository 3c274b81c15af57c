// expect: drizzle: an inserted struct needs one field per insertable column
// max-lines: 20
// The insert row of another table given to values().
#include "support/rows_schema.hpp"
using namespace drizzle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = insert(rows::members).values(rows::NewItem{.member_id = 1, .price = decimal("1")});
#else
  auto q = insert(rows::members).values(rows::NewMember{.email = "a@b.c"});
#endif
  (void)q;
  return 0;
}
