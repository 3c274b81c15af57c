// Generated migrations against PostgreSQL: they build the same database as drizzle-kit's own files, their down
// files bring the database back to where it was (compared through the catalogs), and a rename keeps the rows.
#include <catch2/catch.hpp>

#include <drizzle/kit/generate.hpp>
#include <drizzle/kit/migrator.hpp>
#include <filesystem>

#include "support/oracle_db.hpp"
#include "support/oracle_schema_v2.hpp"

namespace fs = std::filesystem;
namespace kit = drizzle::kit;
namespace ddl = drizzle::ddl;
using strings = std::vector<std::string>;

namespace {
void reset(drizzle::pqxx::database& db) {
  db.execute(
      "drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade; "
      "drop schema if exists kit_test cascade");
}
drizzle::pqxx::database clean_db() {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  reset(db);
  return db;
}

fs::path scratch(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("drizzle-kit-generate-db-" + name);
  fs::remove_all(dir);
  return dir;
}

/// What the catalogs say about the public schema: columns (not their position: a column a down file re-adds
/// comes last), constraints, indexes and enums, one line each, sorted.
strings catalog(drizzle::pqxx::database& db) {
  const auto rows = db.query_text(
      "select x from ("
      " select 'column ' || table_name || '.' || column_name || ' ' || udt_name || ' ' || is_nullable || ' ' ||"
      "  coalesce(column_default, '-') || ' ' || coalesce(identity_generation, '-') as x"
      "  from information_schema.columns where table_schema = 'public'"
      " union all select 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' ||"
      "  pg_get_constraintdef(oid) from pg_constraint where connamespace = 'public'::regnamespace"
      " union all select 'index ' || indexdef from pg_indexes where schemaname = 'public'"
      " union all select 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' order by e.enumsortorder)"
      "  from pg_type t join pg_enum e on e.enumtypid = t.oid where t.typnamespace = 'public'::regnamespace"
      "  group by t.typname"
      ") s order by x");
  strings out;
  for (const auto& r : rows) out.push_back(*r[0]);
  return out;
}

kit::migrate_options folder_options(const fs::path& folder) {
  kit::migrate_options o;
  o.folder = folder;
  return o;
}
}  // namespace

TEST_CASE("generated migrations build drizzle-kit's database and their down files undo them", "[kit][generate]") {
  // The database drizzle-kit's own folder builds, after 0000 and after 0001.
  auto db = clean_db();
  const fs::path oracle_folder = DRIZZLE_ORACLE_DIR "/migrations-kit";
  const auto empty = catalog(db);
  kit::migrate(db, folder_options(oracle_folder));
  const auto oracle_v2 = catalog(db);
  reset(db);
  // 0000 alone: a copy of the folder without its second entry.
  const auto oracle_v1_dir = scratch("oracle-v1");
  kit::generate_options o;
  o.folder = oracle_v1_dir;
  o.name = "init";
  kit::generate(ddl::describe(oracle::schema_v1()), o);
  kit::migrate(db, folder_options(oracle_v1_dir));
  const auto ours_v1 = catalog(db);
  REQUIRE(ours_v1.size() > 50);

  reset(db);
  const auto dir = scratch("up-down");
  o.folder = dir;
  o.name = "init";
  kit::generate(ddl::describe(oracle::schema_v1()), o);
  o.name = "v2";
  kit::generate(ddl::describe(oracle_v2::schema()), o);
  CHECK(kit::migrate(db, folder_options(dir)) == strings{"0000_init", "0001_v2"});
  CHECK(catalog(db) == oracle_v2);

  CHECK(kit::rollback(db, folder_options(dir)) == strings{"0001_v2"});
  CHECK(catalog(db) == ours_v1);
  CHECK(db.query_text("select count(*) from drizzle.__drizzle_migrations")[0][0] == "1");
  CHECK(kit::rollback(db, folder_options(dir)) == strings{"0000_init"});
  CHECK(catalog(db) == empty);
  // And forward again: the folder still applies from scratch.
  CHECK(kit::migrate(db, folder_options(dir)) == strings{"0000_init", "0001_v2"});
  CHECK(catalog(db) == oracle_v2);
}

TEST_CASE("a renamed table and column keep their rows, up and down", "[kit][generate]") {
  auto db = clean_db();
  const auto dir = scratch("rename");
  ddl::schema_info v1;
  ddl::table_info notes;
  notes.name = "notes";
  ddl::column_info id;
  id.name = "id";
  id.type = "serial";
  id.primary_key = id.not_null = true;
  ddl::column_info body;
  body.name = "body";
  body.type = "text";
  body.not_null = true;
  notes.columns = {id, body};
  notes.uniques = {{"notes_body_unique", {"body"}, false}};
  v1.tables = {notes};

  kit::generate_options o;
  o.folder = dir;
  o.name = "init";
  kit::generate(v1, o);
  kit::migrate(db, folder_options(dir));
  db.execute("insert into notes (body) values ('keep me')");

  auto v2 = v1;
  v2.tables[0].name = "memos";
  v2.tables[0].columns[1].name = "content";
  v2.tables[0].uniques[0].columns = {"content"};
  o.name = "rename";
  o.diff.renames = {{kit::rename_hint::kind::table, "", "notes", "memos"},
                    {kit::rename_hint::kind::column, "memos", "body", "content"}};
  const auto r = kit::generate(v2, o);
  CHECK(r.plan.up == strings{"ALTER TABLE \"notes\" RENAME TO \"memos\";",
                             "ALTER TABLE \"memos\" RENAME COLUMN \"body\" TO \"content\";"});
  CHECK(r.plan.data_loss.empty());
  kit::migrate(db, folder_options(dir));
  CHECK(db.query_text("select content from memos")[0][0] == "keep me");
  // The unique constraint followed the column.
  CHECK_THROWS(db.execute("insert into memos (content) values ('keep me')"));

  kit::rollback(db, folder_options(dir));
  CHECK(db.query_text("select body from notes")[0][0] == "keep me");
  CHECK(db.query_text("select to_regclass('memos') is null")[0][0] == "t");
}

TEST_CASE("a data-loss comment does not stop the statement under it", "[kit][generate]") {
  auto db = clean_db();
  const auto dir = scratch("loss");
  kit::generate_options o;
  o.folder = dir;
  o.name = "init";
  kit::generate(ddl::describe(oracle::schema_v1()), o);
  o.name = "v2";
  const auto r = kit::generate(ddl::describe(oracle_v2::schema()), o);
  REQUIRE(kit::read_text(r.sql_file).find("-- drizzle: data loss: drops column") != std::string::npos);
  kit::migrate(db, folder_options(dir));
  CHECK(db.query_text("select count(*) from information_schema.columns where table_name = 'type_samples' and "
                      "column_name = 'ratio'")[0][0] == "0");
}

TEST_CASE("every kind of alteration applies and its down file restores the catalogs", "[kit][generate]") {
  auto db = clean_db();
  const auto dir = scratch("alterations");
  auto col = [](std::string name, std::string type, bool not_null = false) {
    ddl::column_info c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.not_null = not_null;
    return c;
  };
  ddl::schema_info v1;
  v1.enums.push_back({"mood", "public", {"sad", "ok", "happy"}});
  ddl::table_info people;
  people.name = "people";
  auto id = col("id", "serial", true);
  id.primary_key = true;
  auto mood = col("mood", "mood", true);
  mood.type_is_enum = true;
  mood.type_schema = "public";
  mood.default_sql = "'ok'";
  people.columns = {id, col("name", "text"), mood, col("age", "integer"), col("nick", "text")};
  ddl::table_info pets;
  pets.name = "pets";
  pets.columns = {id, col("owner_id", "integer")};
  ddl::index_info by_nick;
  by_nick.name = "people_nick_idx";
  by_nick.columns = {{"nick"}};
  people.indexes = {by_nick};
  v1.tables = {people, pets};

  kit::generate_options o;
  o.folder = dir;
  o.name = "init";
  kit::generate(v1, o);
  kit::migrate(db, folder_options(dir));
  db.execute("insert into people (name, mood, age, nick) values ('ann', 'happy', 41, 'a')");
  const auto before = catalog(db);

  auto v2 = v1;
  v2.enums[0].values = {"sad", "meh", "ok", "happy"};
  auto& t = v2.tables[0];
  t.columns[1].not_null = true;         // SET NOT NULL
  t.columns[1].default_sql = "'anon'";  // SET DEFAULT
  t.columns[3].type = "bigint";         // SET DATA TYPE
  t.columns[4].name = "nickname";       // RENAME COLUMN (its index follows)
  t.indexes[0].columns[0].expression = "nickname";
  t.columns.push_back(col("email", "varchar(255)"));  // ADD COLUMN
  t.uniques.push_back({"people_email_unique", {"email"}, false});
  t.checks.push_back({"people_age_check", "\"people\".\"age\" > 0"});
  ddl::index_info by_name;
  by_name.name = "people_name_idx";
  by_name.columns = {{"name"}};
  t.indexes.push_back(by_name);
  ddl::foreign_key_info fk;
  fk.name = "pets_owner_id_people_id_fk";
  fk.table_from = "pets";
  fk.table_to = "people";
  fk.schema_to = "public";
  fk.columns_from = {"owner_id"};
  fk.columns_to = {"id"};
  fk.on_delete = "cascade";
  v2.tables[1].foreign_keys.push_back(fk);
  o.name = "alter";
  o.diff.renames = {{kit::rename_hint::kind::column, "people", "nick", "nickname"}};
  const auto r = kit::generate(v2, o);
  CHECK(r.plan.up.size() == 10);  // add value, rename, type, default, not null, column, fk, index, unique, check
  CHECK(kit::migrate(db, folder_options(dir)) == strings{"0001_alter"});
  CHECK(db.query_text("select name, mood::text, age, nickname from people")[0] ==
        std::vector<std::optional<std::string>>{"ann", "happy", "41", "a"});
  CHECK(db.query_text("select pg_typeof(age)::text from people")[0][0] == "bigint");
  CHECK(db.query_text("select string_agg(enumlabel, ',' order by enumsortorder) from pg_enum")[0][0] ==
        "sad,meh,ok,happy");
  CHECK(catalog(db) != before);

  kit::rollback(db, folder_options(dir));
  CHECK(catalog(db) == before);
  CHECK(db.query_text("select name, mood::text, age, nick from people")[0] ==
        std::vector<std::optional<std::string>>{"ann", "happy", "41", "a"});
}
