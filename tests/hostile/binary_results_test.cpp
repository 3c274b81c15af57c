// Binary results (issue 13): a prepared statement whose every column has a binary decoder, over the server types
// those decoders read, is read in PostgreSQL's binary format; anything else in text. These cases read every
// binary-decoded type at its edges (min/max, infinities, NaN, -0, BC and far dates, NULL) through the binary path and
// through the text path (a connection that prepares nothing) and require the same values, the expected ones written
// here by hand; then schema drift (a C++ type over another server type, a custom codec) must read through text, and
// a column altered between prepare and run must never give a wrong value.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <drizzle/ddl.hpp>
#include <drizzle/pqxx.hpp>
#include <limits>
#include <string>
#include <vector>

#include "support/test_db.hpp"

namespace {

/// Text decoded by a custom codec: the prefix shows that it went through it.
struct br_tag {
  std::string text;
  bool operator==(const br_tag&) const = default;
};

}  // namespace

template <>
struct drizzle::codec<br_tag> {
  static constexpr std::string_view sql_name = "text";
  static void encode(const br_tag& t, std::string& out) { out += t.text; }
  static br_tag decode(std::string_view text) { return br_tag{"tag:" + std::string(text)}; }
};

namespace {

using namespace drizzle;
using namespace drizzle::pg;
using namespace std::chrono;

struct br_types_t : drizzle::table<br_types_t, "br_types"> {
  column<"id", integer, primary_key> id;
  column<"i16", smallint> i16;
  column<"i32", integer> i32;
  column<"i64", bigint> i64;
  column<"f32", real> f32;
  column<"f64", double_precision> f64;
  column<"flag", boolean> flag;
  column<"txt", text> txt;
  column<"vc", varchar<8>> vc;
  column<"ch", char_<4>> ch;
  column<"uid", pg::uuid> uid;
  column<"bin", bytea> bin;
  column<"day", date> day;
  column<"ts", timestamp> ts;
  column<"tstz", timestamp_tz> tstz;
};
inline constexpr br_types_t br_types{};

/// Declared as the application sees it; the database's table differs (created by hand below).
struct br_drift_t : drizzle::table<br_drift_t, "br_drift"> {
  column<"id", integer, primary_key> id;
  column<"n", integer> n;             // bigint in the database
  column<"small", bigint> small;      // smallint in the database: widened exactly, binary
  column<"addr", pg::inet> addr;      // a std::string over inet: binary inet is not its text
  column<"tag", custom<br_tag>> tag;  // text in the database, read by the custom codec
};
inline constexpr br_drift_t br_drift{};

date_value day_of(std::int64_t y, unsigned m, unsigned d) {
  return date_value{days{drizzle::detail::days_from_civil(y, m, d)}};
}

template <class T>
bool same(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>)
    return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
  else
    return a == b;
}
template <class T>
bool same(const std::optional<T>& a, const std::optional<T>& b) {
  return a.has_value() == b.has_value() && (!a || same(*a, *b));
}

drizzle::pqxx::database text_only() {
  return drizzle::pqxx::connect(drizzle_test::database_url(), {.prepare_statements = false});
}

struct types_db {
  drizzle::pqxx::database db = drizzle::pqxx::connect(drizzle_test::database_url());
  types_db() {
    db.execute("drop table if exists br_types");
    for (const auto& statement : ddl::create_statements(drizzle::schema(br_types))) db.execute(statement);
    // Literals, not drizzle's encoders: the values are PostgreSQL's own.
    db.execute(R"(insert into br_types values
      (1, -32768, -2147483648, -9223372036854775808, '-Infinity', '-Infinity', false, '', '', '',
          '00000000-0000-0000-0000-000000000000', '\x', '-infinity', '-infinity', '-infinity'),
      (2, 32767, 2147483647, 9223372036854775807, 'Infinity', 'Infinity', true, 'é 日本語 😀', 'abcdefgh', 'ab',
          'ffffffff-ffff-ffff-ffff-fffffffffffe', '\x00ff7f80', 'infinity', 'infinity', 'infinity'),
      (3, 0, 0, 0, 'NaN', 'NaN', true, 'x', 'x', 'abcd', '0123abcd-4567-89ef-0123-456789abcdef', '\x00',
          '4713-11-24 BC', '4713-11-24 00:00:00 BC', '4713-11-24 00:00:00+00 BC'),
      (4, -1, 5, -7, '0.1', '0.1', false, 'line
two', 'é', 'é', null, null, '5874897-12-31', '294246-12-31 23:59:59.999999',
          '2038-01-19 03:14:08+00'),
      (5, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
      (6, 1, -1, 1, '-0', '-0', null, null, null, null, null, null, '1999-12-31', '1999-12-31 23:59:59.999999',
          '1969-12-31 23:59:59.999999+00'),
      (7, 2, 2, 2, '1.4e-45', '4.9e-324', null, null, null, null, null, null, '2000-02-29', '2000-01-01 00:00:00',
          '0044-03-15 12:00:00.000001+00 BC'))");
  }
  ~types_db() {
    try {
      db.execute("drop table if exists br_types");
    } catch (...) {
    }
  }
};

/// Every column of two rows, compared with same().
template <class Row>
void check_same_rows(const Row& a, const Row& b) {
  CHECK(a[br_types.id] == b[br_types.id]);
  CHECK(same(a[br_types.i16], b[br_types.i16]));
  CHECK(same(a[br_types.i32], b[br_types.i32]));
  CHECK(same(a[br_types.i64], b[br_types.i64]));
  CHECK(same(a[br_types.f32], b[br_types.f32]));
  CHECK(same(a[br_types.f64], b[br_types.f64]));
  CHECK(same(a[br_types.flag], b[br_types.flag]));
  CHECK(same(a[br_types.txt], b[br_types.txt]));
  CHECK(same(a[br_types.vc], b[br_types.vc]));
  CHECK(same(a[br_types.ch], b[br_types.ch]));
  CHECK(same(a[br_types.uid], b[br_types.uid]));
  CHECK(same(a[br_types.bin], b[br_types.bin]));
  CHECK(same(a[br_types.day], b[br_types.day]));
  CHECK(same(a[br_types.ts], b[br_types.ts]));
  CHECK(same(a[br_types.tstz], b[br_types.tstz]));
}

/// A few columns, read into a struct field by field (decode_struct).
struct br_some {
  std::int32_t id;
  std::optional<std::int64_t> i64;
  std::optional<std::string> txt;
  std::optional<timestamp_value> ts;
};

}  // namespace

TEST_CASE("binary results read every binary-decoded type as the text path does", "[hostile][values][binary]") {
  types_db t;
  auto& db = t.db;
  auto text_db = text_only();
  const auto binary_rows = db.select().from(br_types).order_by(br_types.id).all();
  const auto text_rows = text_db.select().from(br_types).order_by(br_types.id).all();
  REQUIRE(binary_rows.size() == 7);
  REQUIRE(text_rows.size() == 7);
  for (std::size_t i = 0; i < binary_rows.size(); ++i) {
    INFO("row " << i + 1);
    check_same_rows(binary_rows[i], text_rows[i]);
  }
  // The same through a named prepared statement, first() (its own limited statement) and a struct.
  const auto named = db.select().from(br_types).order_by(br_types.id).prepare("br_named").all();
  REQUIRE(named.size() == 7);
  for (std::size_t i = 0; i < named.size(); ++i) check_same_rows(named[i], text_rows[i]);
  const auto first = db.select().from(br_types).where(eq(br_types.id, 2)).first();
  REQUIRE(first);
  check_same_rows(*first, text_rows[1]);
  const auto some = db.select(br_types.id, br_types.i64, br_types.txt, br_types.ts)
                        .from(br_types)
                        .order_by(br_types.id)
                        .all<br_some>();
  REQUIRE(some.size() == 7);
  CHECK(some[0].i64 == std::numeric_limits<std::int64_t>::min());
  CHECK(some[1].txt == "é 日本語 😀");
  CHECK(some[3].txt == "line\ntwo");
  CHECK(some[4].ts == std::nullopt);
  CHECK(some[5].ts == timestamp_value{sys_days{day_of(2000, 1, 1)} - 1us});

  // Hand-written expectations (PostgreSQL's values, not the code under test).
  const auto& r = binary_rows;
  CHECK(r[0][br_types.i16] == std::numeric_limits<std::int16_t>::min());
  CHECK(r[0][br_types.i32] == std::numeric_limits<std::int32_t>::min());
  CHECK(r[1][br_types.i64] == std::numeric_limits<std::int64_t>::max());
  CHECK(r[0][br_types.f32] == -std::numeric_limits<float>::infinity());
  CHECK(r[1][br_types.f64] == std::numeric_limits<double>::infinity());
  CHECK(std::isnan(*r[2][br_types.f32]));
  CHECK(std::isnan(*r[2][br_types.f64]));
  CHECK(r[3][br_types.f32] == 0.1f);
  CHECK(r[3][br_types.f64] == 0.1);
  CHECK(std::signbit(*r[5][br_types.f64]));
  CHECK(r[6][br_types.f32] == std::numeric_limits<float>::denorm_min());
  CHECK(r[6][br_types.f64] == std::numeric_limits<double>::denorm_min());
  CHECK(r[0][br_types.flag] == false);
  CHECK(r[1][br_types.flag] == true);
  CHECK(r[0][br_types.txt] == "");
  CHECK(r[1][br_types.vc] == "abcdefgh");
  CHECK(r[1][br_types.ch] == "ab  ");  // char(4) is blank-padded, in binary as in text
  CHECK(r[1][br_types.uid] == drizzle::uuid::parse("ffffffff-ffff-ffff-ffff-fffffffffffe"));
  CHECK(r[1][br_types.bin] == bytes{std::byte{0}, std::byte{0xff}, std::byte{0x7f}, std::byte{0x80}});
  CHECK(r[0][br_types.bin] == bytes{});
  CHECK(r[0][br_types.day] == date_value::min());
  CHECK(r[1][br_types.day] == date_value::max());
  CHECK(r[0][br_types.ts] == timestamp_value::min());
  CHECK(r[1][br_types.tstz] == timestamp_value::max());
  CHECK(r[2][br_types.day] == day_of(-4712, 11, 24));
  CHECK(r[2][br_types.ts] == timestamp_value{sys_days{day_of(-4712, 11, 24)}});
  CHECK(r[3][br_types.day] == day_of(5874897, 12, 31));
  CHECK(r[3][br_types.ts] == timestamp_value{sys_days{day_of(294246, 12, 31)} + 24h - 1us});
  CHECK(r[3][br_types.tstz] == timestamp_value{sys_days{day_of(2038, 1, 19)} + 3h + 14min + 8s});
  CHECK(r[5][br_types.day] == day_of(1999, 12, 31));
  CHECK(r[5][br_types.tstz] == timestamp_value{-1us});
  CHECK(r[6][br_types.day] == day_of(2000, 2, 29));
  CHECK(r[6][br_types.tstz] == timestamp_value{sys_days{day_of(-43, 3, 15)} + 12h + 1us});
  CHECK_FALSE(r[4][br_types.i16].has_value());
  CHECK_FALSE(r[4][br_types.txt].has_value());
  CHECK_FALSE(r[4][br_types.tstz].has_value());
}

TEST_CASE("a value a binary decoder cannot hold is a decode_error, as in text", "[hostile][values][binary]") {
  types_db t;
  auto& db = t.db;
  auto text_db = text_only();
  db.execute("insert into br_types (id, ts) values (8, '294270-01-01 00:00:00')");
  auto read = [](drizzle::pqxx::database& on) {
    return on.select(br_types.ts).from(br_types).where(eq(br_types.id, 8)).one();
  };
  // The messages tell the paths apart: the binary one names the binary value, the text one the text.
  try {
    (void)read(db);
    FAIL("a timestamp past int64 microseconds since 1970 was read");
  } catch (const decode_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("binary value of 8 bytes as a timestamp"));
  }
  try {
    (void)read(text_db);
    FAIL("a timestamp past int64 microseconds since 1970 was read");
  } catch (const decode_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("'294270-01-01"));
  }
}

TEST_CASE("binary decoders refuse a wrong length and keep every value exact", "[hostile][values][binary]") {
  using drizzle::pqxx::detail::binary_result;
  using namespace std::string_view_literals;
  CHECK_THROWS_AS(binary_result<std::int32_t>::decode("\x01\x02\x03"sv), decode_error);
  CHECK_THROWS_AS(binary_result<std::int16_t>::decode("\x00\x01\x00\x00"sv), decode_error);  // 65536 into int16
  CHECK_THROWS_AS(binary_result<double>::decode("\x00\x00\x00\x00"sv), decode_error);
  CHECK_THROWS_AS(binary_result<float>::decode("\x00\x00\x00\x00\x00\x00\x00\x00"sv), decode_error);
  CHECK_THROWS_AS(binary_result<bool>::decode(""sv), decode_error);
  CHECK_THROWS_AS(binary_result<drizzle::uuid>::decode(std::string_view("0123456789abcde")), decode_error);
  CHECK_THROWS_AS(binary_result<date_value>::decode("\x00\x00\x00"sv), decode_error);
  CHECK_THROWS_AS(binary_result<timestamp_value>::decode("\x00\x00\x00\x00"sv), decode_error);
  // Past int64 microseconds since 1970 (PostgreSQL holds it: microseconds since 2000 near int64's end).
  CHECK_THROWS_AS(binary_result<timestamp_value>::decode("\x7f\xff\xff\xff\xff\xff\xff\xfe"sv), decode_error);
  // Widening: a smallint and an integer into int64, exactly; the infinities of date.
  CHECK(binary_result<std::int64_t>::decode("\xff\xfe"sv) == -2);
  CHECK(binary_result<std::int64_t>::decode("\x80\x00\x00\x00"sv) == std::numeric_limits<std::int32_t>::min());
  CHECK(binary_result<std::int32_t>::decode("\x7f\xff"sv) == 32767);
  CHECK(binary_result<date_value>::decode("\x7f\xff\xff\xff"sv) == date_value::max());
  CHECK(binary_result<date_value>::decode("\x80\x00\x00\x00"sv) == date_value::min());
  CHECK(binary_result<date_value>::decode("\x00\x00\x00\x00"sv) == day_of(2000, 1, 1));
  // What the describe check accepts: only types whose binary form the decoder reads exactly.
  CHECK(binary_result<std::int64_t>::accepts(21));
  CHECK_FALSE(binary_result<std::int32_t>::accepts(20));   // bigint into int32: text
  CHECK_FALSE(binary_result<double>::accepts(700));        // real into double: text (its shortest text differs)
  CHECK_FALSE(binary_result<std::string>::accepts(869));   // inet into std::string: text
  CHECK_FALSE(binary_result<std::string>::accepts(3802));  // jsonb: text
}

TEST_CASE("schema drift reads through text: the server's column types decide", "[hostile][values][binary]") {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "drop table if exists br_drift; create table br_drift (id integer primary key, n bigint, small smallint, "
      "addr inet, tag text)");
  db.execute(
      "insert into br_drift values (1, 7, -5, '10.1.2.3/8', 'hello'), (2, 1099511627776, 32767, '::1', ''), "
      "(3, null, null, null, null)");
  auto n_of = [&](int id) { return db.select(br_drift.n).from(br_drift).where(eq(br_drift.id, id)).one()[br_drift.n]; };
  CHECK(n_of(1) == 7);
  CHECK_FALSE(n_of(3).has_value());
  try {
    (void)n_of(2);
    FAIL("a bigint past int32 was read into an integer member");
  } catch (const decode_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("'1099511627776' as an integer"));  // the text codec refused it
  }
  const auto rows = db.select().from(br_drift).where(ne(br_drift.id, 2)).order_by(br_drift.id).all();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][br_drift.small] == -5);
  CHECK(rows[0][br_drift.addr] == "10.1.2.3/8");
  CHECK(rows[0][br_drift.tag] == br_tag{"tag:hello"});
  CHECK_FALSE(rows[1][br_drift.addr].has_value());
  auto smalls = db.select(br_drift.small, br_drift.tag).from(br_drift).order_by(br_drift.id).all();
  REQUIRE(smalls.size() == 3);
  CHECK(smalls[1][br_drift.small] == 32767);
  CHECK(smalls[1][br_drift.tag] == br_tag{"tag:"});
  db.execute("drop table br_drift");
}

TEST_CASE("a column altered between prepare and run never gives a wrong value", "[hostile][values][binary]") {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "drop table if exists br_drift; create table br_drift (id integer primary key, n integer, small bigint, "
      "addr inet, tag text); insert into br_drift (id, n) values (1, 5)");
  auto read = [&] { return db.select(br_drift.n).from(br_drift).where(eq(br_drift.id, 1)).one()[br_drift.n]; };
  CHECK(read() == 5);  // prepared, described as integer: binary
  db.execute("alter table br_drift alter column n type bigint; update br_drift set n = 1099511627776");
  // PostgreSQL refuses to run the prepared statement with another result type: an error, never other bytes.
  CHECK_THROWS_AS(read(), drizzle::query_error);
  db.reconnect();  // prepared and described again: bigint into an integer member reads through text
  CHECK_THROWS_AS(read(), decode_error);
  db.execute("update br_drift set n = 6");
  CHECK(read() == 6);
  db.execute("drop table br_drift");
}

TEST_CASE("two statements prepared under one name are each read by their own decoders", "[hostile][values][binary]") {
  types_db t;
  auto& db = t.db;
  // The name holds the first statement's text (an integer column); the second runs it, reading a float member.
  const auto ints = db.select(br_types.i32).from(br_types).where(eq(br_types.id, 2)).prepare("br_shared").one();
  CHECK(ints[br_types.i32] == std::numeric_limits<std::int32_t>::max());
  const auto floats = db.select(br_types.f32).from(br_types).where(eq(br_types.id, 2)).prepare("br_shared").one();
  CHECK(floats[br_types.f32] == 2147483647.0f);  // the integer's text read as a float, not its bytes
}
