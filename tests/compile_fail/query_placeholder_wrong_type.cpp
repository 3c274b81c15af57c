// expect: drizzle: the value's C++ type does not match the column's type
// expect: placeholder_named<'c', 'i', 'd'>
// max-lines: 20
// An argument for an integer placeholder is checked as a value in the statement would be ("abc" for users.id), at
// the .all() call that passes it (query_placeholder_misspelt covers to_sql()).
#include <drizzle/pqxx.hpp>
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

[[maybe_unused]] static auto read(drizzle::pqxx::database& db) {
  auto stmt = db.select(users.id).from(users).where(eq(users.id, placeholder<"cid">()));
#ifdef DRIZZLE_COMPILE_FAIL
  return stmt.all(arg<"cid">(std::string("abc")));
#else
  return stmt.all(arg<"cid">(std::int64_t{42}));
#endif
}

int main() {
  return 0;
}
