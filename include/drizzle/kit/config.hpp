#pragma once
/// The kit's configuration: drizzle.config.json (drizzle-kit's keys), then flags. One reader for the standalone
/// drizzle-kit program and for the user's own kit program (drizzle::kit::main).
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace drizzle::kit {

/// A configuration file or .env that cannot be read: names the file and what is wrong.
class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Which roles push and pull manage: drizzle-kit's `entities.roles`. Off by default (roles are cluster-wide: a push
/// must not drop the roles other databases use). `true`: every role but PostgreSQL's own `pg_*`; an object:
/// `include` names the roles, `exclude` (and `provider`: "neon", "supabase") takes roles out. As in drizzle-kit, an
/// object with only `exclude` selects none.
struct roles_filter {
  bool all = false;
  std::vector<std::string> include{}, exclude{};
  [[nodiscard]] bool managed() const { return all || !include.empty(); }
  [[nodiscard]] bool selected(const std::string& name) const {
    if (std::find(exclude.begin(), exclude.end(), name) != exclude.end()) return false;
    if (all) return name.rfind("pg_", 0) != 0;
    return std::find(include.begin(), include.end(), name) != include.end();
  }
};

struct config {
  std::filesystem::path out = "drizzle";                  ///< `out`: the migrations folder
  std::string url;                                        ///< `dbCredentials.url`; DATABASE_URL wins
  std::string migrations_table = "__drizzle_migrations";  ///< `migrations.table`
  std::string migrations_schema = "drizzle";              ///< `migrations.schema`
  bool breakpoints = true;                                ///< `breakpoints`
  std::vector<std::string> schema_filter;                 ///< `schemaFilter` (pull and push); empty: public
  std::vector<std::string> tables_filter;                 ///< `tablesFilter` globs, `!` excludes
  bool data_loss_comments = true;                         ///< `dataLossComments`: generate's `-- drizzle: data loss:`
  roles_filter roles{};                                   ///< `entities.roles` (push and pull; generate ignores it)
  std::vector<std::string> unused_keys;                   ///< keys read but not used (`schema`, `casing`, ...)
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

/// A variable from the environment, else from a dotenv-style file (`NAME=value`, `export NAME=value`, quotes
/// stripped, `#` comments): what drizzle.config.ts sees after `import 'dotenv/config'` (the environment wins).
inline std::optional<std::string> env_value(const std::string& name, const std::filesystem::path& env_file = ".env") {
  if (const char* v = std::getenv(name.c_str()); v && *v) return std::string(v);
  std::ifstream env(env_file);
  for (std::string line; std::getline(env, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    line = line.substr(start);
    if (line.rfind("export ", 0) == 0) line = line.substr(7);
    const auto eq = line.find('=');
    if (eq == std::string::npos || line.substr(0, line.find_last_not_of(" \t", eq - 1) + 1) != name) continue;
    auto value = line.substr(eq + 1);
    value = value.substr(std::min(value.size(), value.find_first_not_of(" \t")));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    else if (const auto hash = value.find(" #"); hash != std::string::npos)
      value = value.substr(0, value.find_last_not_of(" \t", hash) + 1);
    return value;
  }
  return std::nullopt;
}

namespace detail {
/// `env:NAME` in a string value: the variable NAME (environment, then .env); anything else as written.
inline std::string resolve_env(const std::string& value, const std::filesystem::path& file,
                               const std::filesystem::path& env_file) {
  if (value.rfind("env:", 0) != 0) return value;
  const auto name = value.substr(4);
  if (auto v = env_value(name, env_file)) return *v;
  throw config_error("drizzle-kit: " + file.string() + ": " + value + ": " + name + " is not set (environment or " +
                     env_file.string() + ")");
}

/// percent-encoding for a URL's user, password or database part.
inline std::string url_part(const std::string& text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}
}  // namespace detail

/// Reads drizzle.config.json. A missing file gives the defaults unless `required` (the file was named with
/// --config: then it is an error, as drizzle-kit's); a malformed one is an error naming it. Keys drizzle-kit has
/// that the C++ kit does not use (`schema`: the schema is C++; `casing`, `strict`, `verbose`, ...) are listed in
/// unused_keys for the caller to report; `dialect` must be postgresql.
inline config read_config(const std::filesystem::path& file, bool required = false,
                          const std::filesystem::path& env_file = ".env") {
  config c;
  std::ifstream in(file);
  if (!in) {
    if (required) throw config_error("drizzle-kit: config file " + file.string() + " does not exist");
    return c;
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw config_error("drizzle-kit: " + file.string() + " is not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw config_error("drizzle-kit: " + file.string() + " must hold a JSON object");
  try {
    for (const auto& [key, value] : j.items())
      if (key != "out" && key != "dbCredentials" && key != "migrations" && key != "breakpoints" &&
          key != "schemaFilter" && key != "tablesFilter" && key != "dataLossComments" && key != "dialect" &&
          key != "entities")
        c.unused_keys.push_back(key);
    if (j.contains("dialect") && j["dialect"].get<std::string>() != "postgresql")
      throw config_error("drizzle-kit: " + file.string() + ": dialect " + j["dialect"].dump() +
                         ": drizzle-cpp's kit is for postgresql");
    if (j.contains("out")) c.out = j["out"].get<std::string>();
    if (j.contains("dbCredentials")) {
      const auto& db = j["dbCredentials"];
      auto field = [&](const char* key) { return detail::resolve_env(db.value(key, std::string()), file, env_file); };
      if (db.contains("url")) {
        c.url = field("url");
      } else if (db.contains("host")) {  // drizzle-kit's other form: host, port, user, password, database
        const auto user = field("user"), password = field("password");
        c.url =
            "postgresql://" +
            (user.empty() ? ""
                          : detail::url_part(user) + (password.empty() ? "" : ":" + detail::url_part(password)) + "@") +
            field("host") +
            (db.contains("port") ? ":" + (db["port"].is_number() ? db["port"].dump() : field("port")) : "") + "/" +
            detail::url_part(field("database"));
      }
    }
    if (j.contains("migrations")) {
      c.migrations_table = j["migrations"].value("table", c.migrations_table);
      c.migrations_schema = j["migrations"].value("schema", c.migrations_schema);
    }
    if (j.contains("breakpoints")) c.breakpoints = j["breakpoints"].get<bool>();
    if (j.contains("dataLossComments")) c.data_loss_comments = j["dataLossComments"].get<bool>();
    if (j.contains("schemaFilter")) c.schema_filter = detail::string_or_list(j["schemaFilter"], "schemaFilter", file);
    if (j.contains("entities") && j["entities"].contains("roles")) {
      const auto& roles = j["entities"]["roles"];
      if (roles.is_boolean()) {
        c.roles.all = roles.get<bool>();
      } else {
        const auto provider = roles.value("provider", std::string());
        if (provider == "supabase")
          c.roles.exclude = {"anon",           "authenticator",       "authenticated",
                             "service_role",   "supabase_auth_admin", "supabase_storage_admin",
                             "dashboard_user", "supabase_admin"};
        else if (provider == "neon")
          c.roles.exclude = {"authenticated", "anonymous"};
        if (roles.contains("include"))
          c.roles.include = detail::string_or_list(roles["include"], "entities.roles", file);
        if (roles.contains("exclude"))
          for (auto& r : detail::string_or_list(roles["exclude"], "entities.roles", file)) c.roles.exclude.push_back(r);
      }
    }
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
  if (auto url = env_value("DATABASE_URL", env_file); url && !url->empty()) return *url;
  throw config_error("drizzle-kit: no database: set DATABASE_URL (environment or .env) or dbCredentials.url");
}

}  // namespace drizzle::kit
