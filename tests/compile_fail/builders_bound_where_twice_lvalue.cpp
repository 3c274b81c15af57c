// expect: drizzle: where() can be used only once
// max-lines: 20
// A named statement bound to a connection keeps the once-only checks of the statement it holds.
#include <drizzle/pqxx.hpp>

#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

void build(drizzle::pqxx::database& db) {
  auto filtered = db.select().from(users).where(eq(users.id, 1));
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = filtered.where(eq(users.id, 2)).to_sql();
#else
  auto q = filtered.order_by(users.id).to_sql();
#endif
  (void)q;
}

int main() {
  return 0;
}
