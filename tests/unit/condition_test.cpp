// drizzle::condition: a run-time condition kept flat, inline while small (no allocation) and on the heap when big;
// copies are independent values. And sql_query's text: inline while it fits, in `owned` when longer. The expected
// texts are written by hand from the rendering rules the other tests pin (`(a and b)`, `not a`, qualified names).
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;

namespace {
using values_t = std::vector<std::optional<std::string>>;

sql_query render(const condition& c) {
  return to_sql(select(users.id).from(users).where(c));
}

/// `c || "users"."name" = $n` for names "n0".."n(k-1)", and the text and values they should render to.
struct chain {
  condition c;
  std::string text;
  values_t values;
};
chain or_chain(int k) {
  chain r;
  for (int i = 0; i < k; ++i) {
    const std::string name = "n" + std::to_string(i);  // a string leaf: not trivially copyable
    r.c = r.c || eq(users.name, name);
    const std::string leaf = R"("users"."name" = $)" + std::to_string(i + 1);
    r.text = i == 0 ? leaf : "(" + r.text + " or " + leaf + ")";
    r.values.emplace_back(name);
  }
  return r;
}
const std::string prefix = R"(select "id" from "users" where )";
}  // namespace

TEST_CASE("an empty condition adds nothing and stays empty under and, or and not", "[dynamic][condition]") {
  condition empty;
  CHECK(empty.empty());
  CHECK(render(empty).sql == R"(select "id" from "users")");
  CHECK(render(empty).params.empty());
  CHECK((!empty).empty());
  CHECK((empty && empty).empty());
  condition one = eq(users.id, 7);
  CHECK(render(one && empty).sql == prefix + R"("users"."id" = $1)");
  CHECK(render(empty || one).sql == prefix + R"("users"."id" = $1)");
  CHECK(render(empty || one).values() == values_t{"7"});
}

TEST_CASE("nested and, or and not render in Drizzle's shape with parameters in text order", "[dynamic][condition]") {
  const condition a = eq(users.id, 1);
  const condition b = eq(users.name, "bo");
  const condition c = gt(users.id, 3);
  const auto q = render(!(a || (b && !c)) && (c || a));
  CHECK(q.sql == prefix + R"((not ("users"."id" = $1 or ("users"."name" = $2 and not "users"."id" > $3)) and )"
                          R"(("users"."id" > $4 or "users"."id" = $5)))");
  CHECK(q.values() == values_t{"1", "bo", "3", "3", "1"});
  // A leaf that is itself made of conditions (and_ over two of them) is written as it is, numbered in place.
  const condition both = and_(b, a);
  CHECK(render(c && both).sql == prefix + R"(("users"."id" > $1 and ("users"."name" = $2 and "users"."id" = $3)))");
  CHECK(render(c && both).values() == values_t{"3", "bo", "1"});
}

TEST_CASE("a big condition spills to the heap and renders the same", "[dynamic][condition]") {
  for (int k : {1, 2, 3, 8, 40}) {
    const chain ch = or_chain(k);
    const auto q = render(ch.c);
    CHECK(q.sql == prefix + ch.text);
    CHECK(q.values() == ch.values);
    // A range is one array parameter: a leaf that owns a vector.
    const auto with_range = render(ch.c && in_array(users.id, std::vector<int>{4, 5}));
    CHECK(with_range.sql == prefix + "(" + ch.text + R"( and "users"."id" = any($)" + std::to_string(k + 1) + "))");
  }
}

TEST_CASE("copies of a condition are independent values and moves keep the nodes", "[dynamic][condition]") {
  for (int k : {2, 30}) {  // inline and spilled
    chain ch = or_chain(k);
    condition copy = ch.c;
    condition assigned;
    assigned = ch.c;
    ch.c = ch.c && eq(users.id, 9);  // changes the original only
    CHECK(render(copy).sql == prefix + ch.text);
    CHECK(render(assigned).values() == ch.values);
    CHECK(render(ch.c).sql == prefix + "(" + ch.text + R"( and "users"."id" = $)" + std::to_string(k + 1) + ")");

    condition moved = std::move(copy);
    CHECK(render(moved).sql == prefix + ch.text);
    condition target = eq(users.id, 1);
    target = std::move(moved);
    CHECK(render(target).values() == ch.values);
    const condition& self = target;
    target = self;  // self-assignment keeps it
    CHECK(render(target).sql == prefix + ch.text);

    // A statement holding the condition keeps its own copy.
    auto stmt = select(users.id).from(users).where(target);
    target = condition{};
    CHECK(to_sql(stmt).sql == prefix + ch.text);
  }
}

TEST_CASE("a condition's placeholders are recorded by name", "[dynamic][condition]") {
  condition c = eq(users.id, placeholder<"id">());
  c = c && eq(users.name, "x");
  const auto q = render(c);
  CHECK(q.sql == prefix + R"(("users"."id" = $1 and "users"."name" = $2))");
  REQUIRE(q.params.size() == 2);
  CHECK(q.params[0].placeholder == "id");
  CHECK(q.params[1].value == "x");
}

TEST_CASE("a dynamic statement's text is kept inline while short, in owned when long, and survives copies",
          "[dynamic][render]") {
  const chain small = or_chain(1), big = or_chain(40);
  for (const chain* ch : {&small, &big}) {
    sql_query original = render(ch->c);
    const std::string expected = prefix + ch->text;
    CHECK(original.owned.empty() == (expected.size() <= 255));  // inline: 255 characters and a NUL
    sql_query copied = original;
    sql_query moved = std::move(original);
    original = render(condition{});  // reused: the others do not point into it
    CHECK(copied.sql == expected);
    CHECK(moved.sql == expected);
    CHECK(copied.sql.data()[copied.sql.size()] == '\0');  // a C string, as static text and `owned` are
    CHECK(moved.sql.data()[moved.sql.size()] == '\0');
    CHECK(copied.values() == ch->values);
    sql_query assigned;
    assigned = copied;
    copied = sql_query{};
    CHECK(assigned.sql == expected);
    CHECK(original.sql == R"(select "id" from "users")");
  }
}

TEST_CASE("a statement's parameters stay in place while few, move to the heap when many, and copy as values",
          "[dynamic][params]") {
  param_list p;
  CHECK(p.empty());
  CHECK(p.capacity() == param_list::inline_capacity);
  for (int i = 0; i < 10; ++i) p.push_back({std::to_string(i)});
  p.push_back(p.front());  // an argument that names a value the growth moves
  REQUIRE(p.size() == 11);
  CHECK(p.capacity() > param_list::inline_capacity);
  CHECK(p.back().value == "0");
  CHECK(p.at(9).value == "9");
  CHECK_THROWS_AS(p.at(11), std::out_of_range);

  const param_list copy = p;
  param_list moved = std::move(p);
  CHECK(moved == copy);
  CHECK(p.empty());  // NOLINT(bugprone-use-after-move): a moved-from list is empty

  param_list few{{std::string("a")}, {std::nullopt}};
  param_list few_moved = std::move(few);
  CHECK(few.empty());  // NOLINT(bugprone-use-after-move)
  REQUIRE(few_moved.size() == 2);
  CHECK(few_moved[0].value == "a");
  CHECK_FALSE(few_moved[1].value);
  few_moved = copy;
  CHECK(few_moved == copy);
  few_moved.pop_back();
  CHECK(few_moved.size() == 10);
  few_moved.clear();
  CHECK(few_moved.empty());

  // A dynamic condition's to_sql() keeps its two parameters inline: no block, the same values.
  const sql_query q = render(condition(eq(users.id, 7)) && gt(users.id, 1));
  CHECK(q.params.capacity() == param_list::inline_capacity);
  CHECK(q.values() == values_t{"7", "1"});
}

TEST_CASE("a parameter's text keeps integers in place and reads as an optional string") {
  param_list p;
  param_collector c{p};
  c.add<pg::bigint>(std::int64_t{-9223372036854775807 - 1});
  c.add<pg::bigint>(std::int64_t{9223372036854775807});
  c.add<pg::integer>(0);
  c.add<pg::smallint>(std::int16_t{-42});
  c.add<pg::text>(std::string("a text longer than the twenty-four characters kept in place"));
  c.add<pg::text>(std::string("short"));
  c.add_null();
  c.add_value(std::optional<int>{});
  c.add_value(17);
  REQUIRE(p.size() == 9);
  CHECK(p[0].value == "-9223372036854775808");
  CHECK(std::string(p[0].value->c_str()) == "-9223372036854775808");  // NUL-terminated for libpq
  CHECK(p[1].value == "9223372036854775807");
  CHECK(p[2].value == "0");
  CHECK(p[3].value == "-42");
  CHECK(p[4].value == "a text longer than the twenty-four characters kept in place");
  CHECK(p[4].value->size() == 59);
  CHECK(p[5].value == "short");
  CHECK_FALSE(p[6].value);
  CHECK(p[6].value == std::nullopt);
  CHECK_FALSE(p[6].value == "");  // NULL is not the empty text
  CHECK(p[6].value.value_or("null") == "null");
  CHECK_THROWS_AS(p[6].value.value(), std::bad_optional_access);
  CHECK_FALSE(p[7].value);
  CHECK(p[8].value == "17");
  CHECK(*p[8].value == "17");
  CHECK(p[8].value.value_or("null") == "17");

  // Copies, moves and assignments between the three kinds (digits, string, NULL) keep the values.
  const param_list copy = p;
  CHECK(copy == p);
  CHECK(std::optional<std::string>(copy[1].value) == "9223372036854775807");
  CHECK(std::optional<std::string>(copy[6].value) == std::nullopt);
  param_text t = p[4].value;
  t = p[0].value;
  CHECK(t == "-9223372036854775808");
  t = std::move(p[4].value);
  CHECK(t == "a text longer than the twenty-four characters kept in place");
  t = param_text(std::nullopt);
  CHECK_FALSE(t);
  t = std::string("x");
  CHECK(t == "x");
  CHECK_FALSE(t == param_text(std::string("y")));
  CHECK(t == param_text(std::string("x")));
  CHECK_FALSE(param_text() == param_text(std::string()));

  // A statement's integer values are the same text as before.
  const sql_query q = to_sql(select(users.id).from(users).where(eq(users.id, -2147483647 - 1)));
  CHECK(q.values() == values_t{"-2147483648"});
}
