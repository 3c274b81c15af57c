// expect: drizzle: an index on an expression needs a name
// max-lines: 20
// drizzle-kit refuses an unnamed index on an expression too: there is no column name to build the name from.
#include <drizzle/ddl.hpp>
using namespace drizzle::pg;

struct labels_t : drizzle::table<labels_t, "labels"> {
  column<"id", integer, primary_key> id;
  column<"label", text, not_null> label;

  static constexpr auto config(const labels_t&) {
#ifdef DRIZZLE_COMPILE_FAIL
    return std::tuple{index(index_sql<"lower(label)">)};
#else
    return std::tuple{index<"labels_lower_idx">(index_sql<"lower(label)">)};
#endif
  }
};
inline constexpr labels_t labels{};

int main() {
  return drizzle::ddl::describe(drizzle::schema(labels)).tables.at(0).indexes.size() == 1 ? 0 : 1;
}
