// The kit's schema objects other than tables on a real PostgreSQL: drizzle-kit's sequences folder migrates and reads
// back as the C++ schema, push creates and alters sequences, pull writes them as C++ declarations.
#include <catch2/catch.hpp>

#include <drizzle/kit/migrator.hpp>
#include <drizzle/kit/pull.hpp>
#include <drizzle/kit/push.hpp>

#include "support/kit_objects_schema.hpp"
#include "support/scalar.hpp"
#include "support/test_db.hpp"

namespace kit = drizzle::kit;
namespace ddl = drizzle::ddl;

namespace {
drizzle::pqxx::database objects_db() {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "drop schema if exists public cascade; drop schema if exists inv cascade; create schema public; "
      "drop schema if exists drizzle cascade");
  return db;
}
using drizzle_test::scalar;
kit::introspect_options public_and_inv() {
  kit::introspect_options o;
  o.schemas = {"inv", "public"};
  return o;
}
}  // namespace

TEST_CASE("drizzle-kit's sequences folder migrates and reads back as the C++ schema", "[kit][objects]") {
  auto db = objects_db();
  kit::migrate_options o;
  o.folder = DRIZZLE_ORACLE_DIR "/../kit-objects/sequences";
  kit::migrate(db, o);
  // items.code's default, printed by PostgreSQL as nextval('inv.inv_seq'::regclass), reads back as declared.
  const auto expected = ddl::describe(kit_objects::schema_v3);
  CHECK(kit::introspect(db, public_and_inv()) == expected);
  CHECK(kit::push(db, expected, {.dry_run = true}).plan.up.empty());
  CHECK(scalar(db, "select nextval('public.full_seq')") == "100");
  CHECK(scalar(db, "select nextval('public.full_seq')") == "103");
  CHECK(scalar(db, "select nextval('public.desc_seq')") == "-1");
  CHECK(scalar(db, "select seqcycle from pg_sequence where seqrelid = 'public.full_seq'::regclass") == "t");
  // A schema enum's array column round-trips through the unnest insert's casts ("inv"."item_status"[]).
  CHECK(scalar(db, "insert into inv.items (id, statuses) values (1, '{used,broken}') returning code") == "7");
}

TEST_CASE("push creates, alters and drops sequences; serial and identity sequences are the columns'",
          "[kit][objects]") {
  auto db = objects_db();
  db.execute("create table public.counters (id serial primary key, n integer generated always as identity)");
  auto v1 = ddl::describe(kit_objects::schema_v1);
  auto with_counters = [&](ddl::schema_info s) {
    auto db_side = kit::introspect(db);  // public: "inv" exists only after the first push
    for (const auto& t : db_side.tables)
      if (t.name == "counters") s.tables.insert(s.tables.begin(), t);
    return s;
  };
  const auto first = kit::push(db, with_counters(v1));
  CHECK(first.applied);
  CHECK(kit::introspect(db, public_and_inv()) == with_counters(v1));
  const auto v2 = with_counters(ddl::describe(kit_objects::schema_v2));
  const auto second = kit::push(db, v2, {.force = true});
  CHECK(second.plan.up ==
        std::vector<std::string>{"ALTER SEQUENCE \"public\".\"full_seq\" INCREMENT BY 3 MINVALUE 10 MAXVALUE 10000 "
                                 "START WITH 100 CACHE 5 CYCLE;",
                                 "DROP SEQUENCE \"public\".\"plain_seq\";"});
  CHECK(kit::introspect(db, public_and_inv()) == v2);
  CHECK(scalar(db, "select seqincrement from pg_sequence where seqrelid = 'public.full_seq'::regclass") == "3");
}

TEST_CASE("pull writes sequences and schema enums as C++ declarations", "[kit][objects]") {
  const auto header = kit::cpp_schema_header(ddl::describe(kit_objects::schema_v3));
  CHECK(header.find("inline constexpr auto item_status_enum = drizzle::pg_schema_enum<\"inv\", item_status, "
                    "\"item_status\", \"new\", \"used\", \"broken\">{};") != std::string::npos);
  CHECK(header.find("inline constexpr auto desc_seq = drizzle::pg_sequence<\"desc_seq\", "
                    "drizzle::pg_sequence_options{.increment = -1}>{};") != std::string::npos);
  CHECK(header.find("inline constexpr auto full_seq = drizzle::pg_sequence<\"full_seq\", "
                    "drizzle::pg_sequence_options{.increment = 3, .min_value = 10, .max_value = 10000, "
                    ".start_with = 100, .cache = 5, .cycle = true}>{};") != std::string::npos);
  CHECK(header.find("inline constexpr auto new_seq = drizzle::pg_sequence<\"new_seq\", "
                    "drizzle::pg_sequence_options{.min_value = 5}, \"inv\">{};") != std::string::npos);
  CHECK(header.find("drizzle::schema(items, desc_seq, full_seq, inv_seq, new_seq)") != std::string::npos);
}

TEST_CASE("expression indexes and operator classes push, read back and pull", "[kit][objects]") {
  auto db = objects_db();
  const auto s = ddl::describe(kit_objects::round_trip_index_schema);
  CHECK(kit::push(db, s).applied);
  CHECK(kit::introspect(db) == s);
  CHECK(kit::push(db, s, {.dry_run = true}).plan.up.empty());
  CHECK(scalar(db, "select indexdef from pg_indexes where indexname = 'tags_ops_idx'") ==
        "CREATE INDEX tags_ops_idx ON public.tags USING btree (label text_pattern_ops DESC NULLS LAST)");
  const auto header = kit::cpp_schema_header(kit::introspect(db));
  CHECK(header.find("pg::unique_index<\"tags_lower_idx\">(pg::index_sql<\"lower(label)\">)") != std::string::npos);
  CHECK(header.find("pg::index<\"tags_ops_idx\">(pg::desc_index(t.label).op(\"text_pattern_ops\"))") !=
        std::string::npos);
  CHECK(header.find("pg::index<\"tags_mixed_idx\">(pg::asc_index(t.id).nulls_first(), "
                    "pg::index_sql<\"length(label)\">)") != std::string::npos);
}
