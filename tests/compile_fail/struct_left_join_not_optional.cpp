// expect: drizzle: a struct field's type does not match the selected column
// expect: struct_field_type<1,
// max-lines: 20
// A left-joined column read as non-optional: the diagnostic names field 1, its type and the column's type.
#include <drizzle/pqxx.hpp>
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

#ifdef DRIZZLE_COMPILE_FAIL
struct row_t {
  std::int32_t id;
  std::string title;
};
#else
struct row_t {
  std::int32_t id;
  std::optional<std::string> title;
};
#endif

std::optional<row_t> first(drizzle::pqxx::database& db) {
  return db.select(users.id, posts.title).from(users).left_join(posts, eq(users.id, posts.author_id)).first<row_t>();
}

int main() {
  return 0;
}
