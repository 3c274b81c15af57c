// expect: drizzle: the struct has a different number of fields than the query selects
// expect: struct_field_count<2, 3>
// max-lines: 20
// Two fields for three selected columns: one short diagnostic with both counts, no Boost.PFR errors after it.
#include <drizzle/pqxx.hpp>
#include "support/oracle_schema.hpp"
using namespace oracle;

#ifdef DRIZZLE_COMPILE_FAIL
struct row_t {
  std::int32_t id;
  std::string email;
};
#else
struct row_t {
  std::int32_t id;
  std::string email;
  std::optional<std::string> name;
};
#endif

std::vector<row_t> rows(drizzle::pqxx::database& db) {
  return db.select(users.id, users.email, users.name).from(users).all<row_t>();
}

int main() {
  return 0;
}
