// expect: drizzle: a sequence's start_with must lie between its min_value and max_value
// max-lines: 20
// A sequence whose start lies outside its bounds would fail at CREATE SEQUENCE; it fails to compile instead.
#include <drizzle/ddl.hpp>

#ifdef DRIZZLE_COMPILE_FAIL
inline constexpr auto bad =
    drizzle::pg_sequence<"bad", drizzle::pg_sequence_options{.min_value = 10, .start_with = 5}>{};
#else
inline constexpr auto bad =
    drizzle::pg_sequence<"bad", drizzle::pg_sequence_options{.min_value = 10, .start_with = 10}>{};
#endif
inline constexpr auto schema = drizzle::schema(bad);

int main() {
  return drizzle::ddl::describe(schema).sequences.size() == 1 ? 0 : 1;
}
