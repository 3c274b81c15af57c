// expect: drizzle: a floating-point value for an integer column; pass an integer
// expect: column_named<'a', 'u', 't', 'h', 'o', 'r', '_', 'i', 'd'>
// max-lines: 20
// price_cents = 19.99 would be truncated. The twin: integer literals into bigint, numeric and double columns, and
// sum(bigint) (numeric) compared with an integer literal, all compile.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto a = (posts.author_id = 19.99);
  (void)a;
#else
  auto a = (type_samples.big_num = 19);
  auto b = (type_samples.price = 19);
  auto c = (type_samples.score = 19);
  auto q = to_sql(select(type_samples.big_num, sum(type_samples.big_big))
                      .from(type_samples)
                      .where(eq(type_samples.small, 1))
                      .group_by(type_samples.big_num)
                      .having(gt(sum(type_samples.big_big), 100000)));
  (void)a, (void)b, (void)c, (void)q;
#endif
  return 0;
}
