// Generated migrations against PostgreSQL: they build the same database as drizzle-kit's own files, their down
// files bring the database back to where it was (compared through the catalogs), and a rename keeps the rows.
#include <catch2/catch.hpp>

#include <drizzle/kit/generate.hpp>
#include <drizzle/kit/migrator.hpp>
#include <drizzle/kit/push.hpp>
#include <filesystem>
#include <fstream>

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

// ---------------------------------------------------------------------------------------------------------------
// Rollback around dependent objects, and round trips that compare expressions as the server prints them

namespace {
ddl::column_info column_of(std::string name, std::string type, bool not_null = false) {
  ddl::column_info c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  return c;
}

/// orders (id, email, status order_status, total, email_lower generated), a check, a partial index on status.
ddl::schema_info orders_schema(std::vector<std::string> statuses) {
  ddl::schema_info s;
  s.enums.push_back({"order_status", "public", std::move(statuses)});
  ddl::table_info t;
  t.name = "orders";
  auto id = column_of("id", "integer", true);
  id.primary_key = true;
  auto status = column_of("status", "order_status", true);
  status.type_is_enum = true;
  status.type_schema = "public";
  status.default_sql = "'pending'";
  auto total = column_of("total", "numeric(10, 2)", true);
  total.default_sql = "0";
  auto lower = column_of("email_lower", "text");
  lower.generated = "lower(\"orders\".\"email\")";
  auto placed = column_of("placed_at", "timestamp (3)");
  placed.default_sql = "now()";
  t.columns = {id, column_of("email", "varchar(255)", true), status, total, lower, placed};
  t.checks.push_back({"orders_email_check", "\"orders\".\"email\" like '%@%'"});
  ddl::index_info ix;
  ix.name = "orders_shipped_idx";
  ix.method = "btree";
  ix.where = "\"orders\".\"status\" = 'shipped'";
  ddl::index_column_info ic;
  ic.expression = "id";
  ix.columns.push_back(ic);
  t.indexes.push_back(ix);
  s.tables.push_back(t);
  return s;
}
}  // namespace

TEST_CASE("rolling back an enum recreation re-creates the partial index that reads the column", "[kit][rollback]") {
  auto db = clean_db();
  const auto dir = scratch("enum-partial");
  kit::generate_options o;
  o.folder = dir;
  o.name = "init";
  kit::generate(orders_schema({"pending", "shipped"}), o);
  o.name = "cancelled";
  kit::generate(orders_schema({"pending", "shipped", "cancelled"}), o);
  CHECK(kit::migrate(db, folder_options(dir)) == strings{"0000_init", "0001_cancelled"});
  db.execute("insert into orders (id, email, status) values (1, 'a@b', 'shipped')");
  const auto before = catalog(db);
  CHECK(kit::rollback(db, folder_options(dir)) == strings{"0001_cancelled"});
  CHECK(db.query_text("select enum_range(null::order_status)::text")[0][0] == "{pending,shipped}");
  CHECK(db.query_text("select status::text from orders")[0][0] == "shipped");
  const auto after = catalog(db);
  CHECK(std::count_if(after.begin(), after.end(), [](const std::string& line) {
          return line.find("orders_shipped_idx") != std::string::npos && line.find("WHERE") != std::string::npos;
        }) == 1);
  CHECK(before.size() == after.size());

  // A down file that fails names itself, not the up file.
  std::ofstream(dir / "0000_init.down.sql", std::ios::trunc) << "DROP TABLE \"no_such_table\";";
  CHECK_THROWS_WITH(kit::rollback(db, folder_options(dir)), Catch::Contains("0000_init.down.sql failed"));
}

TEST_CASE("push and pull compare checks, predicates, generated columns and defaults as the server prints them",
          "[kit][push][pull]") {
  auto db = clean_db();
  const auto dir = scratch("round-trip");
  kit::generate_options o;
  o.folder = dir;
  o.name = "init";
  const auto schema = orders_schema({"pending", "shipped"});
  kit::generate(schema, o);
  kit::migrate(db, folder_options(dir));

  // The live database spells them its own way: as text they differ.
  const auto live = kit::introspect(db);
  REQUIRE_FALSE(kit::diff(live, schema).up.empty());
  // push --dry-run of the schema on the database it built: nothing to do.
  CHECK(kit::push(db, schema, {.dry_run = true}).plan.up.empty());
  // pull, then generate on the folder: no change.
  const auto pulled = kit::with_spelling_of(db, live, kit::last_snapshot(dir).first);
  CHECK(kit::diff(kit::last_snapshot(dir).first, pulled).up.empty());
  // A real change still shows.
  auto changed = schema;
  changed.tables[0].checks[0].expression = "\"orders\".\"email\" like '%@%.%'";
  CHECK(kit::push(db, changed, {.dry_run = true}).plan.up.size() == 2);
}
