#pragma once
/// `generate`: diff the schema against the folder's last snapshot and write the next migration in drizzle-kit's
/// layout (NNNN_name.sql, meta/_journal.json, meta/NNNN_snapshot.json, byte for byte as drizzle-kit formats
/// them), plus NNNN_name.down.sql with the reverse statements for kit::rollback.
///
/// A statement that loses data is preceded, inside its own chunk, by one comment line
/// `-- drizzle: data loss: <what>`; the file still applies as it is (PostgreSQL skips the comment), and
/// `data_loss_comments = false` writes exactly what drizzle-kit would.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

#include "diff.hpp"
#include "journal.hpp"
#include "snapshot.hpp"

namespace drizzle::kit {

struct generate_options {
  std::filesystem::path folder = "drizzle";
  std::string name;     ///< empty: a random drizzle-kit-like name (adjective_noun)
  bool custom = false;  ///< an empty migration for hand-written SQL (drizzle-kit's --custom)
  bool breakpoints = true;
  diff_options diff{};
  std::optional<long long> when{};  ///< journal `when`; default now in ms
  bool data_loss_comments = true;   ///< mark statements that lose data with a `-- drizzle: data loss:` line
};

/// A statement that cannot be written into a migration file as it is: a name in it holds drizzle-kit's
/// `--> statement-breakpoint` marker, which would split the statement in two when the file is migrated.
class unsplittable_statement : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct generate_result {
  std::string tag;  ///< empty when nothing changed (no file written)
  std::filesystem::path sql_file;
  migration_plan plan;
};

namespace detail {

inline constexpr const char* breakpoint = "--> statement-breakpoint\n";
inline constexpr const char* data_loss_prefix = "-- drizzle: data loss: ";

/// drizzle-kit's random migration names are an adjective and a hero; ours are words of the same shape.
inline std::string random_migration_name() {
  static constexpr const char* adjectives[] = {"brave", "calm",  "clever", "curly", "eager",  "fancy", "gentle",
                                               "happy", "jolly", "keen",   "lucky", "mellow", "nice",  "proud",
                                               "quick", "quiet", "shiny",  "silly", "swift",  "tidy",  "warm"};
  static constexpr const char* nouns[] = {"badger", "comet", "falcon", "harbor", "lantern", "maple",  "meteor",
                                          "otter",  "panda", "pirate", "quasar", "raven",   "rocket", "sphinx",
                                          "tiger",  "titan", "viking", "walrus", "wizard",  "zebra"};
  std::random_device device;
  return std::string(adjectives[device() % std::size(adjectives)]) + "_" + nouns[device() % std::size(nouns)];
}

inline std::string four_digits(std::size_t idx) {
  std::string out = std::to_string(idx);
  return std::string(out.size() < 4 ? 4 - out.size() : 0, '0') + out;
}

inline std::filesystem::path snapshot_path(const std::filesystem::path& folder, const std::string& tag) {
  return folder / "meta" / (tag.substr(0, tag.find('_')) + "_snapshot.json");
}

/// One line of a `--` comment: line breaks (a quoted name may hold them) are written as `\n` and `\r`, so
/// nothing after them leaves the comment and runs.
inline std::string comment_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  return out;
}

/// Statements joined as drizzle-kit joins them: the marker after each statement, no trailing newline. Throws
/// unsplittable_statement when a statement holds the marker itself (in a quoted name): split_statements would cut
/// it there and run the rest as a statement of its own.
inline std::string migration_text(const std::vector<std::string>& statements, bool breakpoints,
                                  const std::vector<std::string>& loss = {},
                                  const std::vector<std::size_t>& loss_at = {}) {
  std::string out;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (statements[i].find("--> statement-breakpoint") != std::string::npos)
      throw unsplittable_statement("drizzle-kit: a name in the statement `" + comment_line(statements[i]) +
                                   "` holds `--> statement-breakpoint`, which would split it when migrated");
    if (i) out += breakpoints ? breakpoint : "\n";
    for (std::size_t k = 0; k < loss_at.size(); ++k)
      if (loss_at[k] == i) out += data_loss_prefix + comment_line(loss[k]) + "\n";
    out += statements[i];
  }
  return out;
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw folder_error("drizzle-kit: cannot write " + path.string());
}

}  // namespace detail

/// The schema the folder's last snapshot describes (empty for a new folder), and that snapshot's id.
inline std::pair<ddl::schema_info, std::string> last_snapshot(const std::filesystem::path& folder) {
  if (!std::filesystem::exists(journal_path(folder))) return {{}, empty_snapshot_id};
  const auto j = read_journal(folder);
  if (j.entries.empty()) return {{}, empty_snapshot_id};
  const auto path = detail::snapshot_path(folder, j.entries.back().tag);
  if (!std::filesystem::exists(path))
    throw folder_error("drizzle-kit: the journal's last migration " + j.entries.back().tag + " has no snapshot " +
                       path.string());
  const auto text = read_text(path);
  try {
    const auto parsed = nlohmann::ordered_json::parse(text);
    return {from_snapshot(parsed), parsed.value("id", std::string(empty_snapshot_id))};
  } catch (const nlohmann::json::parse_error& e) {
    throw snapshot_error("drizzle-kit: " + path.string() + " is not valid JSON: " + e.what());
  }
}

/// Writes the next migration for `schema` into options.folder; writes nothing when nothing changed.
inline generate_result generate(const ddl::schema_info& schema, const generate_options& options) {
  const auto& folder = options.folder;
  auto [previous, previous_id] = last_snapshot(folder);
  journal j;
  if (std::filesystem::exists(journal_path(folder))) j = read_journal(folder);
  if (j.dialect != "postgresql")
    throw folder_error("drizzle-kit: " + journal_path(folder).string() + " is a " + j.dialect +
                       " journal; drizzle-cpp generates postgresql migrations");

  generate_result result;
  if (!options.custom) {
    result.plan = diff(previous, schema, options.diff);
    if (result.plan.empty()) return result;
  }
  const std::size_t idx = j.entries.empty() ? 0 : j.entries.back().idx + 1;
  const auto prefix = detail::four_digits(idx);
  result.tag = prefix + "_" + (options.name.empty() ? detail::random_migration_name() : options.name);
  result.sql_file = folder / (result.tag + ".sql");

  std::filesystem::create_directories(folder / "meta");
  // A custom migration's snapshot repeats the previous schema: the hand-written SQL is not part of the schema.
  const auto& snapshot_schema = options.custom ? previous : schema;
  detail::write_file(folder / "meta" / (prefix + "_snapshot.json"),
                     snapshot_text(snapshot_schema, random_uuid(), previous_id));
  if (options.custom) {
    detail::write_file(result.sql_file, "-- Custom SQL migration file, put your code below! --");
  } else {
    const auto& p = result.plan;
    detail::write_file(result.sql_file,
                       options.data_loss_comments
                           ? detail::migration_text(p.up, options.breakpoints, p.data_loss, p.data_loss_statement)
                           : detail::migration_text(p.up, options.breakpoints));
    detail::write_file(folder / (result.tag + ".down.sql"), detail::migration_text(p.down, options.breakpoints));
  }
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  j.entries.push_back({idx, "7", options.when.value_or(now), result.tag, options.breakpoints});
  detail::write_file(journal_path(folder), journal_text(j));
  return result;
}

}  // namespace drizzle::kit
