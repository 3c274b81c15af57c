// expect: drizzle: set operations need selections of the same column types
// max-lines: 20
// An integer column against a text column. The twin: integer union bigint, which PostgreSQL widens to bigint.
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL

#else

#endif

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(select(oracle::users.id).from(oracle::users).union_(select(oracle::users.email).from(oracle::users)));
#else
  auto u = select(oracle::users.id)
               .from(oracle::users)
               .union_(select(oracle::type_samples.big_num).from(oracle::type_samples));
  static_assert(
      std::is_same_v<std::tuple_element_t<0, decltype(u)::row_type::values_type>, std::optional<std::int64_t> >);
  auto q = to_sql(u);
#endif
  (void)q;
  return 0;
}
