#pragma once
/// The kit's command line, kit::command_line(argc, argv, schema): drizzle-kit for a C++ schema. The schema is C++, so
/// the user builds a small program from their schema header and gets every command: generate, migrate, rollback,
/// status, push, pull, check, export, drop, studio. The standalone drizzle-kit program is the same command line
/// without a schema (the commands that need one say so). This header is compiled once into the kit library
/// (src/kit/cli.cpp, drizzle::kit::run); a user's kit program includes <drizzle/kit.hpp>, the light declarations. Every
/// failure exits non-zero with one line naming what failed (drizzle-kit exits 0 on many errors).
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "../ddl.hpp"
#include "../kit.hpp"
#include "config.hpp"
#include "diff.hpp"
#include "generate.hpp"
#include "introspect.hpp"
#include "migrator.hpp"
#include "pull.hpp"
#include "push.hpp"
#include "studio.hpp"

namespace drizzle::kit {

namespace detail {

/// `--rename old=new`: a table (`name` or `schema.name`), an enum or a schema, or `table.old=new` /
/// `schema.table.old=new` for a column. What `new` names in the schema decides which kind it is.
inline rename_hint parse_rename(const std::string& text, const ddl::schema_info& schema) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw std::invalid_argument("drizzle-kit: --rename " + text + ": expected old=new or table.old=new");
  const std::string from = text.substr(0, eq), to = text.substr(eq + 1);
  const auto dots = std::count(from.begin(), from.end(), '.');
  auto table_named = [&](const std::string& name) {
    for (const auto& t : schema.tables)
      if (t.name == name || (t.schema.empty() ? "public" : t.schema) + "." + t.name == name) return true;
    return false;
  };
  auto column = [&](std::string::size_type dot) {
    return rename_hint{rename_hint::kind::column, from.substr(0, dot), from.substr(dot + 1), to};
  };
  if (dots == 2 || (dots == 1 && table_named(from.substr(0, from.find('.'))))) return column(from.rfind('.'));
  const std::string bare_to = to.substr(to.find('.') == std::string::npos ? 0 : to.find('.') + 1);
  for (const auto& e : schema.enums)
    if (e.name == bare_to) return {rename_hint::kind::enum_type, "", from, to};
  for (const auto& q : schema.sequences)
    if (q.name == bare_to) return {rename_hint::kind::sequence, "", from, to};
  for (const auto& v : schema.views)
    if (v.name == bare_to) return {rename_hint::kind::view, "", from, to};
  if (dots == 0 && !table_named(to))
    for (const auto& t : schema.tables)
      if (t.schema == to) return {rename_hint::kind::schema, "", from, to};
  return {rename_hint::kind::table, "", from, to};
}

inline const char* kind_name(rename_hint::kind k) {
  switch (k) {
    case rename_hint::kind::schema:
      return "schema";
    case rename_hint::kind::enum_type:
      return "enum";
    case rename_hint::kind::table:
      return "table";
    case rename_hint::kind::column:
      return "column";
    case rename_hint::kind::sequence:
      return "sequence";
    case rename_hint::kind::view:
      return "view";
  }
  return "object";
}

/// On a terminal, asks whether a dropped object was renamed to one of the created ones.
inline std::optional<std::string> ask_rename(const rename_candidate& c) {
  std::string where = c.table.empty() ? "" : " in " + c.table;
  std::printf("%s \"%s\"%s is gone and these are new:\n", kind_name(c.what), c.dropped.c_str(), where.c_str());
  for (std::size_t i = 0; i < c.created.size(); ++i)
    std::printf("  %zu) renamed to \"%s\"\n", i + 1, c.created[i].c_str());
  std::printf("  0) dropped (its data is lost)\n");
  // Only an exact choice counts: anything else asks again, so a typo never drops data. End of input stops
  // generate (an exception) rather than taking the destructive answer.
  for (;;) {
    std::printf("choice [0-%zu]: ", c.created.size());
    std::fflush(stdout);
    std::string line;
    if (!std::getline(std::cin, line))
      throw std::runtime_error("drizzle-kit: no answer to the rename question for " + c.dropped +
                               "; nothing was written (pass --rename or --no-renames)");
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    if (line == "0") return std::nullopt;
    if (!line.empty() && line.size() < 6 && line.find_first_not_of("0123456789") == std::string::npos) {
      const auto n = std::stoul(line);
      if (n >= 1 && n <= c.created.size()) return c.created[n - 1];
    }
    std::printf("\"%s\" is not one of the choices\n", line.c_str());
  }
}

/// The first word of the command line that is not an option nor an option's value, when it names no command.
inline std::optional<std::string> unknown_command(int argc, char** argv, const CLI::App& app) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("-", 0) == 0) {
      if (arg.find('=') == std::string::npos) {
        try {
          if (app.get_option(arg)->get_type_size() != 0) ++i;  // its value
        } catch (const CLI::OptionNotFound&) {
        }
      }
      continue;
    }
    for (const auto* sub : app.get_subcommands({}))
      if (sub->get_name() == arg) return std::nullopt;
    return arg;
  }
  return std::nullopt;
}

inline std::string command_names(const CLI::App& app) {
  std::string out;
  for (const auto* sub : app.get_subcommands({})) out += (out.empty() ? "" : ", ") + sub->get_name();
  return out;
}

inline bool confirm_losses(const std::vector<std::string>& losses) {
  std::printf("These statements lose data:\n");
  for (const auto& l : losses) std::printf("  %s\n", l.c_str());
  std::printf("apply them? [y/N]: ");
  std::fflush(stdout);
  std::string line;
  return std::getline(std::cin, line) && (line == "y" || line == "Y" || line == "yes");
}

inline bool interactive() {
  return ::isatty(0) && ::isatty(1);
}

}  // namespace detail

/// The whole command line; `schema` is null in the standalone program. drizzle::kit::run (<drizzle/kit.hpp>) is this,
/// compiled once in the kit library.
inline int command_line(int argc, char** argv, const ddl::schema_info* schema) try {
  if (argc > 1 && std::string_view(argv[1]) == "studio") {  // its own small command line (kit/studio.hpp)
    if (!schema)
      throw std::invalid_argument(
          "drizzle-kit: studio needs the schema: build a kit program with drizzle::kit::main(argc, argv, schema) "
          "(see docs/kit.md)");
    return studio::main(argc, argv, *schema);
  }
  CLI::App app{schema ? "drizzle-kit for this schema: generate, migrate, push, pull, check, export, drop"
                      : "drizzle-kit for C++: migrate, rollback, status, pull, check, drop (build your own kit "
                        "program with drizzle::kit::main for generate, push and export)"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: migrate --out dir
  std::string config_path = "drizzle.config.json", out, table, migrations_schema;
  app.add_option("--config", config_path, "drizzle.config.json (out, dbCredentials.url, migrations, filters)");
  app.add_option("--out", out, "migrations folder (default ./drizzle)");
  app.add_option("--table", table, "migrations table (default __drizzle_migrations)");
  app.add_option("--schema", migrations_schema, "schema of the migrations table (default drizzle)");

  std::string name;
  bool custom = false, no_renames = false, force = false, dry_run = false, allow_out_of_order = false;
  std::vector<std::string> renames;
  auto* generate_cmd = app.add_subcommand("generate", "diff the schema against the last snapshot, write a migration");
  generate_cmd->add_option("--name", name, "migration name (NNNN_<name>.sql)");
  generate_cmd->add_flag("--custom", custom, "write an empty migration to fill in by hand");
  auto* push_cmd = app.add_subcommand("push", "apply the schema to the database directly");
  push_cmd->add_flag("--force", force, "apply statements that lose data without asking");
  push_cmd->add_flag("--dry-run", dry_run, "print the statements, change nothing");
  for (auto* cmd : {generate_cmd, push_cmd}) {
    cmd->add_option("--rename", renames, "old=new (table) or table.old=new (column): a rename, not drop + create");
    cmd->add_flag("--no-renames", no_renames, "treat every disappeared object as dropped");
  }
  auto* migrate_cmd = app.add_subcommand("migrate", "apply pending migrations, each in its own transaction");
  migrate_cmd->add_flag("--allow-out-of-order", allow_out_of_order,
                        "apply a pending migration older than the newest applied one");
  std::size_t rollback_count = 1;
  auto* rollback_cmd = app.add_subcommand("rollback", "run the down migrations of the last n applied migrations");
  rollback_cmd->add_option("n", rollback_count, "how many (default 1)");
  auto* status_cmd = app.add_subcommand("status", "list migrations and their state (reads only; exits 1 on problems)");
  std::string pull_output = "schema.hpp", pull_namespace = "db";
  auto* pull_cmd = app.add_subcommand("pull", "write a C++ schema header from the live database");
  pull_cmd->add_option("--output", pull_output, "header to write (default schema.hpp; - for stdout)");
  pull_cmd->add_option("--namespace", pull_namespace, "C++ namespace of the header (default db)");
  auto* check_cmd = app.add_subcommand("check", "check the journal, the files and the snapshot chain");
  auto* export_cmd = app.add_subcommand("export", "print the schema's full DDL");
  auto* drop_cmd = app.add_subcommand("drop", "remove the last migration if it is not applied");
  app.set_version_flag(
      "--version", std::string("drizzle-cpp kit: v") + kit_version + " (drizzle-kit 0.31 folders, drizzle-orm 0.45)");
  bool no_data_loss_comments = false;
  generate_cmd->add_flag("--no-data-loss-comments", no_data_loss_comments,
                         "write no `-- drizzle: data loss:` lines (exactly drizzle-kit's files)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit 1, as drizzle-kit's do, naming the command that is not one.
    if (const auto unknown = detail::unknown_command(argc, argv, app)) {
      std::fprintf(stderr, "drizzle-kit: unknown command \"%s\" (commands: %s)\n", unknown->c_str(),
                   detail::command_names(app).c_str());
    } else {
      std::fprintf(stderr, "drizzle-kit: %s\n", e.what());
      if (app.get_subcommands().empty())
        std::fprintf(stderr, "drizzle-kit: commands: %s\n", detail::command_names(app).c_str());
    }
    return 1;
  }

  const bool needs_schema = generate_cmd->parsed() || push_cmd->parsed() || export_cmd->parsed();
  if (needs_schema && !schema)
    throw std::invalid_argument(
        "drizzle-kit: this command needs the schema: build a kit program with drizzle::kit::main(argc, argv, schema) "
        "(see docs/kit.md)");

  config c = read_config(config_path, app.get_option("--config")->count() > 0);
  for (const auto& key : c.unused_keys)
    std::fprintf(stderr, "drizzle-kit: %s: \"%s\" is not used by drizzle-cpp's kit (ignored)\n", config_path.c_str(),
                 key.c_str());
  if (!out.empty()) c.out = out;
  if (!table.empty()) c.migrations_table = table;
  if (!migrations_schema.empty()) c.migrations_schema = migrations_schema;
  migrate_options options;
  options.folder = c.out;
  options.migrations_table = c.migrations_table;
  options.migrations_schema = c.migrations_schema;
  options.allow_out_of_order = allow_out_of_order;
  options.progress = [](const std::string& line) { std::printf("%s\n", line.c_str()); };

  diff_options diffing;
  if (schema)
    for (const auto& r : renames) diffing.renames.push_back(detail::parse_rename(r, *schema));
  diffing.assume_no_renames = no_renames;
  if (detail::interactive()) diffing.resolve = detail::ask_rename;

  if (check_cmd->parsed()) {
    const auto problems = check(c.out);
    for (const auto& p : problems) std::fprintf(stderr, "%s\n", p.c_str());
    if (problems.empty()) std::printf("%s is consistent\n", c.out.string().c_str());
    return problems.empty() ? 0 : 1;
  }
  if (export_cmd->parsed()) {
    std::fputs(ddl::export_sql(*schema).c_str(), stdout);
    return 0;
  }
  if (generate_cmd->parsed()) {
    generate_options g;
    g.folder = c.out;
    g.name = name;
    g.custom = custom;
    g.breakpoints = c.breakpoints;
    g.data_loss_comments = c.data_loss_comments && !no_data_loss_comments;
    g.diff = diffing;
    const auto result = generate(*schema, g);
    if (result.tag.empty()) {
      std::printf("No schema changes, nothing to migrate\n");
    } else {
      for (const auto& loss : result.plan.data_loss) std::printf("data loss: %s\n", loss.c_str());
      std::printf("[✓] %s written (%zu statement(s))\n", result.sql_file.string().c_str(), result.plan.up.size());
    }
    return 0;
  }

  auto db = drizzle::pqxx::connect(database_url(c));
  if (migrate_cmd->parsed()) {
    const auto applied = migrate(db, options);
    std::printf("%zu migration(s) applied\n", applied.size());
  } else if (rollback_cmd->parsed()) {
    const auto undone = rollback(db, options, rollback_count);
    std::printf("%zu migration(s) rolled back\n", undone.size());
  } else if (status_cmd->parsed()) {
    const auto report = status(db, options);
    if (!report.table_exists)
      std::printf("no migrations table %s: nothing applied\n", detail::table_of(options).c_str());
    for (const auto& s : report.migrations) std::printf("%s %s\n", state_name(s.state), s.tag.c_str());
    for (const auto& u : report.unknown)
      std::printf("applied %s (created_at %lld, not in the journal)\n", u.file.empty() ? "?" : u.file.c_str(),
                  static_cast<long long>(u.row.created_at));
    for (const auto& p : report.problems) std::fprintf(stderr, "drizzle-kit: %s\n", p.c_str());
    return report.ok() ? 0 : 1;
  } else if (drop_cmd->parsed()) {
    std::printf("dropped %s\n", drop_last(c.out, &db, options).c_str());
  } else if (pull_cmd->parsed()) {
    introspect_options filter;
    if (!c.schema_filter.empty()) filter.schemas = c.schema_filter;
    filter.tables = c.tables_filter;
    filter.roles = c.roles;
    auto live = introspect(db, filter);
    // Expressions the folder's snapshot spells its own way keep that spelling where the server says they mean
    // the same, so generate on the folder after pull finds no change.
    if (std::filesystem::exists(journal_path(c.out))) live = with_spelling_of(db, live, last_snapshot(c.out).first);
    const auto header = cpp_schema_header(live, {.namespace_name = pull_namespace});
    if (pull_output == "-") {
      std::fputs(header.c_str(), stdout);
    } else {
      std::ofstream file(pull_output, std::ios::binary);
      if (!(file << header)) throw std::runtime_error("drizzle-kit: cannot write " + pull_output);
      std::printf("[✓] %s written\n", pull_output.c_str());
    }
  } else if (push_cmd->parsed()) {
    push_options p;
    if (!c.schema_filter.empty()) p.filter.schemas = c.schema_filter;
    p.filter.tables = c.tables_filter;
    p.filter.roles = c.roles;
    p.diff = diffing;
    p.dry_run = dry_run;
    p.force = force;
    if (detail::interactive()) p.confirm = detail::confirm_losses;
    p.progress = options.progress;
    push(db, *schema, p);
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "%s\n", e.what());
  return 1;
}

}  // namespace drizzle::kit
