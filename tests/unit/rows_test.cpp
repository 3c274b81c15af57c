// Row types from the schema (Drizzle's $inferSelect / $inferInsert): a table declared once over a mode gives its
// column descriptors, a select row and an insert row with named members; rows as JSON; string defaults.
#include <catch2/catch.hpp>

#include <boost/pfr.hpp>
#include <cmath>
#include <drizzle/json.hpp>
#include <drizzle/result.hpp>

#include "support/oracle_schema.hpp"
#include "support/rows_schema.hpp"

using namespace drizzle;
using namespace rows;

namespace {
template <class T, class U>
constexpr bool same = std::is_same_v<T, U>;
using texts = std::vector<std::optional<std::string>>;

// The old form keeps working, and takes a string default as a literal too.
struct notes_t : drizzle::table<notes_t, "notes"> {
  column<"id", serial, primary_key> id;
  column<"body", text, not_null, default_<"(empty)">> body;
};
inline constexpr notes_t notes{};

struct tickets_t : drizzle::table<tickets_t, "tickets"> {
  column<"id", integer, primary_key, identity_always<>> id;
  column<"title", text, not_null> title;
};
inline constexpr tickets_t tickets{};
struct new_ticket {  // insert_shape_t<tickets_t>: no member for the identity-always column
  std::string title;
};
}  // namespace

TEST_CASE("a table declared over a mode has column descriptors like table<>", "[rows][schema]") {
  STATIC_REQUIRE(same<decltype(members.email), column_t<members_t, "email", varchar<255>, not_null, unique>>);
  STATIC_REQUIRE(columns_of_t<members_t>::size == 7);
  STATIC_REQUIRE(table_type<members_t>);
  STATIC_REQUIRE(select().from(members).where(eq(members.id, 1)).sql() ==
                 R"(select "id", "email", "name", "kind", "role", "prefs", "created_at" from "rows_members" )"
                 R"(where "rows_members"."id" = $1)");
  STATIC_REQUIRE(select(items.total).from(items).sql() == R"(select "total" from "rows_shop"."rows_items")");
  constexpr auto parent = alias<"parent">(items);
  STATIC_REQUIRE(select(parent[items.id]).from(parent).sql() ==
                 R"(select "id" from "rows_shop"."rows_items" "parent")");
}

TEST_CASE("select_row has one named member per column, optional where nullable", "[rows][select]") {
  STATIC_REQUIRE(same<decltype(Member::id), std::int32_t>);
  STATIC_REQUIRE(same<decltype(Member::email), std::string>);
  STATIC_REQUIRE(same<decltype(Member::name), std::optional<std::string>>);
  STATIC_REQUIRE(same<decltype(Member::kind), std::string>);
  STATIC_REQUIRE(same<decltype(Member::role), member_role>);
  STATIC_REQUIRE(same<decltype(Member::prefs), std::optional<preferences>>);
  STATIC_REQUIRE(same<decltype(Member::created_at), timestamp_value>);
  STATIC_REQUIRE(same<decltype(Item::total), std::optional<decimal>>);
  STATIC_REQUIRE(std::is_aggregate_v<Member>);
  STATIC_REQUIRE(boost::pfr::tuple_size_v<Member> == 7);
  STATIC_REQUIRE(maps_to<Member, members_t>);
  STATIC_REQUIRE(maps_to<Item, items_t>);
  STATIC_REQUIRE(!maps_to<Item, members_t>);
  STATIC_REQUIRE(same<select_row<decltype(alias<"p">(items))>, Item>);
  // The rows of a whole-table select, of returning() and of one table in a join map into it.
  using R = decltype(select().from(members))::row_type;
  STATIC_REQUIRE(struct_matches_row<Member, R>());
  Member m{.id = 1, .email = "a@b.c"};
  CHECK(m.email == "a@b.c");
  CHECK_FALSE(m.name.has_value());
}

TEST_CASE("insert_row: required members plain, nullable or defaulted ones optional, generated ones absent",
          "[rows][insert]") {
  STATIC_REQUIRE(same<decltype(NewMember::id), std::optional<std::int32_t>>);  // serial
  STATIC_REQUIRE(same<decltype(NewMember::email), std::string>);
  STATIC_REQUIRE(same<decltype(NewMember::name), std::optional<std::string>>);
  STATIC_REQUIRE(same<decltype(NewMember::kind), std::optional<std::string>>);  // default_<"user">
  STATIC_REQUIRE(same<decltype(NewMember::created_at), std::optional<timestamp_value>>);
  STATIC_REQUIRE(same<decltype(NewItem::id), not_insertable>);     // identity always
  STATIC_REQUIRE(same<decltype(NewItem::total), not_insertable>);  // generated
  STATIC_REQUIRE(same<decltype(NewItem::price), decimal>);
  STATIC_REQUIRE(same<decltype(NewItem::quantity), std::optional<std::int32_t>>);

  const auto one = to_sql(insert(members).values(NewMember{.email = "a@b.c", .name = "A", .role = member_role::admin}));
  CHECK(one.sql == R"(insert into "rows_members" ("id", "email", "name", "kind", "role", "prefs", "created_at") )"
                   R"(values (default, $1, $2, default, $3, $4, default))");  // prefs: nullable, no default: NULL
  CHECK(one.values() == texts{"a@b.c", "A", "admin", std::nullopt});

  const std::vector<NewItem> rows{{.member_id = 1, .price = decimal("2.50")},
                                  {.member_id = 1, .parent_id = 1, .price = decimal("1"), .quantity = 3}};
  const auto many = to_sql(insert(items).values(rows));
  // identity always: listed and written `default`, as Drizzle does; generated: left out.
  CHECK(many.sql == R"(insert into "rows_shop"."rows_items" ("id", "member_id", "parent_id", "price", "quantity") )"
                    R"(values (default, $1, $2, $3, default), (default, $4, $5, $6, $7))");
  CHECK(many.values() == texts{"1", std::nullopt, "2.50", "1", "1", "1", "3"});
}

TEST_CASE("a struct without the identity-always column still writes default for it", "[rows][insert]") {
  CHECK(to_sql(insert(tickets).values(new_ticket{"t"})).sql ==
        R"(insert into "tickets" ("id", "title") values (default, $1))");
  CHECK(to_sql(insert(tickets).values(std::vector<new_ticket>{{"a"}, {"b"}})).sql ==
        R"(insert into "tickets" ("id", "title") values (default, $1), (default, $2))");
}

TEST_CASE("string defaults are written as literals: default_<\"user\">", "[rows][ddl]") {
  const auto ddl = ddl::export_sql(drizzle::schema(members, notes));
  CHECK(ddl.find(R"("kind" text DEFAULT 'user' NOT NULL)") != std::string::npos);
  CHECK(ddl.find(R"("body" text DEFAULT '(empty)' NOT NULL)") != std::string::npos);
  STATIC_REQUIRE(same<decltype(pg::default_<"x">::value), const fixed_string<1>>);
  STATIC_REQUIRE(same<pg::default_<"x">, pg::default_<fixed_string("x")>>);
}

TEST_CASE("a table declared over a mode describes itself to the kit like table<>", "[rows][ddl]") {
  const auto d = ddl::describe(rows::schema);
  REQUIRE(d.tables.size() == 2);
  const auto ddl = ddl::export_sql(rows::schema);
  CHECK(ddl.find(R"(CREATE SCHEMA "rows_shop";)") != std::string::npos);
  CHECK(ddl.find(R"("total" numeric(12, 2) GENERATED ALWAYS AS (price * (quantity)::numeric) STORED)") !=
        std::string::npos);
  CHECK(ddl.find(R"(FOREIGN KEY ("member_id") REFERENCES "public"."rows_members"("id") ON DELETE cascade)") !=
        std::string::npos);
  CHECK(ddl.find(R"(FOREIGN KEY ("parent_id") REFERENCES "rows_shop"."rows_items"("id") ON DELETE set null)") !=
        std::string::npos);
}

TEST_CASE("a many relation joins through a references<> column of a table declared over a mode", "[rows][relational]") {
  const auto q = to_sql(query(relational)[members].find_many(columns(members.id), with<"items">(columns(items.id))));
  CHECK(q.sql.find(R"("rows_members_items"."member_id" = "rows_members"."id")") != std::string::npos);
}

TEST_CASE("to_json writes select rows keyed by column name, values as JSON shows them", "[rows][json]") {
  Member m{.id = 7,
           .email = "a@b.c",
           .kind = "user",
           .role = member_role::guest,
           .prefs = preferences{{{"color", "dark"}}},
           .created_at = timestamp_value{std::chrono::sys_days{std::chrono::year{2024} / 5 / 1}} +
                         std::chrono::hours{12} + std::chrono::microseconds{250000}};
  const auto j = to_json(m);
  CHECK(j == nlohmann::json::parse(R"({"id": 7, "email": "a@b.c", "name": null, "kind": "user", "role": "guest",
      "prefs": {"theme": {"color": "dark"}}, "created_at": "2024-05-01T12:00:00.25Z"})"));
  const nlohmann::json via_adl = std::vector<Member>{m};
  CHECK(via_adl == nlohmann::json::array({j}));
  CHECK(to_json(std::optional<Member>{}) == nullptr);
  Item i{.id = 1, .member_id = 7, .price = decimal("2.50"), .quantity = 2, .total = decimal("5.00")};
  CHECK(to_json(i) ==
        nlohmann::json::parse(
            R"({"id": 1, "member_id": 7, "parent_id": null, "price": "2.50", "quantity": 2, "total": "5.00"})"));
}

TEST_CASE("to_json writes records of any selection: names, aliases, positions and PostgreSQL types", "[rows][json]") {
  using namespace oracle;
  using R = decltype(select(users.id, users.email, count(), as<"ratio">(sql<double>("x"))).from(users))::row_type;
  const R r{{1, "a@b.c", 3, std::nan("")}};
  CHECK(to_json(r) == nlohmann::json::parse(R"({"id": 1, "email": "a@b.c", "2": 3, "ratio": "NaN"})"));

  CHECK(detail::json_value<pg::bytea>(bytes{std::byte{0xde}, std::byte{0xad}}) == "\\xdead");
  CHECK(detail::json_value<pg::date>(date_value{std::chrono::year{2024} / 2 / 29}) == "2024-02-29");
  CHECK(detail::json_value<pg::interval>(drizzle::interval{14, 3, 4'500'000}) == "P14M3DT4.5S");
  CHECK(detail::json_value<pg::numeric<10, 2>>(decimal("-0.50")) == "-0.50");
  CHECK(detail::json_value<pg::array<pg::integer>>(std::vector<std::int32_t>{1, 2}) == nlohmann::json{1, 2});
  CHECK(detail::json_value<pg::real>(-INFINITY) == "-Infinity");
  CHECK(detail::json_value<pg::timestamp>(timestamp_value{std::chrono::sys_days{std::chrono::year{1999} / 12 / 31}}) ==
        "1999-12-31T00:00:00Z");
  // ISO 8601 years are astronomical: 1 BC is 0000, 2 BC is -0001.
  CHECK(detail::json_value<pg::timestamp>(timestamp_value{std::chrono::sys_days{std::chrono::year{0} / 3 / 15}}) ==
        "0000-03-15T00:00:00Z");
  CHECK(detail::json_value<pg::timestamp>(timestamp_value{std::chrono::sys_days{std::chrono::year{-1} / 3 / 15}}) ==
        "-0001-03-15T00:00:00Z");
}
