// Placeholder until the libpqxx adapter lands: renders a drizzle statement and runs it with libpqxx.
#include <drizzle/drizzle.hpp>
#include <pqxx/pqxx>

#include <cstdio>
#include <cstdlib>
#include <vector>

struct notes_t : drizzle::table<notes_t, "notes"> {
  column<"id", drizzle::pg::serial, drizzle::pg::primary_key> id;
  column<"body", drizzle::pg::text, drizzle::pg::not_null> body;
};
inline constexpr notes_t notes{};

int main() {
  const char* url = std::getenv("DATABASE_URL");
  if (!url) {
    std::fputs("quickstart: set DATABASE_URL\n", stderr);
    return 1;
  }
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  tx.exec("create temporary table notes (id serial primary key, body text not null)");
  tx.exec("insert into notes (body) values ('hello'), ('world')");
  auto q = drizzle::to_sql(drizzle::select(notes.id, notes.body).from(notes).where(drizzle::gt(notes.id, 1)));
  std::vector<const char*> params;
  for (auto& p : q.params) params.push_back(p.value ? p.value->c_str() : nullptr);
  auto rows = tx.exec_params(std::string(q.sql), pqxx::prepare::make_dynamic_params(params));
  std::printf("%.*s -> %zu row(s)\n", static_cast<int>(q.sql.size()), q.sql.data(), rows.size());
  for (const auto& r : rows) std::printf("  id=%s body=%s\n", r[0].c_str(), r[1].c_str());
  return rows.size() == 1 ? 0 : 1;
}
