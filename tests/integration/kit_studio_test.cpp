// kit studio's table pages and writes on the runtime schema description (ddl::schema_info): every value is
// PostgreSQL's text, read with ::text and written back as $n::<type>, so enums, arrays, json, bytea and timestamps
// round trip exactly; a value the type does not take is refused with PostgreSQL's error and changes nothing. The
// expected texts are PostgreSQL's output forms, written by hand.
#include <catch2/catch.hpp>

#include <drizzle/kit/studio.hpp>

#include "support/test_db.hpp"

namespace ddl = drizzle::ddl;
namespace studio = drizzle::kit::studio::detail;

namespace {
ddl::column_info col(std::string name, std::string type, bool not_null = false) {
  ddl::column_info c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  return c;
}

/// studio_t."things": one column of every kind the studio must carry as text.
ddl::table_info things() {
  ddl::table_info t;
  t.name = "things";
  t.schema = "studio_t";
  auto id = col("id", "serial", true);
  id.primary_key = true;
  auto mood = col("mood", "mood", true);
  mood.type_is_enum = true;
  mood.type_schema = "studio_t";
  auto moods = col("moods", "mood[]");
  moods.type_is_enum = true;
  moods.type_schema = "studio_t";
  auto created = col("created", "timestamp with time zone", true);
  created.default_sql = "now()";
  auto doubled = col("doubled", "integer");
  doubled.generated = "\"n\" * 2";
  t.columns = {id,
               mood,
               moods,
               col("tags", "text[]"),
               col("doc", "json"),
               col("docb", "jsonb"),
               col("data", "bytea"),
               col("at", "timestamp(3)"),
               created,
               col("price", "numeric(10, 2)"),
               col("n", "integer"),
               doubled,
               col("note", "varchar(20)")};
  return t;
}

std::string text_of(drizzle::pqxx::database& db, const std::string& column, const std::string& id = "1") {
  const auto rows = db.query_text("select \"" + column + "\"::text from studio_t.things where id = " + id);
  REQUIRE(rows.size() == 1);
  return rows[0].at(0).value_or("NULL");
}

drizzle::pqxx::database fresh() {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "drop schema if exists studio_t cascade; create schema studio_t;"
      "create type studio_t.mood as enum ('sad', 'ok', 'happy, \"really\"');"
      "create table studio_t.things (id serial primary key, mood studio_t.mood not null, moods studio_t.mood[], "
      "tags text[], doc json, docb jsonb, data bytea, at timestamp(3), created timestamptz not null default now(), "
      "price numeric(10, 2), n integer, doubled integer generated always as (n * 2) stored, note varchar(20));"
      "insert into studio_t.things (mood, moods, tags, doc, docb, data, at, price, n, note) values ("
      "'happy, \"really\"', '{sad,\"happy, \\\"really\\\"\"}', '{\"a b\",NULL,\"c,d\"}', "
      "'{\"b\": 1,  \"a\": [1, 2]}', '{\"b\": 1, \"a\": [1, 2]}', '\\xdeadbeef00', '2024-02-29 13:45:01.5', "
      "12.5, 7, '<b>&</b>')");
  return db;
}
}  // namespace

TEST_CASE("studio shows every value as PostgreSQL's text and writes it back unchanged", "[kit][studio]") {
  auto db = fresh();
  const auto table = things();
  studio::table_view view{table, 25};
  const auto html = view.page(db, {});
  CHECK(html.find("value=\"happy, &quot;really&quot;\"") != std::string::npos);
  CHECK(html.find("value=\"{sad,&quot;happy, \\&quot;really\\&quot;&quot;}\"") != std::string::npos);
  CHECK(html.find("value=\"{&quot;a b&quot;,NULL,&quot;c,d&quot;}\"") != std::string::npos);
  CHECK(html.find("value=\"{&quot;b&quot;: 1,  &quot;a&quot;: [1, 2]}\"") != std::string::npos);  // json as written
  CHECK(html.find("value=\"{&quot;a&quot;: [1, 2], &quot;b&quot;: 1}\"") != std::string::npos);   // jsonb's order
  CHECK(html.find("value=\"\\xdeadbeef00\"") != std::string::npos);
  CHECK(html.find("value=\"2024-02-29 13:45:01.5\"") != std::string::npos);
  CHECK(html.find("value=\"12.50\"") != std::string::npos);
  CHECK(html.find("&lt;b&gt;&amp;&lt;/b&gt;") != std::string::npos);
  CHECK(html.find("<td class=\"ro\" data-col=\"doubled\">14</td>") != std::string::npos);  // generated: read-only
  CHECK(html.find("id=\"new-doubled\"") == std::string::npos);
  CHECK(html.find("id=\"new-mood\" required") != std::string::npos);
  CHECK(html.find("id=\"new-created\" placeholder=\"default\"") != std::string::npos);

  // Every cell written back as it was shown leaves the value exactly as it was.
  for (const auto* name : {"mood", "moods", "tags", "doc", "docb", "data", "at", "created", "price", "n", "note"}) {
    const auto before = text_of(db, name);
    view.set(db, {{"pk", "1"}, {"col", name}, {"value", before}});
    CHECK(text_of(db, name) == before);
  }
  view.set(db, {{"pk", "1"}, {"col", "moods"}, {"value", "{ok,sad}"}});
  CHECK(text_of(db, "moods") == "{ok,sad}");
  view.set(db, {{"pk", "1"}, {"col", "data"}, {"value", "\\x00ff"}});
  CHECK(text_of(db, "data") == "\\x00ff");
  view.set(db, {{"pk", "1"}, {"col", "note"}, {"value", ""}});  // an empty value of a nullable column is NULL
  CHECK(text_of(db, "note") == "NULL");
  db.execute("drop schema studio_t cascade");
}

TEST_CASE("studio refuses what the column's type does not take and changes nothing", "[kit][studio]") {
  auto db = fresh();
  const auto table = things();
  studio::table_view view{table, 25};
  CHECK_THROWS_WITH(view.set(db, {{"pk", "1"}, {"col", "n"}, {"value", "not a number"}}),
                    Catch::Contains("integer") && Catch::Contains("not a number"));
  CHECK_THROWS_WITH(view.set(db, {{"pk", "1"}, {"col", "mood"}, {"value", "angry"}}),
                    Catch::Contains("enum") && Catch::Contains("angry"));
  CHECK_THROWS_WITH(view.set(db, {{"pk", "1"}, {"col", "doubled"}, {"value", "3"}}),
                    "drizzle studio: column doubled is generated");
  CHECK_THROWS_WITH(view.set(db, {{"pk", "1"}, {"col", "nope"}, {"value", "3"}}), "drizzle studio: no column nope");
  CHECK_THROWS_WITH(view.set(db, {{"pk", "99"}, {"col", "n"}, {"value", "3"}}), "drizzle studio: no row with id = 99");
  CHECK(text_of(db, "n") == "7");
  CHECK(text_of(db, "mood") == "happy, \"really\"");

  studio::request_data filter;
  filter.query = {{"fcol", "n"}, {"fval", "x"}};
  CHECK(view.page(db, filter).find("<p class=\"error\" id=\"error\">filter: ") != std::string::npos);
  filter.query = {{"fcol", "mood"}, {"fval", "happy, \"really\""}};
  CHECK(view.page(db, filter).find("id=\"total\">1 row(s)") != std::string::npos);
  filter.query = {{"fcol", "note"}, {"fval", "NULL"}};
  CHECK(view.page(db, filter).find("id=\"total\">0 row(s)") != std::string::npos);
  db.execute("drop schema studio_t cascade");
}

TEST_CASE("studio inserts a row with the given columns and deletes it by its key", "[kit][studio]") {
  auto db = fresh();
  const auto table = things();
  studio::table_view view{table, 25};
  CHECK_THROWS_WITH(view.insert(db, {{"n", "1"}}), "drizzle studio: mood is required");
  view.insert(db, {{"mood", "ok"}, {"tags", "{x}"}, {"doc", "[1,  2]"}, {"n", ""}});
  CHECK(text_of(db, "tags", "2") == "{x}");
  CHECK(text_of(db, "doc", "2") == "[1,  2]");
  CHECK(text_of(db, "n", "2") == "NULL");
  CHECK(text_of(db, "created", "2") != "NULL");  // its default
  view.remove(db, {{"pk", "2"}});
  CHECK(db.query_text("select count(*) from studio_t.things")[0][0] == "1");
  CHECK_THROWS_WITH(view.remove(db, {{"pk", "2"}}), "drizzle studio: no row with id = 2");
  db.execute("drop schema studio_t cascade");
}
