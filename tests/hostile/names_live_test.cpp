// Name fuzzing, names already in the database: objects created by hand-quoted raw SQL with `"`, `;`, `--`, `'`,
// backslashes, newlines, unicode, spaces and 63-byte names go through introspect, push and pull. The names read
// back exactly, push never runs a name as SQL (a canary table in another schema survives every step), and dropping
// an enum or a schema is data loss that asks first.
#include <catch2/catch.hpp>

#include <drizzle/kit/introspect.hpp>
#include <drizzle/kit/pull.hpp>
#include <drizzle/kit/push.hpp>
#include <string>
#include <vector>

#include "names_support.hpp"

namespace hostile_live {

const std::string enum_name = "zz\"; drop table other.canary; select 1 as \"x";
const std::string schema_name = "sch\"ema; drop schema other cascade; --";
const std::string table_name = "t'; drop table other.canary; --";
const std::string child_name = "ch*/ild ?\?/";
const std::string long_name = "c23456789_123456789_123456789_123456789_123456789_123456789_123";
const std::vector<std::string> labels = {"o'k", "b\"a\\d", "x'); drop table other.canary; --", "new\nline"};
const std::vector<std::string> columns = {"i\"d",       "na'me; --", "ba\\ck\\", "new\nline",
                                          "ünï cødé ☃", long_name,   "a)b'c("};

// The same objects, quoted by hand.
constexpr const char* setup_sql = R"(
drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade;
drop schema if exists "sch""ema; drop schema other cascade; --" cascade;
drop schema if exists other cascade; create schema other; create table other.canary (x integer);
insert into other.canary values (42);
create schema "sch""ema; drop schema other cascade; --";
create type public."zz""; drop table other.canary; select 1 as ""x" as enum
  ('o''k', 'b"a\d', 'x''); drop table other.canary; --', 'new
line');
create table public."t'; drop table other.canary; --" (
  "i""d" integer primary key,
  "na'me; --" text not null default 'it''s "x"',
  "ba\ck\" text,
  "new
line" text,
  "ünï cødé ☃" "zz""; drop table other.canary; select 1 as ""x",
  "c23456789_123456789_123456789_123456789_123456789_123456789_123" integer,
  "a)b'c(" integer,
  constraint "uq'""" unique ("na'me; --"),
  constraint "ck""; --" check ("i""d" > 0),
  constraint "ck2" check (("a)b'c(" > 0) and ("i""d" < 1000))
);
create index "ix""; drop table other.canary; --" on public."t'; drop table other.canary; --" ("ba\ck\");
create table "sch""ema; drop schema other cascade; --"."ch*/ild ??/" (
  "p" integer references public."t'; drop table other.canary; --" ("i""d") on delete cascade
);
)";

drizzle::pqxx::database hostile_db() {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(setup_sql);
  return db;
}

using hostile_names::require_canary;
using hostile_names::scalar;

drizzle::kit::introspect_options both() {
  return {.schemas = {"public", schema_name}, .tables = {}};
}

}  // namespace hostile_live

using namespace hostile_live;

TEST_CASE("names: introspection reads hostile names exactly", "[hostile][names]") {
  auto db = hostile_db();
  const auto s = drizzle::kit::introspect(db, both());
  REQUIRE(s.enums.size() == 1);
  CHECK(s.enums[0].name == enum_name);
  CHECK(s.enums[0].values == labels);
  REQUIRE(s.tables.size() == 2);
  // Tables come by bare name across schemas, as drizzle-kit orders them: find the public one by its schema.
  const bool public_first = s.tables[0].schema.empty() || s.tables[0].schema == "public";
  const auto& t = s.tables[public_first ? 0 : 1];
  const auto& other_table = s.tables[public_first ? 1 : 0];
  CHECK(t.name == table_name);
  std::vector<std::string> read;
  for (const auto& c : t.columns) read.push_back(c.name);
  CHECK(read == columns);
  CHECK(t.columns[4].type == enum_name);
  CHECK(t.columns[1].default_sql == "'it''s \"x\"'");
  REQUIRE(t.uniques.size() == 1);
  CHECK(t.uniques[0].name == "uq'\"");
  REQUIRE(t.checks.size() == 2);
  CHECK(t.checks[0].name == "ck\"; --");
  CHECK(t.checks[0].expression == "\"i\"\"d\" > 0");
  // Parentheses and quotes inside names do not confuse the removal of PostgreSQL's outer parentheses.
  CHECK(t.checks[1].expression == "\"a)b'c(\" > 0 AND \"i\"\"d\" < 1000");
  REQUIRE(t.indexes.size() == 1);
  CHECK(t.indexes[0].name == "ix\"; drop table other.canary; --");
  CHECK(other_table.schema == schema_name);
  CHECK(other_table.name == child_name);
  REQUIRE(other_table.foreign_keys.size() == 1);
  CHECK(other_table.foreign_keys[0].table_to == table_name);
  require_canary(db);
}

TEST_CASE("names: push of the database's own description changes nothing", "[hostile][names]") {
  auto db = hostile_db();
  const auto live = drizzle::kit::introspect(db, both());
  // Written back through create_statements into a clean database, the same names come back.
  const auto created = drizzle::ddl::create_statements(live);
  const auto result = drizzle::kit::push(db, live, {.filter = both()});
  CHECK_FALSE(result.applied);
  CHECK(result.plan.up.empty());
  db.execute(
      "drop schema public cascade; create schema public; "
      "drop schema \"sch\"\"ema; drop schema other cascade; --\" cascade");
  for (const auto& statement : created) db.execute(statement);
  CHECK(drizzle::kit::introspect(db, both()) == live);
  require_canary(db);
}

TEST_CASE("names: push asks before dropping a hostile enum (the issue's case)", "[hostile][names]") {
  auto db = hostile_names::canary_db();
  db.execute("create type public.\"zz\"\"; drop table other.canary; select 1 as \"\"x\" as enum ('a')");
  std::vector<std::string> asked;
  drizzle::kit::push_options o;
  o.filter.schemas = {"public"};
  o.confirm = [&](const std::vector<std::string>& losses) {
    asked = losses;
    return false;
  };
  CHECK_THROWS_AS(drizzle::kit::push(db, drizzle::ddl::schema_info{}, o), drizzle::kit::data_loss_refused);
  REQUIRE(asked.size() == 1);
  CHECK(asked[0] == "drops enum \"public\".\"zz\"\"; drop table other.canary; select 1 as \"\"x\" and its labels");
  CHECK(scalar(db, "select count(*) from pg_type where typname = 'zz\"; drop table other.canary; select 1 as \"x'") ==
        "1");
  require_canary(db);

  const auto dry = drizzle::kit::push(db, drizzle::ddl::schema_info{},
                                      {.filter = {.schemas = {"public"}, .tables = {}}, .dry_run = true});
  REQUIRE(dry.plan.up.size() == 1);
  CHECK(dry.plan.up[0] == "DROP TYPE \"public\".\"zz\"\"; drop table other.canary; select 1 as \"\"x\";");

  o.force = true;
  CHECK(drizzle::kit::push(db, drizzle::ddl::schema_info{}, o).applied);
  CHECK(scalar(db, "select count(*) from pg_type where typname like 'zz%'") == "0");
  require_canary(db);
}

TEST_CASE("names: push asks before dropping hostile tables, an enum and a schema, then drops only them",
          "[hostile][names]") {
  auto db = hostile_db();
  drizzle::kit::push_options o{.filter = both()};
  o.diff.assume_no_renames = true;
  try {
    drizzle::kit::push(db, drizzle::ddl::schema_info{}, o);
    FAIL("push lost data without asking");
  } catch (const drizzle::kit::data_loss_refused& e) {
    std::size_t tables = 0, enums = 0, schemas = 0;
    for (const auto& l : e.losses()) {
      tables += l.rfind("drops table ", 0) == 0;
      enums += l.rfind("drops enum ", 0) == 0;
      schemas += l.rfind("drops schema ", 0) == 0;
    }
    CHECK(tables == 2);
    CHECK(enums == 1);
    CHECK(schemas == 1);
  }
  require_canary(db);
  CHECK(drizzle::kit::introspect(db, both()).tables.size() == 2);
  o.force = true;
  CHECK(drizzle::kit::push(db, drizzle::ddl::schema_info{}, o).applied);
  require_canary(db);
  CHECK(scalar(db, "select count(*) from pg_namespace where nspname like 'sch%'") == "0");
  CHECK(scalar(db, "select count(*) from pg_class where relnamespace = 'public'::regnamespace") == "0");
}

TEST_CASE("names: pull of hostile names writes only escaped literals and comments", "[hostile][names]") {
  auto db = hostile_db();
  const auto header = drizzle::kit::cpp_schema_header(drizzle::kit::introspect(db, both()));
  CHECK(header.find(R"("t'; drop table other.canary; --")") != std::string::npos);
  CHECK(header.find(R"("ba\\ck\\")") != std::string::npos);
  CHECK(header.find(R"("new\012line")") != std::string::npos);
  CHECK(header.find(R"("ch*/ild ?\?/")") != std::string::npos);
  CHECK(header.find("new\nline") == std::string::npos);
  CHECK(header.find("??") == std::string::npos);
  require_canary(db);
}
