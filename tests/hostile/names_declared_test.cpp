// Name fuzzing, names declared in C++: hostile table, column, schema, enum, label, index, constraint, alias and CTE
// names go through DML (compile-time and run-time text), DDL, generate + migrate, push and pull. Every name must
// stay one quoted token: the statements run against PostgreSQL, a canary table in another schema survives, and
// the names read back from the catalogs are exactly the declared ones.
#include <catch2/catch.hpp>

#include <drizzle/drizzle.hpp>
#include <drizzle/kit/generate.hpp>
#include <drizzle/kit/introspect.hpp>
#include <drizzle/kit/migrator.hpp>
#include <drizzle/kit/pull.hpp>
#include <drizzle/kit/push.hpp>
#include <filesystem>
#include <string>

#include "names_support.hpp"

namespace hostile_declared {
using namespace drizzle::pg;

enum class mood { ok, bad, evil };
// The enum name of the issue, and labels that close the literal they are written in.
inline constexpr auto mood_enum = drizzle::pg_enum<mood, "zz\"; drop table other.canary; select 1 as \"x", "o'k",
                                                   "b\"a\\d", "x'); drop table other.canary; --">{};

struct parent_t
    : drizzle::table<parent_t, "pa\"rent; drop table other.canary; --", "sch\"ema; drop schema other cascade; --"> {
  column<"i\"d", integer, primary_key> id;
  column<"na'me; --", text, not_null> name;
  column<"ba\\ck\\", text> back;
  column<"new\nline -- x", text> newline;
  column<"ünï cødé ☃", text> unicode;
  column<"m\"ood", enum_of<mood_enum>, not_null, default_<mood::evil>> m;
  // 63 bytes, the longest name PostgreSQL keeps.
  column<"c23456789_123456789_123456789_123456789_123456789_123456789_123", integer> long_name;
  static constexpr auto config(const parent_t& t) {
    return std::tuple{index<"ix\"; drop table other.canary; --">(t.name), unique_constraint<"uq'\"">(t.unicode),
                      check<"ck\"; --">("\"i\"\"d\" > 0")};
  }
};
inline constexpr parent_t parent{};

struct child_t : drizzle::table<child_t, "we\"ird"> {
  column<"i\"d", serial, primary_key> id;
  column<"pa\"rent", integer, references<&parent_t::id, on_delete::cascade>> parent_id;
  column<"la'bel", text, default_<drizzle::fixed_string("it's \"; drop table other.canary; --")>> label;
};
inline constexpr child_t child{};

inline constexpr auto hostile_schema = drizzle::schema(parent, child);

// Compile-time rendering measures and fills the same text: the quote is doubled in both.
static_assert(decltype(drizzle::select(child.id).from(child))::sql() == R"(select "i""d" from "we""ird")");
static_assert(decltype(drizzle::delete_from(child).where(drizzle::eq(child.id, 1)))::sql() ==
              R"(delete from "we""ird" where "we""ird"."i""d" = $1)");

drizzle::pqxx::database fresh_db() {
  return hostile_names::canary_db("\"sch\"\"ema; drop schema other cascade; --\"");
}
using hostile_names::require_canary;
using hostile_names::scalar;

/// The database holds exactly `wanted`: equal descriptions (on failure, the statements that would make them equal).
void require_same(drizzle::pqxx::session& db, const drizzle::ddl::schema_info& wanted,
                  const drizzle::kit::introspect_options& options);

drizzle::kit::introspect_options both_schemas() {
  return {.schemas = {"public", std::string(parent_t::schema_name)}, .tables = {}};
}

void require_same(drizzle::pqxx::session& db, const drizzle::ddl::schema_info& wanted,
                  const drizzle::kit::introspect_options& options) {
  const auto live = drizzle::kit::introspect(db, options);
  if (live == wanted) return;
  drizzle::kit::diff_options no_renames;
  no_renames.assume_no_renames = true;
  std::string delta;
  for (const auto& s : drizzle::kit::diff(live, wanted, no_renames).up) delta += s + "\n";
  INFO("introspected != declared; the difference:\n" << delta);
  CHECK(live == wanted);
}

}  // namespace hostile_declared

using namespace hostile_declared;

TEST_CASE("names: a quote in a declared name is doubled in compile-time text", "[hostile][names]") {
  STATIC_REQUIRE(decltype(drizzle::select(child.id).from(child))::sql() == R"(select "i""d" from "we""ird")");
  constexpr auto other = drizzle::alias<"al\"ias; --">(child);
  STATIC_REQUIRE(decltype(drizzle::select(other[child.id]).from(other))::sql() ==
                 R"(select "i""d" from "we""ird" "al""ias; --")");
  const auto text = std::string(decltype(drizzle::select(parent.name).from(parent))::sql());
  CHECK(text ==
        "select \"na'me; --\" from \"sch\"\"ema; drop schema other cascade; --\".\"pa\"\"rent; drop table "
        "other.canary; --\"");
}

TEST_CASE("names: the one quoting function", "[hostile][names]") {
  using drizzle::detail::quote_ident;
  using drizzle::detail::quote_literal;
  CHECK(quote_ident("\"") == R"("""")");
  CHECK(quote_ident("a\"\"b") == R"("a""""b")");
  CHECK(quote_ident("x\"; drop table t; --") == R"("x""; drop table t; --")");
  CHECK(quote_literal("'") == "''''");
  CHECK(quote_literal("it's \\ \"") == R"('it''s \ "')");
  CHECK(drizzle::detail::quote_qualified("s\"", "t") == R"("s"""."t")");
  // The compile-time writer measures exactly what the others write.
  constexpr auto measured = [] {
    drizzle::detail::length_writer w;
    w.ident("we\"\"ird\"");
    drizzle::detail::write_literal(w, "o'k'");
    return w.length;
  }();
  STATIC_REQUIRE(measured == std::string_view(R"("we""""ird""")").size() + std::string_view("'o''k'''").size());
}

TEST_CASE("names: the DDL of hostile names creates exactly those names and nothing else", "[hostile][names]") {
  auto db = fresh_db();
  const auto statements = drizzle::ddl::create_statements(hostile_schema);
  for (const auto& s : statements) db.execute(s);
  require_canary(db);
  // Every name reads back exactly as declared.
  require_same(db, drizzle::ddl::describe(hostile_schema), both_schemas());
  CHECK(scalar(db, "select count(*) from pg_type where typname = 'zz\"; drop table other.canary; select 1 as \"x'") ==
        "1");
  CHECK(scalar(db, "select string_agg(enumlabel, '|' order by enumsortorder) from pg_enum") ==
        "o'k|b\"a\\d|x'); drop table other.canary; --");
}

TEST_CASE("names: DML through hostile tables, columns, aliases, subqueries and CTEs", "[hostile][names]") {
  using namespace drizzle;
  auto db = fresh_db();
  for (const auto& s : ddl::create_statements(hostile_schema)) db.execute(s);

  db.insert(parent)
      .values(parent.id = 1, parent.name = "n'; drop table other.canary; --", parent.back = "\\",
              parent.newline = "a\nb", parent.unicode = "☃", parent.long_name = 63)
      .execute();
  db.insert(child).values(child.parent_id = 1).execute();
  db.insert(child).values(child.parent_id = 1, child.label = "x\"y").execute();

  auto rows = db.select(parent.id, parent.name, parent.m, parent.long_name).from(parent).all();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][parent.name] == "n'; drop table other.canary; --");
  CHECK(rows[0][parent.m] == mood::evil);
  CHECK(rows[0][parent.long_name] == 63);

  // The label's default (a literal with a quote and a double quote) came back as written.
  CHECK(db.select(child.label).from(child).where(eq(child.id, 1)).one()[child.label] ==
        "it's \"; drop table other.canary; --");

  constexpr auto p2 = alias<"p\"2; --">(parent);
  auto joined = db.select(child.label, p2[parent.unicode])
                    .from(child)
                    .inner_join(p2, eq(child.parent_id, p2[parent.id]))
                    .order_by(child.id)
                    .all();
  REQUIRE(joined.size() == 2);
  CHECK(joined[1][p2[parent.unicode]] == "☃");

  auto sub = select(child.id, child.label).from(child).where(eq(child.parent_id, 1)).as<"su\"b'q">();
  CHECK(db.select(sub[child.label]).from(sub).order_by(sub[child.id]).all().size() == 2);

  auto c = with_<"c\"te; --">(select(child.id, child.label).from(child));
  CHECK(db.run(with(c).select(c[child.label]).from(c)).all().size() == 2);

  CHECK(db.update(parent).set(parent.m = mood::bad).where(eq(parent.id, 1)).execute() == 1);
  CHECK(db.select(parent.m).from(parent).one()[parent.m] == mood::bad);
  CHECK(db.delete_from(child).where(eq(child.label, "x\"y")).execute() == 1);
  // A run-time identifier is quoted the same way.
  CHECK(db.select(count()).from(child).where(sql<bool>("{} = 1", identifier("i\"d"))).one().get<0>() == 1);
  require_canary(db);
}

TEST_CASE("names: push of hostile declared names creates them, then has nothing to do", "[hostile][names]") {
  auto db = fresh_db();
  const auto wanted = drizzle::ddl::describe(hostile_schema);
  const auto first = drizzle::kit::push(db, wanted, {.filter = both_schemas()});
  CHECK(first.applied);
  require_canary(db);
  require_same(db, wanted, both_schemas());
  const auto again = drizzle::kit::push(db, wanted, {.filter = both_schemas()});
  CHECK_FALSE(again.applied);
  CHECK(again.plan.up.empty());

  // Dropping the hostile enum and the hostile schema is data loss: refused without --force.
  drizzle::kit::push_options ask{.filter = both_schemas()};
  ask.diff.assume_no_renames = true;
  try {
    drizzle::kit::push(db, drizzle::ddl::schema_info{}, ask);
    FAIL("push dropped an enum and a schema without asking");
  } catch (const drizzle::kit::data_loss_refused& e) {
    bool enum_listed = false, schema_listed = false;
    for (const auto& l : e.losses()) {
      enum_listed = enum_listed || l.rfind("drops enum \"public\".\"zz\"\"; drop", 0) == 0;
      schema_listed = schema_listed || l.rfind("drops schema \"sch\"\"ema; drop schema other cascade; --\"", 0) == 0;
    }
    CHECK(enum_listed);
    CHECK(schema_listed);
  }
  require_canary(db);
  CHECK(scalar(db, "select count(*) from pg_type where typname like 'zz%'") == "1");
  ask.force = true;
  CHECK(drizzle::kit::push(db, drizzle::ddl::schema_info{}, ask).applied);
  require_canary(db);
  CHECK(scalar(db, "select count(*) from pg_type where typname like 'zz%'") == "0");
}

TEST_CASE("names: generate and migrate hostile declared names", "[hostile][names]") {
  auto db = fresh_db();
  const auto folder = std::filesystem::temp_directory_path() / "drizzle-hostile-names-generate";
  std::filesystem::remove_all(folder);
  drizzle::kit::generate_options g;
  g.folder = folder;
  g.name = "hostile";
  const auto generated = drizzle::kit::generate(drizzle::ddl::describe(hostile_schema), g);
  REQUIRE_FALSE(generated.tag.empty());
  drizzle::kit::migrate_options m;
  m.folder = folder;
  drizzle::kit::migrate(db, m);
  require_canary(db);
  require_same(db, drizzle::ddl::describe(hostile_schema), both_schemas());

  // A name holding the statement-breakpoint marker would be split there by the migrator: generate refuses it.
  drizzle::ddl::schema_info split;
  drizzle::ddl::table_info t;
  t.name = "x\n--> statement-breakpoint\ndrop table other.canary; --";
  drizzle::ddl::column_info c;
  c.name = "id";
  c.type = "integer";
  t.columns = {c};
  split.tables = {t};
  g.name = "split";
  g.diff.assume_no_renames = true;
  CHECK_THROWS_AS(drizzle::kit::generate(split, g), drizzle::kit::unsplittable_statement);
  std::filesystem::remove_all(folder);
}

TEST_CASE("names: the data-loss comment of a migration stays one comment line", "[hostile][names]") {
  const std::string text = drizzle::kit::detail::migration_text(
      {"ALTER TABLE \"t\" DROP COLUMN \"a\ndrop table other.canary; --\";"}, true,
      {"drops column \"t\".\"a\ndrop table other.canary; --\" and its values"}, {0});
  const auto first_line = text.substr(0, text.find('\n'));
  CHECK(first_line.rfind("-- drizzle: data loss: ", 0) == 0);
  CHECK(first_line.find("drop table other.canary") != std::string::npos);  // the name, escaped, in the comment
}

TEST_CASE("names: pull writes hostile names as C++ literals and valid, unique members", "[hostile][names]") {
  const auto header = drizzle::kit::cpp_schema_header(drizzle::ddl::describe(hostile_schema));
  // No name reaches the header unescaped: the newline inside a column name is written as an octal escape.
  CHECK(header.find("new\nline") == std::string::npos);
  CHECK(header.find(R"("new\012line -- x")") != std::string::npos);
  CHECK(header.find(R"("zz\"; drop table other.canary; select 1 as \"x")") != std::string::npos);
  CHECK(header.find(R"("b\"a\\d")") != std::string::npos);
  // `??` is escaped so no trigraph can form under any -std.
  CHECK(drizzle::kit::detail::cpp_string_literal("a?\?/b") == R"("a?\?/b")");
  // Comments keep every name on their line.
  drizzle::ddl::schema_info s;
  drizzle::ddl::table_info empty;
  empty.name = "x\n#error injected\\";
  s.tables = {empty};
  const auto note = drizzle::kit::cpp_schema_header(s);
  CHECK(note.find("\n#error") == std::string::npos);
  CHECK(note.find("\\\n") == std::string::npos);
}
