// Introspection against describe(): a schema created with ddl::create_statements and read back from the catalogs
// must give the same ddl::schema_info as the C++ schema's own description, for the oracle schema and for the
// features it lacks (identity, generated, checks, partial and gin indexes, composite, self and cyclic foreign keys,
// a named schema, enum arrays).
#include <catch2/catch.hpp>

#include <drizzle/kit/diff.hpp>
#include <drizzle/kit/introspect.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/oracle_db.hpp"
#include "support/oracle_schema.hpp"

namespace {
using namespace drizzle::pg;

enum class status { draft, in_review, done };
inline constexpr auto status_enum = drizzle::pg_enum<status, "status", "draft", "in review", "done">{};

struct accounts_t : drizzle::table<accounts_t, "accounts", "billing"> {
  column<"id", integer, primary_key, identity_always<>> id;
  column<"code", varchar<20>, not_null, unique_named<"accounts_code_key", true>> code;
  column<"balance", numeric<12, 2>, not_null, default_<drizzle::fixed_string("0")>> balance;
  column<"cents", integer, not_null, default_<-1>> cents;
  column<"cents_x2", integer, generated_always_as<"cents * 2">> cents_x2;
  column<"tags", array<text>> tags;
  column<"states", array<enum_of<status_enum>>> states;
  column<"settings", jsonb<>, not_null, default_<drizzle::fixed_string("{}")>> settings;
  column<"note", text, default_<drizzle::fixed_string("it's")>> note;
  column<"region", char_<2>, not_null> region;
  column<"number", integer, not_null> number;
  column<"opened", timestamp_tz_p<3>, default_sql<"CURRENT_TIMESTAMP">> opened;
  static constexpr auto config(const accounts_t& t) {
    return std::tuple{unique_constraint(t.region, t.number).nulls_not_distinct_(),
                      check<"cents_positive">("cents >= 0"), index<"accounts_tags_idx">(t.tags).using_("gin"),
                      index(desc_index(t.cents).nulls_first(), t.code).where("cents > 0"),
                      index(desc_index(t.number), asc_index(t.region).nulls_first())};
  }
};
inline constexpr accounts_t accounts{};

struct transfers_t : drizzle::table<transfers_t, "transfers", "billing"> {
  column<"id", bigint, identity_by_default<sequence_options{.increment = 5, .start_with = 100, .cache = 10}>> id;
  column<"region", char_<2>, not_null> region;
  column<"number", integer, not_null> number;
  column<"state", enum_of<status_enum>, not_null, default_<status::in_review>> state;
  column<"parent_id", bigint> parent_id;
  static constexpr auto config(const transfers_t& t) {
    return std::tuple{composite_primary_key<"transfers_custom_pk">(t.id),
                      foreign_key(columns(t.region, t.number), columns(accounts.region, accounts.number))
                          .on_delete(on_delete::restrict)
                          .on_update(on_update::cascade),
                      foreign_key<"transfers_parent">(t.parent_id, t.id)};
  }
};
inline constexpr transfers_t transfers{};

// Two tables referencing each other.
struct nodes_a_t : drizzle::table<nodes_a_t, "nodes_a"> {
  column<"id", bigserial, primary_key> id;
  column<"b_id", bigint> b_id;
  static constexpr auto config(const nodes_a_t& t);
};
inline constexpr nodes_a_t nodes_a{};
struct nodes_b_t : drizzle::table<nodes_b_t, "nodes_b"> {
  column<"id", bigserial, primary_key> id;
  column<"a_id", bigint, references<&nodes_a_t::id, on_delete::set_null>> a_id;
  /// PostgreSQL stores '-1.5'::double precision.
  column<"weight", double_precision, not_null, default_sql<"-1.5">> weight;
};
inline constexpr nodes_b_t nodes_b{};
constexpr auto nodes_a_t::config(const nodes_a_t& t) {
  return std::tuple{foreign_key(t.b_id, nodes_b.id).on_delete(on_delete::cascade)};
}

drizzle::pqxx::database clean_db() {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade; "
      "drop schema if exists billing cascade");
  return db;
}

void create(drizzle::pqxx::session& db, const drizzle::ddl::schema_info& s) {
  for (const auto& statement : drizzle::ddl::create_statements(s)) db.execute(statement);
}

/// What differs between two descriptions, as the DDL each renders (and the column fields DDL does not show).
std::string differences(const drizzle::ddl::schema_info& read, const drizzle::ddl::schema_info& expected) {
  std::ostringstream out;
  const auto a = drizzle::ddl::create_statements(read), b = drizzle::ddl::create_statements(expected);
  for (const auto& s : a)
    if (std::find(b.begin(), b.end(), s) == b.end()) out << "introspected only: " << s << "\n";
  for (const auto& s : b)
    if (std::find(a.begin(), a.end(), s) == a.end()) out << "described only: " << s << "\n";
  if (read.tables.size() != expected.tables.size()) out << "table count differs\n";
  for (std::size_t i = 0; i < std::min(read.tables.size(), expected.tables.size()); ++i) {
    const auto &x = read.tables[i], &y = expected.tables[i];
    if (x.name != y.name || x.schema != y.schema)
      out << "table " << i << ": \"" << x.schema << "\".\"" << x.name << "\" vs \"" << y.schema << "\".\"" << y.name
          << "\"\n";
    for (std::size_t k = 0; k < std::min(x.columns.size(), y.columns.size()); ++k)
      if (!(x.columns[k] == y.columns[k]))
        out << x.name << "." << x.columns[k].name << ": " << drizzle::ddl::column_definition(x.columns[k]) << " (enum "
            << x.columns[k].type_is_enum << " " << x.columns[k].type_schema << ") vs "
            << drizzle::ddl::column_definition(y.columns[k]) << " (enum " << y.columns[k].type_is_enum << " "
            << y.columns[k].type_schema << ")\n";
    if (x.foreign_keys != y.foreign_keys) out << x.name << ": foreign keys differ\n";
    if (x.indexes != y.indexes) out << x.name << ": indexes differ\n";
  }
  if (read.enums != expected.enums) out << "enums differ\n";
  return out.str();
}

std::vector<std::string> table_names(const drizzle::ddl::schema_info& s) {
  std::vector<std::string> out;
  for (const auto& t : s.tables) out.push_back(t.name);
  return out;
}
}  // namespace

TEST_CASE("the oracle schema reads back from the catalogs as describe() describes it", "[kit][introspect]") {
  using namespace oracle;
  auto db = clean_db();
  const auto expected = drizzle::kit::canonical_types(
      drizzle::ddl::describe(drizzle::schema(users, posts, organizations, type_samples, tags, post_tags, comments)));
  create(db, expected);
  const auto read = drizzle::kit::introspect(db);
  INFO(differences(read, expected));
  CHECK(read == expected);
}

TEST_CASE("the database drizzle-kit's own export.sql creates reads back as the oracle schema's description",
          "[kit][introspect]") {
  using namespace oracle;
  drizzle_test::reset_oracle_database();  // export.sql and the seed, sent as drizzle-kit wrote them
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  const auto expected = drizzle::kit::canonical_types(
      drizzle::ddl::describe(drizzle::schema(users, posts, organizations, type_samples, tags, post_tags, comments)));
  const auto read = drizzle::kit::introspect(db);
  INFO(differences(read, expected));
  CHECK(read == expected);
}

TEST_CASE("identity, generated, checks, partial and gin indexes, composite and cyclic keys read back",
          "[kit][introspect]") {
  auto db = clean_db();
  const auto expected = drizzle::ddl::describe(drizzle::schema(accounts, transfers, nodes_a, nodes_b));
  create(db, expected);
  drizzle::kit::introspect_options o;
  o.schemas = {"public", "billing"};
  const auto read = drizzle::kit::introspect(db, o);
  INFO(differences(read, expected));
  CHECK(read == expected);

  // Spot checks against the catalogs' own spelling, so a wrong describe() cannot hide a wrong reading.
  REQUIRE(read.tables.size() == 4);
  // in order of bare name across schemas, as drizzle-kit orders them: accounts, nodes_a, nodes_b, transfers
  const auto& acc = read.tables[0];
  REQUIRE(acc.name == "accounts");
  CHECK(acc.schema == "billing");
  CHECK(acc.columns[0].identity.has_value());
  CHECK(acc.columns[4].generated == "cents * 2");
  CHECK(acc.columns[6].type == "status[]");
  CHECK(acc.columns[6].type_is_enum);
  CHECK(acc.columns[11].type == "timestamp (3) with time zone");
  CHECK(acc.checks == std::vector<drizzle::ddl::check_info>{{"cents_positive", "cents >= 0"}});
  REQUIRE(acc.indexes.size() == 3);
  CHECK(acc.indexes[0].method == "gin");
  CHECK(acc.indexes[1].where == "cents > 0");
  CHECK(read.enums == std::vector<drizzle::ddl::enum_info>{{"status", "public", {"draft", "in review", "done"}}});
}

TEST_CASE("introspection reads only the chosen schemas and the tables the filter selects", "[kit][introspect]") {
  auto db = clean_db();
  create(db, drizzle::ddl::describe(drizzle::schema(accounts, transfers, nodes_a, nodes_b)));
  db.execute("create table public.tmp_scratch (id integer); create table public.nodes_tmp (id integer)");
  db.execute("create schema drizzle; create table drizzle.__drizzle_migrations (id serial primary key)");

  CHECK(table_names(drizzle::kit::introspect(db)) ==
        std::vector<std::string>{"nodes_a", "nodes_b", "nodes_tmp", "tmp_scratch"});
  drizzle::kit::introspect_options o;
  o.tables = {"nodes*", "!*_tmp"};
  CHECK(table_names(drizzle::kit::introspect(db, o)) == std::vector<std::string>{"nodes_a", "nodes_b"});
  o.tables = {"!tmp_*"};
  CHECK(table_names(drizzle::kit::introspect(db, o)) == std::vector<std::string>{"nodes_a", "nodes_b", "nodes_tmp"});
  o.tables = {"nodes_?"};
  o.schemas = {"billing", "public"};
  CHECK(table_names(drizzle::kit::introspect(db, o)) == std::vector<std::string>{"nodes_a", "nodes_b"});
  o = {};
  o.schemas = {"drizzle"};
  CHECK(table_names(drizzle::kit::introspect(db, o)) == std::vector<std::string>{"__drizzle_migrations"});

  o.schemas = {"no_such_schema"};
  CHECK_THROWS_AS(drizzle::kit::introspect(db, o), drizzle::kit::introspect_error);
  CHECK_THROWS_WITH(drizzle::kit::introspect(db, o), Catch::Contains("no_such_schema"));
}

TEST_CASE("catalog spellings become drizzle-kit's", "[kit][introspect]") {
  using drizzle::kit::detail::kit_type_name;
  CHECK(kit_type_name("character varying(255)") == "varchar(255)");
  CHECK(kit_type_name("character(2)[]") == "char(2)[]");
  CHECK(kit_type_name("numeric(10,2)") == "numeric(10, 2)");
  CHECK(kit_type_name("timestamp(3) without time zone") == "timestamp (3)");
  CHECK(kit_type_name("timestamp without time zone[]") == "timestamp[]");
  CHECK(kit_type_name("timestamp(6) with time zone") == "timestamp (6) with time zone");
  CHECK(kit_type_name("time without time zone") == "time");
  CHECK(kit_type_name("double precision") == "double precision");
  CHECK(kit_type_name("time(3) with time zone") == "time(3) with time zone");  // drizzle-kit: no space for time
  CHECK(kit_type_name("numeric") == "numeric");
  CHECK(kit_type_name("characters") == "characters");  // user types that merely start like a builtin
  CHECK(kit_type_name("timeline[]") == "timeline[]");
  CHECK(kit_type_name("character varying") == "varchar");
  using drizzle::kit::detail::kit_default;
  CHECK(kit_default("'user'::character varying", "varchar(50)") == "'user'");
  CHECK(kit_default("'it''s'::text", "text") == "'it''s'");
  CHECK(kit_default("'-1'::integer", "integer") == "-1");
  CHECK(kit_default("'{}'::jsonb", "jsonb") == "'{}'::jsonb");
  CHECK(kit_default("now()", "timestamp") == "now()");
  using drizzle::kit::detail::strip_outer_parentheses;
  CHECK(strip_outer_parentheses("((a > 0))") == "a > 0");
  CHECK(strip_outer_parentheses("(a > 0) AND (b > 0)") == "(a > 0) AND (b > 0)");
  CHECK(strip_outer_parentheses("(x = ')(')") == "x = ')('");
}
