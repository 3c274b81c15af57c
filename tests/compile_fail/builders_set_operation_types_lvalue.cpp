// expect: drizzle: set operations need selections of the same column types
// max-lines: 20
// Named statements combined with union_ are checked like temporaries.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
  auto ids = select(users.id).from(users);
#ifdef DRIZZLE_COMPILE_FAIL
  auto emails = select(users.email).from(users);
#else
  auto emails = select(posts.author_id).from(posts);
#endif
  auto q = to_sql(ids.union_(emails));
  return 0;
}
