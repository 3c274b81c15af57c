// Value fuzzing: generated hostile strings (quotes, backslashes, $1, ;--, {}, NUL, invalid UTF-8, unicode, megabyte
// strings) in every value position: where (a prepared placeholder), insert values (the unnest form), update set,
// arrays, jsonb, the sql template, copy_into, and a run-time identifier. Each case checks that the statement's text is
// the one expected (a value never changes it), that the value comes back exactly or is refused with a typed error
// (encode_error before sending, or the server's 22021 for invalid UTF-8 in text), and that a canary table survives.
// The seed is printed; DRIZZLE_HOSTILE_SEED reruns one, DRIZZLE_HOSTILE_VALUE_STRINGS changes the string count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <drizzle/pqxx.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "support/test_db.hpp"

using namespace drizzle;
using namespace drizzle::pg;

namespace {

struct hv_items_t : drizzle::table<hv_items_t, "hv_items"> {
  column<"id", serial, primary_key> id;
  column<"label", text> label;
  column<"tags", array_nullable<text>> tags;
  column<"doc", jsonb<>> doc;
};
inline constexpr hv_items_t hv_items{};

struct hv_canary_t : drizzle::table<hv_canary_t, "hv_canary"> {
  column<"id", integer, primary_key> id;
  column<"note", text, not_null> note;
};
inline constexpr hv_canary_t hv_canary{};

enum class kind { clean, nul, bad_utf8 };

/// A row for copy_into (the table's select shape).
struct copy_row {
  std::optional<std::int32_t> id;
  std::optional<std::string> label;
  std::optional<std::vector<std::optional<std::string>>> tags;
  std::optional<nlohmann::json> doc;
};

/// Hostile strings from one seed: SQL and array-literal syntax, escapes, unicode, control bytes; a few carry NUL or
/// invalid UTF-8 (each refused with a typed error), a few are a megabyte long.
struct hostile_strings {
  std::mt19937_64 rng;
  explicit hostile_strings(std::uint64_t seed) : rng(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng() % n); }

  std::string clean() {
    static const char* const pieces[] = {
        "'",  "''",   "\"",       "\\",      "\\\\",    "$1",    "$2::text", ";--", "; drop table hv_canary; --",
        "{}", "{",    "}",        "{{}}",    ",",       "NULL",  "null",     "\t",  "\n",
        "\r", " ",    "é",        "ü",       "日本語",  "😀",     "\u202e",   "%",   "_",
        "*/", "/*",   "E'\\x41'", "\\x00",   "\\u0000", "U&'",   "$$",       "$t$", ":name",
        "?",  "\x7f", "\x01",     "\x1b[0m", "\\.",     "\\N",   "a",        "Z",   "0",
        "-",  "+",    "@>",       "->>",     "\"\"",    "[1:2]", "=",        "()",  "ROLLBACK;"};
    std::string s;
    const std::size_t n = below(12);
    for (std::size_t i = 0; i < n; ++i) {
      if (below(4) == 0)
        s += static_cast<char>(1 + below(126));  // any ASCII byte but NUL
      else
        s += pieces[below(std::size(pieces))];
    }
    return s;
  }
  std::pair<std::string, kind> next() {
    std::string s = clean();
    const std::size_t roll = below(100);
    if (roll == 0) {
      s.insert(below(s.size() + 1), 1, '\0');
      return {s, kind::nul};
    }
    if (roll == 1) {
      static const char* const bad[] = {"\xc3", "\xff", "\xed\xa0\x80", "\xc0\xaf", "\xf8\x88\x80\x80\x80", "\x80"};
      s.insert(below(s.size() + 1), bad[below(std::size(bad))]);
      return {s, kind::bad_utf8};
    }
    return {s, kind::clean};
  }
};

std::uint64_t seed_from_env() {
  if (const char* s = std::getenv("DRIZZLE_HOSTILE_SEED"); s && *s) return std::strtoull(s, nullptr, 10);
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
}
std::size_t strings_from_env() {
  if (const char* s = std::getenv("DRIZZLE_HOSTILE_VALUE_STRINGS"); s && *s) return std::strtoull(s, nullptr, 10);
  return 20000;
}

nlohmann::json doc_of(const std::string& s) {
  return {{"v", s}, {"a", {s, nullptr}}, {"o", {{s, true}}}};
}
std::vector<std::optional<std::string>> tags_of(const std::string& s) {
  return {s, std::nullopt, "", s + s};
}

std::string quoted_ident(const std::string& s) {
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

/// Runs f, which must throw one of drizzle's typed value errors: encode_error (refused before sending) or a
/// query_error with the server's 22021 (invalid UTF-8 in text). Anything else (a nlohmann exception, a
/// silently accepted value) fails the case.
template <class F>
void expect_refused(F&& f, kind k, const std::string& where) {
  INFO(where);
  try {
    f();
    FAIL_CHECK("a value with " << (k == kind::nul ? "a NUL byte" : "invalid UTF-8") << " was accepted");
  } catch (const drizzle::encode_error&) {
    SUCCEED();
  } catch (const drizzle::query_error& e) {
    CHECK(k == kind::bad_utf8);
    CHECK(e.sqlstate() == "22021");
  }
}

}  // namespace

TEST_CASE("hostile strings in every value position round-trip exactly or are refused with a typed error",
          "[hostile][values][fuzz]") {
  const std::uint64_t seed = seed_from_env();
  const std::size_t string_count = strings_from_env();
  std::cout << "values fuzz: seed " << seed << " (rerun with DRIZZLE_HOSTILE_SEED=" << seed << "), " << string_count
            << " strings" << std::endl;
  INFO("seed " << seed);

  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("drop table if exists hv_items, hv_canary");
  db.execute(R"(create table hv_items (id serial primary key, label text, tags text[], doc jsonb))");
  db.execute(R"(create index hv_items_label on hv_items using hash (label))");  // hash: megabyte labels fit
  db.execute(R"(create table hv_canary (id integer primary key, note text not null))");
  db.execute(R"(insert into hv_canary values (1, 'alive'), (2, 'still alive'))");

  // Every statement's text, as the server received it.
  std::vector<std::string> texts;
  db.set_logger([&](std::string_view sql, const auto&) { texts.emplace_back(sql); });
  // Statements whose text is rendered at run time (array parameters): the same text for every batch.
  std::string where_any_text, template_array_text;
  auto same_text = [&](std::string& expected) {
    REQUIRE(texts.size() == 1);
    if (expected.empty()) expected = texts[0];
    CHECK(texts[0] == expected);
    texts.clear();
  };
  auto only_text = [&](std::string_view expected) {
    REQUIRE_FALSE(texts.empty());
    for (const auto& t : texts) CHECK(t == expected);
    texts.clear();
  };

  hostile_strings gen(seed);
  std::vector<std::string> clean;
  std::vector<std::pair<std::string, kind>> refused;
  while (clean.size() < string_count) {
    auto [s, k] = gen.next();
    if (k == kind::clean)
      clean.push_back(std::move(s));
    else
      refused.emplace_back(std::move(s), k);
  }
  // A megabyte string, made of the same hostile pieces (more cost seconds under ASan: libpqxx escapes COPY text
  // character by character).
  for (int i = 0; i < 1; ++i) {
    std::string big;
    while (big.size() < (1u << 20)) big += gen.clean() + "'\\{}\"";
    clean.push_back(std::move(big));
  }
  std::size_t cases = 0;
  auto phase_start = std::chrono::steady_clock::now();
  auto phase = [&](const char* name) {
    const auto now = std::chrono::steady_clock::now();
    std::cout << "values fuzz: " << name << " "
              << std::chrono::duration_cast<std::chrono::milliseconds>(now - phase_start).count() << " ms" << std::endl;
    phase_start = now;
  };

  const std::string insert_text =
      R"(insert into "hv_items" ("label", "tags", "doc") select "label", "tags"::text[], "doc" from )"
      R"(unnest($1::text[], $2::text[], $3::jsonb[]) as "u"("label", "tags", "doc") returning "id", "label", "tags", "doc")";
  const std::string where_text = R"(select "id", "label" from "hv_items" where "hv_items"."label" = $1)";
  const std::string update_text = R"(update "hv_items" set "label" = $1 where "hv_items"."id" = $2 returning "label")";
  const std::string template_text = R"(select $1::text || '$2' || $2)";

  constexpr std::size_t batch = 500;
  for (std::size_t from = 0; from < clean.size(); from += batch) {
    const std::vector<std::string> part(
        clean.begin() + static_cast<std::ptrdiff_t>(from),
        clean.begin() + static_cast<std::ptrdiff_t>(std::min(clean.size(), from + batch)));
    // insert values, arrays and jsonb: one unnest statement for the batch, every row returned.
    const auto inserted =
        db.insert(hv_items)
            .values(part,
                    [](const std::string& s) {
                      return std::tuple{hv_items.label = s, hv_items.tags = tags_of(s), hv_items.doc = doc_of(s)};
                    })
            .returning(hv_items.id, hv_items.label, hv_items.tags, hv_items.doc)
            .all();
    only_text(insert_text);
    REQUIRE(inserted.size() == part.size());
    for (std::size_t i = 0; i < part.size(); ++i) {
      CHECK(inserted[i][hv_items.label] == part[i]);
      CHECK(inserted[i][hv_items.tags] == tags_of(part[i]));
      CHECK(inserted[i][hv_items.doc] == doc_of(part[i]));
      cases += 3;
    }
    // where, for the whole batch: one array parameter (`= any($1)`); each string finds the row inserted for it.
    {
      const auto rows =
          db.select(hv_items.id, hv_items.label).from(hv_items).where(in_array(hv_items.label, part)).all();
      std::unordered_map<std::string, std::vector<std::int32_t>> ids;
      for (const auto& r : rows) ids[*r[hv_items.label]].push_back(r[hv_items.id]);
      for (std::size_t i = 0; i < part.size(); ++i) {
        const auto& found = ids[part[i]];
        CHECK(std::find(found.begin(), found.end(), inserted[i][hv_items.id]) != found.end());
        ++cases;
      }
      same_text(where_any_text);
    }
    // the sql template with the batch as one untyped array parameter, around text that looks like holes.
    {
      auto [out] = db.select(sql<std::vector<std::string>,
                                 "array(select x || '$2' || {} from unnest({}::text[]) with ordinality as u(x, n) "
                                 "order by n)">(std::string("{}$1"), part))
                       .one();
      REQUIRE(out.size() == part.size());
      for (std::size_t i = 0; i < part.size(); ++i) {
        CHECK(out[i] == part[i] + "$2{}$1");
        ++cases;
      }
      same_text(template_array_text);
    }
    // One string in 50, one statement each: a prepared where placeholder, update set, the sql template, and a run-time
    // identifier.
    for (std::size_t i = 0; i < part.size(); i += 50) {
      const std::string& s = part[i];
      auto rows = db.select(hv_items.id, hv_items.label)
                      .from(hv_items)
                      .where(eq(hv_items.label, placeholder<"v">()))
                      .prepare("hv_where")
                      .all(arg<"v">(s));
      bool found = false;
      for (const auto& r : rows) {
        CHECK(r[hv_items.label] == s);
        found = found || r[hv_items.id] == inserted[i][hv_items.id];
      }
      CHECK(found);
      only_text(where_text);

      const std::string v = "'" + s + "\\";  // changed, so it differs from the inserted value
      auto row = db.update(hv_items)
                     .set(hv_items.label = placeholder<"v">())
                     .where(eq(hv_items.id, placeholder<"id">()))
                     .returning(hv_items.label)
                     .prepare("hv_update")
                     .one(arg<"v">(v), arg<"id">(inserted[i][hv_items.id]));
      CHECK(row[hv_items.label] == v);
      only_text(update_text);

      auto [t] = db.select(sql<std::string, "{}::text || '$2' || {}">(s, std::string("{}$1"))).one();
      CHECK(t == s + "$2{}$1");
      only_text(template_text);
      cases += 3;

      if (s.empty()) {
        CHECK_THROWS_AS((void)db.select(sql<std::string, "(select {})">(identifier(s))).one(), drizzle::query_error);
        texts.clear();
        continue;
      }
      if (s.size() > 63) continue;  // PostgreSQL truncates longer names (both sides alike)
      auto [id] =
          db.select(sql<std::string, "(select x.{} from (select {}::text as {}) x)">(identifier(s), s, identifier(s)))
              .one();
      CHECK(id == s);
      REQUIRE(texts.size() == 1);
      CHECK(texts[0] ==
            "select (select x." + quoted_ident(s) + " from (select $1::text as " + quoted_ident(s) + ") x)");
      texts.clear();
      ++cases;
    }
  }

  phase("batches (insert, where, sql template, one in 50 alone)");
  // copy_into: the same strings through COPY's text format (tabs, newlines, backslashes escaped by libpqxx).
  {
    db.execute("truncate hv_items restart identity");
    std::vector<copy_row> rows;
    for (std::size_t i = 0; i < clean.size(); ++i)
      rows.push_back({static_cast<std::int32_t>(i + 1), clean[i], tags_of(clean[i]), doc_of(clean[i])});
    CHECK(db.copy_into(hv_items, rows) == rows.size());
    const auto back = db.select(hv_items.label, hv_items.tags, hv_items.doc).from(hv_items).order_by(hv_items.id).all();
    REQUIRE(back.size() == clean.size());
    for (std::size_t i = 0; i < clean.size(); ++i) {
      CHECK(back[i][hv_items.label] == clean[i]);
      CHECK(back[i][hv_items.tags] == tags_of(clean[i]));
      CHECK(back[i][hv_items.doc] == doc_of(clean[i]));
      cases += 3;
    }
    texts.clear();
  }

  phase("copy_into");
  // The refused strings, in every position: nothing is sent with a NUL, nothing leaks a third-party exception.
  const auto [items_before] = db.select(count()).from(hv_items).one();
  for (const auto& entry : refused) {
    const std::string& s = entry.first;  // not a structured binding: clang 14 cannot capture one in a lambda
    const kind k = entry.second;
    expect_refused([&] { (void)db.select(hv_items.id).from(hv_items).where(eq(hv_items.label, s)).all(); }, k, "where");
    expect_refused(
        [&] {
          (void)db.select(hv_items.id)
              .from(hv_items)
              .where(eq(hv_items.label, placeholder<"v">()))
              .prepare("hv_where")
              .all(arg<"v">(s));
        },
        k, "placeholder");
    expect_refused([&] { db.insert(hv_items).values(hv_items.label = s).execute(); }, k, "insert values");
    expect_refused([&] { db.update(hv_items).set(hv_items.label = s).where(eq(hv_items.id, -1)).execute(); }, k,
                   "update set");
    expect_refused([&] { db.insert(hv_items).values(hv_items.tags = tags_of(s)).execute(); }, k, "array");
    expect_refused([&] { (void)db.select(sql<std::string, "{}::text">(s)).one(); }, k, "sql template");
    expect_refused([&] { (void)db.select(sql<std::string, "(select 'x' as {})">(identifier(s))).one(); }, k,
                   "identifier");
    expect_refused(
        [&] {
          db.copy_into(hv_items, std::vector<copy_row>{{std::nullopt, s, std::nullopt, std::nullopt}});
        },
        k, "copy_into");
    // jsonb: refused by the library either way (U+0000 and invalid UTF-8 cannot be jsonb text).
    CHECK_THROWS_AS(db.insert(hv_items).values(hv_items.doc = doc_of(s)).execute(), drizzle::encode_error);
    cases += 9;
  }
  texts.clear();
  db.set_logger({});
  phase("refused strings");
  const auto [items_after] = db.select(count()).from(hv_items).one();
  CHECK(items_after == items_before);

  // The canary survived every case.
  auto canary = db.select(hv_canary.id, hv_canary.note).from(hv_canary).order_by(hv_canary.id).all();
  REQUIRE(canary.size() == 2);
  CHECK(canary[0][hv_canary.note] == "alive");
  CHECK(canary[1][hv_canary.note] == "still alive");
  std::cout << "values fuzz: " << cases << " cases (" << clean.size() << " clean strings, " << refused.size()
            << " refused), seed " << seed << std::endl;
  if (string_count >= 20000) CHECK(cases >= 100000);  // the default run
  db.execute("drop table hv_items, hv_canary");
}
