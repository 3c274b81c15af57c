// expect: drizzle: a table can have only one primary key
// max-lines: 20
// Two primary_key columns: use composite_primary_key in config().
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace drizzle::pg;

#ifdef DRIZZLE_COMPILE_FAIL
struct t_t : table<t_t, "t"> {
  column<"a", integer, primary_key> a;
  column<"b", integer, primary_key> b;
};
#else
struct t_t : table<t_t, "t"> {
  column<"a", integer, not_null> a;
  column<"b", integer, not_null> b;
  static constexpr auto config(const t_t& t) { return std::tuple{composite_primary_key(t.a, t.b)}; }
};
#endif

int main() {
  constexpr t_t t{};
  auto q = to_sql(select().from(t));
  (void)q;
  return 0;
}
