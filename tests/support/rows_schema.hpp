#pragma once
// Tables declared once over a mode (drizzle::table_of), for the rows_* tests: their select and insert rows come from
// the same member list as their columns.
#include <drizzle/ddl.hpp>
#include <drizzle/drizzle.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace rows {
using namespace drizzle::pg;

enum class member_role { admin, user, guest };
inline constexpr auto role_enum = drizzle::pg_enum<member_role, "rows_role", "admin", "user", "guest">{};

struct preferences {
  std::map<std::string, std::string> theme;
  NLOHMANN_DEFINE_TYPE_INTRUSIVE(preferences, theme)
  friend bool operator==(const preferences&, const preferences&) = default;
};

template <class M>
struct members_columns {
  drizzle::col<M, "id", serial, primary_key> id{};
  drizzle::col<M, "email", varchar<255>, not_null, unique> email{};
  drizzle::col<M, "name", varchar<255>> name{};
  drizzle::col<M, "kind", text, not_null, default_<"user">> kind{};
  drizzle::col<M, "role", enum_of<role_enum>, not_null, default_<member_role::user>> role{};
  drizzle::col<M, "prefs", jsonb<preferences>> prefs{};
  drizzle::col<M, "created_at", timestamp_tz, not_null, default_now> created_at{};
};
struct members_t : drizzle::table_of<members_t, "rows_members", members_columns> {
  static constexpr auto config(const members_t& t) { return std::tuple{index<"rows_members_kind_idx">(t.kind)}; }
};
inline constexpr members_t members{};

/// Generated and identity-always columns: their insert-row members are drizzle::not_insertable (the generated
/// expression is written as PostgreSQL prints it back, so push finds nothing to change). The self reference
/// (parent_id -> id) is declared in config, since the member list is read before the table is complete.
template <class M>
struct items_columns {
  drizzle::col<M, "id", integer, primary_key, identity_always<>> id{};
  drizzle::col<M, "member_id", integer, not_null, references<&members_t::id, on_delete::cascade>> member_id{};
  drizzle::col<M, "parent_id", integer> parent_id{};
  drizzle::col<M, "price", numeric<10, 2>, not_null> price{};
  drizzle::col<M, "quantity", integer, not_null, default_<1>> quantity{};
  drizzle::col<M, "total", numeric<12, 2>, generated_always_as<"price * (quantity)::numeric">> total{};
};
struct items_t : drizzle::table_of<items_t, "rows_items", items_columns, "rows_shop"> {
  static constexpr auto config(const items_t& t) {
    return std::tuple{foreign_key(t.parent_id, t.id).on_delete(on_delete::set_null)};
  }
};
inline constexpr items_t items{};

inline constexpr auto schema = drizzle::schema(members, items);
inline constexpr auto relational =
    drizzle::relational_schema(drizzle::relations(members, drizzle::many<"items">(items)));

using Member = drizzle::select_row<members_t>;
using NewMember = drizzle::insert_row<members_t>;
using Item = drizzle::select_row<items_t>;
using NewItem = drizzle::insert_row<items_t>;
}  // namespace rows
