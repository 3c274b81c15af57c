#pragma once
/// The kit's configuration: drizzle.config.json (drizzle-kit's keys), then flags. One reader for the standalone
/// drizzle-kit program and for the user's own kit program (drizzle::kit::main).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace drizzle::kit {

/// A configuration file or .env that cannot be read: names the file and what is wrong.
class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct config {
  std::filesystem::path out = "drizzle";                  ///< `out`: the migrations folder
  std::string url;                                        ///< `dbCredentials.url`; DATABASE_URL wins
  std::string migrations_table = "__drizzle_migrations";  ///< `migrations.table`
  std::string migrations_schema = "drizzle";              ///< `migrations.schema`
  bool breakpoints = true;                                ///< `breakpoints`
  std::vector<std::string> schema_filter;                 ///< `schemaFilter` (pull and push); empty: public
  std::vector<std::string> tables_filter;                 ///< `tablesFilter` globs, `!` excludes
};

namespace detail {
inline std::vector<std::string> string_or_list(const nlohmann::json& value, const std::string& key,
                                               const std::filesystem::path& file) {
  if (value.is_string()) return {value.get<std::string>()};
  if (value.is_array()) {
    std::vector<std::string> out;
    for (const auto& item : value) {
      if (!item.is_string()) throw config_error("drizzle-kit: " + file.string() + ": " + key + " must list strings");
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  throw config_error("drizzle-kit: " + file.string() + ": " + key + " must be a string or a list of strings");
}
}  // namespace detail

/// Reads drizzle.config.json when it exists (a missing file gives the defaults; a malformed one is an error
/// naming it).
inline config read_config(const std::filesystem::path& file) {
  config c;
  std::ifstream in(file);
  if (!in) return c;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw config_error("drizzle-kit: " + file.string() + " is not valid JSON: " + e.what());
  }
  try {
    if (j.contains("out")) c.out = j["out"].get<std::string>();
    if (j.contains("dbCredentials")) c.url = j["dbCredentials"].value("url", "");
    if (j.contains("migrations")) {
      c.migrations_table = j["migrations"].value("table", c.migrations_table);
      c.migrations_schema = j["migrations"].value("schema", c.migrations_schema);
    }
    if (j.contains("breakpoints")) c.breakpoints = j["breakpoints"].get<bool>();
    if (j.contains("schemaFilter")) c.schema_filter = detail::string_or_list(j["schemaFilter"], "schemaFilter", file);
    if (j.contains("tablesFilter")) c.tables_filter = detail::string_or_list(j["tablesFilter"], "tablesFilter", file);
  } catch (const nlohmann::json::exception& e) {
    throw config_error("drizzle-kit: " + file.string() + ": " + e.what());
  }
  return c;
}

/// DATABASE_URL from the environment, else the configuration's url, else DATABASE_URL from a .env file in the
/// working directory.
inline std::string database_url(const config& c, const std::filesystem::path& env_file = ".env") {
  if (const char* url = std::getenv("DATABASE_URL"); url && *url) return url;
  if (!c.url.empty()) return c.url;
  std::ifstream env(env_file);
  for (std::string line; std::getline(env, line);) {
    if (line.rfind("DATABASE_URL=", 0) != 0) continue;
    auto value = line.substr(13);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    return value;
  }
  throw config_error("drizzle-kit: no database: set DATABASE_URL (environment or .env) or dbCredentials.url");
}

}  // namespace drizzle::kit
