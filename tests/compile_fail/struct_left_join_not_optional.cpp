// expect: drizzle: a struct field's type does not match the selected column
// A left-joined column read as non-optional.
#include <drizzle/result.hpp>
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace drizzle::pg;

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

int main() {
  using R = decltype(select(oracle::users.id, oracle::posts.title)
                         .from(oracle::users)
                         .left_join(oracle::posts, eq(oracle::users.id, oracle::posts.author_id)))::row_type;
  static_assert(struct_matches_row<row_t, R>());
  return 0;
}
