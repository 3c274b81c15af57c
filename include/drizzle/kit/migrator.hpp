#pragma once
/// Applies a drizzle-kit migrations folder and records it exactly as Drizzle's migrator does
/// ("drizzle"."__drizzle_migrations": id serial, hash = sha256 of the file, created_at = the journal's `when`),
/// so a database migrated by one is recognised by the other. Better than Drizzle's: each migration runs in its
/// own transaction (opt out per file with a first line `-- drizzle:no-transaction`), an advisory lock keeps
/// migrators apart, and the applied history is matched entry by entry: a row is a journal entry's when both its
/// hash (the file's sha256) and its created_at (the entry's `when`) agree. An applied migration whose file was
/// edited, whose entry was re-dated or deleted, and an unapplied entry older than the newest applied one are a
/// migration_mismatch naming the file(s), and nothing is applied. A failure (at a statement or at COMMIT) names
/// the file, the statement and the SQLSTATE, leaving earlier migrations applied and the failing one rolled back.
/// status() only reads: it never creates the migrations schema or table.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "../pqxx.hpp"
#include "journal.hpp"

namespace drizzle::kit {

/// A migration that failed: which file, which statement, which SQLSTATE.
class migration_error : public std::runtime_error {
 public:
  migration_error(const std::string& message, std::string tag, std::size_t statement_index, std::string statement,
                  std::string sqlstate)
      : std::runtime_error(message),
        tag_(std::move(tag)),
        index_(statement_index),
        statement_(std::move(statement)),
        sqlstate_(std::move(sqlstate)) {}
  [[nodiscard]] const std::string& tag() const noexcept { return tag_; }
  [[nodiscard]] std::size_t statement_index() const noexcept { return index_; }  ///< 1-based
  [[nodiscard]] const std::string& statement() const noexcept { return statement_; }
  [[nodiscard]] const std::string& sqlstate() const noexcept { return sqlstate_; }

 private:
  std::string tag_;
  std::size_t index_;
  std::string statement_, sqlstate_;
};

struct migrate_options {
  std::filesystem::path folder = "drizzle";
  std::string migrations_table = "__drizzle_migrations";
  std::string migrations_schema = "drizzle";
  /// Apply a pending migration older than the newest applied one (Drizzle's migrator skips it silently).
  bool allow_out_of_order = false;
  /// Called with one line per step ("applying 0001_v2", ...).
  std::function<void(const std::string&)> progress{};
};

struct applied_row {
  std::int64_t id = 0;
  std::string hash;
  std::int64_t created_at = 0;
};

namespace detail {
/// Names are quoted by the library's one quoting function (detail/writers.hpp).
using ::drizzle::detail::quote_ident;
inline std::string table_of(const migrate_options& o) {
  return quote_ident(o.migrations_schema) + "." + quote_ident(o.migrations_table);
}
inline bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}
inline void say(const migrate_options& o, const std::string& line) {
  if (o.progress) o.progress(line);
}

/// Holds a session-level advisory lock for the migrations table while migrating.
class advisory_lock {
 public:
  advisory_lock(drizzle::pqxx::session& db, const std::string& key) : db_(db), key_(key) {
    db_.execute(drizzle::sql<void>("select pg_advisory_lock(hashtext({}))", key_));
  }
  ~advisory_lock() {
    try {
      db_.execute(drizzle::sql<void>("select pg_advisory_unlock(hashtext({}))", key_));
    } catch (...) {  // the connection is gone: the server released the lock with it
    }
  }
  advisory_lock(const advisory_lock&) = delete;
  advisory_lock& operator=(const advisory_lock&) = delete;

 private:
  drizzle::pqxx::session& db_;
  std::string key_;
};

inline void ensure_table(drizzle::pqxx::session& db, const migrate_options& o) {
  db.execute("CREATE SCHEMA IF NOT EXISTS " + quote_ident(o.migrations_schema));
  db.execute(
      "\n\t\t\tCREATE TABLE IF NOT EXISTS " + table_of(o) +
      " (\n\t\t\t\tid SERIAL PRIMARY KEY,\n\t\t\t\thash text NOT NULL,\n\t\t\t\tcreated_at bigint\n\t\t\t)\n\t\t");
}

inline std::vector<applied_row> applied_rows(drizzle::pqxx::session& db, const migrate_options& o) {
  std::vector<applied_row> rows;
  for (auto& r : db.query_text("select id, hash, created_at from " + table_of(o) + " order by created_at, id"))
    rows.push_back({std::stoll(*r[0]), *r[1], r[2] ? std::stoll(*r[2]) : 0});
  return rows;
}

/// Runs the statements of one migration; a failure becomes a migration_error naming the statement.
inline void run_statements(drizzle::pqxx::session& tx, const migration& m, const std::vector<std::string>& statements,
                           const char* file_suffix = ".sql") {
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (blank(statements[i])) continue;
    try {
      tx.execute(statements[i]);
    } catch (const drizzle::query_error& e) {
      throw migration_error("drizzle-kit: migration " + m.tag + file_suffix + " failed at statement " +
                                std::to_string(i + 1) + " [SQLSTATE " + e.sqlstate() + "]: " + e.what(),
                            m.tag, i + 1, statements[i], e.sqlstate());
    }
  }
}
}  // namespace detail

/// How a journal entry and the migrations table line up.
enum class migration_state {
  applied,       ///< a row has this file's sha256 and this entry's `when`
  pending,       ///< no row, and newer than every applied migration: migrate() applies it
  out_of_order,  ///< no row, but not newer than the newest applied migration (a branch merged late)
  edited,        ///< a row has this entry's `when` but another hash: the file changed after it was applied
  redated,       ///< a row has this file's sha256 but another created_at: the entry's `when` changed
};

inline const char* state_name(migration_state s) {
  switch (s) {
    case migration_state::applied:
      return "applied";
    case migration_state::pending:
      return "pending";
    case migration_state::out_of_order:
      return "out-of-order";
    case migration_state::edited:
      return "edited";
    case migration_state::redated:
      return "re-dated";
  }
  return "unknown";
}

/// One journal entry and what the database has of it.
struct migration_status {
  std::string tag;
  std::int64_t when = 0;
  bool applied = false;  ///< a row stands for it (state applied, edited or redated)
  migration_state state = migration_state::pending;
  std::optional<applied_row> row;  ///< the row that stands for it
};

/// A row of the migrations table that no journal entry accounts for: its entry was deleted.
struct unknown_row {
  applied_row row;
  std::string file;  ///< a .sql file in the folder, outside the journal, whose sha256 is the row's hash; or empty
};

/// The journal against the migrations table (status() returns it; migrate() refuses unless ok()).
struct migration_report {
  bool table_exists = false;                 ///< false: no migrations table, nothing applied (status() creates none)
  std::vector<migration_status> migrations;  ///< in journal order
  std::vector<unknown_row> unknown;          ///< applied rows without a journal entry
  std::vector<applied_row> duplicates;       ///< second rows of one applied migration (left by a racing migrator)
  std::vector<std::string> problems;         ///< one sentence per problem, naming the file; empty when ok()
  std::vector<std::string> files;            ///< the files (tags, or created_at of unknown rows) with problems
  [[nodiscard]] bool ok() const noexcept { return problems.empty(); }
};

/// The applied history and the folder do not line up (edited, re-dated, deleted or out-of-order migrations):
/// nothing was applied. tag() is the first file named; problems() has one sentence per problem.
class migration_mismatch : public migration_error {
 public:
  migration_mismatch(const std::string& message, std::vector<std::string> problems, std::vector<std::string> files)
      : migration_error(message, files.empty() ? std::string() : files.front(), 0, "", ""),
        problems_(std::move(problems)),
        files_(std::move(files)) {}
  [[nodiscard]] const std::vector<std::string>& problems() const noexcept { return problems_; }
  [[nodiscard]] const std::vector<std::string>& files() const noexcept { return files_; }

 private:
  std::vector<std::string> problems_, files_;
};

namespace detail {

inline bool table_exists(drizzle::pqxx::session& db, const migrate_options& o) {
  const auto rows = db.query_text("select to_regclass($1) is not null", {table_of(o)});
  return !rows.empty() && rows[0][0] == std::optional<std::string>("t");
}

/// .sql files of the folder that the journal does not list (not .down.sql), with their sha256.
inline std::vector<std::pair<std::string, std::string>> stray_files(const std::filesystem::path& folder,
                                                                    const std::vector<migration>& migrations) {
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() != ".sql" || name.ends_with(".down.sql")) continue;
    const auto tag = name.substr(0, name.size() - 4);
    if (std::none_of(migrations.begin(), migrations.end(), [&](const migration& m) { return m.tag == tag; }))
      out.emplace_back(name, sha256_hex(read_text(entry.path())));
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Matches rows to journal entries: (hash, created_at) = (sha256, when) first; then a row with an unmatched
/// entry's `when` is that entry edited, a row with an unmatched entry's hash is that entry re-dated; what is left
/// of the rows are deleted entries, what is left of the entries is pending (or out of order).
inline migration_report reconcile(const std::vector<migration>& migrations, const std::vector<applied_row>& rows,
                                  bool exists, const migrate_options& o) {
  migration_report r;
  r.table_exists = exists;
  std::vector<bool> row_used(rows.size(), false), entry_used(migrations.size(), false);
  for (const auto& m : migrations) r.migrations.push_back({m.tag, m.when, false, migration_state::pending, {}});
  auto pair = [&](std::size_t i, std::size_t j, migration_state s) {
    entry_used[i] = row_used[j] = true;
    r.migrations[i].state = s;
    r.migrations[i].applied = true;
    r.migrations[i].row = rows[j];
  };
  auto each_free = [&](auto&& matches, migration_state s) {
    for (std::size_t j = 0; j < rows.size(); ++j)
      for (std::size_t i = 0; i < migrations.size() && !row_used[j]; ++i)
        if (!entry_used[i] && matches(migrations[i], rows[j])) pair(i, j, s);
  };
  each_free([](const migration& m, const applied_row& a) { return a.hash == m.hash && a.created_at == m.when; },
            migration_state::applied);
  for (std::size_t j = 0; j < rows.size(); ++j)  // the same migration recorded twice
    for (const auto& m : r.migrations)
      if (!row_used[j] && m.state == migration_state::applied && m.row->hash == rows[j].hash &&
          m.row->created_at == rows[j].created_at) {
        row_used[j] = true;
        r.duplicates.push_back(rows[j]);
      }
  each_free([](const migration& m, const applied_row& a) { return a.created_at == m.when; }, migration_state::edited);
  each_free([](const migration& m, const applied_row& a) { return a.hash == m.hash; }, migration_state::redated);

  std::int64_t newest = 0;
  for (const auto& a : rows) newest = std::max(newest, a.created_at);
  for (auto& m : r.migrations)
    if (!m.applied && newest > 0 && m.when <= newest) m.state = migration_state::out_of_order;

  const std::string table = table_of(o);
  for (const auto& m : r.migrations) {
    const std::string file = m.tag + ".sql";
    switch (m.state) {
      case migration_state::edited:
        r.problems.push_back(file + " was edited after it was applied (its sha256 differs from the one " + table +
                             " recorded for created_at " + std::to_string(m.when) +
                             "); restore the file or write a new migration");
        break;
      case migration_state::redated:
        r.problems.push_back(file + " was re-dated: it was applied with created_at " +
                             std::to_string(m.row->created_at) + " but its journal entry says when " +
                             std::to_string(m.when) + "; restore the entry's when (re-applying it is never done)");
        break;
      case migration_state::out_of_order:
        if (o.allow_out_of_order) continue;
        r.problems.push_back(file + " is older than the newest applied migration (created_at " +
                             std::to_string(newest) +
                             ") and was never applied (Drizzle's migrator would skip it silently); apply it with "
                             "--allow-out-of-order or regenerate it");
        break;
      default:
        continue;
    }
    r.files.push_back(m.tag);
  }
  if (!std::all_of(row_used.begin(), row_used.end(), [](bool b) { return b; })) {
    const auto strays = stray_files(o.folder, migrations);
    for (std::size_t j = 0; j < rows.size(); ++j) {
      if (row_used[j]) continue;
      unknown_row u{rows[j], ""};
      for (const auto& [name, hash] : strays)
        if (hash == rows[j].hash) u.file = name;
      const std::string what = "the applied migration with created_at " + std::to_string(rows[j].created_at) +
                               " (sha256 " + rows[j].hash + ")";
      r.problems.push_back(u.file.empty() ? what + " is not in the journal and no file in " + o.folder.string() +
                                                " has its hash: its entry and file were deleted; restore them"
                                          : u.file + " is applied (" + what + ") but not in the journal: its entry " +
                                                "was deleted; restore it");
      r.files.push_back(u.file.empty() ? std::to_string(rows[j].created_at) : u.file.substr(0, u.file.size() - 4));
      r.unknown.push_back(std::move(u));
    }
  }
  return r;
}

inline migration_report inspect(drizzle::pqxx::session& db, const migrate_options& o,
                                const std::vector<migration>& migrations) {
  const bool exists = table_exists(db, o);
  return reconcile(migrations, exists ? applied_rows(db, o) : std::vector<applied_row>{}, exists, o);
}

[[noreturn]] inline void refuse(const migration_report& r) {
  std::string message = "drizzle-kit: the migrations table and the journal do not line up, nothing was applied: ";
  for (std::size_t i = 0; i < r.problems.size(); ++i) message += (i ? "; " : "") + r.problems[i];
  throw migration_mismatch(message, r.problems, r.files);
}

}  // namespace detail

/// The journal's migrations with their state in the database. Only reads: with no migrations table, every entry
/// is pending and table_exists is false. Problems (edited, re-dated, deleted, out-of-order) are listed, not thrown.
inline migration_report status(drizzle::pqxx::session& db, const migrate_options& o) {
  return detail::inspect(db, o, read_migrations(o.folder));
}

/// Applies every pending migration, each in its own transaction. Returns the tags applied. Throws
/// migration_mismatch (applying nothing) when the applied history and the journal do not line up.
inline std::vector<std::string> migrate(drizzle::pqxx::session& db, const migrate_options& o) {
  const auto migrations = read_migrations(o.folder);
  detail::advisory_lock lock(db, "drizzle-kit " + detail::table_of(o));
  // Drizzle's statements, under the lock, and only when needed (CREATE SCHEMA needs the CREATE privilege even
  // when the schema exists).
  if (!detail::table_exists(db, o)) detail::ensure_table(db, o);
  // Read under the lock: another migrator may just have finished.
  const auto report = detail::reconcile(migrations, detail::applied_rows(db, o), true, o);
  if (!report.ok()) detail::refuse(report);

  std::vector<const migration*> pending;
  for (std::size_t i = 0; i < migrations.size(); ++i)
    if (!report.migrations[i].applied) pending.push_back(&migrations[i]);
  if (pending.empty()) detail::say(o, "no pending migrations");
  std::vector<std::string> applied;
  for (const migration* m : pending) {
    detail::say(o, "applying " + m->tag + " (" + std::to_string(m->statements.size()) + " statements)" +
                       (m->transactional ? "" : " without a transaction"));
    const auto started = std::chrono::steady_clock::now();
    auto record = [&](drizzle::pqxx::session& s) {
      try {
        s.execute(drizzle::sql<void>(
            "insert into " + detail::table_of(o) + " (\"hash\", \"created_at\") values({}, {})", m->hash, m->when));
      } catch (const drizzle::query_error& e) {
        throw migration_error("drizzle-kit: migration " + m->tag + ".sql ran but recording it in " +
                                  detail::table_of(o) + " failed [SQLSTATE " + e.sqlstate() + "]: " + e.what(),
                              m->tag, 0, e.statement(), e.sqlstate());
      }
    };
    if (m->transactional) {
      bool body_done = false;
      try {
        db.transaction([&](auto& tx) {
          detail::run_statements(tx, *m, m->statements);
          record(tx);
          body_done = true;
        });
      } catch (const migration_error&) {
        throw;
      } catch (const drizzle::query_error& e) {
        // Deferred constraints are checked at COMMIT: the server has rolled the whole migration back.
        const std::string at = body_done ? "COMMIT" : "BEGIN";
        throw migration_error("drizzle-kit: migration " + m->tag + ".sql failed at " + at + " [SQLSTATE " +
                                  e.sqlstate() + "] and was rolled back: " + e.what(),
                              m->tag, 0, at, e.sqlstate());
      }
    } else {
      detail::run_statements(db, *m, m->statements);
      record(db);
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    detail::say(o, "applied " + m->tag + " in " + std::to_string(ms.count()) + " ms");
    applied.push_back(m->tag);
  }
  return applied;
}

/// Runs the down migrations (<tag>.down.sql) of the last `count` applied migrations, newest first, each in its
/// own transaction, and removes their rows. Returns the tags rolled back. Refuses (migration_mismatch) when the
/// applied history and the journal do not line up; with no migrations table there is nothing to roll back.
inline std::vector<std::string> rollback(drizzle::pqxx::session& db, const migrate_options& o, std::size_t count = 1) {
  const auto migrations = read_migrations(o.folder);
  detail::advisory_lock lock(db, "drizzle-kit " + detail::table_of(o));
  if (!detail::table_exists(db, o)) return {};
  auto rows = detail::applied_rows(db, o);
  auto lenient = o;
  lenient.allow_out_of_order = true;  // an unapplied older entry does not stop undoing the newest ones
  const auto report = detail::reconcile(migrations, rows, true, lenient);
  if (!report.ok()) detail::refuse(report);
  std::vector<std::string> done;
  for (std::size_t k = 0; k < count && !rows.empty(); ++k) {
    const applied_row row = rows.back();
    rows.pop_back();
    const migration* m = nullptr;
    for (std::size_t i = 0; i < migrations.size(); ++i)
      if (report.migrations[i].row && report.migrations[i].row->id == row.id) m = &migrations[i];
    if (!m) {  // a duplicate row of a migration rolled back already (its delete removed it too)
      ++count;
      continue;
    }
    if (!m->down)
      throw folder_error("drizzle-kit: " + m->tag + ".down.sql is missing; cannot roll " + m->tag + " back");
    detail::say(o, "rolling back " + m->tag);
    db.transaction([&](auto& tx) {
      detail::run_statements(tx, *m, split_statements(*m->down), ".down.sql");  // the error names the file it ran
      tx.execute(drizzle::sql<void>("delete from " + detail::table_of(o) + " where hash = {} and created_at = {}",
                                    row.hash, row.created_at));
    });
    done.push_back(m->tag);
  }
  return done;
}

/// Problems in a migrations folder: journal entries without files, stray migration files, snapshots whose
/// prevId chain is broken or collides (two snapshots with one parent). Empty when consistent.
inline std::vector<std::string> check(const std::filesystem::path& folder) {
  std::vector<std::string> problems;
  std::vector<migration> migrations;
  try {
    migrations = read_migrations(folder);
  } catch (const folder_error& e) {
    return {e.what()};
  }
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() != ".sql" || name.size() < 9 || name.ends_with(".down.sql")) continue;
    const auto tag = name.substr(0, name.size() - 4);
    bool listed = false;
    for (const auto& m : migrations) listed = listed || m.tag == tag;
    if (!listed) problems.push_back(name + " is not in meta/_journal.json");
  }
  for (std::size_t i = 0; i < migrations.size(); ++i)
    for (std::size_t j = i + 1; j < migrations.size(); ++j)
      if (migrations[i].when == migrations[j].when)
        problems.push_back(migrations[i].tag + " and " + migrations[j].tag + " have the same when " +
                           std::to_string(migrations[i].when) +
                           " (the migrations table records only when and the hash: they cannot be told apart)");
  std::vector<std::pair<std::string, std::string>> snapshots;  // id, prevId in journal order
  for (const auto& m : migrations) {
    const auto path = folder / "meta" / (m.tag.substr(0, m.tag.find('_')) + "_snapshot.json");
    if (!std::filesystem::exists(path)) continue;
    const auto snapshot = nlohmann::json::parse(read_text(path));
    snapshots.emplace_back(snapshot.value("id", ""), snapshot.value("prevId", ""));
  }
  for (std::size_t i = 0; i < snapshots.size(); ++i) {
    for (std::size_t j = i + 1; j < snapshots.size(); ++j)
      if (snapshots[i].second == snapshots[j].second)
        problems.push_back("snapshots " + std::to_string(i) + " and " + std::to_string(j) + " have the same parent " +
                           snapshots[i].second + " (a collision: two migrations generated from one state)");
    if (i > 0 && snapshots[i].second != snapshots[i - 1].first)
      problems.push_back("snapshot " + std::to_string(i) + " does not follow snapshot " + std::to_string(i - 1));
  }
  return problems;
}

/// Removes the last migration from the folder (journal entry, .sql, .down.sql, snapshot) unless it is applied.
inline std::string drop_last(const std::filesystem::path& folder, drizzle::pqxx::session* db = nullptr,
                             const migrate_options& o = {}) {
  auto entries = read_journal(folder);
  if (entries.entries.empty()) throw folder_error("drizzle-kit: there is no migration to drop");
  const std::string tag = entries.entries.back().tag;
  if (db) {
    auto in_folder = o;
    in_folder.folder = folder;
    const auto report = detail::inspect(*db, in_folder, read_migrations(folder));
    for (const auto& m : report.migrations)
      if (m.tag == tag && m.applied)
        throw folder_error("drizzle-kit: " + tag + " is applied; roll it back before dropping it");
  }
  entries.entries.pop_back();
  std::ofstream(journal_path(folder), std::ios::binary) << journal_text(entries);
  std::filesystem::remove(folder / (tag + ".sql"));
  std::filesystem::remove(folder / (tag + ".down.sql"));
  std::filesystem::remove(folder / "meta" / (tag.substr(0, tag.find('_')) + "_snapshot.json"));
  return tag;
}

}  // namespace drizzle::kit
