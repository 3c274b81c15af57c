#pragma once
/// The row-level security schema of tests/data/kit-rls (src/rls.ts, rls_v2.ts, rls_v3.ts) in C++: roles with every
/// option and an existing() one, policies with every as / for / to form, enable_rls(), a named schema's table.
#include <drizzle/ddl.hpp>
#include <drizzle/drizzle.hpp>

namespace kit_rls {
using namespace drizzle::pg;

inline constexpr auto admin =
    drizzle::pg_role<"rls_admin", drizzle::pg_role_options{.create_db = true, .create_role = true, .inherit = false}>{};
inline constexpr auto reader = drizzle::pg_role<"rls_reader">{};
inline constexpr auto temp = drizzle::pg_role<"rls_temp", drizzle::pg_role_options{.create_db = true}>{};
inline constexpr auto outside = drizzle::pg_role<"rls_outside">{}.existing();

struct docs_t : drizzle::table<docs_t, "docs"> {
  column<"id", integer, primary_key> id;
  column<"owner", text, not_null> owner;
  column<"body", text> body;
  static constexpr auto config(const docs_t&) {
    return std::tuple{
        policy<"docs_read">()
            .as(policy_as::permissive)
            .for_(policy_for::select)
            .to(reader)
            .using_("owner = current_user"),
        policy<"docs_insert">()
            .as(policy_as::restrictive)
            .for_(policy_for::insert)
            .to(reader, admin)
            .with_check("owner = current_user"),
        policy<"docs_all">().to("public").using_("true").with_check("true"),
        policy<"docs_outside">().for_(policy_for::delete_).to(outside, "current_user").using_("body is null"),
    };
  }
};
inline constexpr docs_t docs{};

struct notes_t : drizzle::table<notes_t, "notes"> {
  column<"id", integer, primary_key> id;
  static constexpr auto config(const notes_t&) { return std::tuple{enable_rls()}; }
};
inline constexpr notes_t notes{};

struct secrets_t : drizzle::table<secrets_t, "secrets", "app"> {
  column<"id", integer, primary_key> id;
  column<"k", text> k;
  static constexpr auto config(const secrets_t&) {
    return std::tuple{policy<"secrets_update">().for_(policy_for::update).to("current_user").using_("k <> ''")};
  }
};
inline constexpr secrets_t secrets{};

struct plain_t : drizzle::table<plain_t, "plain"> {
  column<"id", integer, primary_key> id;
};
inline constexpr plain_t plain{};

inline constexpr auto schema_v1 = drizzle::schema(admin, reader, temp, outside, docs, notes, secrets, plain);

/// v2: rls_temp is gone, rls_admin may no longer create databases and inherits; docs_read reads more, docs_insert is
/// for update, docs_outside restrictive, docs_all gone; notes and secrets lose RLS, plain gains it.
inline constexpr auto admin_v2 = drizzle::pg_role<"rls_admin", drizzle::pg_role_options{.create_role = true}>{};

struct docs_v2_t : drizzle::table<docs_v2_t, "docs"> {
  column<"id", integer, primary_key> id;
  column<"owner", text, not_null> owner;
  column<"body", text> body;
  static constexpr auto config(const docs_v2_t&) {
    return std::tuple{
        policy<"docs_read">().for_(policy_for::select).to(reader).using_("owner = current_user or body is not null"),
        policy<"docs_insert">()
            .as(policy_as::restrictive)
            .for_(policy_for::update)
            .to(reader, admin_v2)
            .with_check("owner = current_user"),
        policy<"docs_outside">()
            .as(policy_as::restrictive)
            .for_(policy_for::delete_)
            .to(outside, "current_user")
            .using_("body is null"),
    };
  }
};
inline constexpr docs_v2_t docs_v2{};

struct notes_v2_t : drizzle::table<notes_v2_t, "notes"> {
  column<"id", integer, primary_key> id;
};
inline constexpr notes_v2_t notes_v2{};

struct secrets_v2_t : drizzle::table<secrets_v2_t, "secrets", "app"> {
  column<"id", integer, primary_key> id;
  column<"k", text> k;
};
inline constexpr secrets_v2_t secrets_v2{};

struct plain_v2_t : drizzle::table<plain_v2_t, "plain"> {
  column<"id", integer, primary_key> id;
  static constexpr auto config(const plain_v2_t&) { return std::tuple{enable_rls()}; }
};
inline constexpr plain_v2_t plain_v2{};

inline constexpr auto schema_v2 = drizzle::schema(admin_v2, reader, outside, docs_v2, notes_v2, secrets_v2, plain_v2);

/// v3: a role rls_auditor (no inherit) also reads docs.
inline constexpr auto auditor = drizzle::pg_role<"rls_auditor", drizzle::pg_role_options{.inherit = false}>{};

struct docs_v3_t : drizzle::table<docs_v3_t, "docs"> {
  column<"id", integer, primary_key> id;
  column<"owner", text, not_null> owner;
  column<"body", text> body;
  static constexpr auto config(const docs_v3_t&) {
    return std::tuple{
        policy<"docs_read">()
            .for_(policy_for::select)
            .to(reader, auditor)
            .using_("owner = current_user or body is not null"),
        policy<"docs_insert">()
            .as(policy_as::restrictive)
            .for_(policy_for::update)
            .to(reader, admin_v2)
            .with_check("owner = current_user"),
        policy<"docs_outside">()
            .as(policy_as::restrictive)
            .for_(policy_for::delete_)
            .to(outside, "current_user")
            .using_("body is null"),
    };
  }
};
inline constexpr docs_v3_t docs_v3{};

inline constexpr auto schema_v3 =
    drizzle::schema(admin_v2, reader, auditor, outside, docs_v3, notes_v2, secrets_v2, plain_v2);

}  // namespace kit_rls
