#pragma once
/// The views schema of tests/data/kit-views (src/views.ts, src/views_v2.ts) in C++: a view from the query builder
/// (values inlined), a view with raw SQL and every option, an existing() view, a materialized view from the query
/// builder and one in a named schema with every materialized option.
#include <drizzle/ddl.hpp>
#include <drizzle/drizzle.hpp>
#include <drizzle/view.hpp>

namespace kit_views {
using namespace drizzle::pg;

struct products_t : drizzle::table<products_t, "products"> {
  column<"id", integer, primary_key> id;
  column<"name", text, not_null> name;
  column<"price", integer, not_null> price;
  column<"active", boolean, not_null, default_<true>> active;
};
inline constexpr products_t products{};

/// v1 and v2 differ in the price bound.
template <int MinPrice>
struct active_products_at : drizzle::pg_view<active_products_at<MinPrice>, "active_products"> {
  typename active_products_at::template column<"id", integer, primary_key> id;
  typename active_products_at::template column<"name", text, not_null> name;
  static auto as() {
    using namespace drizzle;
    return select(products.id, products.name)
        .from(products)
        .where(and_(eq(products.active, true), gt(products.price, MinPrice), eq(products.name, "it's")));
  }
};
inline constexpr active_products_at<5> active_products{};
inline constexpr active_products_at<6> active_products_v2{};

struct cheap_products_t : drizzle::pg_view<cheap_products_t, "cheap_products"> {
  column<"id", integer> id;
  column<"name", text> name;
  static constexpr drizzle::view_options options{
      .check = drizzle::check_option::cascaded, .security_barrier = true, .security_invoker = true};
  static constexpr std::string_view as_sql = R"(select "id", "name" from "products" where "price" < 100)";
};
inline constexpr cheap_products_t cheap_products{};
struct cheap_products_v2_t : drizzle::pg_view<cheap_products_v2_t, "cheap_products"> {
  column<"id", integer> id;
  column<"name", text> name;
  static constexpr drizzle::view_options options{.check = drizzle::check_option::local, .security_invoker = true};
  static constexpr std::string_view as_sql = cheap_products_t::as_sql;
};
inline constexpr cheap_products_v2_t cheap_products_v2{};

struct legacy_view_t : drizzle::pg_view<legacy_view_t, "legacy_view"> {
  column<"id", integer> id;
  static constexpr bool existing = true;
};
inline constexpr legacy_view_t legacy_view{};

struct price_stats_t : drizzle::pg_materialized_view<price_stats_t, "price_stats"> {
  column<"id", integer, primary_key> id;
  column<"price", integer, not_null> price;
  static auto as() {
    using namespace drizzle;
    return select(products.id, products.price).from(products).where(gt(products.price, 10));
  }
};
inline constexpr price_stats_t price_stats{};

struct shop_mat_t : drizzle::pg_materialized_view<shop_mat_t, "shop_mat", "shop"> {
  column<"id", integer> id;
  static constexpr drizzle::materialized_view_options options{.with = {.fillfactor = 50, .autovacuum_enabled = false},
                                                              .using_ = "heap",
                                                              .tablespace = "pg_default",
                                                              .with_no_data = true};
  static constexpr std::string_view as_sql = R"(select "id" from "products")";
};
inline constexpr shop_mat_t shop_mat{};
struct shop_mat_v2_t : drizzle::pg_materialized_view<shop_mat_v2_t, "shop_mat", "shop"> {
  column<"id", integer> id;
  static constexpr drizzle::materialized_view_options options{
      .with = {.fillfactor = 60}, .using_ = "heap", .tablespace = "pg_default", .with_no_data = true};
  static constexpr std::string_view as_sql = shop_mat_t::as_sql;
};
inline constexpr shop_mat_v2_t shop_mat_v2{};

inline constexpr auto schema_v1 =
    drizzle::schema(products, active_products, cheap_products, legacy_view, price_stats, shop_mat);
inline constexpr auto schema_v2 =
    drizzle::schema(products, active_products_v2, cheap_products_v2, legacy_view, shop_mat_v2);

}  // namespace kit_views
