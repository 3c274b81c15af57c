// Views and materialized views on a real PostgreSQL: drizzle-kit's views folder migrates, selecting from a view
// returns typed rows, a materialized view refreshes, push creates / alters / leaves views alone as drizzle-kit's push
// does, and pull writes them as C++ declarations.
#include <catch2/catch.hpp>

#include <drizzle/kit/migrator.hpp>
#include <drizzle/kit/pull.hpp>
#include <drizzle/kit/push.hpp>

#include "support/kit_views_schema.hpp"
#include "support/scalar.hpp"
#include "support/test_db.hpp"

namespace kit = drizzle::kit;
namespace ddl = drizzle::ddl;
using namespace drizzle;

namespace {
drizzle::pqxx::database views_db() {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "drop schema if exists public cascade; drop schema if exists shop cascade; create schema public; "
      "drop schema if exists drizzle cascade");
  return db;
}
using drizzle_test::scalar;
void insert_products(drizzle::pqxx::database& db) {
  db.execute(
      "insert into products (id, name, price, active) values (1, 'it''s', 7, true), (2, 'it''s', 3, true), "
      "(3, 'other', 50, true), (4, 'it''s', 9, false)");
}
struct active_row {
  std::int32_t id;
  std::string name;
};
}  // namespace

TEST_CASE("drizzle-kit's views folder migrates; a view selects typed rows; a materialized view refreshes",
          "[kit][views]") {
  auto db = views_db();
  kit::migrate_options o;
  o.folder = DRIZZLE_ORACLE_DIR "/../kit-views/views";
  kit::migrate(db, o);
  insert_products(db);

  // Active, price above 6, named "it's": only product 1 (2 is too cheap, 4 inactive).
  const auto rows = db.select().from(kit_views::active_products_v2).all<active_row>();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].id == 1);
  CHECK(rows[0].name == "it's");
  // Columns of a view in where and order by, nullable ones as std::optional.
  const auto cheap = db.select(kit_views::cheap_products_v2.name)
                         .from(kit_views::cheap_products_v2)
                         .where(gt(kit_views::cheap_products_v2.id, 1))
                         .order_by(kit_views::cheap_products_v2.id)
                         .all();
  REQUIRE(cheap.size() == 3);
  CHECK(cheap[0][kit_views::cheap_products_v2.name] == std::optional<std::string>("it's"));
  CHECK(cheap[1][kit_views::cheap_products_v2.name] == std::optional<std::string>("other"));
  CHECK(db.count(kit_views::cheap_products_v2) == 4);

  // shop_mat was created WITH NO DATA: unscannable until refreshed.
  CHECK_THROWS(db.count(kit_views::shop_mat_v2));
  CHECK(db.refresh_materialized_view(kit_views::shop_mat_v2).sql() == R"(refresh materialized view "shop"."shop_mat")");
  db.refresh_materialized_view(kit_views::shop_mat_v2).execute();
  CHECK(db.count(kit_views::shop_mat_v2) == 4);
  db.refresh_materialized_view(kit_views::shop_mat_v2).with_no_data().execute();
  CHECK(scalar(db, "select ispopulated from pg_matviews where matviewname = 'shop_mat'") == "f");
  // Concurrently needs a unique index on the view.
  db.execute("create unique index shop_mat_id on shop.shop_mat (id)");
  db.refresh_materialized_view(kit_views::shop_mat_v2).execute();
  CHECK(db.refresh_materialized_view(kit_views::shop_mat_v2).concurrently().sql() ==
        R"(refresh materialized view concurrently "shop"."shop_mat")");
  db.refresh_materialized_view(kit_views::shop_mat_v2).concurrently().execute();
  CHECK(db.count(kit_views::shop_mat_v2) == 4);

  // The database reads back with drizzle-kit's options; push of the same schema has nothing to do.
  kit::introspect_options both;
  both.schemas = {"public", "shop"};
  const auto live = kit::introspect(db, both);
  REQUIRE(live.views.size() == 3);  // legacy_view is existing(): never created
  CHECK(live.views[0].name == "active_products");
  CHECK(live.views[1].name == "cheap_products");
  // PostgreSQL keeps options SET later after the others.
  CHECK(live.views[1].with == std::optional<std::vector<ddl::view_option>>{
                                  {{"securityInvoker", "true", false}, {"checkOption", "local", true}}});
  CHECK(live.views[2].name == "shop_mat");
  CHECK(live.views[2].materialized);
  CHECK(live.views[2].with == std::optional<std::vector<ddl::view_option>>{{{"fillfactor", "60", false}}});
  CHECK(live.views[2].using_ == "heap");
  CHECK(kit::push(db, ddl::describe(kit_views::schema_v2), {.dry_run = true}).plan.up.empty());
}

TEST_CASE("push creates views, alters their options, and leaves definitions alone as drizzle-kit's push",
          "[kit][views]") {
  auto db = views_db();
  auto r = kit::push(db, ddl::describe(kit_views::schema_v1));
  CHECK(r.applied);
  CHECK(scalar(db, "select count(*) from pg_views where schemaname = 'public'") == "2");
  CHECK(scalar(db, "select count(*) from pg_matviews") == "2");
  CHECK(kit::push(db, ddl::describe(kit_views::schema_v1), {.dry_run = true}).plan.up.empty());
  // v2: price_stats dropped, options changed; the new definition of active_products is not pushed (drizzle-kit's
  // push compares no definitions: the database holds PostgreSQL's rewrite of the text).
  r = kit::push(db, ddl::describe(kit_views::schema_v2));
  CHECK(r.plan.up ==
        std::vector<std::string>{"DROP MATERIALIZED VIEW \"public\".\"price_stats\";",
                                 "ALTER VIEW \"public\".\"cheap_products\" RESET (security_barrier);",
                                 "ALTER VIEW \"public\".\"cheap_products\" SET (check_option = local);",
                                 "ALTER MATERIALIZED VIEW \"shop\".\"shop_mat\" RESET (autovacuum_enabled);",
                                 "ALTER MATERIALIZED VIEW \"shop\".\"shop_mat\" SET (fillfactor = 60);"});
  CHECK(scalar(db, "select array_to_string(reloptions, ',') from pg_class where relname = 'cheap_products'") ==
        "security_invoker=true,check_option=local");
  CHECK(kit::push(db, ddl::describe(kit_views::schema_v2), {.dry_run = true}).plan.up.empty());

  // Pull writes them back as declarations.
  kit::introspect_options both;
  both.schemas = {"public", "shop"};
  const auto header = kit::cpp_schema_header(kit::introspect(db, both));
  CHECK_THAT(header,
             Catch::Contains("struct cheap_products_t : drizzle::pg_view<cheap_products_t, \"cheap_products\"> {\n"
                             "  column<\"id\", pg::integer> id;\n"
                             "  column<\"name\", pg::text> name;\n"));
  CHECK_THAT(header, Catch::Contains("  static constexpr drizzle::view_options options{.check = "
                                     "drizzle::check_option::local, .security_invoker = true};\n"));
  CHECK_THAT(header, Catch::Contains("struct shop_mat_t : drizzle::pg_materialized_view<shop_mat_t, \"shop_mat\", "
                                     "\"shop\"> {\n"));
  CHECK_THAT(header, Catch::Contains("  static constexpr drizzle::materialized_view_options options{.with = "
                                     "{.fillfactor = 60}};\n"));
  CHECK_THAT(header, Catch::Contains("cheap_products, shop_mat);"));
}
