// The two bulk paths: copy_into (COPY through pqxx::stream_to) and the unnest form of multi-row inserts, with every
// column type of the oracle's type_samples table (and bytea, jsonb, enum arrays) read back exactly as written.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <drizzle/pqxx.hpp>
#include <nlohmann/json.hpp>

#include "support/oracle_db.hpp"
#include "support/oracle_schema.hpp"

using namespace drizzle;
using namespace oracle;
using namespace std::chrono;

namespace {

/// type_samples' insert shape: the serial id left to its default.
struct sample_in {
  std::optional<std::int32_t> id;
  std::optional<std::int64_t> big_num, big_big;
  std::optional<decimal> price;
  std::optional<float> ratio;
  std::optional<double> score;
  std::optional<std::int16_t> small;
  std::optional<date_value> day, day_as_date;
  std::optional<time_value> at_time;
  std::optional<drizzle::interval> duration;
  std::optional<std::vector<std::optional<std::string>>> tags;
  std::optional<std::vector<std::int32_t>> scores;
  std::optional<std::string> country;
  std::optional<nlohmann::json> payload;
  std::optional<user_role> role;
  std::optional<timestamp_value> stamp_string, stamp_tz;
  std::optional<drizzle::uuid> ident;
};
/// type_samples' select shape.
struct sample_out {
  std::int32_t id;
  std::optional<std::int64_t> big_num, big_big;
  std::optional<decimal> price;
  std::optional<float> ratio;
  std::optional<double> score;
  std::optional<std::int16_t> small;
  std::optional<date_value> day, day_as_date;
  std::optional<time_value> at_time;
  std::optional<drizzle::interval> duration;
  std::optional<std::vector<std::optional<std::string>>> tags;
  std::optional<std::vector<std::int32_t>> scores;
  std::optional<std::string> country;
  std::optional<nlohmann::json> payload;
  user_role role;
  std::optional<timestamp_value> stamp_string, stamp_tz;
  std::optional<drizzle::uuid> ident;
};
static_assert(maps_to<sample_out, type_samples_t>);

/// Row i: extremes, NULLs every 7th row, text that needs quoting in array literals and escaping in COPY.
sample_in sample(std::size_t i) {
  const auto n = static_cast<std::int64_t>(i);
  sample_in s;
  s.role = static_cast<user_role>(i % 3);
  drizzle::uuid u;
  u.bytes[15] = static_cast<std::uint8_t>(i);
  u.bytes[14] = static_cast<std::uint8_t>(i >> 8);
  u.bytes[13] = static_cast<std::uint8_t>(i >> 16);
  s.ident = u;
  if (i % 7 == 3) return s;  // every nullable column NULL
  s.big_num = i % 2 ? std::numeric_limits<std::int64_t>::min() + n : n * 1'000'003;
  s.big_big = std::numeric_limits<std::int64_t>::max() - n;
  s.price = decimal(std::to_string(n % 100000) + "." + (i % 10 ? "25" : "00"));
  s.ratio = i % 5 == 0 ? -0.0f : static_cast<float>(n) / 8.0f;
  s.score = i % 11 == 0 ? std::numeric_limits<double>::infinity() : 1.0 / static_cast<double>(i + 3);
  s.small = static_cast<std::int16_t>(i % 2 ? -32768 + static_cast<int>(i % 1000) : static_cast<int>(i % 32767));
  s.day = sys_days{1970y / 1 / 1} + days{n % 40000 - 20000};
  s.day_as_date = i % 13 == 0 ? date_value::max() : sys_days{2024y / 2 / 29};
  s.at_time = microseconds{(n * 7'919'123) % 86'400'000'000};
  s.duration = drizzle::interval{static_cast<std::int32_t>(i % 30) - 15, static_cast<std::int32_t>(i % 40),
                                 (n % 2 ? -1 : 1) * n * 1001};
  s.tags = std::vector<std::optional<std::string>>{
      "", std::nullopt, "a,b", "{}", "NULL", "q\"uo\\te", "tab\there\nline", "ünï ✓ " + std::to_string(i)};
  if (i % 4 == 1) s.tags = std::vector<std::optional<std::string>>{};
  s.scores = std::vector<std::int32_t>{static_cast<std::int32_t>(i), -1, std::numeric_limits<std::int32_t>::min()};
  s.country = i % 2 ? "US" : "D ";
  s.payload = nlohmann::json{{"i", i}, {"s", "it's \"q\" \\ \t ü"}, {"n", nullptr}, {"l", {1, 2.5, false}}};
  s.stamp_string = i % 17 == 0 ? timestamp_value::min() : sys_days{2024y / 1 / 1} + milliseconds{n * 1'000'003};
  s.stamp_tz = sys_days{2030y / 12 / 31} + 23h + 59min + 59s + microseconds{n % 1'000'000};
  return s;
}

void check_read_back(drizzle::pqxx::database& db, std::size_t count) {
  auto rows =
      db.select().from(type_samples).where(gt(type_samples.id, 3)).order_by(type_samples.ident).all<sample_out>();
  REQUIRE(rows.size() == count);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const sample_in want = sample(i);
    const sample_out& got = rows[i];
    const bool same = got.big_num == want.big_num && got.big_big == want.big_big && got.price == want.price &&
                      got.ratio == want.ratio && got.score == want.score && got.small == want.small &&
                      got.day == want.day && got.day_as_date == want.day_as_date && got.at_time == want.at_time &&
                      got.duration == want.duration && got.tags == want.tags && got.scores == want.scores &&
                      got.country == want.country && got.payload == want.payload && got.role == *want.role &&
                      got.stamp_string == want.stamp_string && got.stamp_tz == want.stamp_tz && got.ident == want.ident;
    if (!same && ++mismatches <= 3) {
      INFO("row " << i);
      CHECK(got.big_num == want.big_num);
      CHECK(got.price == want.price);
      CHECK(got.ratio == want.ratio);
      CHECK(got.score == want.score);
      CHECK(got.day == want.day);
      CHECK(got.at_time == want.at_time);
      CHECK(got.duration == want.duration);
      CHECK(got.tags == want.tags);
      CHECK(got.scores == want.scores);
      CHECK(got.country == want.country);
      CHECK(got.payload == want.payload);
      CHECK(got.stamp_string == want.stamp_string);
      CHECK(got.stamp_tz == want.stamp_tz);
    }
  }
  CHECK(mismatches == 0);
}

std::vector<sample_in> samples(std::size_t n) {
  std::vector<sample_in> rows;
  rows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) rows.push_back(sample(i));
  return rows;
}

}  // namespace

TEST_CASE("multi-row inserts of every type go through one unnest statement and read back exactly",
          "[driver][bulk][unnest]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  std::vector<std::string> inserts;
  db.set_logger([&](std::string_view sql, const auto&) {
    if (sql.rfind("insert", 0) == 0) inserts.emplace_back(sql);
  });
  for (std::size_t n : {1, 100, 70000}) {
    INFO(n << " rows");
    inserts.clear();
    db.delete_from(type_samples).where(gt(type_samples.id, 3)).execute();
    CHECK(db.insert(type_samples).values(samples(n)).execute() == n);
    REQUIRE(inserts.size() == 1);  // 70,000 rows x 18 columns: far past 65,535 parameters, still one statement
    CHECK(inserts[0].rfind(R"(insert into "type_samples" ("big_num", "big_big", "price", )", 0) == 0);
    CHECK(inserts[0].find(R"("tags"::text[], "scores"::int4[])") != std::string::npos);
    CHECK(inserts[0].find(R"($15::"user_role"[])") != std::string::npos);
    check_read_back(db, n);
  }
  // Prepared once for the column set, whatever the row count.
  auto [prepared] =
      db.select(sql<std::int64_t, "(select count(*) from pg_prepared_statements where name like 'drizzle\\_%\\_u%')">())
          .one();
  CHECK(prepared == 1);
}

TEST_CASE("copy_into streams every type through COPY and reads back exactly", "[driver][bulk][copy]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  std::vector<std::string> log;
  db.set_logger([&](std::string_view sql, const auto&) { log.emplace_back(sql); });
  for (std::size_t n : {1, 100, 70000}) {
    INFO(n << " rows");
    db.delete_from(type_samples).where(gt(type_samples.id, 3)).execute();
    log.clear();
    CHECK(db.copy_into(type_samples, samples(n)) == n);
    CHECK(std::find(log.begin(), log.end(),
                    R"(copy "type_samples" ("big_num", "big_big", "price", "ratio", "score", "small", "day", )"
                    R"("day_as_date", "at_time", "duration", "tags", "scores", "country", "payload", "role", )"
                    R"("stamp_string", "stamp_tz", "ident") from stdin)") != log.end());
    check_read_back(db, n);
  }
  CHECK(db.copy_into(type_samples, std::vector<sample_in>{}) == 0);
}

namespace {
struct tag_row {
  std::int32_t id;
  std::string name;
};
struct new_tag {
  std::optional<std::int32_t> id;
  std::string name;
};
}  // namespace

TEST_CASE("copy_into takes select-shape structs, reports typed errors and leaves nothing behind",
          "[driver][bulk][copy][errors]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  CHECK(db.copy_into(tags, std::vector<tag_row>{{100, "a"}, {101, "b\tc"}, {102, "d\\e\nf"}}) == 3);
  auto rows = db.select().from(tags).where(gte(tags.id, 100)).order_by(tags.id).all<tag_row>();
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].name == "b\tc");
  CHECK(rows[2].name == "d\\e\nf");

  try {
    db.copy_into(tags, std::vector<new_tag>{{std::nullopt, "fresh"}, {std::nullopt, "cpp"}});
    FAIL("expected a unique violation");
  } catch (const drizzle::unique_violation& e) {
    CHECK(e.sqlstate() == "23505");
    CHECK(e.statement() == R"(copy "tags" ("name") from stdin (format binary))");
  }
  CHECK(db.select().from(tags).where(eq(tags.name, "fresh")).first() == std::nullopt);  // rolled back
  CHECK_THROWS_AS(db.copy_into(tags, std::vector<new_tag>{{200, "x"}, {std::nullopt, "y"}}), std::invalid_argument);

  // Inside a transaction it is a savepoint: the outer work survives a failed copy.
  db.transaction([&](auto& tx) {
    tx.insert(tags).values(tags.name = "outer").execute();
    CHECK_THROWS_AS(tx.copy_into(tags, std::vector<new_tag>{{std::nullopt, "orm"}}), drizzle::unique_violation);
    CHECK(tx.copy_into(tags, std::vector<new_tag>{{std::nullopt, "inner"}}) == 1);
  });
  CHECK(db.select().from(tags).where(in_array(tags.name, {"outer", "inner"})).all().size() == 2);
}

TEST_CASE("rows that cannot go through unnest fall back to multi-row values, split at the parameter limit",
          "[driver][bulk][unnest]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  std::vector<std::string> inserts;
  db.set_logger([&](std::string_view sql, const auto&) {
    if (sql.rfind("insert", 0) == 0) inserts.emplace_back(sql);
  });
  // Half the rows give the id, half leave it to its default: no single column list.
  std::vector<new_tag> mixed;
  for (int i = 0; i < 70000; ++i)
    mixed.push_back({i % 2 ? std::nullopt : std::optional<std::int32_t>(1000000 + i), "m" + std::to_string(i)});
  CHECK(db.insert(tags).values(mixed).execute() == 70000);
  CHECK(inserts.size() == 3);  // 2 parameters per row: 32,767 rows per statement
  for (const auto& s : inserts) CHECK(s.find("unnest") == std::string::npos);
  // A value that is an SQL expression, not a parameter.
  inserts.clear();
  std::vector<int> ids{1, 2, 3};
  db.insert(posts)
      .values(ids,
              [](int i) {
                return std::tuple{posts.title = "t" + std::to_string(i), posts.author_id = 1, posts.created_at = now()};
              })
      .execute();
  REQUIRE(inserts.size() == 1);
  CHECK(inserts[0].find(" values (") != std::string::npos);
  auto [n] = db.select(count()).from(tags).where(like(tags.name, "m%")).one();
  CHECK(n == 70000);
}

TEST_CASE("unnest inserts keep on conflict and returning", "[driver][bulk][unnest]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  std::vector<std::string> inserts;
  db.set_logger([&](std::string_view sql, const auto&) {
    if (sql.rfind("insert", 0) == 0) inserts.emplace_back(sql);
  });
  std::vector<std::string> names{"cpp", "new one", "orm", "new two"};
  auto created = db.insert(tags)
                     .values(names, [](const std::string& n) { return std::tuple{tags.name = n}; })
                     .on_conflict_do_nothing(tags.name)
                     .returning(tags.name)
                     .all();
  REQUIRE(created.size() == 2);
  CHECK(created[0][tags.name] == "new one");
  CHECK(created[1][tags.name] == "new two");
  REQUIRE(inserts.size() == 1);
  CHECK(inserts[0] == R"(insert into "tags" ("name") select * from unnest($1::varchar[]) on conflict ("name") )"
                      R"(do nothing returning "name")");
  auto updated = db.insert(tags)
                     .values(names, [](const std::string& n) { return std::tuple{tags.name = n}; })
                     .on_conflict_do_update(tags.name, tags.name = excluded(tags.name))
                     .returning(tags.id)
                     .all();
  CHECK(updated.size() == 4);
}

namespace {
struct blobs_t : drizzle::table<blobs_t, "blobs"> {
  column<"id", serial, primary_key> id;
  column<"data", bytea> data;
  column<"doc", jsonb<>, not_null> doc;
  column<"roles", array_nullable<enum_of<user_role_enum>>> roles;
  column<"flags", array<boolean>> flags;
  column<"note", text, default_<drizzle::fixed_string("none")>> note;
};
inline constexpr blobs_t blobs{};
struct blob_in {
  std::optional<std::int32_t> id;
  std::optional<drizzle::bytes> data;
  nlohmann::json doc;
  std::optional<std::vector<std::optional<user_role>>> roles;
  std::optional<std::vector<bool>> flags;
  std::optional<std::string> note;
};
struct blob_out {
  std::int32_t id;
  std::optional<drizzle::bytes> data;
  nlohmann::json doc;
  std::optional<std::vector<std::optional<user_role>>> roles;
  std::optional<std::vector<bool>> flags;
  std::optional<std::string> note;
};
blob_in blob(std::size_t i) {
  blob_in b;
  if (i % 3) {
    drizzle::bytes data;
    for (std::size_t k = 0; k < i % 40; ++k) data.push_back(static_cast<std::byte>((k * 37 + i) % 256));
    b.data = data;
  }
  b.doc = nlohmann::json{{"i", i}, {"quote", "\"{},\\\t"}, {"nested", {{"a", {1, nullptr}}}}};
  if (i % 4) b.roles = std::vector<std::optional<user_role>>{user_role::guest, std::nullopt, user_role::admin};
  b.flags = std::vector<bool>{i % 2 == 0, true};
  return b;
}
}  // namespace

TEST_CASE("bytea, jsonb and arrays of enums survive both bulk paths", "[driver][bulk][unnest][copy]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute(
      "create table blobs (id serial primary key, data bytea, doc jsonb not null, roles user_role[], flags boolean[], "
      "note text default 'none')");
  std::vector<blob_in> rows;
  for (std::size_t i = 0; i < 500; ++i) rows.push_back(blob(i));
  CHECK(db.insert(blobs).values(rows).execute() == 500);
  CHECK(db.copy_into(blobs, rows) == 500);
  auto back = db.select().from(blobs).order_by(blobs.id).all<blob_out>();
  REQUIRE(back.size() == 1000);
  for (std::size_t i = 0; i < 1000; ++i) {
    const blob_in want = blob(i % 500);
    INFO("row " << i);
    CHECK(back[i].data == want.data);
    CHECK(back[i].doc == want.doc);
    CHECK(back[i].roles == want.roles);
    CHECK(back[i].flags == want.flags);
    CHECK(back[i].note == std::optional<std::string>("none"));  // left to its default by both paths
    if (back[i].data != want.data || back[i].roles != want.roles) break;
  }
}

namespace {
struct bin_t : drizzle::table<bin_t, "copy_binary_samples"> {
  column<"id", serial, primary_key> id;
  column<"s", smallint> s;
  column<"i", integer> i;
  column<"b", bigint> b;
  column<"r", real> r;
  column<"d", double_precision> d;
  column<"ok", boolean> ok;
  column<"t", text> t;
  column<"v", varchar<20>> v;
  column<"c", char_<3>, not_null> c;
};
inline constexpr bin_t bin{};
struct bin_row {
  std::int32_t id;
  std::optional<std::int16_t> s;
  std::optional<std::int32_t> i;
  std::optional<std::int64_t> b;
  std::optional<float> r;
  std::optional<double> d;
  std::optional<bool> ok;
  std::optional<std::string> t;
  std::optional<std::string> v;
  std::string c;
  bool operator==(const bin_row&) const = default;
};
}  // namespace

TEST_CASE("copy_into sends integers, floats, booleans and text in binary COPY and reads back exactly",
          "[driver][bulk][copy]") {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("drop table if exists copy_binary_samples");
  db.execute(
      "create table copy_binary_samples (id serial primary key, s smallint, i integer, b bigint, r real, "
      "d double precision, ok boolean, t text, v varchar(20), c char(3) not null)");
  std::vector<std::string> log;
  db.set_logger([&](std::string_view sql, const auto&) { log.emplace_back(sql); });
  const std::vector<bin_row> rows = {
      {1, std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::int32_t>::min(),
       std::numeric_limits<std::int64_t>::min(), -0.0f, std::numeric_limits<double>::denorm_min(), false,
       std::string("tab\there\nnewline \\ backslash 'quote' \"dq\" \\N"), std::string("\xe2\x9c\x93 ok"), "abc"},
      {2, std::numeric_limits<std::int16_t>::max(), std::numeric_limits<std::int32_t>::max(),
       std::numeric_limits<std::int64_t>::max(), std::numeric_limits<float>::infinity(), -1.0 / 3.0, true,
       std::string(""), std::string(20, 'x'), "a  "},
      {3, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
       std::nullopt, "   "},
  };
  CHECK(db.copy_into(bin, rows) == 3);
  CHECK(std::find(log.begin(), log.end(),
                  R"(copy "copy_binary_samples" ("id", "s", "i", "b", "r", "d", "ok", "t", "v", "c") from stdin )"
                  R"((format binary))") != log.end());
  const auto back = db.select().from(bin).order_by(bin.id).all<bin_row>();
  REQUIRE(back.size() == 3);
  CHECK(back[0] == rows[0]);
  CHECK(std::signbit(*back[0].r));
  CHECK(back[1] == rows[1]);
  CHECK(back[2] == rows[2]);

  // A NUL byte is refused before anything is sent; too long a varchar is the server's 22001; nothing is kept.
  CHECK_THROWS_AS(db.copy_into(bin, std::vector<bin_row>{{10, 1, 1, 1, 1, 1, true, std::string("a\0b", 3), "v", "c"}}),
                  drizzle::encode_error);
  CHECK_THROWS_AS(db.copy_into(bin, std::vector<bin_row>{{11, 1, 1, 1, 1, 1, true, "t", std::string(21, 'y'), "c"},
                                                         {12, 1, 1, 1, 1, 1, true, "t", "v", "c"}}),
                  drizzle::data_exception);
  CHECK(db.count(bin) == 3);
  db.execute("drop table copy_binary_samples");
}
