// Text encoding of parameters and decoding of PostgreSQL's output, type by type.
#include <catch2/catch.hpp>

#include <drizzle/types.hpp>
#include <limits>

using namespace drizzle;
using namespace std::chrono;

namespace {
template <class S>
std::string enc(const typename S::cpp_type& v) {
  std::string out;
  encode_as<S>(v, out);
  return out;
}
enum class mood { sad, happy };
inline constexpr auto mood_enum = pg_enum<mood, "mood", "sad", "happy">{};
}  // namespace

TEST_CASE("integers, floats and booleans keep every value", "[types]") {
  CHECK(enc<pg::bigint>(std::numeric_limits<std::int64_t>::min()) == "-9223372036854775808");
  CHECK(decode_as<pg::bigint>("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
  CHECK(decode_as<pg::smallint>("-32768") == -32768);
  CHECK_THROWS_AS(decode_as<pg::integer>("12x"), decode_error);
  CHECK(enc<pg::double_precision>(0.1) == "0.1");
  CHECK(decode_as<pg::double_precision>("1e-10") == 1e-10);
  CHECK(decode_as<pg::double_precision>("-Infinity") == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(decode_as<pg::real>("NaN")));
  CHECK(enc<pg::real>(std::numeric_limits<float>::infinity()) == "Infinity");
  CHECK(decode_as<pg::boolean>("t"));
  CHECK_FALSE(decode_as<pg::boolean>("f"));
  CHECK(enc<pg::boolean>(true) == "true");
}

TEST_CASE("dates, times, timestamps and intervals keep microseconds and zones", "[types]") {
  const auto t = decode_as<pg::timestamp_tz>("2024-01-01 12:34:56.123456+05:30");
  CHECK(t == sys_days{2024y / 1 / 1} + 7h + 4min + 56s + 123456us);
  CHECK(enc<pg::timestamp_tz>(t) == "2024-01-01 07:04:56.123456+00");
  CHECK(decode_as<pg::timestamp>("1999-12-31 23:59:59") == sys_days{1999y / 12 / 31} + 23h + 59min + 59s);
  CHECK(decode_as<pg::timestamp_tz>("2024-03-01 00:00:00-08") == sys_days{2024y / 3 / 1} + 8h);
  CHECK(decode_as<pg::timestamp_tz>("infinity") == timestamp_value::max());
  CHECK(enc<pg::timestamp_tz>(timestamp_value::min()) == "-infinity");
  CHECK(decode_as<pg::date>("2024-02-29") == sys_days{2024y / 2 / 29});
  CHECK(enc<pg::date>(sys_days{1970y / 1 / 1}) == "1970-01-01");
  CHECK_THROWS_AS(decode_as<pg::date>("2023-02-29"), decode_error);
  CHECK(decode_as<pg::time_of_day>("13:45:30.5") == 13h + 45min + 30s + 500ms);
  CHECK(enc<pg::time_of_day>(1h + 2min + 3s + 4us) == "01:02:03.000004");
  CHECK(decode_as<pg::interval>("1 year 2 mons 3 days 04:05:06") == interval{14, 3, 14706000000});
  CHECK(decode_as<pg::interval>("-1 days") == interval{0, -1, 0});
  CHECK(decode_as<pg::interval>("-1 years -1 mons +40 days -00:00:00.000001") == interval{-13, 40, -1});
  CHECK(decode_as<pg::interval>("00:00:00") == interval{});
  CHECK(enc<pg::interval>(interval{14, 3, 1}) == "14 mons 3 days 1 microseconds");
}

TEST_CASE("text-like values, uuid, bytea, json and enums", "[types]") {
  CHECK(enc<pg::text>("it's \"q\" \\ ü") == "it's \"q\" \\ ü");
  CHECK(enc<pg::uuid>(uuid::parse("123E4567-E89B-12D3-A456-426614174000")) == "123e4567-e89b-12d3-a456-426614174000");
  CHECK_THROWS_AS(uuid::parse("123"), decode_error);
  const bytes b{std::byte{0}, std::byte{0xff}, std::byte{0x10}};
  CHECK(enc<pg::bytea>(b) == "\\x00ff10");
  CHECK(decode_as<pg::bytea>("\\x00ff10") == b);
  CHECK(decode_as<pg::json>("{\"k\": [1, null]}")["k"][1].is_null());
  CHECK(enc<pg::numeric<10, 2>>(decimal("-0.01")) == "-0.01");
  CHECK(enc<pg::enum_of<mood_enum>>(mood::happy) == "happy");
  CHECK(decode_as<pg::enum_of<mood_enum>>("sad") == mood::sad);
  CHECK_THROWS_AS(decode_as<pg::enum_of<mood_enum>>("angry"), decode_error);
}

TEST_CASE("arrays quote text elements and keep NULL elements", "[types]") {
  using texts = pg::array_nullable<pg::text>;
  const texts::cpp_type v{"a", std::nullopt, "b c", "quote\"d", "comma,x", "", "NULL", "back\\slash"};
  const auto text = enc<texts>(v);
  CHECK(text == R"({"a",NULL,"b c","quote\"d","comma,x","","NULL","back\\slash"})");
  CHECK(decode_as<texts>(text) == v);
  CHECK(decode_as<texts>(R"({a,"b c","quote\"d","comma,x",NULL})") ==
        texts::cpp_type{"a", "b c", "quote\"d", "comma,x", std::nullopt});
  CHECK(enc<pg::array<pg::integer>>({10, -20, 30}) == "{10,-20,30}");
  CHECK(decode_as<pg::array<pg::integer>>("{}").empty());
  CHECK_THROWS_AS(decode_as<pg::array<pg::integer>>("{1,NULL}"), decode_error);
  CHECK(enc<pg::array<pg::enum_of<mood_enum>>>({mood::sad, mood::happy}) == R"({"sad","happy"})");
}

TEST_CASE("DDL type names follow drizzle-kit", "[types][ddl]") {
  CHECK(pg::varchar<255>::ddl_name() == "varchar(255)");
  CHECK(pg::numeric<10, 2>::ddl_name() == "numeric(10, 2)");
  CHECK(pg::timestamp_p<3>::ddl_name() == "timestamp(3)");
  CHECK(pg::timestamp_tz_p<6>::ddl_name() == "timestamp (6) with time zone");
  CHECK(pg::array<pg::text>::ddl_name() == "text[]");
  CHECK(pg::char_<2>::ddl_name() == "char(2)");
  CHECK(pg::double_precision::ddl_name() == "double precision");
}

namespace {
struct point {
  double x, y;
  friend bool operator==(const point&, const point&) = default;
};
}  // namespace
template <>
struct drizzle::codec<point> {
  static constexpr std::string_view sql_name = "point";
  static void encode(const point& p, std::string& out) {
    out += "(";
    codec<double>::encode(p.x, out);
    out += ",";
    codec<double>::encode(p.y, out);
    out += ")";
  }
  static point decode(std::string_view text) {
    const auto comma = text.find(',');
    return {codec<double>::decode(text.substr(1, comma - 1)),
            codec<double>::decode(text.substr(comma + 1, text.size() - comma - 2))};
  }
};

TEST_CASE("a user-defined type needs one specialization", "[types][custom]") {
  using S = pg::custom<point>;
  CHECK(S::ddl_name() == "point");
  CHECK(enc<S>(point{1.5, -2}) == "(1.5,-2)");
  CHECK(decode_as<S>("(1.5,-2)") == point{1.5, -2});
  CHECK(enc<pg::array<S>>({point{1, 2}, point{3, 4}}) == R"x({"(1,2)","(3,4)"})x");
}
