// DDL in drizzle-kit's form: the oracle schema renders exactly tests/data/drizzle/export.sql.
#include <catch2/catch.hpp>

#include <drizzle/ddl.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/oracle_schema.hpp"

namespace {
using namespace drizzle::pg;
struct audit_log_t : drizzle::table<audit_log_t, "audit_log"> {
  column<"id", integer, primary_key, identity_always<>> id;
  column<"user_id", integer, references<&oracle::users_t::id, on_delete::set_null>> user_id;
  column<"action", varchar<64>, not_null> action;
  column<"details", jsonb<>, not_null, default_<drizzle::fixed_string("{}")>> details;
  column<"at", timestamp_tz, not_null, default_now> at;
  static constexpr auto config(const audit_log_t& t) {
    return std::tuple{index<"audit_log_user_at_idx">(t.user_id, t.at)};
  }
};
inline constexpr audit_log_t audit_log{};
}  // namespace

TEST_CASE("the oracle schema renders drizzle-kit's export byte for byte", "[ddl]") {
  using namespace oracle;
  std::ifstream in(DRIZZLE_ORACLE_DIR "/export.sql");
  REQUIRE(in);
  std::stringstream expected;
  expected << in.rdbuf();
  const auto ours =
      drizzle::ddl::export_sql(drizzle::schema(users, posts, organizations, type_samples, tags, post_tags, comments));
  CHECK(ours == expected.str());
}

TEST_CASE("identity columns, jsonb defaults and multi-column indexes as drizzle-kit writes them", "[ddl]") {
  // The statements of tests/data/drizzle/migrations-kit/0001_v2.sql for the audit_log table.
  const auto s = drizzle::ddl::create_statements(drizzle::schema(audit_log));
  REQUIRE(s.size() == 3);
  CHECK(s[0] ==
        "CREATE TABLE \"audit_log\" (\n"
        "\t\"id\" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name \"audit_log_id_seq\" INCREMENT BY 1 "
        "MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),\n"
        "\t\"user_id\" integer,\n"
        "\t\"action\" varchar(64) NOT NULL,\n"
        "\t\"details\" jsonb DEFAULT '{}'::jsonb NOT NULL,\n"
        "\t\"at\" timestamp with time zone DEFAULT now() NOT NULL\n"
        ");\n");
  CHECK(s[1] ==
        "ALTER TABLE \"audit_log\" ADD CONSTRAINT \"audit_log_user_id_users_id_fk\" FOREIGN KEY (\"user_id\") "
        "REFERENCES \"public\".\"users\"(\"id\") ON DELETE set null ON UPDATE no action;");
  CHECK(s[2] == "CREATE INDEX \"audit_log_user_at_idx\" ON \"audit_log\" USING btree (\"user_id\",\"at\");");
}

TEST_CASE("the schema description lists what the kit snapshots", "[ddl]") {
  using namespace oracle;
  const auto d = drizzle::ddl::describe(drizzle::schema(users, post_tags, type_samples));
  REQUIRE(d.enums.size() == 1);
  CHECK(d.enums[0].values == std::vector<std::string>{"admin", "user", "guest"});
  REQUIRE(d.tables.size() == 3);
  CHECK(d.tables[0].name == "post_tags");
  CHECK(d.tables[0].primary_keys[0].name == "post_tags_post_id_tag_id_pk");
  CHECK(d.tables[2].name == "users");
  CHECK(d.tables[2].uniques[0].name == "users_email_unique");
  CHECK(d.tables[2].columns[3].default_sql == std::optional<std::string>("'user'"));
  CHECK(d.tables[2].indexes[0].unique);
}
