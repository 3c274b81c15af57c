// The pieces of kit::cpp_schema_header that need no database: safe C++ names for SQL names, C++ literals, and what
// the header leaves out (with a comment) because drizzle-cpp's schema syntax cannot say it. That the header
// compiles and gives the same DDL back is tests/kit_pull (a CTest test per database).
#include <catch2/catch.hpp>

#include <drizzle/kit/pull.hpp>

namespace {
using drizzle::kit::detail::cpp_identifier;
using drizzle::kit::detail::cpp_string_literal;

drizzle::ddl::column_info col(std::string name, std::string type) {
  drizzle::ddl::column_info c;
  c.name = std::move(name);
  c.type = std::move(type);
  return c;
}
bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("SQL names that are not C++ names get safe member names", "[kit][pull]") {
  CHECK(cpp_identifier("users") == "users");
  CHECK(cpp_identifier("first name") == "first_name");
  CHECK(cpp_identifier("class") == "class_");
  CHECK(cpp_identifier("namespace") == "namespace_");
  CHECK(cpp_identifier("3d") == "n3d");
  CHECK(cpp_identifier("a  --  b") == "a_b");
  CHECK(cpp_identifier("__x") == "_x");
  CHECK(cpp_identifier("_Upper") == "x_Upper");
  CHECK(cpp_identifier("\"quoted\"") == "_quoted_");
  CHECK(cpp_identifier("") == "unnamed");
  CHECK(cpp_identifier("linux") == "linux_");
}

TEST_CASE("C++ literals hold SQL text exactly", "[kit][pull]") {
  CHECK(cpp_string_literal("plain") == "\"plain\"");
  CHECK(cpp_string_literal("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(cpp_string_literal("back\\slash") == "\"back\\\\slash\"");
  CHECK(cpp_string_literal("line\nnext1") == "\"line\\012next1\"");
}

TEST_CASE("names that collide get numbered, the SQL names stay", "[kit][pull]") {
  drizzle::ddl::schema_info s;
  drizzle::ddl::table_info t;
  t.name = "a b";
  t.columns = {col("x y", "integer"), col("x_y", "integer"), col("column", "text"), col("a_b_t", "text")};
  s.tables = {t, t};
  s.tables[1].name = "a-b";
  const auto header = drizzle::kit::cpp_schema_header(s, {.namespace_name = "app::db"});
  CHECK(contains(header, "namespace app::db {"));
  CHECK(contains(header, "struct a_b_t : drizzle::table<a_b_t, \"a b\"> {"));
  CHECK(contains(header, "struct a_b_2_t : drizzle::table<a_b_2_t, \"a-b\"> {"));
  CHECK(contains(header, "column<\"x y\", pg::integer> x_y;"));
  CHECK(contains(header, "column<\"x_y\", pg::integer> x_y_2;"));
  CHECK(contains(header, "column<\"column\", pg::text> column_2;"));  // `column` is the table base's alias
  CHECK(contains(header, "column<\"a_b_t\", pg::text> a_b_t_2;"));    // a member may not be named as its class
  CHECK(contains(header, "inline constexpr auto schema = drizzle::schema(a_b, a_b_2);"));
}

TEST_CASE("what the schema syntax cannot say is left out with a comment", "[kit][pull]") {
  drizzle::ddl::schema_info s;
  drizzle::ddl::table_info t;
  t.name = "t";
  t.columns = {col("id", "bigint"), col("ref", "integer"), col("shape", "point"), col("mood", "mood")};
  t.columns[3].type_is_enum = true;  // an enum the description does not list: held as text
  t.foreign_keys.push_back({"t_ref_t_id_fk", "t", "", "t", "public", {"ref"}, {"id"}});
  t.foreign_keys.push_back({"t_ref_gone_id_fk", "t", "", "gone", "public", {"ref"}, {"id"}});
  drizzle::ddl::index_info ix;
  ix.name = "t_lower_idx";
  ix.columns = {{"lower(shape)", true, "last", false}};
  t.indexes.push_back(ix);
  s.tables = {t};
  const auto header = drizzle::kit::cpp_schema_header(s);
  CHECK(contains(header, "// foreign key \"t_ref_t_id_fk\" is left out: \"ref\" and \"id\" hold different C++ types"));
  CHECK(contains(header, "// foreign key \"t_ref_gone_id_fk\" is left out: its table \"gone\" is not in this schema"));
  CHECK(contains(header, "// index \"t_lower_idx\" is left out"));
  CHECK(contains(header, "static constexpr std::string_view sql_name = \"point\";"));
  CHECK(contains(header, "column<\"shape\", pg::custom<point_value>> shape;"));
  CHECK(contains(header, "column<\"mood\", pg::custom<mood_value>> mood;"));
  CHECK(!contains(header, "config("));
}
