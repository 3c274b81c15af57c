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

/// Reads the journal and every migration it lists.
inline std::vector<migration> read_migrations(const std::filesystem::path& folder) {
  const auto journal_path = folder / "meta" / "_journal.json";
  if (!std::filesystem::exists(journal_path))
    throw folder_error("drizzle-kit: Can't find meta/_journal.json file in " + folder.string());
  nlohmann::json journal;
  try {
    journal = nlohmann::json::parse(read_text(journal_path));
  } catch (const nlohmann::json::exception& e) {
    throw folder_error("drizzle-kit: " + journal_path.string() + " is not valid JSON: " + e.what());
  }
  std::vector<migration> out;
  for (const auto& entry : journal.at("entries")) {
    migration m;
    m.idx = entry.at("idx").get<std::size_t>();
    m.tag = entry.at("tag").get<std::string>();
    m.when = entry.at("when").get<std::int64_t>();
    m.breakpoints = entry.value("breakpoints", true);
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
