// The database side of the pull round trip (tests/kit_pull/check.cmake):
//   pull_main oracle  HEADER EXPECTED  creates the oracle database from drizzle-kit's own export.sql
//   pull_main awkward HEADER EXPECTED  creates a schema of awkward names (keywords, spaces, quotes, leading digits,
//                                      cyclic and self foreign keys, types without a descriptor) with create_statements
//   pull_main hostile HEADER EXPECTED  the same with hostile names (quotes, `;`, `--`, newlines, `*/`, `??/`, ...)
// then introspects the database, writes the pulled header to HEADER and the DDL the compiled header must print to
// EXPECTED (drizzle-kit's export.sql, or the awkward schema's own export).
#include <drizzle/kit/introspect.hpp>
#include <drizzle/kit/pull.hpp>
#include <fstream>
#include <iostream>
#include <limits>

#include "support/oracle_db.hpp"

namespace {
using namespace drizzle::ddl;

column_info col(std::string name, std::string type, bool not_null = false) {
  column_info c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  return c;
}

/// Everything here reads back unchanged from PostgreSQL (its own spelling of expressions), so introspection
/// of the created schema must give this description again.
schema_info awkward_schema() {
  schema_info s;
  s.enums.push_back({"order status", "public", {"in progress", "3d", "default", "in_progress"}});
  s.enums.push_back({"class", "public", {"a", "b"}});

  table_info order;  // a keyword, a cycle with "user data", a self reference
  order.name = "order";
  auto id = col("id", "serial", true);
  id.primary_key = true;
  order.columns = {id, col("select", "integer"), col("user data id", "integer"), col("parent", "integer")};
  auto status = col("status", "order status", true);
  status.type_is_enum = true;
  status.type_schema = "public";
  status.default_sql = "'in progress'";
  auto classes = col("classes", "class[]");
  classes.type_is_enum = true;
  classes.type_schema = "public";
  auto where = col("where", "point");
  auto text = col("column", "varchar");
  text.default_sql = "'say \"hi\"'";
  auto config = col("config", "text");
  config.default_sql = "'back\\slash'";
  order.columns.insert(order.columns.end(), {status, classes, where, text, config, col("t", "boolean")});
  order.foreign_keys.push_back({"order_user data id_user data_id_fk",
                                "order",
                                "",
                                "user data",
                                "public",
                                {"user data id"},
                                {"id"},
                                "cascade",
                                "no action"});
  order.foreign_keys.push_back(
      {"order_parent_order_id_fk", "order", "", "order", "public", {"parent"}, {"id"}, "set null", "cascade"});
  order.checks.push_back({"select is small", "\"select\" < 100"});
  order.indexes.push_back({"order select idx", false, {{"select", false, "last", false}}, "btree", "", false});

  table_info models;  // a leading digit, a named schema with a space
  models.name = "3d models";
  models.schema = "weird schema";
  auto mid = col("id", "bigint", true);
  identity_info ident;
  ident.always = false;
  ident.sequence_name = "3d models_id_seq";
  ident.start_with = 7;
  ident.max_value = 9223372036854775807LL;
  mid.identity = ident;
  auto cents = col("2x cents", "integer");
  cents.generated = "\"order id\" * 2";
  models.columns = {mid, col("order id", "integer", true), cents, col("n3d_models_t", "numeric(8, 3)"),
                    col("weird 'quoted' name", "text")};
  models.primary_keys.push_back({"3d models_id_order id_pk", {"id", "order id"}, false});
  models.uniques.push_back({"3d models_n3d_models_t_unique", {"n3d_models_t"}, true});
  models.foreign_keys.push_back({"3d models_order id_order_id_fk",
                                 "3d models",
                                 "weird schema",
                                 "order",
                                 "public",
                                 {"order id"},
                                 {"id"},
                                 "restrict",
                                 "no action"});

  table_info users;  // "user data": a space; references order, which references it back
  users.name = "user data";
  auto uid = col("id", "integer", true);
  uid.primary_key = true;
  auto first = col("first name", "varchar(40)", true);
  first.default_sql = "'it''s me'";
  auto last = col("last_order", "integer");
  users.columns = {uid, first, last, col("namespace", "timestamp (3)"), col("int", "smallint[]")};
  users.uniques.push_back({"user data_first name_unique", {"first name"}, false});
  users.foreign_keys.push_back(
      {"user data_last_order_order_id_fk", "user data", "", "order", "public", {"last_order"}, {"id"}});
  users.indexes.push_back({"user data_first name_last_order_index",
                           true,
                           {{"first name", false, "first", true}, {"last_order", true, "last", false}},
                           "btree",
                           "last_order IS NOT NULL",
                           false});

  models.foreign_keys.push_back({"models to users",
                                 "3d models",
                                 "weird schema",
                                 "user data",
                                 "public",
                                 {"order id"},
                                 {"id"},
                                 "no action",
                                 "set default"});

  table_info items;  // a composite foreign key into another schema
  items.name = "line item";
  items.columns = {col("model id", "bigint", true), col("model order", "integer", true)};
  items.foreign_keys.push_back({"line item_model id_model order_3d models_id_order id_fk",
                                "line item",
                                "",
                                "3d models",
                                "weird schema",
                                {"model id", "model order"},
                                {"id", "order id"},
                                "cascade",
                                "no action"});

  s.tables = {models, items, order, users};  // describe()'s order: by bare name across schemas, as drizzle-kit
  // An enum outside public (pg_schema_enum) and sequences: descending, every option, outside public, by name.
  s.enums.push_back({"shade", "weird schema", {"dark", "light"}});
  auto shade = col("shade", "shade");  // a C++ schema has the enums its columns use
  shade.type_is_enum = true;
  shade.type_schema = "weird schema";
  s.tables[0].columns.push_back(shade);
  std::sort(s.enums.begin(), s.enums.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  s.sequences.push_back({"3d seq", "weird schema", 5, 1, 1000, 10, 20, true});
  // An expression index and an operator class.
  auto& ordered = s.tables[2];
  ordered.indexes.push_back(
      {"order lower config", false, {{"lower(config)", true, "last", false, true, ""}}, "btree", "", false});
  ordered.indexes.push_back(
      {"order config ops", false, {{"config", false, "last", false, false, "text_pattern_ops"}}, "btree", "", false});
  s.sequences.push_back({"order seq", "public", -1, std::numeric_limits<long long>::min(), -1, -1, 1, false});
  // Row-level security: policies (as the server prints their expressions) and enable_rls() on a table without one.
  ordered.policies.push_back({"order visible", "RESTRICTIVE", "SELECT", {"public"}, "\"select\" < 50", std::nullopt});
  ordered.policies.push_back({"order all", "PERMISSIVE", "ALL", {"public"}, "true", "parent IS NULL"});
  s.tables[3].rls_enabled = true;
  // An enum named as the one in "weird schema": the pulled header gives the two different C++ names.
  s.enums.insert(s.enums.begin() + 2, {"shade", "public", {"pale", "vivid"}});
  auto public_shade = col("public shade", "shade");
  public_shade.type_is_enum = true;
  public_shade.type_schema = "public";
  s.tables[1].columns.push_back(public_shade);
  return s;
}
/// Hostile names (tests/hostile covers the rest): quotes, `;`, `--`, backslashes, newlines, `*/`, `??/`, unicode,
/// a 63-byte name, and a type whose name holds a newline and a preprocessor line. The pulled header must compile
/// and give back exactly these names.
constexpr const char* hostile_domain = "create domain public.\"dom\n#error injected\" as text";
schema_info hostile_schema() {
  schema_info s;
  const std::string enum_name = "zz\"; drop table other.canary; select 1 as \"x";
  s.enums.push_back({enum_name, "public", {"o'k", "b\"a\\d", "x'); drop table other.canary; --", "new\nline */"}});

  table_info t;
  t.name = "t'; drop table other.canary; -- */";
  auto id = col("i\"d", "integer", true);
  id.primary_key = true;
  auto name = col("na'me; --", "text", true);
  name.default_sql = "'it''s \"x\" \\'";
  auto mood = col("ünï cødé ☃", enum_name, true);
  mood.type_is_enum = true;
  mood.type_schema = "public";
  mood.default_sql = "'x''); drop table other.canary; --'";
  auto dom = col("do\"m", "\"dom\n#error injected\"");
  t.columns = {id,
               name,
               col("ba\\ck\\", "text"),
               col("new\nline ?\?/", "text"),
               mood,
               col("c23456789_123456789_123456789_123456789_123456789_123456789_123", "integer"),
               dom};
  t.uniques.push_back({"uq'\"", {"na'me; --"}, false});
  t.checks.push_back({"ck\"; --", "\"i\"\"d\" > 0"});
  t.indexes.push_back(
      {"ix\"; drop table other.canary; --", false, {{"ba\\ck\\", true, "last", false}}, "btree", "", false});

  table_info child;
  child.name = "ch*/ild ?\?/";
  child.schema = "sch\"ema; drop schema other cascade; --";
  child.columns = {col("p", "integer")};
  child.foreign_keys.push_back(
      {"fk\"; --\n#define x", child.name, child.schema, t.name, "public", {"p"}, {"i\"d"}, "cascade", "no action"});
  s.tables = {child, t};  // describe()'s order: by bare name ("ch*/ild" before "t'")
  return s;
}
}  // namespace

int main(int argc, char** argv) try {
  if (argc != 4) {
    std::cerr << "usage: pull_main oracle|awkward|hostile HEADER EXPECTED\n";
    return 2;
  }
  const std::string mode = argv[1];
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade; "
      "drop schema if exists \"weird schema\" cascade; "
      "drop schema if exists \"sch\"\"ema; drop schema other cascade; --\" cascade");
  drizzle::kit::introspect_options options;
  std::string expected;
  if (mode == "oracle") {
    expected = drizzle_test::read_file(DRIZZLE_ORACLE_DIR "/export.sql");
    db.execute(expected);
    // stamp_string is a mode: 'string' column, spelled timestamp(3); the database cannot tell it from the default
    // mode's timestamp (3), which pull writes (pg::timestamp_p<3>). The same type either way.
    const std::string tight = "\"stamp_string\" timestamp(3),";
    expected.replace(expected.find(tight), tight.size(), "\"stamp_string\" timestamp (3),");
  } else if (mode == "awkward") {
    const auto s = awkward_schema();
    for (const auto& statement : create_statements(s)) db.execute(statement);
    expected = export_sql(s);
    options.schemas = {"public", "weird schema"};
  } else if (mode == "hostile") {
    const auto s = hostile_schema();
    db.execute(hostile_domain);
    for (const auto& statement : create_statements(s)) db.execute(statement);
    expected = export_sql(s);
    options.schemas = {"public", s.tables.front().schema};  // the child table's schema
  } else {
    std::cerr << "pull_main: unknown mode " << mode << "\n";
    return 2;
  }
  const auto header = drizzle::kit::cpp_schema_header(drizzle::kit::introspect(db, options),
                                                      {.namespace_name = mode == "oracle" ? "db" : "awkward::db"});
  std::ofstream(argv[2], std::ios::binary) << header;
  std::ofstream(argv[3], std::ios::binary) << expected;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "pull_main: " << e.what() << "\n";
  return 1;
}
