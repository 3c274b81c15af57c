// Every value through every path: the edge values of values_edge_test.cpp, written through each write path (one-row
// insert, the same on a connection that prepares nothing, the unnest insert of a vector, the COPY an insert of a range
// becomes, copy_into, update set, inserts inside db.batch) and read back through each read path (a prepared select
// in binary, prepared selects in text into records and into a struct, an unprepared select, a select in db.batch,
// returning, a relational query's JSON, raw SQL rows, for_each's cursor), each compared exactly with what was written
// (NaN as NaN, -0 with its sign, text byte for byte), under three session time zones. The COPY paths run twice: into
// a table whose columns all have a binary COPY form, and into the same table with an inet column (COPY's text
// format). Then values a type cannot hold, through every write path: the one-row insert's error class on every
// path, nothing stored.
//
// Table-driven: the table's columns hold the types, `edge_lists` one list of values per column (row k takes value
// k mod n of each list; one row is all NULL), and `write_paths` / `read_paths` are lists of functions. Adding a type is
// a column, its row field and its list; adding a path is one entry. Each path is compiled once for the whole row, not
// once per type.
#include <catch2/catch.hpp>

#include <boost/pfr.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <drizzle/ddl.hpp>
#include <drizzle/pqxx.hpp>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "support/test_db.hpp"

using namespace drizzle;
using namespace drizzle::pg;
using namespace std::chrono;

namespace {

enum class hv_paths_mood { sad, happy };
inline constexpr auto hv_paths_mood_enum = drizzle::pg_enum<hv_paths_mood, "hv_paths_mood", "sad", "happy">{};

/// The table, twice: with `addr` a text column every column has a binary COPY form (so COPY is binary); with `addr`
/// an inet (no binary form here) the whole table is copied in COPY's text format. The same values go into both.
template <fixed_string Name, class Addr>
struct hv_paths_of : drizzle::table<hv_paths_of<Name, Addr>, Name> {
  template <fixed_string C, class S, class... M>
  using col = drizzle::column_t<hv_paths_of, C, S, M...>;
  col<"id", integer, primary_key> id;
  col<"i16", smallint> i16;
  col<"i32", integer> i32;
  col<"i64", bigint> i64;
  col<"f32", real> f32;
  col<"f64", double_precision> f64;
  col<"num", numeric_any> num;
  col<"money", numeric<10, 2>> money;
  col<"flag", boolean> flag;
  col<"txt", text> txt;
  col<"vc", varchar<300>> vc;
  col<"ch", char_<4>> ch;
  col<"uid", pg::uuid> uid;
  col<"js", json> js;
  col<"jb", jsonb<>> jb;
  col<"bin", bytea> bin;
  col<"day", date> day;
  col<"tod", time_of_day> tod;
  col<"ts", timestamp> ts;
  col<"tstz", timestamp_tz> tstz;
  col<"span", pg::interval> span;
  col<"mood", enum_of<hv_paths_mood_enum>> mood;
  col<"ints", array<integer>> ints;
  col<"texts", array_nullable<text>> texts;
  col<"stamps", array_nullable<timestamp_tz>> stamps;
  col<"doubles", array<double_precision>> doubles;
  col<"blobs", array_nullable<bytea>> blobs;
  col<"addr", Addr> addr;
};
using hv_paths_t = hv_paths_of<"hv_paths", text>;
using hv_paths_text_t = hv_paths_of<"hv_paths_text", pg::inet>;
inline constexpr hv_paths_t hv_paths{};
inline constexpr hv_paths_text_t hv_paths_text{};
template <class T>
inline constexpr T table_v{};
template <class T>
inline constexpr auto self_schema = drizzle::relational_schema(
    drizzle::relations(table_v<T>, drizzle::one<"self">(table_v<T>, table_v<T>.id, table_v<T>.id)));
/// with<"self">(): the relation, read through its JSON (at namespace scope: clang 14 does not take the string
/// template argument inside the function templates below).
inline constexpr auto self_relation = with<"self">();
template <class T>
inline constexpr bool text_copy = std::is_same_v<T, hv_paths_text_t>;

template <class T>
using opt = std::optional<T>;
using json_value = nlohmann::json;
using texts = std::vector<opt<std::string>>;
using stamps = std::vector<opt<timestamp_value>>;

/// A row as written (insert shape) and read into a struct (select shape): one field per column, in table order.
struct hv_row {
  std::int32_t id;
  opt<std::int16_t> i16;
  opt<std::int32_t> i32;
  opt<std::int64_t> i64;
  opt<float> f32;
  opt<double> f64;
  opt<decimal> num;
  opt<decimal> money;
  opt<bool> flag;
  opt<std::string> txt;
  opt<std::string> vc;
  opt<std::string> ch;
  opt<drizzle::uuid> uid;
  opt<json_value> js;
  opt<json_value> jb;
  opt<bytes> bin;
  opt<date_value> day;
  opt<time_value> tod;
  opt<timestamp_value> ts;
  opt<timestamp_value> tstz;
  opt<drizzle::interval> span;
  opt<hv_paths_mood> mood;
  opt<std::vector<std::int32_t>> ints;
  opt<texts> texts_;
  opt<stamps> stamps_;
  opt<std::vector<double>> doubles;
  opt<std::vector<opt<bytes>>> blobs;
  opt<std::string> addr;
};
static_assert(maps_to<hv_row, hv_paths_t> && maps_to<hv_row, hv_paths_text_t>);
using shape = select_shape_t<hv_paths_t>;  // the same, as a std::tuple
static_assert(std::is_same_v<shape, select_shape_t<hv_paths_text_t>>);
constexpr std::size_t column_count = std::tuple_size_v<shape>;
/// Raw SQL rows are read by C++ type (codec<T>): an enum has no codec of its own (its labels belong to the column
/// type), so the raw row reads the label as text.
template <class T>
using raw_t = std::conditional_t<std::is_same_v<T, opt<hv_paths_mood>>, opt<std::string>, T>;
template <class Tuple>
struct raw_of;
template <class... T>
struct raw_of<std::tuple<T...>> {
  using type = std::tuple<raw_t<T>...>;
};
using raw_shape = raw_of<shape>::type;

/// The values of one column.
template <class Col>
struct column_values {
  Col col;
  std::vector<typename Col::cpp_type> values;
};
template <class Col>
column_values(Col, std::vector<typename Col::cpp_type>) -> column_values<Col>;

date_value day_of(std::int64_t y, unsigned m, unsigned d) {
  return date_value{days{drizzle::detail::days_from_civil(y, m, d)}};
}

std::string all_ascii() {
  std::string s;
  for (int c = 1; c < 128; ++c) s += static_cast<char>(c);
  return s;
}

/// The list: one entry per column after the id, in table order (checked at compile time below).
auto edge_lists() {
  using lim16 = std::numeric_limits<std::int16_t>;
  using lim32 = std::numeric_limits<std::int32_t>;
  using lim64 = std::numeric_limits<std::int64_t>;
  using limf = std::numeric_limits<float>;
  using limd = std::numeric_limits<double>;
  std::string big(1 << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 97) big[i] = "'\"\\{}\n\t,"[i % 8];
  bytes all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<std::byte>(b));
  const std::string unicode = "é ü 日本語 😀 \U0001F600\U00010348 \u202e \u2028";
  using span = drizzle::interval;
  const auto ts_edges = std::vector<timestamp_value>{timestamp_value{sys_days{day_of(-4712, 11, 24)}},
                                                     timestamp_value{sys_days{day_of(0, 12, 31)} + 24h - 1us},
                                                     timestamp_value{sys_days{day_of(-43, 3, 15)} + 12h + 1us},
                                                     timestamp_value{1us},
                                                     timestamp_value{-1us},
                                                     timestamp_value{sys_days{day_of(2038, 1, 19)} + 3h + 14min + 8s},
                                                     timestamp_value{sys_days{day_of(294246, 12, 31)} + 24h - 1us},
                                                     timestamp_value::max(),
                                                     timestamp_value::min()};
  return std::tuple{
      column_values{hv_paths.i16, {lim16::min(), lim16::max(), 0, -1}},
      column_values{hv_paths.i32, {lim32::min(), lim32::max(), 0}},
      column_values{hv_paths.i64, {lim64::min(), lim64::max(), 0}},
      column_values{hv_paths.f32,
                    {limf::max(), limf::lowest(), limf::min(), limf::denorm_min(), -limf::denorm_min(), limf::epsilon(),
                     limf::quiet_NaN(), limf::infinity(), -limf::infinity(), -0.0f, 0.1f, 16777217.0f}},
      column_values{hv_paths.f64,
                    {limd::max(), limd::lowest(), limd::min(), limd::denorm_min(), -limd::denorm_min(),
                     limd::quiet_NaN(), limd::infinity(), -limd::infinity(), -0.0, 0.1, 1e-300, 9007199254740993.0}},
      column_values{hv_paths.num,
                    {decimal("0"), decimal("NaN"), decimal("Infinity"), decimal("-Infinity"),
                     decimal("123456789012345678901234567890.123456789012345678901234567890"),
                     decimal("-0.000000000000000000000000000000000000001"),
                     decimal("99999999999999999999999999999999999999999"), decimal("-1.50"), decimal("0.00"),
                     decimal("1" + std::string(1000, '0')), decimal("0." + std::string(999, '0') + "1")}},
      column_values{
          hv_paths.money,
          {decimal("99999999.99"), decimal("-99999999.99"), decimal("0.01"), decimal("12.50"), decimal("0.00")}},
      column_values{hv_paths.flag, {true, false}},
      column_values{hv_paths.txt,
                    {std::string(), all_ascii(), unicode, big, std::string("NULL"), std::string("\\N"),
                     std::string(" \t\r\n "), std::string("\\."), std::string("\\.\n\\.\n")}},
      column_values{hv_paths.vc, {std::string(), all_ascii(), unicode + " " + std::string(250, 'v')}},
      // char(4) as PostgreSQL pads it: four characters, not bytes.
      column_values{hv_paths.ch,
                    {std::string("ab  "), std::string("    "), std::string("abcd"), std::string("é✓ 😀"),
                     std::string("\\N  "), std::string("\t\n\\.")}},
      column_values{hv_paths.uid,
                    {drizzle::uuid{}, drizzle::uuid::parse("ffffffff-ffff-ffff-ffff-ffffffffffff"),
                     drizzle::uuid::parse("0123abcd-4567-89ef-0123-456789abcdef")}},
      column_values{hv_paths.js,
                    {json_value(nullptr), json_value("é \u2028 😀 \"\\ \x01"), json_value("\\u0000 \\\\u0000"),
                     json_value::parse(R"({"a": [1, 2.5, "x", null, true], "b": {"": {}}, "c": -9223372036854775808})"),
                     json_value::array(), json_value(std::numeric_limits<std::uint64_t>::max()), json_value(-0.0),
                     json_value(1e308), json_value::object()}},
      column_values{hv_paths.jb,
                    {json_value(nullptr), json_value("é \u2028 😀 \"\\ \x01"), json_value("\\u0000 \\\\u0000"),
                     json_value::parse(R"({"a": [1, 2.5, "x", null, true], "b": {"": {}}, "c": -9223372036854775808})"),
                     json_value::array(), json_value(std::numeric_limits<std::uint64_t>::max()), json_value(1e308),
                     json_value::object()}},
      column_values{hv_paths.bin, {all, bytes{}, bytes{std::byte{0}}, bytes{std::byte{'\\'}, std::byte{'x'}}}},
      column_values{hv_paths.day,
                    {day_of(-4712, 11, 24), day_of(5874897, 12, 31), day_of(50000, 1, 1), day_of(32768, 1, 1),
                     day_of(-43, 3, 15), day_of(0, 1, 1), day_of(0, 12, 31), day_of(1970, 1, 1), day_of(2000, 2, 29),
                     date_value::max(), date_value::min()}},
      column_values{hv_paths.tod, {time_value{0}, time_value{24h - 1us}, time_value{24h}, time_value{12h + 1us}}},
      column_values{hv_paths.ts, ts_edges},
      column_values{hv_paths.tstz, ts_edges},
      column_values{hv_paths.span,
                    {span{}, span{1, -1, 1}, span{-1, 1, -1}, span{lim32::max(), lim32::min(), lim64::min()},
                     span{lim32::min(), lim32::max(), lim64::max()}, span{0, 0, 86'400'000'000}, span{0, 0, -1}}},
      column_values{hv_paths.mood, {hv_paths_mood::sad, hv_paths_mood::happy}},
      column_values{hv_paths.ints,
                    {std::vector<std::int32_t>{}, std::vector<std::int32_t>{lim32::min(), 0, lim32::max()}}},
      column_values{hv_paths.texts,
                    {texts{}, texts{std::nullopt},
                     texts{"", "NULL", std::nullopt, "\"", "\\", "{}", ",", " a ", "é", "\\N", all_ascii(), unicode}}},
      column_values{hv_paths.stamps,
                    {stamps{}, stamps{std::nullopt, timestamp_value::max(), timestamp_value::min()},
                     stamps{ts_edges.begin(), ts_edges.end()}}},
      column_values{hv_paths.doubles,
                    {std::vector<double>{limd::quiet_NaN(), -0.0, limd::infinity(), -limd::infinity(),
                                         limd::denorm_min(), limd::max(), 0.1},
                     std::vector<double>{}}},
      column_values{hv_paths.blobs,
                    {std::vector<opt<bytes>>{all, std::nullopt, bytes{}, bytes{std::byte{'"'}, std::byte{'\\'}}},
                     std::vector<opt<bytes>>{std::nullopt}}},
      // Values as PostgreSQL writes an inet (inet in one table, text in the other).
      column_values{hv_paths.addr,
                    {std::string("192.168.0.1/24"), std::string("::1"), std::string("0.0.0.0"),
                     std::string("2001:db8::ff00:42:8329"), std::string("10.0.0.0/8"),
                     std::string("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")}},
  };
}
using lists_t = decltype(edge_lists());
static_assert(std::tuple_size_v<lists_t> + 1 == column_count, "drizzle test: one list per column after the id");

template <std::size_t I, class List>
struct nth;
template <std::size_t I, class H, class... R>
struct nth<I, drizzle::detail::type_list<H, R...>> : nth<I - 1, drizzle::detail::type_list<R...>> {};
template <class H, class... R>
struct nth<0, drizzle::detail::type_list<H, R...>> {
  using type = H;
};
/// Table T's I-th column.
template <class T, std::size_t I>
using column_at_t = typename nth<I, columns_of_t<T>>::type;
template <class T, std::size_t I>
constexpr column_at_t<T, I> column_at() {
  return {};
}
// Each list's column is the table's next column after the id.
static_assert([]<std::size_t... I>(std::index_sequence<I...>) {
  return (std::is_same_v<decltype(std::tuple_element_t<I, lists_t>::col), column_at_t<hv_paths_t, I + 1>> && ...);
}(std::make_index_sequence<column_count - 1>{}));

/// The position of the column named `name` (in a row, a shape tuple).
consteval std::size_t at(std::string_view name) {
  return []<std::size_t... I>(std::index_sequence<I...>, std::string_view n) {
    std::size_t found = column_count;
    ((found = column_at_t<hv_paths_t, I>::name == n ? I : found), ...);
    return found;
  }
  (std::make_index_sequence<column_count>{}, name);
}

/// Rows id0, id0 + 1, ...: row k holds value k mod n of each list; the last row is all NULL.
std::vector<shape> edge_rows(const lists_t& lists, std::int32_t id0) {
  std::size_t n = 0;
  std::apply([&](const auto&... l) { ((n = std::max(n, l.values.size())), ...); }, lists);
  std::vector<shape> rows(n + 1);
  for (std::size_t k = 0; k <= n; ++k) {
    shape& row = rows[k];
    std::get<0>(row) = id0 + static_cast<std::int32_t>(k);
    if (k == n) break;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((std::get<I + 1>(row) = std::get<I>(lists).values[k % std::get<I>(lists).values.size()]), ...);
    }
    (std::make_index_sequence<column_count - 1>{});
  }
  return rows;
}

hv_row to_struct(const shape& s) {
  return std::apply([](const auto&... v) { return hv_row{v...}; }, s);
}
std::vector<hv_row> to_structs(const std::vector<shape>& rows) {
  std::vector<hv_row> out;
  for (const auto& r : rows) out.push_back(to_struct(r));
  return out;
}

/// Equal as values: NaN equals NaN and -0 is not 0, in optionals and arrays too.
template <class T>
bool same(const T& a, const T& b);
template <class T>
bool same(const std::optional<T>& a, const std::optional<T>& b);
template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b);
template <class T>
bool same(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>)
    return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
  else if constexpr (std::is_same_v<T, json_value>)
    return a == b && a.dump() == b.dump();  // 1 and 1.0 compare equal in nlohmann; their text does not
  else
    return a == b;
}
template <class T>
bool same(const std::optional<T>& a, const std::optional<T>& b) {
  return a.has_value() == b.has_value() && (!a || same(*a, *b));
}
template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same(a[i], b[i])) return false;
  return true;
}

/// A short picture of a value for the failure message.
template <class T>
std::string show(const T& v) {
  if constexpr (drizzle::detail::is_optional_v<T>) {
    return v ? show(*v) : std::string("NULL");
  } else if constexpr (std::is_same_v<T, json_value>) {
    return v.dump();
  } else if constexpr (encodable<T>) {
    std::string out;
    try {
      codec<T>::encode(v, out);
    } catch (const std::exception& e) {
      out = std::string("<") + e.what() + ">";
    }
    return out.size() > 200 ? out.substr(0, 200) + "... (" + std::to_string(out.size()) + " bytes)" : out;
  } else {
    return "<value>";
  }
}

template <class Key, class Keys>
inline constexpr bool has_key = false;
template <class Key, class... K>
inline constexpr bool has_key<Key, drizzle::detail::type_list<K...>> = (std::is_same_v<Key, K> || ...);

/// What was compared: values, and every difference.
struct tally {
  std::size_t values = 0;
  std::vector<std::string> differences;
};

/// Compares a row read back (a record of T's columns, a shape tuple or an hv_row) with the row written, column by
/// column; a record that selected some columns only is compared on those.
template <class T, class Got>
void compare_row(const shape& want, const Got& got, const std::string& where, tally& t) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using C = column_at_t<T, I>;
          const auto& w = std::get<I>(want);
          auto check = [&](const auto& g) {
            ++t.values;
            if (!same(g, w))
              t.differences.push_back(where + ", id " + std::to_string(std::get<0>(want)) + ", column " +
                                      std::string(C::name) + ": wrote " + show(w) + ", read " + show(g));
          };
          if constexpr (std::is_same_v<Got, shape>)
            check(std::get<I>(got));
          else if constexpr (std::is_same_v<Got, hv_row>)
            check(boost::pfr::get<I>(got));
          else if constexpr (has_key<C, typename Got::keys>)
            check(got[C{}]);
        }(),
        ...);
  }
  (std::make_index_sequence<column_count>{});
}
template <class T, class Rows>
void compare_rows(const std::vector<shape>& want, const Rows& got, const std::string& where, tally& t) {
  if (got.size() != want.size()) {
    t.differences.push_back(where + ": " + std::to_string(got.size()) + " rows read, " + std::to_string(want.size()) +
                            " written");
    return;
  }
  for (std::size_t i = 0; i < want.size(); ++i) compare_row<T>(want[i], got[i], where, t);
}

/// The statement of a one-row insert of row into T (every column assigned), bound to db.
template <class T>
auto insert_one(drizzle::pqxx::database& db, const shape& row) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return db.insert(table_v<T>).values((column_at<T, I>() = std::get<I>(row))...);
  }
  (std::make_index_sequence<column_count>{});
}
/// update T set every column but the id ... where id = row's id.
template <class T>
auto update_one(drizzle::pqxx::database& db, const shape& row) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return db.update(table_v<T>).set((column_at<T, I + 1>() = std::get<I + 1>(row))...);
  }
  (std::make_index_sequence<column_count - 1>{}).where(eq(table_v<T>.id, std::get<0>(row)));
}

/// The assignments of every column of row, as values(range, projection) takes them.
template <class T>
auto assignments(const shape& row) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::tuple{(column_at<T, I>() = std::get<I>(row))...};
  }
  (std::make_index_sequence<column_count>{});
}

struct paths_db {
  drizzle::pqxx::database db = drizzle::pqxx::connect(drizzle_test::database_url());
  drizzle::pqxx::database text_db = drizzle::pqxx::connect(drizzle_test::database_url(), {.prepare_statements = false});
  static constexpr const char* drop =
      "drop table if exists hv_paths; drop table if exists hv_paths_text; drop type if exists hv_paths_mood";
  paths_db() {
    db.execute(drop);
    for (const auto& statement : ddl::create_statements(drizzle::schema(hv_paths, hv_paths_text)))
      db.execute(statement);
  }
  ~paths_db() {
    try {
      db.execute(drop);
    } catch (...) {
    }
  }
  /// The session time zone of both connections: timestamptz text and JSON carry its offset.
  void time_zone(const std::string& zone) {
    db.execute("set time zone '" + zone + "'");
    text_db.execute("set time zone '" + zone + "'");
  }
};

/// A write path: writes rows, may compare what it returned (returning) into the tally.
using write_fn = std::function<void(paths_db&, const std::vector<shape>&, tally&)>;
/// A read path: reads the rows with the ids of want, ordered by id, and compares them with want.
using read_fn = std::function<void(paths_db&, const std::vector<shape>& want, const std::string& path, tally&)>;

/// Runs f with a logger that keeps the first statement; returns it.
template <class F>
std::string first_statement(drizzle::pqxx::database& db, F&& f) {
  std::string first;
  db.set_logger([&](std::string_view sql, const auto&) {
    if (first.empty()) first = sql;
  });
  try {
    f();
  } catch (...) {
    db.set_logger({});
    throw;
  }
  db.set_logger({});
  return first;
}

/// COPY's format, from the statement: binary for hv_paths, text for hv_paths_text (its inet has no binary form).
template <class T>
void check_copy_format(const std::string& sent) {
  CHECK(sent.rfind("copy \"" + std::string(T::table_name) + "\"", 0) == 0);
  CHECK(sent.ends_with("(format binary)") == !text_copy<T>);
}

/// The write paths into T; into hv_paths_text, the COPY paths only (and the one-row insert, the reference).
template <class T>
std::vector<std::pair<std::string, write_fn>> write_paths() {
  std::vector<std::pair<std::string, write_fn>> paths;
  const std::string copy_format = text_copy<T> ? " (text format)" : "";
  paths.emplace_back("insert one row (prepared, returning)", [](paths_db& p, const std::vector<shape>& rows, tally& t) {
    for (const auto& row : rows) {
      auto back = insert_one<T>(p.db, row).returning().one();
      compare_row<T>(row, back, "insert one row -> returning", t);
    }
  });
  paths.emplace_back("insert values(range) (COPY" + copy_format + ")",
                     [](paths_db& p, const std::vector<shape>& rows, tally&) {
                       const auto structs = to_structs(rows);
                       p.db.settings().copy_min_rows = 1;  // a few rows suffice: the values are tested, not the count
                       std::string sent;
                       try {
                         sent = first_statement(p.db, [&] { p.db.insert(table_v<T>).values(structs).execute(); });
                       } catch (...) {
                         p.db.settings().copy_min_rows = 1000;
                         throw;
                       }
                       p.db.settings().copy_min_rows = 1000;
                       check_copy_format<T>(sent);
                     });
  paths.emplace_back("insert values(range, projection) (COPY" + copy_format + ")",
                     [](paths_db& p, const std::vector<shape>& rows, tally&) {
                       p.db.settings().copy_min_rows = 1;
                       std::string sent;
                       try {
                         sent = first_statement(
                             p.db, [&] { p.db.insert(table_v<T>).values(rows, assignments<T>).execute(); });
                       } catch (...) {
                         p.db.settings().copy_min_rows = 1000;
                         throw;
                       }
                       p.db.settings().copy_min_rows = 1000;
                       check_copy_format<T>(sent);
                     });
  paths.emplace_back("copy_into" + copy_format, [](paths_db& p, const std::vector<shape>& rows, tally&) {
    const auto structs = to_structs(rows);
    check_copy_format<T>(first_statement(p.db, [&] { p.db.copy_into(table_v<T>, structs); }));
  });
  if constexpr (!text_copy<T>) {
    paths.emplace_back("insert one row (unprepared connection)",
                       [](paths_db& p, const std::vector<shape>& rows, tally&) {
                         for (const auto& row : rows) insert_one<T>(p.text_db, row).execute();
                       });
    paths.emplace_back("insert values(vector) (unnest, returning)",
                       [](paths_db& p, const std::vector<shape>& rows, tally& t) {
                         auto back = p.db.insert(table_v<T>).values(to_structs(rows)).returning().all();
                         compare_rows<T>(rows, back, "unnest insert -> returning", t);
                       });
    paths.emplace_back(
        "insert values(range, projection) (unnest)", [](paths_db& p, const std::vector<shape>& rows, tally&) {
          const std::string sent =
              first_statement(p.db, [&] { p.db.insert(table_v<T>).values(rows, assignments<T>).execute(); });
          CHECK(sent.find(" from unnest(") != std::string::npos);
        });
    paths.emplace_back("update set (returning)", [](paths_db& p, const std::vector<shape>& rows, tally& t) {
      for (const auto& row : rows) p.db.insert(table_v<T>).values(table_v<T>.id = std::get<0>(row)).execute();
      for (const auto& row : rows) {
        auto back = update_one<T>(p.db, row).returning().one();
        compare_row<T>(row, back, "update set -> returning", t);
      }
    });
    paths.emplace_back(
        "update set with named placeholders (prepared)", [](paths_db& p, const std::vector<shape>& rows, tally&) {
          constexpr auto& t = table_v<T>;
          const auto statement =
              p.db.update(t)
                  .set(t.f64 = placeholder<"f64">(), t.num = placeholder<"num">(), t.txt = placeholder<"txt">(),
                       t.jb = placeholder<"jb">(), t.day = placeholder<"day">(), t.texts = placeholder<"texts">(),
                       t.mood = placeholder<"mood">(), t.stamps = placeholder<"stamps">())
                  .where(eq(t.id, placeholder<"id">()))
                  .prepare("hv_paths_placeholders");
          for (const auto& row : rows) {
            shape rest = row;  // the other columns by the one-row insert; these by the placeholders
            std::get<at("f64")>(rest) = std::nullopt;
            std::get<at("num")>(rest) = std::nullopt;
            std::get<at("txt")>(rest) = std::nullopt;
            std::get<at("jb")>(rest) = std::nullopt;
            std::get<at("day")>(rest) = std::nullopt;
            std::get<at("texts")>(rest) = std::nullopt;
            std::get<at("mood")>(rest) = std::nullopt;
            std::get<at("stamps")>(rest) = std::nullopt;
            insert_one<T>(p.db, rest).execute();
            statement.execute(arg<"id">(std::get<0>(row)), arg<"f64">(std::get<at("f64")>(row)),
                              arg<"num">(std::get<at("num")>(row)), arg<"txt">(std::get<at("txt")>(row)),
                              arg<"jb">(std::get<at("jb")>(row)), arg<"day">(std::get<at("day")>(row)),
                              arg<"texts">(std::get<at("texts")>(row)), arg<"mood">(std::get<at("mood")>(row)),
                              arg<"stamps">(std::get<at("stamps")>(row)));
          }
        });
    paths.emplace_back("inserts in db.batch", [](paths_db& p, const std::vector<shape>& rows, tally&) {
      std::vector<decltype(insert_one<T>(p.db, rows[0]))> statements;
      for (const auto& row : rows) statements.push_back(insert_one<T>(p.db, row));
      (void)p.db.batch(statements);
    });
  }
  return paths;
}

template <class T>
auto id_range(const std::vector<shape>& want) {
  return between(table_v<T>.id, std::get<0>(want.front()), std::get<0>(want.back()));
}

/// The read paths of T; of hv_paths_text, a select of every column only (its rows come from the text COPY).
template <class T>
std::vector<std::pair<std::string, read_fn>> read_paths() {
  std::vector<std::pair<std::string, read_fn>> paths;
  paths.emplace_back("prepared select, every column (text results)", [](paths_db& p, const std::vector<shape>& want,
                                                                        const std::string& path, tally& t) {
    compare_rows<T>(want, p.db.select().from(table_v<T>).where(id_range<T>(want)).order_by(table_v<T>.id).all(), path,
                    t);
  });
  if constexpr (!text_copy<T>) {
    paths.emplace_back("prepared select, binary columns (binary results)",
                       [](paths_db& p, const std::vector<shape>& want, const std::string& path, tally& t) {
                         const auto rows = p.db.select(table_v<T>.id, table_v<T>.i16, table_v<T>.i32, table_v<T>.i64,
                                                       table_v<T>.f32, table_v<T>.f64, table_v<T>.flag, table_v<T>.txt,
                                                       table_v<T>.vc, table_v<T>.ch, table_v<T>.uid, table_v<T>.bin,
                                                       table_v<T>.day, table_v<T>.ts, table_v<T>.tstz, table_v<T>.addr)
                                               .from(table_v<T>)
                                               .where(id_range<T>(want))
                                               .order_by(table_v<T>.id)
                                               .all();
                         compare_rows<T>(want, rows, path, t);
                       });
    paths.emplace_back("prepared select, binary columns, one() per row",
                       [](paths_db& p, const std::vector<shape>& want, const std::string& path, tally& t) {
                         for (const auto& w : want) {
                           const auto row = p.db.select(table_v<T>.id, table_v<T>.i16, table_v<T>.i32, table_v<T>.i64,
                                                        table_v<T>.f32, table_v<T>.f64, table_v<T>.flag, table_v<T>.txt,
                                                        table_v<T>.vc, table_v<T>.ch, table_v<T>.uid, table_v<T>.bin,
                                                        table_v<T>.day, table_v<T>.ts, table_v<T>.tstz, table_v<T>.addr)
                                                .from(table_v<T>)
                                                .where(eq(table_v<T>.id, std::get<0>(w)))
                                                .one();
                           compare_row<T>(w, row, path, t);
                         }
                       });
    paths.emplace_back("prepared select, first<struct>() per row", [](paths_db& p, const std::vector<shape>& want,
                                                                      const std::string& path, tally& t) {
      for (const auto& w : want) {
        const auto row =
            p.db.select().from(table_v<T>).where(eq(table_v<T>.id, std::get<0>(w))).template first<hv_row>();
        if (row)
          compare_row<T>(w, *row, path, t);
        else
          t.differences.push_back(path + ": no row " + std::to_string(std::get<0>(w)));
      }
    });
    paths.emplace_back("relational query, root columns", [](paths_db& p, const std::vector<shape>& want,
                                                            const std::string& path, tally& t) {
      compare_rows<T>(
          want,
          p.db.query(self_schema<T>)[table_v<T>].find_many(where(id_range<T>(want)), order_by(table_v<T>.id)).all(),
          path, t);
    });
    paths.emplace_back("prepared select into a struct", [](paths_db& p, const std::vector<shape>& want,
                                                           const std::string& path, tally& t) {
      compare_rows<T>(
          want, p.db.select().from(table_v<T>).where(id_range<T>(want)).order_by(table_v<T>.id).template all<hv_row>(),
          path, t);
    });
    paths.emplace_back("unprepared select", [](paths_db& p, const std::vector<shape>& want, const std::string& path,
                                               tally& t) {
      compare_rows<T>(want, p.text_db.select().from(table_v<T>).where(id_range<T>(want)).order_by(table_v<T>.id).all(),
                      path, t);
    });
    paths.emplace_back(
        "select in db.batch", [](paths_db& p, const std::vector<shape>& want, const std::string& path, tally& t) {
          auto [rows] = p.db.batch(p.db.select().from(table_v<T>).where(id_range<T>(want)).order_by(table_v<T>.id));
          compare_rows<T>(want, rows, path, t);
        });
    paths.emplace_back(
        "relational query (JSON)", [](paths_db& p, const std::vector<shape>& want, const std::string& path, tally& t) {
          const auto rows =
              p.db.query(self_schema<T>)[table_v<T>]
                  .find_many(columns(table_v<T>.id), where(id_range<T>(want)), self_relation, order_by(table_v<T>.id))
                  .all();
          std::vector<shape> got;
          for (const auto& r : rows) {
            const auto& self = std::get<1>(r.values);  // after the id: the relation
            if (!self) {
              t.differences.push_back(path + ": no related row for id " + std::to_string(r[table_v<T>.id]));
              return;
            }
            got.emplace_back();
            [&]<std::size_t... I>(std::index_sequence<I...>) {
              ((std::get<I>(got.back()) = (*self)[column_at<T, I>()]), ...);
            }
            (std::make_index_sequence<column_count>{});
          }
          compare_rows<T>(want, got, path, t);
        });
    paths.emplace_back(
        "raw SQL rows", [](paths_db& p, const std::vector<shape>& want, const std::string& path, tally& t) {
          const auto raw = p.db.all(sql<raw_shape, "select * from {} where id between {} and {} order by id">(
              table_v<T>, std::get<0>(want.front()), std::get<0>(want.back())));
          std::vector<shape> got;
          for (const auto& r : raw) {
            got.emplace_back();
            [&]<std::size_t... I>(std::index_sequence<I...>) {
              (
                  [&] {
                    if constexpr (std::is_same_v<std::tuple_element_t<I, raw_shape>, std::tuple_element_t<I, shape>>)
                      std::get<I>(got.back()) = std::get<I>(r);
                    else if (std::get<I>(r))
                      std::get<I>(got.back()) = hv_paths_mood_enum.from_label(*std::get<I>(r));
                  }(),
                  ...);
            }
            (std::make_index_sequence<column_count>{});
          }
          compare_rows<T>(want, got, path, t);
        });
    paths.emplace_back("for_each (cursor)",
                       [](paths_db& p, const std::vector<shape>& want, const std::string& path, tally& t) {
                         std::vector<shape> got;
                         p.db.select()
                             .from(table_v<T>)
                             .where(id_range<T>(want))
                             .order_by(table_v<T>.id)
                             .for_each([&](const auto& row) { got.push_back(row.values); }, 3);
                         compare_rows<T>(want, got, path, t);
                       });
  }
  return paths;
}

/// Every write path of T x every read path of T, in one session time zone; returns the tally.
template <class T>
void cross(paths_db& p, const lists_t& lists, std::int32_t& id0, tally& t, std::size_t& pairs) {
  for (const auto& [write_name, write] : write_paths<T>()) {
    const auto rows = edge_rows(lists, id0);
    id0 += 1000;
    const std::string written = std::string(T::table_name) + ": " + write_name;
    try {
      write(p, rows, t);
    } catch (const std::exception& e) {
      t.differences.push_back(written + ": the write failed: " + e.what());
      continue;
    }
    for (const auto& [read_name, read] : read_paths<T>()) {
      ++pairs;
      try {
        read(p, rows, written + " -> " + read_name, t);
      } catch (const std::exception& e) {
        t.differences.push_back(written + " -> " + read_name + ": " + e.what());
      }
    }
  }
}

}  // namespace

TEST_CASE("every edge value survives every write path and every read path", "[hostile][values][paths]") {
  paths_db p;
  const lists_t lists = edge_lists();
  std::int32_t id0 = 1;
  // UTC, and two zones whose offsets are not whole hours (and whose early dates have local mean time, with seconds).
  for (const std::string zone : {"UTC", "Asia/Kathmandu", "America/St_Johns"}) {
    p.time_zone(zone);
    tally t;
    std::size_t pairs = 0;
    cross<hv_paths_t>(p, lists, id0, t, pairs);
    cross<hv_paths_text_t>(p, lists, id0, t, pairs);
    INFO("time zone " << zone);
    for (const auto& d : t.differences) UNSCOPED_INFO(d);
    CHECK(t.differences.empty());
    // Every (write, read) pair compared every value of its rows (the binary select some columns): a path that read
    // nothing would show here.
    const std::size_t rows_per_path = edge_rows(lists, 0).size();
    CHECK(t.values >= (pairs - 2 * 10) * rows_per_path * column_count);
    if (zone == "UTC")
      WARN(t.values << " values compared in " << pairs << " (write path, read path) pairs, and returning");
  }
}

namespace {

/// A value a column's type cannot hold, put into an otherwise valid row.
struct refused_value {
  std::string name;
  std::function<void(shape&)> put;
};

std::vector<refused_value> refused_values() {
  return {
      {"a NUL byte in text", [](shape& r) { std::get<at("txt")>(r) = std::string("bob@x\0tail", 10); }},
      {"a NUL byte in a text[] element",
       [](shape& r) {
         std::get<at("texts")>(r) = texts{"a", std::string("b\0c", 3)};
       }},
      {"U+0000 in jsonb", [](shape& r) { std::get<at("jb")>(r) = json_value(std::string("a\0b", 3)); }},
      {"invalid UTF-8 in json", [](shape& r) { std::get<at("js")>(r) = json_value("caf\xc3"); }},
      {"invalid UTF-8 in text (the server's 22021)", [](shape& r) { std::get<at("txt")>(r) = std::string("caf\xc3"); }},
      {"a date before 4713-11-24 BC", [](shape& r) { std::get<at("day")>(r) = day_of(-4712, 11, 23); }},
      {"a date after 5874897-12-31", [](shape& r) { std::get<at("day")>(r) = day_of(5874898, 1, 1); }},
      {"a timestamp before 4713-11-24 BC",
       [](shape& r) { std::get<at("ts")>(r) = sys_days{day_of(-4712, 11, 23)} + 1h; }},
      {"a timestamptz[] element before 4713-11-24 BC",
       [](shape& r) {
         std::get<at("stamps")>(r) = stamps{std::nullopt, timestamp_value{sys_days{day_of(-5000, 1, 1)}}};
       }},
      {"a time past 24:00", [](shape& r) { std::get<at("tod")>(r) = time_value{24h + 1us}; }},
      {"a negative time", [](shape& r) { std::get<at("tod")>(r) = time_value{-1us}; }},
      {"an enum value with no label", [](shape& r) { std::get<at("mood")>(r) = static_cast<hv_paths_mood>(9); }},
      {"a numeric that is not a number", [](shape& r) { std::get<at("num")>(r) = decimal("12abc"); }},
      {"an empty numeric", [](shape& r) { std::get<at("num")>(r) = decimal(""); }},
      {"a numeric past numeric's weight", [](shape& r) { std::get<at("num")>(r) = decimal("1e131072"); }},
      {"a numeric past numeric's display scale", [](shape& r) { std::get<at("num")>(r) = decimal("1e-16384"); }},
      {"a numeric past numeric(10, 2) (the server's 22003)",
       [](shape& r) { std::get<at("money")>(r) = decimal("100000000.00"); }},
      {"text past varchar(300) (the server's 22001)", [](shape& r) { std::get<at("vc")>(r) = std::string(301, 'x'); }},
      {"text past char(4) (the server's 22001)", [](shape& r) { std::get<at("ch")>(r) = std::string("é✓ 😀x"); }},
  };
}

std::string error_class(const std::exception& e) {
  if (dynamic_cast<const drizzle::encode_error*>(&e)) return "drizzle::encode_error";
  if (dynamic_cast<const drizzle::decode_error*>(&e)) return "drizzle::decode_error";
  if (const auto* q = dynamic_cast<const drizzle::query_error*>(&e))
    return std::string(typeid(e).name()) + " (SQLSTATE " + std::string(q->sqlstate()) + ")";
  return std::string("untyped ") + typeid(e).name();
}

/// Every write path of T with each refused value: the one-row insert's error class (into hv_paths), nothing stored.
template <class T>
void refuse_everywhere(paths_db& p, const lists_t& lists, const refused_value& bad, std::string& expected,
                       std::int32_t& id0, std::vector<std::string>& differences) {
  for (const auto& [write_name, write] : write_paths<T>()) {
    auto rows = edge_rows(lists, id0);
    rows.resize(2);  // a valid row, then the refused one
    bad.put(rows[1]);
    id0 += 10;
    const std::string where = bad.name + " through " + std::string(T::table_name) + ": " + write_name;
    std::string got;
    try {
      tally ignored;
      write(p, rows, ignored);
      got = "no error";
    } catch (const std::exception& e) {
      got = error_class(e);
      if (got.starts_with("untyped")) got += std::string(": ") + e.what();
    }
    if (expected.empty()) expected = got;
    if (got == "no error" || got.starts_with("untyped") || got != expected)
      differences.push_back(where + ": " + got + ", the one-row insert: " + expected);
    // Nothing stored: no row, or (update set) the row as it was before, every column but the id NULL. The paths that
    // write row by row keep the valid row before the refused one (its own statement).
    const bool row_by_row = write_name.starts_with("insert one row") || write_name.starts_with("update set");
    // The placeholders' update runs after a one-row insert of the other columns: those may be stored, not its own.
    const bool placeholders = write_name.find("placeholders") != std::string::npos;
    const auto stored = p.db.select().from(table_v<T>).where(between(table_v<T>.id, id0 - 10, id0 - 1)).all();
    for (const auto& row : stored) {
      if (row[table_v<T>.id] == std::get<0>(rows[0]) && row_by_row) continue;
      bool all_null = true;
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((all_null = all_null && !std::get<I + 1>(row.values).has_value()), ...);
      }
      (std::make_index_sequence<column_count - 1>{});
      if (placeholders) {
        const auto& v = row.values;
        all_null = !std::get<at("f64")>(v) && !std::get<at("num")>(v) && !std::get<at("txt")>(v) &&
                   !std::get<at("jb")>(v) && !std::get<at("day")>(v) && !std::get<at("texts")>(v) &&
                   !std::get<at("mood")>(v) && !std::get<at("stamps")>(v);
      }
      if (!all_null || !write_name.starts_with("update set"))
        differences.push_back(where + ": row " + std::to_string(row[table_v<T>.id]) + " was stored");
    }
  }
}

}  // namespace

TEST_CASE("a value a type cannot hold is refused on every write path with the one-row insert's error",
          "[hostile][values][paths]") {
  paths_db p;
  const lists_t lists = edge_lists();
  std::vector<std::string> differences;
  std::int32_t id0 = 100000;
  for (const auto& bad : refused_values()) {
    std::string expected;  // the one-row insert's error class, set by the first path
    refuse_everywhere<hv_paths_t>(p, lists, bad, expected, id0, differences);
    refuse_everywhere<hv_paths_text_t>(p, lists, bad, expected, id0, differences);
  }
  for (const auto& d : differences) UNSCOPED_INFO(d);
  CHECK(differences.empty());
}

TEST_CASE("a value PostgreSQL holds that the C++ type cannot is a decode_error on every read path",
          "[hostile][values][paths]") {
  paths_db p;
  p.db.execute("alter type hv_paths_mood add value 'angry'");
  struct held {
    std::string column, literal;
  };
  const std::vector<held> cases = {
      {"ts", "294270-01-01 00:00:00"},  // past int64 microseconds since 1970
      {"tstz", "294270-01-01 00:00:00+00"},
      {"stamps", "{NULL,\"294270-01-01 00:00:00+00\"}"},
      {"mood", "angry"},                 // a label the C++ enum lacks
      {"ints", "{1,NULL}"},              // a NULL element in an array<T>
      {"ints", "[0:1]={1,2}"},           // explicit bounds
      {"ints", "{{1,2},{3,4}}"},         // two dimensions
      {"texts", "{{a,NULL},{\"\",x}}"},  // two dimensions, NULL elements allowed
  };
  std::vector<std::string> differences;
  std::int32_t id = 200000;
  for (const auto& c : cases) {
    ++id;
    p.db.execute("insert into hv_paths (id, " + c.column + ") values (" + std::to_string(id) + ", '" + c.literal +
                 "')");
    std::vector<shape> want(1);
    std::get<0>(want[0]) = id;
    for (const auto& [read_name, read] : read_paths<hv_paths_t>()) {
      const std::string where = c.column + " = '" + c.literal + "' through " + read_name;
      tally t;
      std::string outcome;
      try {
        read(p, want, where, t);
        outcome = t.differences.empty() ? "not read" : "no error: " + t.differences.front();
      } catch (const std::exception& e) {
        outcome = error_class(e);
      }
      // A path that does not select the column (the binary columns' select) reads nothing of it.
      if (outcome != "drizzle::decode_error" && outcome != "not read") differences.push_back(where + ": " + outcome);
    }
  }
  for (const auto& d : differences) UNSCOPED_INFO(d);
  CHECK(differences.empty());
}
