// Edge values for every type (min/max integers, NaN/Infinity, far and BC dates, microseconds, empty arrays, NULL
// elements, all 256 bytes, jsonb unicode and json null, numeric extremes, intervals) through insert ... returning,
// select and a relational query (the JSON path): each value comes back exactly, or is refused with a typed error
// (encode_error before sending, decode_error when PostgreSQL's value has no C++ value, or the server's error).
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <drizzle/ddl.hpp>
#include <drizzle/pqxx.hpp>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/test_db.hpp"

using namespace drizzle;
using namespace drizzle::pg;
using namespace std::chrono;

namespace {

enum class hv_mood { sad, happy };
inline constexpr auto hv_mood_enum = drizzle::pg_enum<hv_mood, "hv_mood", "sad", "happy">{};

struct hv_edge_t : drizzle::table<hv_edge_t, "hv_edge"> {
  column<"id", integer, primary_key> id;
  column<"i16", smallint> i16;
  column<"i32", integer> i32;
  column<"i64", bigint> i64;
  column<"f32", real> f32;
  column<"f64", double_precision> f64;
  column<"num", numeric_any> num;
  column<"money", numeric<10, 2>> money;
  column<"flag", boolean> flag;
  column<"txt", text> txt;
  column<"uid", pg::uuid> uid;
  column<"js", json> js;
  column<"jb", jsonb<>> jb;
  column<"jb_nn", jsonb<>, not_null> jb_nn;
  column<"bin", bytea> bin;
  column<"day", date> day;
  column<"tod", time_of_day> tod;
  column<"ts", timestamp> ts;
  column<"tstz", timestamp_tz> tstz;
  column<"span", pg::interval> span;
  column<"mood", enum_of<hv_mood_enum>> mood;
  column<"ints", array<integer>> ints;
  column<"texts", array_nullable<text>> texts;
};
inline constexpr hv_edge_t hv_edge{};
inline constexpr auto hv_edge_self =
    drizzle::relational_schema(drizzle::relations(hv_edge, drizzle::one<"self">(hv_edge, hv_edge.id, hv_edge.id)));

date_value day_of(std::int64_t y, unsigned m, unsigned d) {
  return date_value{days{detail::days_from_civil(y, m, d)}};
}

template <class T>
bool same(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>)
    return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
  else
    return a == b;
}

struct edge_db {
  drizzle::pqxx::database db = drizzle::pqxx::connect(drizzle_test::database_url());
  int next_id = 1;
  std::size_t checked = 0;

  edge_db() {
    db.execute("drop table if exists hv_edge; drop type if exists hv_mood");
    for (const auto& statement : ddl::create_statements(drizzle::schema(hv_edge))) db.execute(statement);
  }
  ~edge_db() {
    try {
      db.execute("drop table if exists hv_edge; drop type if exists hv_mood");
    } catch (...) {
    }
  }

  /// Inserts v into column col (returning it), selects it, and reads it through the relation's JSON.
  template <class Col, class V>
  void round_trip(Col col, const V& v) {
    using T = typename Col::cpp_type;
    const T value = v;
    const int id = next_id++;
    INFO(Col::name << " row " << id);
    auto inserted = db.insert(hv_edge)
                        .values(hv_edge.id = id, hv_edge.jb_nn = nlohmann::json::object(), col = value)
                        .returning(col)
                        .one();
    REQUIRE(inserted[col].has_value());
    CHECK(same(*inserted[col], value));
    auto selected = db.select(col).from(hv_edge).where(eq(hv_edge.id, id)).one();
    REQUIRE(selected[col].has_value());
    CHECK(same(*selected[col], value));
    auto related = db.query(hv_edge_self)[hv_edge]
                       .find_first(columns(hv_edge.id), where(eq(hv_edge.id, id)), with<"self">(columns(col)))
                       .first();
    REQUIRE(related.has_value());
    const auto& self = related->template get<"self">();
    REQUIRE(self.has_value());
    REQUIRE((*self)[col].has_value());
    CHECK(same(*(*self)[col], value));
    ++checked;
  }
};

}  // namespace

TEST_CASE("edge values of every type round-trip through insert, select and relational queries",
          "[hostile][values][edge]") {
  edge_db e;
  auto& db = e.db;
  db.execute("set time zone 'UTC'");

  for (auto v : {std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::int16_t>::max(), std::int16_t{0}})
    e.round_trip(hv_edge.i16, v);
  for (auto v : {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()})
    e.round_trip(hv_edge.i32, v);
  for (auto v : {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()})
    e.round_trip(hv_edge.i64, v);
  for (float v : {std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest(),
                  std::numeric_limits<float>::min(), std::numeric_limits<float>::denorm_min(),
                  std::numeric_limits<float>::epsilon(), std::numeric_limits<float>::quiet_NaN(),
                  std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(), -0.0f, 0.1f})
    e.round_trip(hv_edge.f32, v);
  for (double v :
       {std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(), std::numeric_limits<double>::min(),
        std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::quiet_NaN(),
        std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), -0.0, 0.1, 1e-300})
    e.round_trip(hv_edge.f64, v);
  for (const char* v :
       {"0", "NaN", "Infinity", "-Infinity", "123456789012345678901234567890.123456789012345678901234567890",
        "-0.000000000000000000000000000000000000001", "99999999999999999999999999999999999999999"})
    e.round_trip(hv_edge.num, decimal(v));
  for (const char* v : {"99999999.99", "-99999999.99", "0.01", "12.50"}) e.round_trip(hv_edge.money, decimal(v));
  e.round_trip(hv_edge.flag, true);
  e.round_trip(hv_edge.flag, false);

  std::string ascii;
  for (int c = 1; c < 128; ++c) ascii += static_cast<char>(c);
  std::string big(1 << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 97) big[i] = "'\"\\{}\n\t,"[i % 8];
  for (const std::string& v : {std::string(), ascii, std::string("é ü 日本語 😀 \u202e \u2028"), big})
    e.round_trip(hv_edge.txt, v);

  e.round_trip(hv_edge.uid, drizzle::uuid{});
  e.round_trip(hv_edge.uid, drizzle::uuid::parse("ffffffff-ffff-ffff-ffff-ffffffffffff"));

  bytes all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<std::byte>(b));
  e.round_trip(hv_edge.bin, all);
  e.round_trip(hv_edge.bin, bytes{});

  const std::vector<nlohmann::json> docs = {
      nlohmann::json(nullptr), nlohmann::json("é \u2028 😀 \"\\"),
      nlohmann::json::parse(R"({"a": [1, 2.5, "x", null, true], "b": {"": {}}, "c": -9223372036854775808})"),
      nlohmann::json::array(), nlohmann::json(std::numeric_limits<std::uint64_t>::max())};
  for (const auto& v : docs) {
    e.round_trip(hv_edge.js, v);
    e.round_trip(hv_edge.jb, v);
  }

  for (const date_value v :
       {day_of(-4712, 11, 24), day_of(5874897, 12, 31), day_of(50000, 1, 1), day_of(32768, 1, 1), day_of(-43, 3, 15),
        day_of(0, 1, 1), day_of(1970, 1, 1), day_of(2000, 2, 29), date_value::max(), date_value::min()})
    e.round_trip(hv_edge.day, v);
  for (const time_value v : {time_value{0}, time_value{24h - 1us}, time_value{24h}, time_value{12h + 1us}})
    e.round_trip(hv_edge.tod, v);
  for (const timestamp_value v :
       {timestamp_value{sys_days{day_of(-4712, 11, 24)}}, timestamp_value{sys_days{day_of(0, 12, 31)} + 24h - 1us},
        timestamp_value{sys_days{day_of(-43, 3, 15)} + 12h + 1us}, timestamp_value{1us}, timestamp_value{-1us},
        timestamp_value{sys_days{day_of(2038, 1, 19)} + 3h + 14min + 8s},
        timestamp_value{sys_days{day_of(294246, 12, 31)} + 24h - 1us}, timestamp_value::max(),
        timestamp_value::min()}) {
    e.round_trip(hv_edge.ts, v);
    e.round_trip(hv_edge.tstz, v);
  }
  using span = drizzle::interval;
  for (const span v : {span{}, span{1, -1, 1}, span{-1, 1, -1},
                       span{std::numeric_limits<std::int32_t>::max(), std::numeric_limits<std::int32_t>::min(),
                            std::numeric_limits<std::int64_t>::min()},
                       span{std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max(),
                            std::numeric_limits<std::int64_t>::max()}})
    e.round_trip(hv_edge.span, v);
  e.round_trip(hv_edge.mood, hv_mood::sad);
  e.round_trip(hv_edge.mood, hv_mood::happy);
  e.round_trip(hv_edge.ints, std::vector<std::int32_t>{});
  e.round_trip(hv_edge.ints, std::vector<std::int32_t>{std::numeric_limits<std::int32_t>::min(), 0,
                                                       std::numeric_limits<std::int32_t>::max()});
  using texts = std::vector<std::optional<std::string>>;
  e.round_trip(hv_edge.texts, texts{});
  e.round_trip(hv_edge.texts, texts{std::nullopt});
  e.round_trip(hv_edge.texts, texts{"", "NULL", std::nullopt, "\"", "\\", "{}", ",", " a ", "é", ascii});
  CHECK(e.checked > 100);
}

TEST_CASE("a JSON null inside a relational query stays apart from SQL NULL", "[hostile][values][edge][relational]") {
  edge_db e;
  auto& db = e.db;
  db.insert(hv_edge)
      .values(hv_edge.id = 1, hv_edge.jb_nn = nlohmann::json(nullptr), hv_edge.jb = nlohmann::json(nullptr))
      .execute();
  db.insert(hv_edge)
      .values(hv_edge.id = 2, hv_edge.jb_nn = nlohmann::json::object(), hv_edge.jb = std::nullopt)
      .execute();
  const auto rows = db.query(hv_edge_self)[hv_edge]
                        .find_many(columns(hv_edge.id, hv_edge.jb, hv_edge.jb_nn),
                                   with<"self">(columns(hv_edge.jb, hv_edge.jb_nn)), order_by(hv_edge.id))
                        .all();
  REQUIRE(rows.size() == 2);
  // The select path (the root level) and the JSON path (the relation) agree.
  REQUIRE(rows[0][hv_edge.jb].has_value());
  CHECK(rows[0][hv_edge.jb]->is_null());
  const auto& self1 = rows[0].get<"self">();
  REQUIRE(self1.has_value());
  REQUIRE((*self1)[hv_edge.jb].has_value());  // JSON null, not SQL NULL
  CHECK((*self1)[hv_edge.jb]->is_null());
  CHECK((*self1)[hv_edge.jb_nn].is_null());
  CHECK_FALSE(rows[1][hv_edge.jb].has_value());
  const auto& self2 = rows[1].get<"self">();
  REQUIRE(self2.has_value());
  CHECK_FALSE((*self2)[hv_edge.jb].has_value());  // SQL NULL
  CHECK((*self2)[hv_edge.jb_nn] == nlohmann::json::object());
}

TEST_CASE("values a type cannot hold are refused with a typed error, never changed", "[hostile][values][edge]") {
  edge_db e;
  auto& db = e.db;
  auto insert = [&](auto assignment) {
    return db.insert(hv_edge).values(hv_edge.id = 1, hv_edge.jb_nn = nlohmann::json::object(), assignment).execute();
  };
  // Out of the C++ or PostgreSQL type's range: refused before sending.
  CHECK_THROWS_AS(insert(hv_edge.i16 = 70000), encode_error);
  CHECK_THROWS_AS(insert(hv_edge.i32 = std::int64_t{1} << 40), encode_error);
  // hv_edge.i64 = 2.5 does not compile (tests/compile_fail/query_assign_float_to_integer.cpp).
  CHECK_THROWS_AS(insert(hv_edge.f32 = 1e300), encode_error);
  CHECK_THROWS_AS(insert(hv_edge.f64 = (std::int64_t{1} << 53) + 1), encode_error);
  CHECK_THROWS_AS((void)db.select(hv_edge.id).from(hv_edge).where(eq(hv_edge.i16, 40000)).all(), encode_error);
  CHECK_THROWS_AS(insert(hv_edge.day = day_of(-4713, 1, 1)), encode_error);
  CHECK_THROWS_AS(insert(hv_edge.day = day_of(6000000, 1, 1)), encode_error);
  CHECK_THROWS_AS(insert(hv_edge.tod = time_value{25h}), encode_error);
  CHECK_THROWS_AS(insert(hv_edge.ts = timestamp_value{sys_days{day_of(-5000, 1, 1)}}), encode_error);
  CHECK_THROWS_AS(insert(hv_edge.mood = static_cast<hv_mood>(9)), encode_error);
  CHECK_THROWS_AS(insert(hv_edge.jb = nlohmann::json("caf\xc3")), encode_error);
  CHECK_THROWS_AS(insert(hv_edge.txt = std::string("bob@x\0tail", 10)), encode_error);
  // Text numeric_in would refuse: refused here, on every path alike (values_paths_test.cpp), not by the server.
  CHECK_THROWS_AS(insert(hv_edge.num = decimal("12abc")), encode_error);
  // PostgreSQL's own limits: its typed error.
  try {
    insert(hv_edge.money = decimal("100000000.00"));
    FAIL("numeric(10, 2) took 100000000.00");
  } catch (const drizzle::query_error& err) {
    CHECK(err.sqlstate() == "22003");
  }
  {
    auto [n] = db.select(count()).from(hv_edge).one();
    CHECK(n == 0);  // nothing was stored
  }

  // Values PostgreSQL holds that have no C++ value: a decode_error on every read path.
  db.execute("alter type hv_mood add value 'angry'");
  db.execute(R"(insert into hv_edge (id, jb_nn, ts) values (1, '{}', '294270-01-01 00:00:00'))");
  db.execute(R"(insert into hv_edge (id, jb_nn, mood) values (2, '{}', 'angry'))");
  db.execute(R"(insert into hv_edge (id, jb_nn, ints) values (3, '{}', '{1,NULL}'))");
  db.execute(R"(insert into hv_edge (id, jb_nn, ints) values (4, '{}', '[0:1]={1,2}'))");
  CHECK_THROWS_AS((void)db.select(hv_edge.ts).from(hv_edge).where(eq(hv_edge.id, 1)).one(), decode_error);
  CHECK_THROWS_AS((void)db.select(hv_edge.mood).from(hv_edge).where(eq(hv_edge.id, 2)).one(), decode_error);
  CHECK_THROWS_AS((void)db.select(hv_edge.ints).from(hv_edge).where(eq(hv_edge.id, 3)).one(), decode_error);
  CHECK_THROWS_AS((void)db.select(hv_edge.ints).from(hv_edge).where(eq(hv_edge.id, 4)).one(), decode_error);
  for (int id = 1; id <= 3; ++id) {
    INFO("row " << id);
    CHECK_THROWS_AS((void)db.query(hv_edge_self)[hv_edge].find_first(where(eq(hv_edge.id, id)), with<"self">()).first(),
                    decode_error);
  }
}
