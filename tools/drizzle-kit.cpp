// drizzle-kit for C++: the commands that need no schema (migrate, rollback, status, check, drop).
// generate / push / pull / export need the application's schema: see docs/kit.md.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <drizzle/kit/migrator.hpp>
#include <fstream>
#include <iostream>

namespace {

/// DATABASE_URL from the environment, else from a .env file in the working directory.
std::string database_url(const std::string& from_config) {
  if (const char* url = std::getenv("DATABASE_URL"); url && *url) return url;
  if (!from_config.empty()) return from_config;
  std::ifstream env(".env");
  for (std::string line; std::getline(env, line);) {
    if (line.rfind("DATABASE_URL=", 0) == 0) {
      auto value = line.substr(13);
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
        value = value.substr(1, value.size() - 2);
      return value;
    }
  }
  throw std::runtime_error("drizzle-kit: no database: set DATABASE_URL (environment or .env) or dbCredentials.url");
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{"drizzle-kit for C++: apply, inspect and roll back drizzle-kit migration folders"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: drizzle-kit migrate --out dir
  std::string config_path = "drizzle.config.json", out, url_from_config;
  drizzle::kit::migrate_options options;
  options.progress = [](const std::string& line) { std::printf("%s\n", line.c_str()); };
  app.add_option("--config", config_path, "drizzle.config.json (out, dbCredentials.url, migrations.table/schema)");
  app.add_option("--out", out, "migrations folder (default ./drizzle)");
  app.add_option("--table", options.migrations_table, "migrations table");
  app.add_option("--schema", options.migrations_schema, "schema of the migrations table");

  auto* migrate = app.add_subcommand("migrate", "apply pending migrations, each in its own transaction");
  migrate->add_flag("--allow-out-of-order", options.allow_out_of_order,
                    "apply a pending migration older than the newest applied one");
  std::size_t rollback_count = 1;
  auto* rollback = app.add_subcommand("rollback", "run the down migrations of the last n applied migrations");
  rollback->add_option("n", rollback_count, "how many (default 1)");
  auto* status = app.add_subcommand("status", "list migrations and whether they are applied");
  auto* check = app.add_subcommand("check", "check the journal, the files and the snapshot chain");
  auto* drop = app.add_subcommand("drop", "remove the last migration if it is not applied");
  CLI11_PARSE(app, argc, argv);

  if (std::ifstream in(config_path); in) {
    const auto config = nlohmann::json::parse(in);
    if (out.empty()) out = config.value("out", "");
    if (config.contains("dbCredentials")) url_from_config = config["dbCredentials"].value("url", "");
    if (config.contains("migrations")) {
      options.migrations_table = config["migrations"].value("table", options.migrations_table);
      options.migrations_schema = config["migrations"].value("schema", options.migrations_schema);
    }
  }
  options.folder = out.empty() ? "drizzle" : out;

  if (check->parsed()) {
    const auto problems = drizzle::kit::check(options.folder);
    for (const auto& p : problems) std::fprintf(stderr, "%s\n", p.c_str());
    if (problems.empty()) std::printf("%s is consistent\n", options.folder.string().c_str());
    return problems.empty() ? 0 : 1;
  }
  auto db = drizzle::pqxx::connect(database_url(url_from_config));
  if (migrate->parsed()) {
    const auto applied = drizzle::kit::migrate(db, options);
    std::printf("%zu migration(s) applied\n", applied.size());
  } else if (rollback->parsed()) {
    const auto undone = drizzle::kit::rollback(db, options, rollback_count);
    std::printf("%zu migration(s) rolled back\n", undone.size());
  } else if (status->parsed()) {
    for (const auto& s : drizzle::kit::status(db, options))
      std::printf("%s %s\n", s.applied ? "applied" : "pending", s.tag.c_str());
  } else if (drop->parsed()) {
    std::printf("dropped %s\n", drizzle::kit::drop_last(options.folder, &db, options).c_str());
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "%s\n", e.what());
  return 1;
}
