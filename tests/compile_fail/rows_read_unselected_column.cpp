// expect: drizzle: this column or expression is not part of the selection
// expect: column_named<'t', 'i', 't', 'l', 'e'>
// max-lines: 20
// Reading posts.title from a row that selected only users.id and users.email: a short error naming the column.
#include <drizzle/pqxx.hpp>
#include "support/oracle_schema.hpp"
using namespace oracle;

void read(drizzle::pqxx::database& db) {
  auto row = db.select(users.id, users.email).from(users).one();
#ifdef DRIZZLE_COMPILE_FAIL
  const auto& title = row[posts.title];
#else
  const auto& title = row[users.email];
#endif
  (void)title;
}

int main() {
  return 0;
}
