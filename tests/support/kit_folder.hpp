#pragma once
// Checking generate against a migrations folder drizzle-kit wrote (tests/data/kit-*): the one loop the kit's object
// tests share.
#include <catch2/catch.hpp>

#include <cstddef>
#include <drizzle/kit/generate.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace drizzle_test {

/// A snapshot file without its ids (random in both tools).
inline nlohmann::ordered_json snapshot_without_ids(const std::filesystem::path& file) {
  auto j = nlohmann::ordered_json::parse(drizzle::kit::read_text(file));
  j.erase("id");
  j.erase("prevId");
  return j;
}

/// Generates each schema version into `dir` with drizzle-kit's `when` and names (from its journal), and checks that
/// every migration, snapshot and the journal are drizzle-kit's bytes: a snapshot as JSON without its ids, and as text
/// with drizzle-kit's ids put in (the key order too).
inline void check_generates_folder(const std::filesystem::path& dir, const std::filesystem::path& folder,
                                   const std::vector<drizzle::ddl::schema_info>& versions,
                                   const std::vector<std::string>& names) {
  namespace kit = drizzle::kit;
  kit::generate_options o;
  o.folder = dir;
  o.data_loss_comments = false;
  const auto journal = nlohmann::json::parse(kit::read_text(folder / "meta" / "_journal.json"));
  for (std::size_t i = 0; i < versions.size(); ++i) {
    o.name = names.at(i);
    o.when = journal["entries"][i]["when"].get<long long>();
    const auto r = kit::generate(versions[i], o);
    const std::string tag = journal["entries"][i]["tag"];
    REQUIRE(r.tag == tag);
    CHECK(kit::read_text(dir / (tag + ".sql")) == kit::read_text(folder / (tag + ".sql")));
    const auto snapshot = "meta/000" + std::to_string(i) + "_snapshot.json";
    CHECK(snapshot_without_ids(dir / snapshot) == snapshot_without_ids(folder / snapshot));
    auto ours = nlohmann::ordered_json::parse(kit::read_text(dir / snapshot));
    const auto theirs = nlohmann::ordered_json::parse(kit::read_text(folder / snapshot));
    ours["id"] = theirs["id"];
    ours["prevId"] = theirs["prevId"];
    CHECK(ours.dump(2) == kit::read_text(folder / snapshot));
  }
  CHECK(kit::read_text(dir / "meta" / "_journal.json") == kit::read_text(folder / "meta" / "_journal.json"));
}

}  // namespace drizzle_test
