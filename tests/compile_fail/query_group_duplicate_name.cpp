// expect: drizzle: a group's name is also the name of another field at its level; rename the group
// row.get<"name">() must find one field: two groups (or a group and a field) of one level cannot share a name.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select(group<"who">(users.id), group<"who">(users.email, users.name)).from(users));
#else
  auto q = to_sql(select(group<"who">(users.id), group<"contact">(users.email, users.name)).from(users));
#endif
  return 0;
}
