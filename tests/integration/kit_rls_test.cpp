// Row-level security on a real PostgreSQL: drizzle-kit's RLS folder migrates and push then finds nothing to do, push
// creates roles and policies (only the roles entities.roles selects), a policy hides other rows from a role that is
// not the table's owner, and pull writes roles and policies back as C++. Roles are cluster-wide: each test uses its
// own names and drops them at the end.
#include <catch2/catch.hpp>

#include <drizzle/kit/generate.hpp>
#include <drizzle/kit/migrator.hpp>
#include <drizzle/kit/pull.hpp>
#include <drizzle/kit/push.hpp>

#include "support/kit_rls_schema.hpp"
#include "support/scalar.hpp"
#include "support/test_db.hpp"

namespace kit = drizzle::kit;
namespace ddl = drizzle::ddl;

namespace {
const std::vector<std::string> folder_roles = {"rls_admin", "rls_auditor", "rls_outside", "rls_reader", "rls_temp"};

/// Drops the roles (and what they own or were granted in this database), whatever a failed run left.
void drop_roles(drizzle::pqxx::database& db, const std::vector<std::string>& roles) {
  for (const auto& r : roles) {
    const auto exists = db.query_text("select 1 from pg_catalog.pg_roles where rolname = $1", {r});
    if (exists.empty()) continue;
    db.execute("drop owned by " + drizzle::detail::quote_ident(r) + " cascade");
    db.execute("drop role " + drizzle::detail::quote_ident(r));
  }
}

drizzle::pqxx::database rls_db(const std::vector<std::string>& roles) {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "drop schema if exists public cascade; drop schema if exists app cascade; create schema public; "
      "drop schema if exists drizzle cascade");
  drop_roles(db, roles);
  return db;
}

using drizzle_test::scalar;

const ddl::table_info& table(const ddl::schema_info& s, const std::string& name) {
  for (const auto& t : s.tables)
    if (t.name == name) return t;
  FAIL("no table " << name);
  throw;
}

using namespace drizzle::pg;
inline constexpr auto viewer = drizzle::pg_role<"rls_t_viewer">{};
inline constexpr auto unmanaged = drizzle::pg_role<"rls_t_unmanaged", drizzle::pg_role_options{.create_db = true}>{};
struct ledger_t : drizzle::table<ledger_t, "ledger"> {
  column<"id", integer, primary_key> id;
  column<"owner", text, not_null> owner;
  column<"amount", integer, not_null> amount;
  static constexpr auto config(const ledger_t&) {
    return std::tuple{policy<"ledger_own_rows">().for_(policy_for::select).to(viewer).using_("owner = current_user"),
                      policy<"ledger_no_big">()
                          .as(policy_as::restrictive)
                          .for_(policy_for::insert)
                          .to(viewer, "current_user")
                          .with_check("amount < 1000")};
  }
};
inline constexpr ledger_t ledger{};
struct vault_t : drizzle::table<vault_t, "vault"> {
  column<"id", integer, primary_key> id;
  static constexpr auto config(const vault_t&) { return std::tuple{enable_rls()}; }
};
inline constexpr vault_t vault{};
inline constexpr auto ledger_schema = drizzle::schema(viewer, unmanaged, ledger, vault);
}  // namespace

TEST_CASE("drizzle-kit's RLS folder migrates, reads back and pushes with no changes", "[kit][rls]") {
  auto db = rls_db(folder_roles);
  db.execute("create role rls_outside");  // existing(): drizzle-kit's folder does not create it
  kit::migrate_options o;
  o.folder = DRIZZLE_ORACLE_DIR "/../kit-rls/rls";
  kit::migrate(db, o);
  kit::introspect_options filter;
  filter.schemas = {"app", "public"};
  filter.roles.include = {"rls_admin", "rls_auditor", "rls_reader", "rls_temp"};
  const auto live = kit::introspect(db, filter);
  const auto declared = ddl::describe(kit_rls::schema_v3);
  CHECK(live.roles == declared.roles);
  const auto& docs = table(live, "docs");
  REQUIRE(docs.policies.size() == 3);
  CHECK(docs.policies[0].name == "docs_read");
  CHECK(docs.policies[0].to == std::vector<std::string>{"rls_auditor", "rls_reader"});
  CHECK(docs.policies[0].using_ == "(owner = CURRENT_USER) OR (body IS NOT NULL)");
  CHECK(docs.policies[1].as == "RESTRICTIVE");
  CHECK(docs.policies[1].for_ == "UPDATE");
  CHECK(table(live, "plain").rls_enabled);
  CHECK_FALSE(table(live, "notes").rls_enabled);
  CHECK(table(live, "secrets").policies.empty());
  // pull on the folder: expressions the server prints its own way keep the snapshot's spelling where they mean the
  // same.
  const auto spelled = kit::with_spelling_of(db, live, kit::last_snapshot(o.folder).first);
  CHECK(table(spelled, "docs").policies[0].using_ == "owner = current_user or body is not null");
  CHECK(table(spelled, "docs").policies[1].with_check == "owner = current_user");

  kit::push_options p;
  p.filter.schemas = {"app"};
  p.filter.roles = filter.roles;
  p.dry_run = true;
  CHECK(kit::push(db, declared, p).plan.up.empty());
  // Without entities.roles, push leaves roles alone (it neither creates the declared ones nor drops others).
  p.filter.roles = {};
  CHECK(kit::push(db, declared, p).plan.up.empty());
  db.execute("drop schema app cascade; drop table docs, notes, plain");
  drop_roles(db, folder_roles);
}

TEST_CASE("a folder drizzle-cpp generates for the RLS schema migrates and rolls back", "[kit][rls]") {
  auto db = rls_db(folder_roles);
  db.execute("create role rls_outside");
  const auto folder = std::filesystem::temp_directory_path() / "drizzle-kit-rls-rollback";
  std::filesystem::remove_all(folder);
  kit::generate_options g;
  g.folder = folder;
  for (const auto& s :
       {ddl::describe(kit_rls::schema_v1), ddl::describe(kit_rls::schema_v2), ddl::describe(kit_rls::schema_v3)})
    REQUIRE_FALSE(kit::generate(s, g).tag.empty());
  kit::migrate_options o;
  o.folder = folder;
  CHECK(kit::migrate(db, o).size() == 3);
  auto roles = [&] {
    return scalar(db,
                  "select coalesce(string_agg(rolname, ',' order by rolname), '') from pg_catalog.pg_roles "
                  "where rolname like 'rls\\_%'");
  };
  CHECK(roles() == "rls_admin,rls_auditor,rls_outside,rls_reader");
  // Each down file runs: v3's drops rls_auditor after docs_read lets go of it, init's drops roles after the tables.
  CHECK(kit::rollback(db, o, 3).size() == 3);
  CHECK(roles() == "rls_outside");
  CHECK(scalar(db, "select to_regclass('docs') is null") == "t");
  drop_roles(db, folder_roles);
}

TEST_CASE("push creates roles and policies; the policy shows a role only its own rows", "[kit][rls]") {
  const std::vector<std::string> roles = {"rls_t_viewer", "rls_t_unmanaged"};
  auto db = rls_db(roles);
  const auto s = ddl::describe(ledger_schema);
  kit::push_options p;
  p.filter.roles.include = {"rls_t_viewer"};  // rls_t_unmanaged is declared but not selected: not created
  const auto first = kit::push(db, s, p);
  CHECK(first.plan.up == std::vector<std::string>{
                             "CREATE ROLE \"rls_t_viewer\";",
                             "CREATE TABLE \"ledger\" (\n\t\"id\" integer PRIMARY KEY NOT NULL,\n\t\"owner\" text NOT "
                             "NULL,\n\t\"amount\" integer NOT NULL\n);\n",
                             "ALTER TABLE \"ledger\" ENABLE ROW LEVEL SECURITY;",
                             "CREATE TABLE \"vault\" (\n\t\"id\" integer PRIMARY KEY NOT NULL\n);\n",
                             "ALTER TABLE \"vault\" ENABLE ROW LEVEL SECURITY;",
                             "CREATE POLICY \"ledger_own_rows\" ON \"ledger\" AS PERMISSIVE FOR SELECT TO "
                             "\"rls_t_viewer\" USING (owner = current_user);",
                             "CREATE POLICY \"ledger_no_big\" ON \"ledger\" AS RESTRICTIVE FOR INSERT TO current_user, "
                             "\"rls_t_viewer\" WITH CHECK (amount < 1000);"});
  CHECK(scalar(db, "select count(*) from pg_catalog.pg_roles where rolname = 'rls_t_unmanaged'") == "0");
  CHECK(kit::push(db, s, p).plan.up.empty());  // USING, WITH CHECK and current_user as the server keeps them

  db.execute("insert into ledger values (1, 'rls_t_viewer', 10), (2, 'someone_else', 20), (3, 'rls_t_viewer', 30)");
  // The test's public schema is made afresh (no grants to PUBLIC): the role needs USAGE to see its tables at all.
  db.execute("grant usage on schema public to rls_t_viewer; grant select on ledger, vault to rls_t_viewer");
  db.execute("insert into vault values (1)");
  // As the owner (and a superuser) every row shows; as rls_t_viewer only its own, and none of vault (RLS, no policy).
  CHECK(scalar(db, "select count(*) from ledger") == "3");
  db.transaction([&](auto& tx) {
    tx.execute("set local role rls_t_viewer");
    const auto rows = tx.query_text("select string_agg(id::text, ',' order by id) from ledger");
    CHECK(rows.at(0).at(0) == "1,3");
  });
  db.transaction([&](auto& tx) {
    tx.execute("set local role rls_t_viewer");
    const auto rows = tx.query_text("select count(*) from vault");
    CHECK(rows.at(0).at(0) == "0");
  });

  // Dropping a policy, and the table's RLS goes with the last one.
  auto changed = s;
  changed.tables[0].policies.pop_back();
  CHECK(kit::push(db, changed, p).plan.up ==
        std::vector<std::string>{"DROP POLICY \"ledger_no_big\" ON \"ledger\" CASCADE;"});

  kit::introspect_options filter;
  filter.roles = p.filter.roles;
  const auto header = kit::cpp_schema_header(kit::introspect(db, filter));
  CHECK(header.find("inline constexpr auto rls_t_viewer_role = drizzle::pg_role<\"rls_t_viewer\">{};") !=
        std::string::npos);
  CHECK(header.find("pg::policy<\"ledger_own_rows\">().for_(pg::policy_for::select).to(\"rls_t_viewer\").using_("
                    "\"owner = CURRENT_USER\")") != std::string::npos);
  CHECK(header.find("return std::tuple{pg::enable_rls()};") != std::string::npos);
  CHECK(header.find("drizzle::schema(ledger, vault, rls_t_viewer_role)") != std::string::npos);
  db.execute("drop table ledger, vault");
  drop_roles(db, roles);
}
