// expect: drizzle: a policy's to() names between 1 and 16 roles
// An empty TO list is not SQL (CREATE POLICY ... TO ;): leave to() out for public, or name a role.
#include <drizzle/ddl.hpp>

using namespace drizzle::pg;
inline constexpr auto reader = drizzle::pg_role<"reader">{};

struct notes_t : drizzle::table<notes_t, "notes"> {
  column<"id", integer, primary_key> id;
  static constexpr auto config(const notes_t&) {
#ifdef DRIZZLE_COMPILE_FAIL
    return std::tuple{policy<"p">().to().using_("true")};
#else
    return std::tuple{policy<"p">().to(reader).using_("true")};
#endif
  }
};
inline constexpr notes_t notes{};
inline constexpr auto schema = drizzle::schema(reader, notes);

int main() {
  return drizzle::ddl::describe(schema).tables.at(0).policies.size() == 1 ? 0 : 1;
}
