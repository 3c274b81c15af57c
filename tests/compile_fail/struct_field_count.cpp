// expect: drizzle: the struct has a different number of fields than the query selects
// Two fields for three selected columns.
#include <drizzle/result.hpp>
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace drizzle::pg;

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

int main() {
  using R = decltype(select(oracle::users.id, oracle::users.email, oracle::users.name).from(oracle::users))::row_type;
  static_assert(struct_matches_row<row_t, R>());
  return 0;
}
