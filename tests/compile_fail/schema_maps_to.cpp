// expect: drizzle: the struct does not match the table's select shape
// max-lines: 20
// maps_to checks a struct field by field against a table.
#include <drizzle/result.hpp>
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL
struct tag {
  std::int32_t id;
  std::optional<std::string> name;
};
#else
struct tag {
  std::int32_t id;
  std::string name;
};
#endif

int main() {
  check_maps_to<tag, oracle::tags_t>();
  static_assert(maps_to<tag, oracle::tags_t> == maps_to<tag, oracle::tags_t>);
  return 0;
}
