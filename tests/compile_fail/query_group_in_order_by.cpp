// expect: drizzle: a selection group can only be selected; use its columns in where(), order_by() and group_by()
// A group is a shape of the row, not a value: ordering by it means ordering by its columns.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
  constexpr auto profile = group<"profile">(users.email, users.name);
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select(users.id, profile).from(users).order_by(profile));
#else
  auto q = to_sql(select(users.id, profile).from(users).order_by(users.email, users.name));
#endif
  return 0;
}
