// kit generate against drizzle-kit's own output (tests/data/drizzle/migrations-kit): snapshots, migration files and
// journal; and the diff's statements for every kind of change, written by hand from drizzle-kit's forms.
#include <catch2/catch.hpp>

#include <drizzle/kit/cli.hpp>
#include <drizzle/kit/config.hpp>
#include <drizzle/kit/generate.hpp>
#include <drizzle/kit/migrator.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/fidelity_schema.hpp"
#include "support/oracle_schema_v2.hpp"

namespace fs = std::filesystem;
namespace kit = drizzle::kit;
namespace ddl = drizzle::ddl;
using strings = std::vector<std::string>;

namespace {
const fs::path oracle_folder = DRIZZLE_ORACLE_DIR "/migrations-kit";

nlohmann::ordered_json oracle_snapshot(const std::string& file) {
  return nlohmann::ordered_json::parse(kit::read_text(oracle_folder / "meta" / file));
}

/// A fresh scratch folder under the temp directory.
fs::path scratch(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("drizzle-kit-generate-" + name);
  fs::remove_all(dir);
  return dir;
}

ddl::column_info col(std::string name, std::string type, bool not_null = false) {
  ddl::column_info c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  return c;
}
ddl::column_info enum_col(std::string name, std::string type) {
  auto c = col(std::move(name), std::move(type), true);
  c.type_is_enum = true;
  c.type_schema = "public";
  c.default_sql = "'ok'";
  return c;
}

/// people (id, name, mood, age) and pets (id, owner_id), with the enum mood.
ddl::schema_info base() {
  ddl::schema_info s;
  s.enums.push_back({"mood", "public", {"sad", "ok", "happy"}});
  ddl::table_info people;
  people.name = "people";
  auto id = col("id", "serial", true);
  id.primary_key = true;
  people.columns = {id, col("name", "text"), enum_col("mood", "mood"), col("age", "integer")};
  ddl::table_info pets;
  pets.name = "pets";
  pets.columns = {id, col("owner_id", "integer")};
  s.tables = {people, pets};
  return s;
}
ddl::table_info& table(ddl::schema_info& s, const std::string& name) {
  for (auto& t : s.tables)
    if (t.name == name) return t;
  throw std::logic_error("no table " + name);
}
ddl::column_info& column(ddl::schema_info& s, const std::string& t, const std::string& name) {
  for (auto& c : table(s, t).columns)
    if (c.name == name) return c;
  throw std::logic_error("no column " + name);
}

kit::diff_options no_renames() {
  kit::diff_options o;
  o.assume_no_renames = true;
  return o;
}
}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// (a) snapshots

TEST_CASE("the v1 and v2 schemas snapshot as drizzle-kit's 0000 and 0001 snapshots", "[kit][snapshot]") {
  for (const auto& [file, schema] : {std::pair{"0000_snapshot.json", ddl::describe(oracle::schema_v1())},
                                     std::pair{"0001_snapshot.json", ddl::describe(oracle_v2::schema())}}) {
    INFO(file);
    auto expected = nlohmann::json::parse(kit::read_text(oracle_folder / "meta" / file));
    const auto ours = kit::to_snapshot(schema, expected["id"], expected["prevId"]);
    CHECK(ours == expected);
    // The file text too: drizzle-kit's key order and formatting.
    CHECK(kit::snapshot_text(schema, expected["id"], expected["prevId"]) ==
          kit::read_text(oracle_folder / "meta" / file));
  }
}

TEST_CASE("drizzle-kit's snapshots read back as the schema description", "[kit][snapshot]") {
  CHECK(kit::from_snapshot(oracle_snapshot("0000_snapshot.json")) == ddl::describe(oracle::schema_v1()));
  CHECK(kit::from_snapshot(oracle_snapshot("0001_snapshot.json")) == ddl::describe(oracle_v2::schema()));
  // A sorted nlohmann::json keeps every field; only the order of columns is lost.
  const auto sorted =
      kit::from_snapshot(nlohmann::json::parse(kit::read_text(oracle_folder / "meta" / "0001_snapshot.json")));
  CHECK(kit::to_snapshot(sorted, "x", "y") == kit::to_snapshot(ddl::describe(oracle_v2::schema()), "x", "y"));
}

TEST_CASE("snapshot ids are random version-4 UUIDs", "[kit][snapshot]") {
  const auto a = kit::random_uuid(), b = kit::random_uuid();
  CHECK(a != b);
  REQUIRE(a.size() == 36);
  CHECK(a[14] == '4');
  CHECK(std::string("89ab").find(a[19]) != std::string::npos);
  CHECK((a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-'));
}

TEST_CASE("a snapshot of another version or dialect is refused", "[kit][snapshot]") {
  auto j = oracle_snapshot("0000_snapshot.json");
  j["version"] = "5";
  CHECK_THROWS_AS(kit::from_snapshot(j), kit::snapshot_error);
  j["version"] = "7";
  j["dialect"] = "mysql";
  CHECK_THROWS_AS(kit::from_snapshot(j), kit::snapshot_error);
}

// ---------------------------------------------------------------------------------------------------------------
// (b), (c) generate

TEST_CASE("generate writes drizzle-kit's 0000_init.sql and 0001_v2.sql byte for byte", "[kit][generate]") {
  const auto dir = scratch("oracle");
  kit::generate_options o;
  o.folder = dir;
  o.name = "init";
  o.data_loss_comments = false;
  o.when = 1795501739142;
  const auto first = kit::generate(ddl::describe(oracle::schema_v1()), o);
  CHECK(first.tag == "0000_init");
  CHECK(first.sql_file == dir / "0000_init.sql");
  CHECK(kit::read_text(dir / "0000_init.sql") == kit::read_text(oracle_folder / "0000_init.sql"));
  o.name = "v2";
  o.when = 1795501739696;
  const auto second = kit::generate(ddl::describe(oracle_v2::schema()), o);
  CHECK(second.tag == "0001_v2");
  CHECK(kit::read_text(dir / "0001_v2.sql") == kit::read_text(oracle_folder / "0001_v2.sql"));
  CHECK(second.plan.data_loss.size() == 1);

  // The journal is drizzle-kit's, byte for byte, given the same `when`s.
  CHECK(kit::read_text(dir / "meta" / "_journal.json") == kit::read_text(oracle_folder / "meta" / "_journal.json"));
  const auto journal = kit::read_journal(dir);
  REQUIRE(journal.entries.size() == 2);
  CHECK((journal.entries[0].idx == 0 && journal.entries[1].idx == 1));
  CHECK((journal.entries[0].tag == "0000_init" && journal.entries[1].tag == "0001_v2"));

  // Snapshots chain: the first's prevId is drizzle-kit's zero id, the second's is the first's id.
  const auto s0 = nlohmann::json::parse(kit::read_text(dir / "meta" / "0000_snapshot.json"));
  const auto s1 = nlohmann::json::parse(kit::read_text(dir / "meta" / "0001_snapshot.json"));
  CHECK(s0["prevId"] == "00000000-0000-0000-0000-000000000000");
  CHECK(s1["prevId"] == s0["id"]);
  CHECK(s1["id"] != s0["id"]);
  CHECK(kit::check(dir).empty());

  // The down files undo each step, in drizzle-kit's statement forms.
  CHECK(kit::read_text(dir / "0001_v2.down.sql") ==
        "ALTER TABLE \"audit_log\" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint\n"
        "DROP TABLE \"audit_log\" CASCADE;--> statement-breakpoint\n"
        "ALTER TABLE \"type_samples\" ALTER COLUMN \"role\" SET DATA TYPE text;--> statement-breakpoint\n"
        "ALTER TABLE \"type_samples\" ALTER COLUMN \"role\" SET DEFAULT 'guest'::text;--> statement-breakpoint\n"
        "DROP TYPE \"public\".\"user_role\";--> statement-breakpoint\n"
        "CREATE TYPE \"public\".\"user_role\" AS ENUM('admin', 'user', 'guest');--> statement-breakpoint\n"
        "ALTER TABLE \"type_samples\" ALTER COLUMN \"role\" SET DEFAULT 'guest'::\"public\".\"user_role\";--> "
        "statement-breakpoint\n"
        "ALTER TABLE \"type_samples\" ALTER COLUMN \"role\" SET DATA TYPE \"public\".\"user_role\" USING "
        "\"role\"::\"public\".\"user_role\";--> statement-breakpoint\n"
        "DROP INDEX \"posts_created_at_idx\";--> statement-breakpoint\n"
        "ALTER TABLE \"type_samples\" ADD COLUMN \"ratio\" real;--> statement-breakpoint\n"
        "ALTER TABLE \"users\" DROP COLUMN \"bio\";");
  const auto down0 = kit::read_text(dir / "0000_init.down.sql");
  CHECK(down0.rfind("DROP TABLE \"comments\" CASCADE;--> statement-breakpoint\n", 0) == 0);
  CHECK(down0.ends_with("DROP TABLE \"users\" CASCADE;--> statement-breakpoint\nDROP TYPE \"public\".\"user_role\";"));
}

TEST_CASE("statements that lose data carry a comment line that keeps the file applicable", "[kit][generate]") {
  const auto dir = scratch("loss");
  kit::generate_options o;
  o.folder = dir;
  o.name = "init";
  kit::generate(ddl::describe(oracle::schema_v1()), o);
  o.name = "v2";
  const auto r = kit::generate(ddl::describe(oracle_v2::schema()), o);
  REQUIRE(r.plan.data_loss == strings{"drops column \"type_samples\".\"ratio\" and its values"});
  auto expected = kit::read_text(oracle_folder / "0001_v2.sql");
  const std::string drop = "ALTER TABLE \"type_samples\" DROP COLUMN \"ratio\";";
  expected.insert(expected.find(drop),
                  "-- drizzle: data loss: drops column \"type_samples\".\"ratio\" and its values\n");
  CHECK(kit::read_text(dir / "0001_v2.sql") == expected);
  const auto m = kit::read_migrations(dir);
  REQUIRE(m.size() == 2);
  CHECK(m[1].transactional);
  CHECK(m[1].statements.size() == 7);
}

TEST_CASE("generating again without a change writes nothing", "[kit][generate]") {
  const auto dir = scratch("unchanged");
  kit::generate_options o;
  o.folder = dir;
  const auto first = kit::generate(ddl::describe(oracle::schema_v1()), o);
  CHECK(first.tag.rfind("0000_", 0) == 0);
  CHECK(first.tag.size() > 6);  // a random name
  const auto journal = kit::read_text(dir / "meta" / "_journal.json");
  const auto files = std::distance(fs::directory_iterator(dir), fs::directory_iterator());
  const auto again = kit::generate(ddl::describe(oracle::schema_v1()), o);
  CHECK(again.tag.empty());
  CHECK(again.plan.up.empty());
  CHECK(kit::read_text(dir / "meta" / "_journal.json") == journal);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == files);
}

TEST_CASE("a custom migration is drizzle-kit's empty file with the previous schema's snapshot", "[kit][generate]") {
  const auto dir = scratch("custom");
  kit::generate_options o;
  o.folder = dir;
  o.name = "init";
  kit::generate(ddl::describe(oracle::schema_v1()), o);
  o.name = "seed";
  o.custom = true;
  const auto r = kit::generate(ddl::describe(oracle_v2::schema()), o);
  CHECK(r.tag == "0001_seed");
  CHECK(kit::read_text(dir / "0001_seed.sql") == "-- Custom SQL migration file, put your code below! --");
  CHECK(kit::from_snapshot(nlohmann::ordered_json::parse(kit::read_text(dir / "meta" / "0001_snapshot.json"))) ==
        ddl::describe(oracle::schema_v1()));
  CHECK(kit::check(dir).empty());
}

TEST_CASE("generate continues a folder drizzle-kit started", "[kit][generate]") {
  const auto dir = scratch("continue");
  fs::create_directories(dir / "meta");
  for (const auto* f :
       {"0000_init.sql", "0001_v2.sql", "meta/_journal.json", "meta/0000_snapshot.json", "meta/0001_snapshot.json"})
    fs::copy_file(oracle_folder / f, dir / f);
  kit::generate_options o;
  o.folder = dir;
  CHECK(kit::generate(ddl::describe(oracle_v2::schema()), o).tag.empty());
  auto changed = ddl::describe(oracle_v2::schema());
  table(changed, "tags").columns.push_back(col("color", "varchar(7)"));
  o.name = "color";
  const auto r = kit::generate(changed, o);
  CHECK(r.tag == "0002_color");
  CHECK(kit::read_text(dir / "0002_color.sql") == "ALTER TABLE \"tags\" ADD COLUMN \"color\" varchar(7);");
  CHECK(kit::read_text(dir / "0002_color.down.sql") == "ALTER TABLE \"tags\" DROP COLUMN \"color\";");
  CHECK(nlohmann::json::parse(kit::read_text(dir / "meta" / "0002_snapshot.json"))["prevId"] ==
        "15e873c2-a4c4-4a28-80a5-342d47452f6d");
  CHECK(kit::check(dir).empty());
}

// ---------------------------------------------------------------------------------------------------------------
// (d) the diff, change by change

TEST_CASE("tables are created, dropped and renamed", "[kit][diff]") {
  auto to = base();
  ddl::table_info tags;
  tags.name = "labels";
  tags.columns = {col("id", "integer", true)};
  to.tables.push_back(tags);
  auto plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"CREATE TABLE \"labels\" (\n\t\"id\" integer NOT NULL\n);\n"});
  CHECK(plan.down == strings{"DROP TABLE \"labels\" CASCADE;"});
  CHECK(plan.data_loss.empty());

  auto without_pets = base();
  without_pets.tables.pop_back();
  plan = kit::diff(base(), without_pets);
  CHECK(plan.up == strings{"DROP TABLE \"pets\" CASCADE;"});
  CHECK(plan.data_loss == strings{"drops table \"pets\" and its rows"});

  auto renamed = base();
  table(renamed, "pets").name = "animals";
  kit::diff_options hint;
  hint.renames = {{kit::rename_hint::kind::table, "", "pets", "animals"}};
  plan = kit::diff(base(), renamed, hint);
  CHECK(plan.up == strings{"ALTER TABLE \"pets\" RENAME TO \"animals\";"});
  CHECK(plan.down == strings{"ALTER TABLE \"animals\" RENAME TO \"pets\";"});
  CHECK(plan.data_loss.empty());

  try {
    kit::diff(base(), renamed);
    FAIL("a drop and a create without a decision must throw");
  } catch (const kit::ambiguous_rename& e) {
    CHECK(e.candidate().dropped == "pets");
    CHECK(e.candidate().created == strings{"animals"});
    const std::string message = e.what();
    CHECK(message.find("pets") != std::string::npos);
    CHECK(message.find("--rename pets=animals") != std::string::npos);
  }
  plan = kit::diff(base(), renamed, no_renames());
  CHECK(plan.up ==
        strings{"CREATE TABLE \"animals\" (\n\t\"id\" serial PRIMARY KEY NOT NULL,\n\t\"owner_id\" integer\n);\n",
                "DROP TABLE \"pets\" CASCADE;"});
  CHECK(plan.down ==
        strings{"CREATE TABLE \"pets\" (\n\t\"id\" serial PRIMARY KEY NOT NULL,\n\t\"owner_id\" integer\n);\n",
                "DROP TABLE \"animals\" CASCADE;"});
}

TEST_CASE("resolve answers the rename question", "[kit][diff]") {
  auto to = base();
  column(to, "people", "age").name = "years";
  to.tables[0].columns.push_back(col("nickname", "integer"));
  kit::diff_options o;
  std::vector<kit::rename_candidate> asked;
  o.resolve = [&](const kit::rename_candidate& c) -> std::optional<std::string> {
    asked.push_back(c);
    return std::string("years");
  };
  const auto plan = kit::diff(base(), to, o);
  REQUIRE(asked.size() == 1);
  CHECK(asked[0].what == kit::rename_hint::kind::column);
  CHECK(asked[0].table == "people");
  CHECK(asked[0].dropped == "age");
  CHECK(asked[0].created == strings{"years", "nickname"});
  CHECK(plan.up == strings{"ALTER TABLE \"people\" RENAME COLUMN \"age\" TO \"years\";",
                           "ALTER TABLE \"people\" ADD COLUMN \"nickname\" integer;"});
  CHECK(plan.down == strings{"ALTER TABLE \"people\" RENAME COLUMN \"years\" TO \"age\";",
                             "ALTER TABLE \"people\" DROP COLUMN \"nickname\";"});

  o.resolve = [](const kit::rename_candidate&) -> std::optional<std::string> { return std::nullopt; };
  const auto dropped = kit::diff(base(), to, o);
  CHECK(dropped.up == strings{"ALTER TABLE \"people\" ADD COLUMN \"years\" integer;",
                              "ALTER TABLE \"people\" ADD COLUMN \"nickname\" integer;",
                              "ALTER TABLE \"people\" DROP COLUMN \"age\";"});
}

TEST_CASE("columns are added, dropped and renamed", "[kit][diff]") {
  auto to = base();
  auto email = col("email", "varchar(255)", true);
  email.default_sql = "''";
  table(to, "people").columns.push_back(email);
  auto plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"ALTER TABLE \"people\" ADD COLUMN \"email\" varchar(255) DEFAULT '' NOT NULL;"});
  CHECK(plan.down == strings{"ALTER TABLE \"people\" DROP COLUMN \"email\";"});

  auto without_age = base();
  table(without_age, "people").columns.pop_back();
  plan = kit::diff(base(), without_age);
  CHECK(plan.up == strings{"ALTER TABLE \"people\" DROP COLUMN \"age\";"});
  CHECK(plan.data_loss == strings{"drops column \"people\".\"age\" and its values"});
  CHECK(plan.down == strings{"ALTER TABLE \"people\" ADD COLUMN \"age\" integer;"});

  auto renamed = base();
  column(renamed, "people", "age").name = "years";
  kit::diff_options hint;
  hint.renames = {{kit::rename_hint::kind::column, "people", "age", "years"}};
  plan = kit::diff(base(), renamed, hint);
  CHECK(plan.up == strings{"ALTER TABLE \"people\" RENAME COLUMN \"age\" TO \"years\";"});
  CHECK(plan.down == strings{"ALTER TABLE \"people\" RENAME COLUMN \"years\" TO \"age\";"});
  hint.renames = {{kit::rename_hint::kind::column, "public.people", "age", "years"}};
  CHECK(kit::diff(base(), renamed, hint).up == plan.up);
  try {
    kit::diff(base(), renamed);
    FAIL("a column drop and create without a decision must throw");
  } catch (const kit::ambiguous_rename& e) {
    CHECK(std::string(e.what()).find("--rename people.age=years") != std::string::npos);
  }
  hint.renames = {{kit::rename_hint::kind::column, "people", "age", "nope"}};
  CHECK_THROWS_AS(kit::diff(base(), renamed, hint), kit::diff_error);
}

TEST_CASE("a renamed table keeps its columns and constraints, a renamed column keeps its index", "[kit][diff]") {
  auto from = base();
  ddl::index_info ix;
  ix.name = "people_age_idx";
  ix.columns = {{"age"}};
  table(from, "people").indexes.push_back(ix);
  auto to = from;
  table(to, "people").name = "persons";
  column(to, "persons", "age").name = "years";
  table(to, "persons").indexes[0].columns[0].expression = "years";
  kit::diff_options o;
  o.renames = {{kit::rename_hint::kind::table, "", "people", "persons"},
               {kit::rename_hint::kind::column, "persons", "age", "years"}};
  const auto plan = kit::diff(from, to, o);
  CHECK(plan.up == strings{"ALTER TABLE \"people\" RENAME TO \"persons\";",
                           "ALTER TABLE \"persons\" RENAME COLUMN \"age\" TO \"years\";"});
  CHECK(plan.down == strings{"ALTER TABLE \"persons\" RENAME TO \"people\";",
                             "ALTER TABLE \"people\" RENAME COLUMN \"years\" TO \"age\";"});
}

TEST_CASE("column types, nullability and defaults change in place", "[kit][diff]") {
  auto to = base();
  column(to, "people", "age").type = "bigint";
  auto plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"ALTER TABLE \"people\" ALTER COLUMN \"age\" SET DATA TYPE bigint;"});
  CHECK(plan.down == strings{"ALTER TABLE \"people\" ALTER COLUMN \"age\" SET DATA TYPE integer;"});
  REQUIRE(plan.data_loss.size() == 1);
  CHECK(plan.data_loss[0].find("\"people\".\"age\" from integer to bigint") != std::string::npos);

  to = base();
  column(to, "people", "name").not_null = true;
  plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"ALTER TABLE \"people\" ALTER COLUMN \"name\" SET NOT NULL;"});
  CHECK(plan.down == strings{"ALTER TABLE \"people\" ALTER COLUMN \"name\" DROP NOT NULL;"});
  CHECK(plan.data_loss.size() == 1);

  to = base();
  column(to, "people", "name").default_sql = "'anon'";
  plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"ALTER TABLE \"people\" ALTER COLUMN \"name\" SET DEFAULT 'anon';"});
  CHECK(plan.down == strings{"ALTER TABLE \"people\" ALTER COLUMN \"name\" DROP DEFAULT;"});
  CHECK(plan.data_loss.empty());

  // A type change re-sets the default right after (drizzle-kit's order), once.
  to = base();
  column(to, "people", "age").type = "bigint";
  column(to, "people", "age").default_sql = "0";
  plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"ALTER TABLE \"people\" ALTER COLUMN \"age\" SET DATA TYPE bigint;",
                           "ALTER TABLE \"people\" ALTER COLUMN \"age\" SET DEFAULT 0;"});

  // text to an enum goes through USING.
  to = base();
  auto& name = column(to, "people", "name");
  name.type = "mood";
  name.type_is_enum = true;
  name.type_schema = "public";
  plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"ALTER TABLE \"people\" ALTER COLUMN \"name\" SET DATA TYPE \"public\".\"mood\" USING "
                           "\"name\"::\"public\".\"mood\";"});
  CHECK(plan.down == strings{"ALTER TABLE \"people\" ALTER COLUMN \"name\" SET DATA TYPE text;"});
}

TEST_CASE("indexes, foreign keys, unique, check and primary key constraints are added and dropped", "[kit][diff]") {
  auto to = base();
  ddl::index_info ix;
  ix.name = "people_name_idx";
  ix.columns = {{"name"}};
  table(to, "people").indexes.push_back(ix);
  auto plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"CREATE INDEX \"people_name_idx\" ON \"people\" USING btree (\"name\");"});
  CHECK(plan.down == strings{"DROP INDEX \"people_name_idx\";"});

  to = base();
  ddl::foreign_key_info fk;
  fk.name = "pets_owner_id_people_id_fk";
  fk.table_from = "pets";
  fk.table_to = "people";
  fk.schema_to = "public";
  fk.columns_from = {"owner_id"};
  fk.columns_to = {"id"};
  fk.on_delete = "cascade";
  table(to, "pets").foreign_keys.push_back(fk);
  plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"ALTER TABLE \"pets\" ADD CONSTRAINT \"pets_owner_id_people_id_fk\" FOREIGN KEY "
                           "(\"owner_id\") REFERENCES \"public\".\"people\"(\"id\") ON DELETE cascade ON UPDATE no "
                           "action;"});
  CHECK(plan.down == strings{"ALTER TABLE \"pets\" DROP CONSTRAINT \"pets_owner_id_people_id_fk\";\n"});
  // Changing the action drops and re-adds it.
  auto cascade_to_null = to;
  table(cascade_to_null, "pets").foreign_keys[0].on_delete = "set null";
  plan = kit::diff(to, cascade_to_null);
  CHECK(plan.up == strings{"ALTER TABLE \"pets\" DROP CONSTRAINT \"pets_owner_id_people_id_fk\";\n",
                           "ALTER TABLE \"pets\" ADD CONSTRAINT \"pets_owner_id_people_id_fk\" FOREIGN KEY "
                           "(\"owner_id\") REFERENCES \"public\".\"people\"(\"id\") ON DELETE set null ON UPDATE no "
                           "action;"});
  // Dropping the referenced table: CASCADE takes the foreign key, so it is not dropped twice.
  auto without_people = to;
  without_people.tables.erase(without_people.tables.begin());
  table(without_people, "pets").foreign_keys.clear();
  plan = kit::diff(to, without_people);
  // pets changed too, so drizzle-kit writes its DISABLE ROW LEVEL SECURITY line first
  CHECK(plan.up == strings{"ALTER TABLE \"people\" DISABLE ROW LEVEL SECURITY;", "DROP TABLE \"people\" CASCADE;"});

  to = base();
  table(to, "people").uniques.push_back({"people_name_unique", {"name"}, false});
  table(to, "people").checks.push_back({"age_positive", "\"people\".\"age\" > 0"});
  table(to, "pets").primary_keys.push_back({"pets_id_owner_id_pk", {"id", "owner_id"}, false});
  plan = kit::diff(base(), to);
  CHECK(plan.up ==
        strings{"ALTER TABLE \"pets\" ADD CONSTRAINT \"pets_id_owner_id_pk\" PRIMARY KEY(\"id\",\"owner_id\");",
                "ALTER TABLE \"people\" ADD CONSTRAINT \"people_name_unique\" UNIQUE(\"name\");",
                "ALTER TABLE \"people\" ADD CONSTRAINT \"age_positive\" CHECK (\"people\".\"age\" > 0);"});
  CHECK(plan.down == strings{"ALTER TABLE \"people\" DROP CONSTRAINT \"people_name_unique\";",
                             "ALTER TABLE \"people\" DROP CONSTRAINT \"age_positive\";",
                             "ALTER TABLE \"pets\" DROP CONSTRAINT \"pets_id_owner_id_pk\";"});
}

TEST_CASE("enum values are added in place and removed by recreating the type", "[kit][diff]") {
  auto to = base();
  to.enums[0].values = {"sad", "meh", "ok", "happy", "ecstatic"};
  const auto plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"ALTER TYPE \"public\".\"mood\" ADD VALUE 'meh' BEFORE 'ok';",
                           "ALTER TYPE \"public\".\"mood\" ADD VALUE 'ecstatic';"});
  CHECK(plan.data_loss.empty());
  CHECK(plan.down == strings{"ALTER TABLE \"people\" ALTER COLUMN \"mood\" SET DATA TYPE text;",
                             "ALTER TABLE \"people\" ALTER COLUMN \"mood\" SET DEFAULT 'ok'::text;",
                             "DROP TYPE \"public\".\"mood\";",
                             "CREATE TYPE \"public\".\"mood\" AS ENUM('sad', 'ok', 'happy');",
                             "ALTER TABLE \"people\" ALTER COLUMN \"mood\" SET DEFAULT 'ok'::\"public\".\"mood\";",
                             "ALTER TABLE \"people\" ALTER COLUMN \"mood\" SET DATA TYPE \"public\".\"mood\" USING "
                             "\"mood\"::\"public\".\"mood\";"});
  const auto back = kit::diff(to, base());
  REQUIRE(back.data_loss.size() == 1);
  CHECK(back.data_loss[0].find("'meh', 'ecstatic'") != std::string::npos);
  CHECK(back.up[back.data_loss_statement[0]] == "DROP TYPE \"public\".\"mood\";");
}

TEST_CASE("enums are created, dropped and renamed", "[kit][diff]") {
  auto to = base();
  to.enums.push_back({"size", "public", {"s", "m"}});
  auto plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"CREATE TYPE \"public\".\"size\" AS ENUM('s', 'm');"});
  CHECK(plan.down == strings{"DROP TYPE \"public\".\"size\";"});

  to = base();
  to.enums[0].name = "feeling";
  column(to, "people", "mood").type = "feeling";
  kit::diff_options hint;
  hint.renames = {{kit::rename_hint::kind::enum_type, "", "mood", "feeling"}};
  plan = kit::diff(base(), to, hint);
  CHECK(plan.up == strings{"ALTER TYPE \"public\".\"mood\" RENAME TO \"feeling\";"});
  CHECK(plan.down == strings{"ALTER TYPE \"public\".\"feeling\" RENAME TO \"mood\";"});
  CHECK_THROWS_AS(kit::diff(base(), to), kit::ambiguous_rename);
}

TEST_CASE("schemas are created, dropped and renamed with their tables", "[kit][diff]") {
  auto to = base();
  ddl::table_info items;
  items.name = "items";
  items.schema = "shop";
  items.columns = {col("id", "integer", true)};
  to.tables.push_back(items);
  auto plan = kit::diff(base(), to);
  CHECK(plan.up ==
        strings{"CREATE SCHEMA \"shop\";\n", "CREATE TABLE \"shop\".\"items\" (\n\t\"id\" integer NOT NULL\n);\n"});
  CHECK(plan.down == strings{"DROP TABLE \"shop\".\"items\" CASCADE;", "DROP SCHEMA \"shop\";\n"});

  auto renamed = to;
  renamed.tables.back().schema = "store";
  kit::diff_options hint;
  hint.renames = {{kit::rename_hint::kind::schema, "", "shop", "store"}};
  plan = kit::diff(to, renamed, hint);
  CHECK(plan.up == strings{"ALTER SCHEMA \"shop\" RENAME TO \"store\";\n"});
  CHECK(plan.down == strings{"ALTER SCHEMA \"store\" RENAME TO \"shop\";\n"});
  CHECK_THROWS_AS(kit::diff(to, renamed), kit::ambiguous_rename);

  // A table renamed inside a schema is named schema.table in hints.
  auto renamed_table = to;
  renamed_table.tables.back().name = "products";
  hint.renames = {{kit::rename_hint::kind::table, "", "shop.items", "shop.products"}};
  CHECK(kit::diff(to, renamed_table, hint).up == strings{"ALTER TABLE \"shop\".\"items\" RENAME TO \"products\";"});
}

TEST_CASE("identity and generated columns are added and dropped", "[kit][diff]") {
  auto to = base();
  auto& owner = column(to, "pets", "owner_id");
  owner.not_null = true;
  owner.identity = ddl::identity_info{true, "pets_owner_id_seq", 1, 1, 2147483647, 1, 1, false};
  auto plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"ALTER TABLE \"pets\" ALTER COLUMN \"owner_id\" SET NOT NULL;",
                           "ALTER TABLE \"pets\" ALTER COLUMN \"owner_id\" ADD GENERATED ALWAYS AS IDENTITY (sequence "
                           "name \"pets_owner_id_seq\" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 "
                           "CACHE 1);"});
  CHECK(plan.down == strings{"ALTER TABLE \"pets\" ALTER COLUMN \"owner_id\" DROP IDENTITY;",
                             "ALTER TABLE \"pets\" ALTER COLUMN \"owner_id\" DROP NOT NULL;"});

  to = base();
  column(to, "people", "age").generated = "length(\"people\".\"name\")";
  plan = kit::diff(base(), to);
  CHECK(plan.up == strings{"ALTER TABLE \"people\" drop column \"age\";",
                           "ALTER TABLE \"people\" ADD COLUMN \"age\" integer GENERATED ALWAYS AS "
                           "(length(\"people\".\"name\")) STORED;"});
  CHECK(plan.data_loss.size() == 1);
  CHECK(plan.down == strings{"ALTER TABLE \"people\" ALTER COLUMN \"age\" DROP EXPRESSION;"});
}

TEST_CASE("without breakpoints statements are joined by newlines", "[kit][generate]") {
  const auto dir = scratch("no-breakpoints");
  kit::generate_options o;
  o.folder = dir;
  o.name = "init";
  o.breakpoints = false;
  auto s = base();
  s.tables.pop_back();
  kit::generate(s, o);
  CHECK(kit::read_text(dir / "0000_init.sql") ==
        "CREATE TYPE \"public\".\"mood\" AS ENUM('sad', 'ok', 'happy');\nCREATE TABLE \"people\" (\n\t\"id\" serial "
        "PRIMARY KEY NOT NULL,\n\t\"name\" text,\n\t\"mood\" \"mood\" DEFAULT 'ok' NOT NULL,\n\t\"age\" integer\n);\n");
  CHECK_FALSE(kit::read_journal(dir).entries.at(0).breakpoints);
}

TEST_CASE("tables outside public snapshot and read back", "[kit][snapshot]") {
  auto s = base();
  for (auto& t : s.tables) t.schema = "shop";
  s.enums[0].schema = "shop";
  column(s, "people", "mood").type_schema = "shop";
  table(s, "pets").foreign_keys.push_back(
      {"pets_owner_id_people_id_fk", "pets", "shop", "people", "shop", {"owner_id"}, {"id"}, "cascade", "no action"});
  const auto j = kit::to_snapshot(s, "a", "b");
  CHECK(j["tables"].contains("shop.people"));
  CHECK(j["tables"]["shop.pets"]["foreignKeys"]["pets_owner_id_people_id_fk"]["schemaTo"] == "shop");
  CHECK(j["schemas"] == nlohmann::json{{"shop", "shop"}});
  CHECK(j["enums"]["shop.mood"]["schema"] == "shop");
  CHECK(kit::read_snapshot(kit::snapshot_text(s, "a", "b")) == s);
}

TEST_CASE("the v1 to v2 plan and its reverse are inverse", "[kit][diff]") {
  const auto v1 = ddl::describe(oracle::schema_v1()), v2 = ddl::describe(oracle_v2::schema());
  const auto up = kit::diff(v1, v2);
  CHECK(up.up == kit::diff(v2, v1, no_renames()).down);
  CHECK(kit::diff(v1, v1).empty());
  CHECK(kit::diff(v2, v2).down.empty());
}

// ---------------------------------------------------------------------------------------------------------------
// (e) fidelity: drizzle-kit's folder for tests/data/kit_fidelity/src/schema*.ts, byte for byte

namespace {
const fs::path fidelity_folder = DRIZZLE_ORACLE_DIR "/../kit_fidelity/migrations";
const std::vector<std::pair<std::string, ddl::schema_info>>& fidelity_steps() {
  static const std::vector<std::pair<std::string, ddl::schema_info>> steps{{"0000_init", ddl::describe(fidelity::v1())},
                                                                           {"0001_v2", ddl::describe(fidelity::v2())},
                                                                           {"0002_v3", ddl::describe(fidelity::v3())}};
  return steps;
}
}  // namespace

TEST_CASE("the fidelity schema snapshots as drizzle-kit does: every type spelling, table order", "[kit][fidelity]") {
  for (const auto& [tag, schema] : fidelity_steps()) {
    INFO(tag);
    const auto file = fidelity_folder / "meta" / (tag.substr(0, 4) + "_snapshot.json");
    const auto expected = nlohmann::json::parse(kit::read_text(file));
    CHECK(kit::snapshot_text(schema, expected["id"], expected["prevId"]) == kit::read_text(file));
    // and drizzle-kit's snapshot reads back as the C++ schema's description
    CHECK(kit::read_snapshot(kit::read_text(file)) == schema);
  }
}

TEST_CASE("generate writes drizzle-kit's fidelity folder byte for byte", "[kit][fidelity]") {
  const auto dir = scratch("fidelity");
  const auto journal = kit::read_journal(fidelity_folder);
  REQUIRE(journal.entries.size() == fidelity_steps().size());
  for (std::size_t i = 0; i < fidelity_steps().size(); ++i) {
    const auto& [tag, schema] = fidelity_steps()[i];
    INFO(tag);
    kit::generate_options o;
    o.folder = dir;
    o.name = tag.substr(5);
    o.data_loss_comments = false;
    o.when = journal.entries[i].when;
    const auto r = kit::generate(schema, o);
    CHECK(r.tag == tag);
    CHECK(kit::read_text(dir / (tag + ".sql")) == kit::read_text(fidelity_folder / (tag + ".sql")));
    // widening varchar(8) to varchar(16) loses nothing: only the dropped tables are reported
    if (i == 1) CHECK(r.plan.data_loss == strings{"drops table \"gone\" and its rows"});
  }
  CHECK(kit::read_text(dir / "meta" / "_journal.json") == kit::read_text(fidelity_folder / "meta" / "_journal.json"));
  CHECK(kit::check(dir).empty());
}

TEST_CASE("generate continues drizzle-kit's fidelity folder at every step with no changes", "[kit][fidelity]") {
  for (std::size_t n = 1; n <= fidelity_steps().size(); ++n) {
    const auto dir = scratch("fidelity-continue");
    fs::copy(fidelity_folder, dir, fs::copy_options::recursive);
    // keep the first n migrations
    auto journal = kit::read_journal(dir);
    journal.entries.resize(n);
    std::ofstream(dir / "meta" / "_journal.json", std::ios::trunc) << kit::journal_text(journal);
    kit::generate_options o;
    o.folder = dir;
    INFO(fidelity_steps()[n - 1].first);
    const auto r = kit::generate(fidelity_steps()[n - 1].second, o);
    CHECK(r.plan.up.empty());
    CHECK(r.tag.empty());
  }
}

TEST_CASE("generate without data-loss comments writes drizzle-kit's text", "[kit][generate][fidelity]") {
  const auto dir = scratch("fidelity-loss");
  kit::generate_options o;
  o.folder = dir;
  o.name = "init";
  kit::generate(fidelity_steps()[0].second, o);
  o.name = "v2";
  kit::generate(fidelity_steps()[1].second, o);
  CHECK(kit::read_text(dir / "0001_v2.sql") ==
        "ALTER TABLE \"gone\" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint\n"
        "-- drizzle: data loss: drops table \"gone\" and its rows\n"
        "DROP TABLE \"gone\" CASCADE;--> statement-breakpoint\n"
        "ALTER TABLE \"apple\" ALTER COLUMN \"label\" SET DATA TYPE varchar(16);");
  o.name = "v3";
  o.data_loss_comments = false;
  kit::generate(fidelity_steps()[2].second, o);
  CHECK(kit::read_text(dir / "0002_v3.sql") == kit::read_text(fidelity_folder / "0002_v3.sql"));
}

TEST_CASE("types compare in one spelling per PostgreSQL type", "[kit][diff][fidelity]") {
  using kit::detail::canonical_type;
  CHECK(canonical_type("timestamp(3)") == canonical_type("timestamp (3)"));
  CHECK(canonical_type("timestamp(3) with time zone") == "timestamp (3) with time zone");
  CHECK(canonical_type("timestamp(3)[]") == "timestamp (3)[]");
  CHECK(canonical_type("time (2)") == "time(2)");
  CHECK(canonical_type("numeric(10)") == "numeric(10, 0)");
  CHECK(canonical_type("char") == "char(1)");
  CHECK(canonical_type("timestamp") == "timestamp");
  CHECK(canonical_type("numeric") == "numeric");
  // A drizzle-kit folder written from a mode: 'string' column continues without a change from timestamp_p<3>.
  auto a = base(), b = base();
  table(a, "people").columns.push_back(col("at", "timestamp(3)"));
  table(b, "people").columns.push_back(col("at", "timestamp (3)"));
  CHECK(kit::diff(a, b).empty());
  table(b, "people").columns.back().type = "timestamp (6)";
  CHECK(kit::diff(a, b).up.size() == 1);
  // widening: no data loss; narrowing and other types: data loss
  column(a, "people", "name").type = "varchar(8)";
  column(b, "people", "name").type = "varchar(16)";
  table(b, "people").columns.back().type = "timestamp(3)";
  auto plan = kit::diff(a, b);
  CHECK(plan.up == strings{"ALTER TABLE \"people\" ALTER COLUMN \"name\" SET DATA TYPE varchar(16);"});
  CHECK(plan.data_loss.empty());
  CHECK(kit::diff(b, a).data_loss.size() == 1);
  column(b, "people", "name").type = "text";
  CHECK(kit::diff(a, b).data_loss.empty());
  column(b, "people", "name").type = "integer";
  CHECK(kit::diff(a, b).data_loss.size() == 1);
}

// ---------------------------------------------------------------------------------------------------------------
// (f) the configuration file

namespace {
fs::path write_scratch(const std::string& name, const std::string& text) {
  const auto path = fs::temp_directory_path() / ("drizzle-kit-config-" + name);
  std::ofstream(path, std::ios::trunc) << text;
  return path;
}
}  // namespace

TEST_CASE("drizzle.config.json: missing, unknown keys, env: urls, .env files", "[kit][config]") {
  const auto missing = fs::temp_directory_path() / "drizzle-kit-config-none.json";
  fs::remove(missing);
  CHECK(kit::read_config(missing).out == "drizzle");  // the default file may be absent
  CHECK_THROWS_WITH(kit::read_config(missing, true), Catch::Contains("does not exist"));

  const auto file =
      write_scratch("a.json", R"({"dialect": "postgresql", "schema": "./src/schema.ts", "casing": "snake_case",
                                  "out": "mig", "dataLossComments": false,
                                  "dbCredentials": {"url": "env:KITFIX_TEST_URL"}})");
  const auto env = write_scratch("a.env", "# comment\nexport KITFIX_TEST_URL = 'postgresql://from/env-file'\n");
  ::unsetenv("KITFIX_TEST_URL");
  const auto c = kit::read_config(file, true, env);
  CHECK(c.unused_keys == strings{"casing", "schema"});  // in key order
  CHECK(c.out == "mig");
  CHECK_FALSE(c.data_loss_comments);
  CHECK(c.url == "postgresql://from/env-file");
  ::setenv("KITFIX_TEST_URL", "postgresql://from/environment", 1);
  CHECK(kit::read_config(file, true, env).url == "postgresql://from/environment");  // the environment wins
  ::unsetenv("KITFIX_TEST_URL");
  CHECK_THROWS_WITH(kit::read_config(file, true, missing), Catch::Contains("KITFIX_TEST_URL is not set"));

  CHECK_THROWS_AS(kit::read_config(write_scratch("b.json", R"({"dialect": "mysql"})")), kit::config_error);
  const auto parts = kit::read_config(
      write_scratch("c.json", R"({"dbCredentials": {"host": "h", "port": 5433, "user": "u", "password": "p@ss word",
                                                    "database": "d"}})"));
  CHECK(parts.url == "postgresql://u:p%40ss%20word@h:5433/d");
  CHECK(kit::env_value("DATABASE_URL_KITFIX_NONE", env) == std::nullopt);
}

TEST_CASE("the rename prompt asks again on an answer that is not a choice, and never drops on bad input",
          "[kit][cli]") {
  const kit::rename_candidate c{kit::rename_hint::kind::column, "users", "about", {"bio", "summary"}};
  auto answer = [&](const std::string& typed) {
    std::istringstream in(typed);
    auto* saved = std::cin.rdbuf(in.rdbuf());
    struct restore {
      std::streambuf* buf;
      ~restore() { std::cin.rdbuf(buf); }
    } r{saved};
    return kit::detail::ask_rename(c);
  };
  CHECK(answer("2\n") == std::optional<std::string>("summary"));
  CHECK(answer("yes\n\n3\n-1\n 1 \n") == std::optional<std::string>("bio"));  // four bad answers, then 1
  CHECK(answer("x\n0\n") == std::nullopt);                                    // dropped only when 0 is typed
  CHECK_THROWS_WITH(answer("drop\n"), Catch::Contains("no answer"));          // end of input: stop, write nothing
}
