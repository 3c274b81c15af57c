#pragma once
/// A migrations folder in drizzle-kit's layout: meta/_journal.json (version 7), one <tag>.sql per entry with
/// statements separated by `--> statement-breakpoint`, meta/<idx>_snapshot.json, and (drizzle-cpp's
/// addition) an optional <tag>.down.sql that undoes the migration.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sha256.hpp"

namespace drizzle::kit {

/// A problem with the migrations folder itself (missing journal, missing file, broken chain).
class folder_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct migration {
  std::size_t idx = 0;
  std::string tag;        ///< e.g. 0000_init: the file is <tag>.sql
  std::int64_t when = 0;  ///< the journal's `when` (ms since the epoch), recorded as created_at
  bool breakpoints = true;
  std::string text;                     ///< the whole file
  std::string hash;                     ///< sha256 of the whole file, as Drizzle records it
  std::vector<std::string> statements;  ///< split on `--> statement-breakpoint`, newlines kept as Drizzle does
  bool transactional = true;            ///< false when the file starts with `-- drizzle:no-transaction`
  std::optional<std::string> down;      ///< <tag>.down.sql when present
};

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw folder_error("drizzle-kit: cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Splits a migration file as Drizzle's migrator does: on the marker, keeping the text around it.
inline std::vector<std::string> split_statements(const std::string& text) {
  static const std::string marker = "--> statement-breakpoint";
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(marker, start)) != std::string::npos; start = at + marker.size())
    out.push_back(text.substr(start, at - start));
  out.push_back(text.substr(start));
  return out;
}

/// One entry of meta/_journal.json.
struct journal_entry {
  std::size_t idx = 0;
  std::string version = "7";
  std::int64_t when = 0;
  std::string tag;
  bool breakpoints = true;
};

/// meta/_journal.json as drizzle-kit writes it.
struct journal {
  std::string version = "7";
  std::string dialect = "postgresql";
  std::vector<journal_entry> entries;
};

inline std::filesystem::path journal_path(const std::filesystem::path& folder) {
  return folder / "meta" / "_journal.json";
}

/// Reads meta/_journal.json; a missing journal is a folder_error naming the folder.
inline journal read_journal(const std::filesystem::path& folder) {
  const auto path = journal_path(folder);
  if (!std::filesystem::exists(path))
    throw folder_error("drizzle-kit: Can't find meta/_journal.json file in " + folder.string());
  try {
    const auto j = nlohmann::json::parse(read_text(path));
    journal out;
    out.version = j.value("version", "7");
    out.dialect = j.value("dialect", "postgresql");
    for (const auto& e : j.at("entries"))
      out.entries.push_back({e.at("idx").get<std::size_t>(), e.value("version", "7"), e.at("when").get<std::int64_t>(),
                             e.at("tag").get<std::string>(), e.value("breakpoints", true)});
    return out;
  } catch (const nlohmann::json::exception& e) {
    throw folder_error("drizzle-kit: " + path.string() + " is not a valid journal: " + e.what());
  }
}

/// The journal's text byte for byte as drizzle-kit writes it (JSON.stringify with 2 spaces, no final newline).
inline std::string journal_text(const journal& j) {
  nlohmann::ordered_json out;
  out["version"] = j.version;
  out["dialect"] = j.dialect;
  out["entries"] = nlohmann::ordered_json::array();
  for (const auto& e : j.entries)
    out["entries"].push_back(
        {{"idx", e.idx}, {"version", e.version}, {"when", e.when}, {"tag", e.tag}, {"breakpoints", e.breakpoints}});
  return out.dump(2);
}

/// Reads the journal and every migration it lists.
inline std::vector<migration> read_migrations(const std::filesystem::path& folder) {
  const auto entries = read_journal(folder).entries;
  std::vector<migration> out;
  for (const auto& entry : entries) {
    migration m;
    m.idx = entry.idx;
    m.tag = entry.tag;
    m.when = entry.when;
    m.breakpoints = entry.breakpoints;
    const auto file = folder / (m.tag + ".sql");
    if (!std::filesystem::exists(file))
      throw folder_error("drizzle-kit: the journal lists " + m.tag + " but " + file.string() + " is missing");
    m.text = read_text(file);
    m.hash = sha256_hex(m.text);
    m.statements = split_statements(m.text);
    m.transactional = m.text.rfind("-- drizzle:no-transaction", 0) != 0;
    if (const auto down = folder / (m.tag + ".down.sql"); std::filesystem::exists(down)) m.down = read_text(down);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace drizzle::kit
