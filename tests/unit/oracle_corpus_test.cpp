// The Drizzle corpus: tests/data/drizzle/queries.json holds the SQL text and parameters drizzle-orm 0.45 produced
// for the seed's query patterns. Each C++ equivalent below must render the same text and parameters, except
// the deliberate differences listed in `differences` (each with the text we render instead, and why; the
// same list is in docs/queries.md).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/oracle_cases.hpp"

using namespace oracle_cases;

namespace {
std::optional<std::string> oracle_param(const nlohmann::json& p) {
  if (p.is_null()) return std::nullopt;
  if (p.is_boolean()) return p.get<bool>() ? "true" : "false";
  if (p.is_number_integer()) return std::to_string(p.get<long long>());
  if (p.is_string()) return p.get<std::string>();
  if (p.is_object() && p.contains("$date")) return p["$date"].get<std::string>();
  if (p.is_object() && p.contains("$placeholder")) return "$placeholder:" + p["$placeholder"].get<std::string>();
  return p.dump();
}

/// Drizzle sends timestamps as ISO strings with milliseconds, we send PostgreSQL's text with microseconds:
/// compare such values as instants. JSON parameters compare as parsed JSON (key order differs).
bool same_param(const std::optional<std::string>& ours, const std::optional<std::string>& theirs) {
  if (ours == theirs) return true;
  if (!ours || !theirs) return false;
  if (theirs->size() == 24 && (*theirs)[10] == 'T' && theirs->back() == 'Z') {
    auto t = codec<timestamp_value>::decode(theirs->substr(0, 23) + "+00");
    return codec<timestamp_value>::decode(*ours) == t;
  }
  auto a = nlohmann::json::parse(*ours, nullptr, false), b = nlohmann::json::parse(*theirs, nullptr, false);
  return !a.is_discarded() && !b.is_discarded() && a.is_structured() && a == b;
}

}  // namespace

TEST_CASE("every oracle query pattern renders Drizzle's SQL text and parameters", "[oracle][render]") {
  const auto queries = load_queries();
  const auto ours = cases();
  std::size_t compared = 0;
  for (const auto& q : queries) {
    const std::string name = q["name"];
    if (!covered(name)) continue;
    INFO("query " << name);
    auto it = ours.find(name);
    REQUIRE(it != ours.end());
    const sql_query rendered = it->second();
    if (auto d = differences.find(name); d != differences.end()) {
      CHECK(rendered.sql == d->second.first);
      CHECK(q["sql"].get<std::string>() != d->second.first);
    } else {
      CHECK(rendered.sql == q["sql"].get<std::string>());
    }
    if (!differences.count(name)) {
      REQUIRE(rendered.params.size() == q["params"].size());
      for (std::size_t i = 0; i < rendered.params.size(); ++i) {
        INFO("param " << i + 1);
        const auto& p = rendered.params[i];
        const auto ours_text =
            p.placeholder.empty() ? p.value : std::optional<std::string>("$placeholder:" + std::string(p.placeholder));
        CHECK(same_param(ours_text, oracle_param(q["params"][i])));
      }
    }
    ++compared;
  }
  CHECK(compared == ours.size());
  CHECK(compared >= 80);
}
