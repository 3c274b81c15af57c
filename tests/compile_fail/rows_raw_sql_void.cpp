// expect: drizzle: sql<void, ...> returns no rows
// max-lines: 20
// Raw SQL read as rows needs a row type: sql<void, ...> is for execute().
#include <drizzle/pqxx.hpp>
using namespace drizzle;

[[maybe_unused]] static void read(drizzle::pqxx::database& db) {
#ifdef DRIZZLE_COMPILE_FAIL
  (void)db.all(sql<void, "vacuum">());
#else
  (void)db.all(sql<std::tuple<int, std::string>, "select 1, 'one'">());
#endif
}

int main() {
  return 0;
}
