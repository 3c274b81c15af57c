// expect: drizzle: refresh materialized view cannot be both concurrently() and with_no_data()
// PostgreSQL refuses REFRESH MATERIALIZED VIEW CONCURRENTLY ... WITH NO DATA; it fails to compile instead.
#include <drizzle/drizzle.hpp>

using namespace drizzle::pg;

struct totals_t : drizzle::pg_materialized_view<totals_t, "totals"> {
  column<"n", bigint> n;
  static constexpr std::string_view as_sql = "select 1::bigint as n";
};
inline constexpr totals_t totals{};

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  constexpr auto text = decltype(drizzle::refresh_materialized_view(totals).concurrently().with_no_data())::sql();
#else
  constexpr auto text = decltype(drizzle::refresh_materialized_view(totals).concurrently())::sql();
#endif
  return text.empty() ? 1 : 0;
}
