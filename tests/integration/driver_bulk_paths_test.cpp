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
  db.settings().copy_min_rows = 0;  // always the statement here (COPY is tested below)
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
                    R"("stamp_string", "stamp_tz", "ident") from stdin (format binary))") != log.end());
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

TEST_CASE("copy_into reads its range once and checks every row's defaults against the first row",
          "[driver][bulk][copy][errors]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  auto count_tags = [&](const char* like_) {
    return db.select().from(tags).where(like(tags.name, like_)).all().size();
  };
  // A lazy range that builds each row as it is read: 20,000 rows (~480 KiB of COPY data, several flushes). (Not
  // std::views: clang 14 cannot compile libstdc++ 12's <ranges>.)
  std::size_t built = 0;
  struct lazy_rows {
    std::size_t* built;
    std::string prefix;
    std::int32_t n, with_id_at;
    struct iterator {
      const lazy_rows* r;
      std::int32_t i;
      new_tag operator*() const {
        ++*r->built;
        return new_tag{i == r->with_id_at ? std::optional<std::int32_t>(900000) : std::nullopt,
                       r->prefix + std::to_string(i)};
      }
      iterator& operator++() {
        ++i;
        return *this;
      }
      bool operator==(const iterator& o) const { return i == o.i; }
    };
    [[nodiscard]] iterator begin() const { return {this, 0}; }
    [[nodiscard]] iterator end() const { return {this, n}; }
  };
  auto lazy = [&](std::string prefix, std::int32_t n, std::int32_t with_id_at) {
    return lazy_rows{&built, std::move(prefix), n, with_id_at};
  };
  CHECK(db.copy_into(tags, lazy("lazy ", 20000, -1)) == 20000);
  CHECK(built == 20001);  // each row built once, the first once more for the column list (was 40,000)
  CHECK(count_tags("lazy %") == 20000);

  // Row 15,000 gives the id the first row left to its default: refused after earlier rows were sent, and the COPY
  // is aborted, so nothing of it is kept; the other way round (first row given, a later one empty) too.
  built = 0;
  CHECK_THROWS_WITH(db.copy_into(tags, lazy("late ", 20000, 15000)),
                    Catch::Contains("a column is given in some rows and left to its default in others"));
  CHECK(built == 15002);
  CHECK(count_tags("late %") == 0);
  CHECK_THROWS_AS(
      db.copy_into(tags, std::vector<new_tag>{{800000, "mixed 1"}, {800001, "mixed 2"}, {std::nullopt, "mixed 3"}}),
      std::invalid_argument);
  CHECK(count_tags("mixed %") == 0);
  // Inside a transaction the refused COPY is rolled back to its savepoint: the transaction goes on.
  db.transaction([&](auto& tx) {
    tx.insert(tags).values(tags.name = "kept").execute();
    CHECK_THROWS_AS(tx.copy_into(tags, lazy("inner ", 20000, 19999)), std::invalid_argument);
    CHECK(tx.copy_into(tags, lazy("after ", 10, -1)) == 10);
  });
  CHECK(count_tags("kept") == 1);
  CHECK(count_tags("inner %") == 0);
  CHECK(count_tags("after %") == 10);
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
  CHECK(inserts.size() == 3);  // 2 parameters per row: 32,767 rows per statement (and no COPY: no column list)
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

namespace {
/// Every row of type_samples (but the serial id) as PostgreSQL's own text, in ident order: what each path stored.
std::vector<std::vector<std::optional<std::string>>> stored_text(drizzle::pqxx::database& db) {
  return db.query_text(
      "select (big_num, big_big, price, ratio, score, small, day, day_as_date, at_time, duration, tags, scores, "
      "country, payload, role, stamp_string, stamp_tz, ident)::text from type_samples where id > 3 order by ident");
}
}  // namespace

TEST_CASE("values(range) of many rows goes by binary COPY and stores what the insert stores",
          "[driver][bulk][copy][unnest]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  std::vector<std::string> log;
  db.set_logger([&](std::string_view sql, const auto&) { log.emplace_back(sql); });
  const std::size_t n = 3000;
  const auto rows = samples(n);
  // The reference: the insert statement (copy_min_rows = 0), whose values check_read_back compares by hand.
  db.settings().copy_min_rows = 0;
  CHECK(db.insert(type_samples).values(rows).execute() == n);
  REQUIRE(log.size() == 1);
  CHECK(log[0].rfind("insert into", 0) == 0);
  check_read_back(db, n);
  const auto by_insert = stored_text(db);
  REQUIRE(by_insert.size() == n);

  const std::string copy_text =
      R"(copy "type_samples" ("big_num", "big_big", "price", "ratio", "score", "small", "day", "day_as_date", )"
      R"("at_time", "duration", "tags", "scores", "country", "payload", "role", "stamp_string", "stamp_tz", "ident") )"
      R"(from stdin (format binary))";
  // The default: 1,000 rows or more without on conflict / returning go by COPY, with the same column list.
  db.settings().copy_min_rows = 1000;
  db.delete_from(type_samples).where(gt(type_samples.id, 3)).execute();
  log.clear();
  CHECK(db.insert(type_samples).values(rows).execute() == n);
  CHECK(log == std::vector<std::string>{copy_text});
  check_read_back(db, n);
  CHECK(stored_text(db) == by_insert);

  // copy_into: the same.
  db.delete_from(type_samples).where(gt(type_samples.id, 3)).execute();
  CHECK(db.copy_into(type_samples, rows) == n);
  CHECK(stored_text(db) == by_insert);

  // Fewer rows than copy_min_rows, or returning / on conflict: the statement.
  db.delete_from(type_samples).where(gt(type_samples.id, 3)).execute();
  log.clear();
  CHECK(db.insert(type_samples).values(samples(999)).execute() == 999);
  CHECK(db.insert(tags)
            .values(rows, [](const sample_in& s) { return std::tuple{tags.name = s.ident->to_string()}; })
            .returning(tags.id)
            .all()
            .size() == n);
  CHECK(db.insert(tags)
            .values(rows, [](const sample_in& s) { return std::tuple{tags.name = s.ident->to_string()}; })
            .on_conflict_do_nothing(tags.name)
            .execute() == 0);
  REQUIRE(log.size() == 3);
  for (const auto& s : log) CHECK(s.rfind("insert into", 0) == 0);
}

TEST_CASE("values(range) by COPY keeps defaults, generated columns, NULL refusals and atomicity",
          "[driver][bulk][copy][errors]") {
  drizzle_test::reset_oracle_database();
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  std::vector<std::string> log;
  db.set_logger([&](std::string_view sql, const auto&) { log.emplace_back(sql); });
  db.execute(
      "create table blobs (id serial primary key, data bytea, doc jsonb not null, roles user_role[], flags boolean[], "
      "note text default 'none')");
  // Arrays of enums have no fixed OID: text COPY, values encoded by the same codecs.
  std::vector<blob_in> blob_rows;
  for (std::size_t i = 0; i < 1500; ++i) blob_rows.push_back(blob(i));
  CHECK(db.insert(blobs).values(blob_rows).execute() == 1500);
  CHECK(log.back() == R"(copy "blobs" ("data", "doc", "roles", "flags") from stdin)");
  auto back = db.select().from(blobs).order_by(blobs.id).all<blob_out>();
  REQUIRE(back.size() == 1500);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < back.size(); ++i) {
    const blob_in want = blob(i);
    wrong += back[i].id != static_cast<std::int32_t>(i + 1) || back[i].data != want.data || back[i].doc != want.doc ||
             back[i].roles != want.roles || back[i].flags != want.flags ||
             back[i].note != std::optional<std::string>("none");
  }
  CHECK(wrong == 0);

  // A unique violation in row 1,200: nothing of the 1,500 kept, outside and inside a transaction (a savepoint: the
  // transaction goes on); rows copied in a transaction that rolls back are gone.
  std::vector<std::string> names;
  for (int i = 0; i < 1500; ++i) names.push_back(i == 1200 ? "cpp" : "copied " + std::to_string(i));
  auto insert_names = [&](auto& on) {
    return on.insert(tags).values(names, [](const std::string& s) { return std::tuple{tags.name = s}; }).execute();
  };
  CHECK_THROWS_AS(insert_names(db), drizzle::unique_violation);
  CHECK(log.back() == R"(copy "tags" ("name") from stdin (format binary))");
  CHECK(db.count(tags, like(tags.name, "copied %")) == 0);
  CHECK_THROWS_AS(db.transaction([&](auto& tx) {
    tx.insert(tags).values(tags.name = "outer").execute();
    CHECK_THROWS_AS(insert_names(tx), drizzle::unique_violation);
    names[1200] = "copied 1200";
    CHECK(insert_names(tx) == 1500);
    CHECK(tx.count(tags, like(tags.name, "copied %")) == 1500);
    tx.rollback();
  }),
                  drizzle::rollback_error);
  CHECK(db.count(tags, like(tags.name, "copied %")) == 0);
  CHECK(db.count(tags, eq(tags.name, "outer")) == 0);
  // A NUL byte: refused before the COPY ends (encode_error), nothing kept, the connection usable.
  names[700] = std::string("n\0ul", 4);
  CHECK_THROWS_AS(insert_names(db), drizzle::encode_error);
  CHECK(db.count(tags, like(tags.name, "copied %")) == 0);
  names[700] = "copied 700";
  CHECK(insert_names(db) == 1500);
  CHECK(db.count(tags, like(tags.name, "copied %")) == 1500);
}

namespace {
struct far_t : drizzle::table<far_t, "copy_far_values"> {
  column<"id", integer, primary_key> id;
  column<"money", numeric<10, 2>> money;
  column<"num", numeric_any> num;
  column<"day", date> day;
  column<"ts", timestamp> ts;
  column<"tstz", timestamp_tz_p<3>> tstz;
  column<"twice", integer, generated_always_as<"id * 2">> twice;
};
inline constexpr far_t far{};
struct far_row {
  std::int32_t id;
  std::optional<decimal> money, num;
  std::optional<date_value> day;
  std::optional<timestamp_value> ts, tstz;
};
constexpr std::int64_t day_of(std::int64_t y, unsigned m, unsigned d) {
  return drizzle::detail::days_from_civil(y, m, d);
}
std::vector<far_row> far_rows() {
  const char* numbers[] = {"0",
                           "-0",
                           "1.50",
                           "0.001",
                           "12000",
                           "1e3",
                           " 5 ",
                           "+7.",
                           ".5",
                           "NaN",
                           "nan",
                           "-Infinity",
                           "inf",
                           "1.005",
                           "-99999999.99",
                           "1.5E-3",
                           "123456789012345678901234567890.123456789012",
                           "0.0000",
                           "100000000",
                           "0e5",
                           "-0.00001",
                           "9999.99995",
                           "1e1001",
                           "-1.5e-300"};
  const std::int64_t days[] = {day_of(-4712, 11, 24), day_of(5874897, 12, 31), day_of(0, 2, 29),   day_of(-1, 12, 31),
                               day_of(1999, 12, 31),  day_of(2000, 1, 1),      day_of(1970, 1, 1), -1};
  std::vector<far_row> rows;
  std::int32_t id = 0;
  for (const char* n : numbers) {
    const std::int64_t d = days[static_cast<std::size_t>(id) % std::size(days)];
    const std::int64_t t = std::min(d, day_of(294246, 1, 1));  // timestamps end in 294247 (int64 microseconds)
    ++id;
    far_row r{id,
              std::nullopt,
              decimal(n),
              date_value{std::chrono::days{d}},
              timestamp_value{std::chrono::days{t}} + std::chrono::microseconds{id * 3'600'000'123LL},
              timestamp_value{std::chrono::days{t}} + std::chrono::microseconds{id * 1'000'987LL}};
    if (std::string_view(n).find_first_of("nN") == std::string_view::npos && std::string_view(n) != "100000000" &&
        std::string_view(n) != "1e1001" && std::string_view(n).find('E') == std::string_view::npos &&
        std::string_view(n).size() < 14)
      r.money = decimal(n);
    rows.push_back(r);
  }
  rows.push_back({++id, std::nullopt, std::nullopt, date_value::max(), timestamp_value::max(), timestamp_value::min()});
  rows.push_back({++id, std::nullopt, std::nullopt, date_value::min(), timestamp_value::min(), timestamp_value::max()});
  rows.push_back({++id, std::nullopt, std::nullopt, std::nullopt,
                  timestamp_value{std::chrono::days{day_of(294246, 12, 31)}} + std::chrono::hours{24} -
                      std::chrono::microseconds{1},
                  timestamp_value{std::chrono::days{day_of(-4712, 11, 24)}}});
  return rows;
}
}  // namespace

TEST_CASE("numerics, far dates and timestamps go through binary COPY as the insert stores them",
          "[driver][bulk][copy]") {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("drop table if exists copy_far_values");
  db.execute(
      "create table copy_far_values (id integer primary key, money numeric(10, 2), num numeric, day date, ts "
      "timestamp, tstz timestamp(3) with time zone, twice integer generated always as (id * 2) stored)");
  const auto rows = far_rows();
  const char* read = "select (id, money, num, day, ts, tstz, twice)::text from copy_far_values order by id";
  db.settings().copy_min_rows = 0;
  CHECK(db.insert(far).values(rows).execute() == rows.size());
  const auto by_insert = db.query_text(read);
  REQUIRE(by_insert.size() == rows.size());
  CHECK(by_insert[13][0]->rfind("(14,1.01,1.005,2000-01-01,\"2000-01-01 14:00:00.001722\",", 0) == 0);
  db.execute("truncate copy_far_values");
  std::vector<std::string> log;
  db.set_logger([&](std::string_view sql, const auto&) { log.emplace_back(sql); });
  CHECK(db.copy_into(far, rows) == rows.size());
  CHECK(log.back() ==
        R"(copy "copy_far_values" ("id", "money", "num", "day", "ts", "tstz") from stdin (format binary))");
  const auto by_copy = db.query_text(read);
  REQUIRE(by_copy.size() == by_insert.size());
  for (std::size_t i = 0; i < by_copy.size(); ++i) {
    INFO("row " << i + 1);
    CHECK(by_copy[i][0] == by_insert[i][0]);
  }
  // Values either path refuses: a numeric text numeric_in would not read (or a number past numeric's storage) is an
  // encode_error on both, before anything is sent (types.hpp, detail::read_numeric); the rest the server's errors.
  // Nothing is kept.
  for (const char* bad : {"12abc", "1e1000000", "1.2.3", "", "-", "--1", "1e", "1e131072", "1e-16384", "."}) {
    INFO(bad);
    db.execute("truncate copy_far_values");
    std::vector<far_row> one{{1, std::nullopt, decimal(bad), std::nullopt, std::nullopt, std::nullopt}};
    CHECK_THROWS_AS(db.copy_into(far, one), drizzle::encode_error);
    CHECK_THROWS_AS(db.insert(far).values(one).execute(), drizzle::encode_error);
    CHECK_THROWS_AS(
        db.execute(sql<void, "insert into copy_far_values (id, num) values (1, {}::numeric)">(decimal(bad))),
        drizzle::encode_error);
  }
  // What numeric_in reads, numeric_in's way (strtol's blanks after the e, signs, a bare point, any case), stores
  // the same number through both.
  for (const char* odd :
       {"1e 5", "1e +5", " 1.5 ", "0e5000000", ".5", "5.", "+.5e-3", "inF", " NaN ", "1e131071", "1e-16383", "-0"}) {
    INFO(odd);
    db.execute("truncate copy_far_values");
    std::vector<far_row> one{{1, std::nullopt, decimal(odd), std::nullopt, std::nullopt, std::nullopt}};
    CHECK(db.insert(far).values(one).execute() == 1);
    const auto by_insert = db.query_text("select num::text from copy_far_values");
    db.execute("truncate copy_far_values");
    CHECK(db.copy_into(far, one) == 1);
    CHECK(db.query_text("select num::text from copy_far_values") == by_insert);
  }
  db.execute("truncate copy_far_values");
  std::vector<far_row> over{{1, decimal("100000000"), std::nullopt, std::nullopt, std::nullopt, std::nullopt}};
  CHECK_THROWS_AS(db.copy_into(far, over), drizzle::data_exception);  // numeric field overflow, as the insert
  CHECK_THROWS_AS(db.insert(far).values(over).execute(), drizzle::data_exception);
  std::vector<far_row> too_early{{1, std::nullopt, std::nullopt, date_value{std::chrono::days{day_of(-4712, 11, 23)}},
                                  std::nullopt, std::nullopt}};
  CHECK_THROWS_AS(db.copy_into(far, too_early), drizzle::encode_error);
  CHECK(db.count(far) == 0);
  db.execute("drop table copy_far_values");
}
