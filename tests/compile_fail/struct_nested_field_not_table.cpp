// expect: drizzle: a nested struct's field does not match its table's select shape
// max-lines: 20
// A nested struct whose field does not map the table selected at its position.
#include <drizzle/result.hpp>
#include "support/oracle_schema.hpp"
using namespace drizzle;

struct tag_row {
  std::int32_t id;
  std::string name;
};
struct org_row {
  uuid id;
  std::string name;
  std::string slug;
  timestamp_value created_at;
};
#ifdef DRIZZLE_COMPILE_FAIL
struct row_t {
  org_row tag;  // tags are selected first
  tag_row org;
};
#else
struct row_t {
  tag_row tag;
  org_row org;
};
#endif

int main() {
  using S = decltype(select().from(oracle::tags).cross_join(oracle::organizations));
  static_assert(is_nested_struct<row_t, S::row_type>());
  static_assert(struct_matches_nested<row_t, S::row_type, S::nullable_tables>());
  return 0;
}
