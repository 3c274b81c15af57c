// Text encoding of parameters and decoding of PostgreSQL's output, type by type.
#include <catch2/catch.hpp>

#include <drizzle/drizzle.hpp>
#include <drizzle/types.hpp>
#include <limits>
#include <nlohmann/json.hpp>

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
  CHECK(pg::timestamp_p<3>::ddl_name() == "timestamp (3)");
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

// ---- no silently changed values (issue 9): each value is sent as it is, read back as it was, or refused ----------

namespace {
date_value day_of(std::int64_t y, unsigned m, unsigned d) {
  return date_value{days{detail::days_from_civil(y, m, d)}};
}
struct nul_maker {
  std::string text;
};
}  // namespace
template <>
struct drizzle::codec<nul_maker> {
  static constexpr std::string_view sql_name = "text";
  static void encode(const nul_maker& v, std::string& out) { out += v.text; }
  static nul_maker decode(std::string_view text) { return {std::string(text)}; }
};

TEST_CASE("a NUL byte is refused in every value, before anything is sent", "[types][values]") {
  const std::string nul("alice@example.com\0' or 'x", 25);
  CHECK_THROWS_AS(enc<pg::text>(nul), encode_error);
  CHECK_THROWS_WITH(enc<pg::text>(nul), Catch::Contains("NUL byte") && Catch::Contains("text"));
  CHECK_THROWS_AS(enc<pg::varchar<20>>(std::string("bob@x\0tail", 10)), encode_error);
  CHECK_THROWS_AS(encode_param(nul), encode_error);  // the sql template, untyped values
  CHECK_THROWS_AS(encode_param(std::optional<std::string>(nul)), encode_error);
  CHECK_THROWS_AS(enc<pg::array<pg::text>>({"a", nul}), encode_error);  // arrays
  CHECK_THROWS_AS(enc<pg::numeric_any>(decimal(std::string("1\0"
                                                           "2",
                                                           3))),
                  encode_error);
  CHECK_THROWS_AS(enc<pg::custom<nul_maker>>(nul_maker{nul}), encode_error);  // user codecs too
  CHECK_THROWS_AS(enc<pg::jsonb<>>(nlohmann::json{{"k", nul}}), encode_error);
  CHECK_THROWS_AS(enc<pg::jsonb<>>(nlohmann::json{{nul, 1}}), encode_error);
  CHECK_THROWS_AS(enc<pg::json>(nlohmann::json::array({nul})), encode_error);
  // A backslash followed by u0000 is not U+0000.
  CHECK(enc<pg::jsonb<>>(nlohmann::json("\\u0000")) == R"("\\u0000")");
  // bytea holds NUL: it travels hex-encoded.
  CHECK(enc<pg::bytea>(bytes{std::byte{0}, std::byte{0}}) == "\\x0000");
  // Run-time SQL text and identifiers: a NUL would end the statement early.
  CHECK_THROWS_AS(raw<int>(std::string("1\0; drop table users", 21)), encode_error);
  CHECK_THROWS_AS(sql<int>(std::string("{}\0x", 4), 1), encode_error);
  CHECK_THROWS_AS(identifier(std::string("a\0b", 3)), encode_error);
}

TEST_CASE("raw text is written as given, braces included", "[types][values]") {
  const auto r = raw<std::string>("'{}'::text || '{}{'");
  std::string out;
  detail::string_writer w{out};
  decltype(r)::write(w, &r);
  CHECK(out == "'{}'::text || '{}{'");
}

TEST_CASE("dates past year 32767 and BC dates keep their value", "[types][values]") {
  CHECK(decode_as<pg::date>("50000-01-01") == day_of(50000, 1, 1));
  CHECK(enc<pg::date>(day_of(50000, 1, 1)) == "50000-01-01");
  CHECK(enc<pg::date>(day_of(32768, 1, 1)) == "32768-01-01");
  CHECK(decode_as<pg::date>("5874897-12-31") == day_of(5874897, 12, 31));
  CHECK(enc<pg::date>(day_of(5874897, 12, 31)) == "5874897-12-31");
  CHECK(decode_as<pg::date>("0044-03-15 BC") == day_of(-43, 3, 15));
  CHECK(enc<pg::date>(day_of(-43, 3, 15)) == "0044-03-15 BC");
  CHECK(enc<pg::date>(day_of(0, 1, 1)) == "0001-01-01 BC");
  CHECK(decode_as<pg::date>("4713-11-24 BC") == day_of(-4712, 11, 24));
  CHECK(decode_as<pg::date>("0001-01-01") == sys_days{1y / 1 / 1});
  // Outside PostgreSQL's range: refused, not wrapped.
  CHECK_THROWS_AS(enc<pg::date>(day_of(-4712, 11, 23)), encode_error);
  CHECK_THROWS_AS(enc<pg::date>(day_of(5874898, 1, 1)), encode_error);
  CHECK_THROWS_AS(decode_as<pg::date>("0000-01-01"), decode_error);
  CHECK_THROWS_AS(decode_as<pg::date>("2024-13-01"), decode_error);

  const timestamp_value bc = sys_days{day_of(-43, 3, 15)} + 12h + 1us;
  CHECK(enc<pg::timestamp_tz>(bc) == "0044-03-15 12:00:00.000001+00 BC");
  CHECK(decode_as<pg::timestamp_tz>("0044-03-15 12:00:00.000001+00 BC") == bc);
  CHECK(decode_as<pg::timestamp_tz>("0044-03-15 00:09:21+00:09:21 BC") == sys_days{day_of(-43, 3, 15)});
  const timestamp_value far = sys_days{day_of(100000, 6, 1)} + 1us;
  CHECK(enc<pg::timestamp>(far) == "100000-06-01 00:00:00.000001+00");
  CHECK(decode_as<pg::timestamp>("100000-06-01 00:00:00.000001") == far);
  // PostgreSQL holds timestamps to 294276 AD; int64 microseconds stop in 294247.
  CHECK_THROWS_AS(decode_as<pg::timestamp>("294270-01-01 00:00:00"), decode_error);
  CHECK_THROWS_AS(enc<pg::timestamp>(sys_days{day_of(-4713, 1, 1)}), encode_error);
  CHECK_THROWS_AS(decode_as<pg::timestamp>("2024-01-01 00:00:00.1234567"), decode_error);
}

TEST_CASE("times and intervals outside their range are refused", "[types][values]") {
  CHECK(enc<pg::time_of_day>(24h) == "24:00:00");
  CHECK(decode_as<pg::time_of_day>("24:00:00") == 24h);
  CHECK_THROWS_AS(enc<pg::time_of_day>(25h), encode_error);
  CHECK_THROWS_AS(enc<pg::time_of_day>(-1us), encode_error);
  CHECK_THROWS_AS(decode_as<pg::time_of_day>("25:00:00"), decode_error);
  const interval widest{std::numeric_limits<std::int32_t>::max(), std::numeric_limits<std::int32_t>::min(),
                        std::numeric_limits<std::int64_t>::min()};
  CHECK(decode_as<pg::interval>("178956970 years 7 mons -2147483648 days -2562047788:00:54.775808") == widest);
  CHECK_THROWS_AS(decode_as<pg::interval>("178956971 years"), decode_error);
  CHECK_THROWS_AS(decode_as<pg::interval>("2562047789:00:00"), decode_error);
  CHECK_THROWS_AS(decode_as<pg::interval>("3 fortnights"), decode_error);
}

TEST_CASE("numbers convert to the column's type exactly or not at all", "[types][values]") {
  CHECK(detail::to_cpp<std::int16_t>(32767) == 32767);
  CHECK(detail::to_cpp<std::int32_t>('a') == 97);
  CHECK(detail::to_cpp<std::int64_t>(std::uint64_t{1} << 62) == std::int64_t{1} << 62);
  CHECK_THROWS_AS(detail::to_cpp<std::int64_t>(std::numeric_limits<std::uint64_t>::max()), encode_error);
  CHECK_THROWS_AS(detail::to_cpp<std::int16_t>(70000), encode_error);
  CHECK_THROWS_AS(detail::to_cpp<std::int32_t>(std::int64_t{1} << 40), encode_error);
  CHECK_THROWS_AS(detail::to_cpp<std::int32_t>(2.5), encode_error);
  CHECK_THROWS_AS(detail::to_cpp<std::int64_t>(std::numeric_limits<double>::quiet_NaN()), encode_error);
  CHECK_THROWS_AS(detail::to_cpp<std::int64_t>(9.3e18), encode_error);
  CHECK(detail::to_cpp<std::int64_t>(-9.223372036854775808e18) == std::numeric_limits<std::int64_t>::min());
  CHECK_THROWS_AS(detail::to_cpp<double>((std::int64_t{1} << 53) + 1), encode_error);
  CHECK(detail::to_cpp<double>(std::int64_t{1} << 53) == 9007199254740992.0);
  CHECK_THROWS_AS(detail::to_cpp<float>(1e300), encode_error);
  CHECK(std::isinf(detail::to_cpp<float>(std::numeric_limits<double>::infinity())));
  CHECK(detail::to_cpp<decimal>(1e-10) == decimal("1e-10"));
  CHECK(detail::to_cpp<decimal>(0.1) == decimal("0.1"));
  CHECK_THROWS_AS(decode_as<pg::smallint>("32768"), decode_error);
  CHECK_THROWS_AS(decode_as<pg::real>("1e39"), decode_error);
  CHECK_THROWS_AS(enc<pg::enum_of<mood_enum>>(static_cast<mood>(7)), encode_error);
}

TEST_CASE("json errors are drizzle's typed errors, not nlohmann's", "[types][values]") {
  const std::string bad_utf8 = "caf\xc3";
  CHECK_THROWS_AS(enc<pg::jsonb<>>(nlohmann::json{{"k", bad_utf8}}), encode_error);
  CHECK_THROWS_AS(enc<pg::json>(nlohmann::json(bad_utf8)), encode_error);
  CHECK_THROWS_AS(encode_param(nlohmann::json(bad_utf8)), encode_error);
  CHECK_THROWS_AS(enc<pg::jsonb<std::vector<std::string>>>({"ok", bad_utf8}), encode_error);
  CHECK_THROWS_AS(decode_as<pg::jsonb<std::vector<int>>>("{\"a\": 1}"), decode_error);
  CHECK_THROWS_AS(decode_as<pg::jsonb<>>("{"), decode_error);
  CHECK(enc<pg::jsonb<>>(nlohmann::json("\xe2\x82\xac \xf0\x9f\x98\x80")) == "\"\xe2\x82\xac \xf0\x9f\x98\x80\"");
  CHECK(decode_as<pg::jsonb<>>("null").is_null());
}

TEST_CASE("arrays PostgreSQL holds that a vector cannot are refused", "[types][values]") {
  CHECK_THROWS_AS(decode_as<pg::array<pg::text>>("{{a,b},{c,d}}"), decode_error);
  CHECK_THROWS_AS(decode_as<pg::array<pg::integer>>("{{1,2},{3,4}}"), decode_error);
  CHECK_THROWS_AS(decode_as<pg::array<pg::integer>>("[0:1]={1,2}"), decode_error);
  CHECK_THROWS_AS(decode_as<pg::array<pg::text>>(R"({"abc})"), decode_error);
  CHECK(decode_as<pg::array<pg::text>>(R"({"{a","b}"})") == std::vector<std::string>{"{a", "b}"});
  std::size_t pos = 0;
  const auto nested = detail::read_json(R"([["a", "b"]])", pos);
  CHECK_THROWS_AS(detail::decode_json_value<pg::array<pg::text>>(nested), decode_error);
}
