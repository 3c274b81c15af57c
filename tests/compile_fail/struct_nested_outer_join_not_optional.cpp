// expect: drizzle: the field of an outer-joined table must be std::optional
// max-lines: 20
// A nested struct whose left-joined table is not optional.
#include <drizzle/result.hpp>
#include "support/oracle_schema.hpp"
using namespace drizzle;

struct tag_row {
  std::int32_t id;
  std::string name;
};
struct user_row {
  std::int32_t id;
  std::string email;
  std::optional<std::string> name;
  std::string role;
  std::optional<nlohmann::json> metadata;
  bool is_active;
  timestamp_value created_at, updated_at;
};
#ifdef DRIZZLE_COMPILE_FAIL
struct row_t {
  user_row user;
  tag_row tag;
};
#else
struct row_t {
  user_row user;
  std::optional<tag_row> tag;
};
#endif

int main() {
  using S = decltype(select().from(oracle::users).left_join(oracle::tags, eq(oracle::users.name, oracle::tags.name)));
  static_assert(is_nested_struct<row_t, S::row_type>());
  static_assert(struct_matches_nested<row_t, S::row_type, S::nullable_tables>());
  return 0;
}
