// expect: drizzle: select_row<T> / insert_row<T> need a table declared over a mode
// max-lines: 20
// A table<> struct has no named members to give a row type; table_of has.
#include "support/oracle_schema.hpp"
#include "support/rows_schema.hpp"

#ifdef DRIZZLE_COMPILE_FAIL
using row = drizzle::select_row<oracle::users_t>;
#else
using row = drizzle::select_row<rows::members_t>;
#endif

int main() {
  row r{};
  (void)r;
  return 0;
}
