// Row types from the schema against PostgreSQL: select_row / insert_row through values(), returning(), all<>,
// one<>, first<>, relational queries and copy_into; JSON of what came back; the kit pushes a table declared over a
// mode and reads back the same description.
#include <catch2/catch.hpp>

#include <drizzle/json.hpp>
#include <drizzle/kit/push.hpp>
#include <drizzle/pqxx.hpp>

#include "support/rows_schema.hpp"
#include "support/test_db.hpp"

using namespace drizzle;
using namespace rows;

namespace {
drizzle::pqxx::database fresh_db() {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "drop table if exists rows_members cascade; drop schema if exists rows_shop cascade; "
      "drop type if exists rows_role cascade");
  for (const auto& statement : ddl::create_statements(rows::schema)) db.execute(statement);
  return db;
}

/// The seed guide's repository, as written there (shared/design/user-code.md).
template <class Table>
class repository {
  drizzle::pqxx::database& db;
  const Table& t;

 public:
  repository(drizzle::pqxx::database& d, const Table& table) : db(d), t(table) {}
  std::vector<drizzle::select_row<Table>> find_all() {
    return db.select().from(t).template all<drizzle::select_row<Table>>();
  }
  std::optional<drizzle::select_row<Table>> find_by_id(auto id) {
    return db.select().from(t).where(eq(t.id, id)).template first<drizzle::select_row<Table>>();
  }
  drizzle::select_row<Table> create(const drizzle::insert_row<Table>& row) {
    return db.insert(t).values(row).returning().template one<drizzle::select_row<Table>>();
  }
};

struct MemberWithItems {
  Member member;
  std::vector<Item> items;
};
}  // namespace

TEST_CASE("insert rows go in and select rows come back, defaults taken where members are empty",
          "[rows][integration]") {
  auto db = fresh_db();
  repository repo(db, members);
  const Member a = repo.create({.email = "a@example.com", .prefs = preferences{{{"color", "dark"}}}});
  const Member b = repo.create({.email = "b@example.com", .name = "B", .kind = "admin", .role = member_role::admin});
  CHECK(a.kind == "user");  // default_<"user">
  CHECK(a.role == member_role::user);
  CHECK_FALSE(a.name);
  CHECK(a.prefs == preferences{{{"color", "dark"}}});
  CHECK(b.name == "B");
  CHECK(b.kind == "admin");
  CHECK(b.id == a.id + 1);

  const auto all = repo.find_all();
  REQUIRE(all.size() == 2);
  CHECK(repo.find_by_id(b.id)->email == "b@example.com");
  CHECK_FALSE(repo.find_by_id(-1));
  const Member one = db.select().from(members).where(eq(members.email, "a@example.com")).one<Member>();
  CHECK(one.id == a.id);
  const auto gone = db.delete_from(members).where(eq(members.id, b.id)).returning().all<Member>();
  REQUIRE(gone.size() == 1);
  CHECK(gone[0].email == "b@example.com");

  // A range of insert rows: one statement.
  db.insert(members)
      .values(std::vector<NewMember>{{.email = "c@example.com"}, {.email = "d@example.com", .name = "D"}})
      .execute();
  CHECK(db.select().from(members).all<Member>().size() == 3);
}

TEST_CASE("generated and identity-always columns are left to the database", "[rows][integration]") {
  auto db = fresh_db();
  const auto m = db.insert(members).values(NewMember{.email = "m@example.com"}).returning().one<Member>();
  const Item first =
      db.insert(items).values(NewItem{.member_id = m.id, .price = decimal("2.50")}).returning().one<Item>();
  CHECK(first.quantity == 1);
  CHECK(first.total == decimal("2.50"));
  const auto more = db.insert(items)
                        .values(std::vector<NewItem>{
                            {.member_id = m.id, .parent_id = first.id, .price = decimal("1.25"), .quantity = 4},
                            {.member_id = m.id, .price = decimal("3")}})
                        .returning()
                        .all<Item>();
  REQUIRE(more.size() == 2);
  CHECK(more[0].total == decimal("5.00"));
  CHECK(more[0].parent_id == first.id);
  CHECK(more[1].id > first.id);
  // copy_into takes the same rows.
  db.copy_into(items, std::vector<NewItem>{{.member_id = m.id, .price = decimal("7"), .quantity = 2}});
  const auto last = db.select().from(items).order_by(desc(items.id)).first<Item>();
  REQUIRE(last);
  CHECK(last->total == decimal("14.00"));
}

TEST_CASE("relational rows map into a struct holding a select_row and vectors of them", "[rows][integration]") {
  auto db = fresh_db();
  const auto m = db.insert(members).values(NewMember{.email = "m@example.com"}).returning().one<Member>();
  db.insert(members).values(NewMember{.email = "n@example.com"}).execute();
  db.insert(items)
      .values(
          std::vector<NewItem>{{.member_id = m.id, .price = decimal("1")}, {.member_id = m.id, .price = decimal("2")}})
      .execute();
  const auto rows = db.query(relational)[members]
                        .find_many(order_by(members.id), with<"items">(order_by(items.price)))
                        .all<MemberWithItems>();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].member.email == "m@example.com");
  REQUIRE(rows[0].items.size() == 2);
  CHECK(rows[0].items[1].price == decimal("2.00"));
  CHECK(rows[1].items.empty());

  // The same rows as JSON, from the relational records.
  const auto records =
      db.query(relational)[members].find_many(order_by(members.id), with<"items">(order_by(items.price))).all();
  const auto j = to_json(records);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["email"] == "m@example.com");
  CHECK(j[0]["items"].size() == 2);
  CHECK(j[0]["items"][1]["price"] == "2.00");
  CHECK(j[0]["items"][1]["total"] == "2.00");
  CHECK(j[0]["role"] == "user");
  CHECK(j[1]["items"] == nlohmann::json::array());
  CHECK(j[0]["created_at"].get<std::string>().back() == 'Z');
}

TEST_CASE("records of a plain select become JSON keyed by column name", "[rows][integration]") {
  auto db = fresh_db();
  db.insert(members).values(NewMember{.email = "j@example.com", .name = "J"}).execute();
  const auto rows = db.select(members.id, members.email, members.name, members.prefs).from(members).all();
  const nlohmann::json j = rows;  // nlohmann's own conversion finds drizzle's to_json
  REQUIRE(j.size() == 1);
  CHECK(j[0]["email"] == "j@example.com");
  CHECK(j[0]["name"] == "J");
  CHECK(j[0]["prefs"].is_null());
  CHECK(j[0]["id"].is_number_integer());
}

TEST_CASE("push creates tables declared over a mode and introspection reads back the same description",
          "[rows][integration][kit]") {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade; "
      "drop schema if exists rows_shop cascade");
  const auto wanted = ddl::describe(rows::schema);
  const auto result = kit::push(db, wanted);
  CHECK(result.applied);
  CHECK(kit::introspect(db, {.schemas = {"public", "rows_shop"}}) == wanted);
  CHECK(kit::push(db, wanted).plan.up.empty());
}
