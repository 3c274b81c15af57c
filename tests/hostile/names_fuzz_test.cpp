// Name fuzzing with random names: each round builds a schema description whose schema, enum, labels, tables,
// columns, defaults, unique constraints and indexes have random names of 1 to 63 bytes drawn from quotes, `;`,
// `-`, backslashes, newlines, spaces, `*/`, `?`, `$`, parentheses and multi-byte UTF-8. The DDL runs, introspection
// gives the description back exactly, push then has nothing to do, pull writes every name as its escaped literal,
// and a forced push of an empty schema drops only those objects: the canary table in `other` survives every step.
// The seed is printed; DRIZZLE_HOSTILE_SEED=<seed> reruns a failing round set.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <drizzle/kit/introspect.hpp>
#include <drizzle/kit/pull.hpp>
#include <drizzle/kit/push.hpp>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "names_support.hpp"

namespace {

using hostile_names::require_canary;
using hostile_names::scalar;

std::uint64_t seed_of_run() {
  if (const char* s = std::getenv("DRIZZLE_HOSTILE_SEED"); s && *s) return std::strtoull(s, nullptr, 10);
  return std::random_device{}();
}

/// Random names; `taken` keeps them distinct where PostgreSQL needs it (one namespace per schema for tables and
/// indexes, per table for columns, per enum for labels).
class name_source {
 public:
  explicit name_source(std::uint64_t seed) : rng_(seed) {}
  std::string next(std::set<std::string>& taken, std::size_t max_bytes = 63) {
    static const std::vector<std::string> pieces = {
        "\"", "'", ";",  "--", "\\", "\n", " ", "*/", "/*",   "?\?/",
        "?",  "$", "$$", "(",  ")",  ",",  "é", "☃",  "ß",    "drop table other.canary",
        "a",  "b", "Z",  "0",  "_",  "\t", "%", "{}", "\"\"", "''"};
    for (;;) {
      std::string name;
      const std::size_t want = 1 + rng_() % max_bytes;
      while (name.size() < want) {
        const auto& p = pieces[rng_() % pieces.size()];
        if (name.size() + p.size() > max_bytes) break;
        name += p;
      }
      if (!name.empty() && name.find("--> statement-breakpoint") == std::string::npos && taken.insert(name).second)
        return name;
    }
  }
  bool coin() { return rng_() % 2 == 0; }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

 private:
  std::mt19937_64 rng_;
};

drizzle::ddl::schema_info random_schema(name_source& names, const std::string& schema) {
  using namespace drizzle::ddl;
  schema_info s;
  std::set<std::string> types;
  enum_info e;
  e.name = names.next(types);
  e.schema = "public";
  std::set<std::string> labels;
  for (std::size_t i = 0, n = 1 + names.below(4); i < n; ++i) e.values.push_back(names.next(labels));
  s.enums.push_back(e);

  for (const std::string& table_schema : {std::string(), schema}) {
    // Tables, indexes and unique constraints share a namespace; a table's row type shares the enum's.
    std::set<std::string> relations = table_schema.empty() ? types : std::set<std::string>{};
    table_info t;
    t.schema = table_schema;
    t.name = names.next(relations);
    std::set<std::string> columns;
    for (int i = 0; i < 4; ++i) {
      column_info c;
      c.name = names.next(columns);
      if (i == 0) {
        c.type = e.name;
        c.type_is_enum = true;
        c.type_schema = "public";
        if (names.coin()) c.default_sql = drizzle::ddl::detail::quote_literal(e.values.back());
      } else if (i == 1) {
        c.type = "integer";
        c.not_null = names.coin();
      } else {
        c.type = "text";
        std::set<std::string> ignored;
        if (names.coin()) c.default_sql = drizzle::ddl::detail::quote_literal(names.next(ignored));
      }
      t.columns.push_back(c);
    }
    t.uniques.push_back({names.next(relations), {t.columns[2].name}, names.coin()});
    t.indexes.push_back({names.next(relations),
                         names.coin(),
                         {{t.columns[3].name, true, "last", false}, {t.columns[1].name, true, "last", false}},
                         "btree",
                         "",
                         false});
    s.tables.push_back(t);
  }
  // describe()'s and introspect()'s order: by bare name across schemas, as drizzle-kit.
  std::stable_sort(s.tables.begin(), s.tables.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.schema) < std::tie(b.name, b.schema);
  });
  return s;
}

void reset(drizzle::pqxx::session& db) {
  // Every schema but the system's, dropped with PostgreSQL's own quoting (format %I): nothing of the library's.
  db.execute(R"(do $$ declare r record; begin
  for r in select nspname from pg_catalog.pg_namespace
           where nspname not like 'pg\_%' and nspname <> 'information_schema' loop
    execute format('drop schema %I cascade', r.nspname);
  end loop;
end $$;
create schema public; create schema other; create table other.canary (x integer); insert into other.canary values (42);)");
}

}  // namespace

TEST_CASE("names: random hostile names through DDL, introspect, push and pull", "[hostile][names][fuzz]") {
  const auto seed = seed_of_run();
  std::cout << "names fuzz: DRIZZLE_HOSTILE_SEED=" << seed << "\n";
  INFO("DRIZZLE_HOSTILE_SEED=" << seed);
  name_source names(seed);
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  constexpr int rounds = 25;
  for (int round = 0; round < rounds; ++round) {
    INFO("round " << round);
    reset(db);
    std::set<std::string> schemas = {"public", "other", "drizzle", "information_schema"};
    const std::string schema = names.next(schemas);
    const auto wanted = random_schema(names, schema);
    const drizzle::kit::introspect_options both{.schemas = {"public", schema}, .tables = {}};

    for (const auto& statement : drizzle::ddl::create_statements(wanted)) db.execute(statement);
    require_canary(db);
    const auto live = drizzle::kit::introspect(db, both);
    if (live != wanted) {
      drizzle::kit::diff_options no_renames{.renames = {}, .resolve = {}, .assume_no_renames = true};
      std::string delta;
      for (const auto& s : drizzle::kit::diff(live, wanted, no_renames).up) delta += s + "\n";
      FAIL("introspected != created; the difference:\n" << delta);
    }

    const auto again = drizzle::kit::push(db, wanted, {.filter = both});
    CHECK(again.plan.up.empty());

    const auto header = drizzle::kit::cpp_schema_header(live);
    CHECK(header.find(drizzle::kit::detail::cpp_string_literal(wanted.enums[0].name)) != std::string::npos);
    for (const auto& t : wanted.tables) {
      CHECK(header.find(drizzle::kit::detail::cpp_string_literal(t.name)) != std::string::npos);
      for (const auto& c : t.columns)
        CHECK(header.find(drizzle::kit::detail::cpp_string_literal(c.name)) != std::string::npos);
    }
    CHECK(header.find("??") == std::string::npos);

    drizzle::kit::push_options drop{.filter = both};
    drop.diff.assume_no_renames = true;
    CHECK_THROWS_AS(drizzle::kit::push(db, drizzle::ddl::schema_info{}, drop), drizzle::kit::data_loss_refused);
    drop.force = true;
    CHECK(drizzle::kit::push(db, drizzle::ddl::schema_info{}, drop).applied);
    require_canary(db);
    CHECK(scalar(db, "select count(*) from pg_catalog.pg_namespace where nspname = any($1::text[])",
                 {drizzle::kit::detail::array_literal({schema})}) == "0");
  }
}
