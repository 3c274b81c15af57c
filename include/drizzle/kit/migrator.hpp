#pragma once
/// Applies a drizzle-kit migrations folder and records it exactly as Drizzle's migrator does
/// ("drizzle"."__drizzle_migrations": id serial, hash = sha256 of the file, created_at = the journal's `when`),
/// so a database migrated by one is recognised by the other. Better than Drizzle's: each migration runs in its
/// own transaction (opt out per file with a first line `-- drizzle:no-transaction`), an advisory lock keeps two
/// migrators apart, an edited applied migration and a migration older than the newest applied one are errors
/// naming the file instead of being skipped silently, and a failure names the file, the statement and the
/// SQLSTATE, leaving earlier migrations applied and the failing one rolled back.
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
inline std::string quote_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
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
inline void run_statements(drizzle::pqxx::session& tx, const migration& m, const std::vector<std::string>& statements) {
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (blank(statements[i])) continue;
    try {
      tx.execute(statements[i]);
    } catch (const drizzle::query_error& e) {
      throw migration_error("drizzle-kit: migration " + m.tag + ".sql failed at statement " + std::to_string(i + 1) +
                                " [SQLSTATE " + e.sqlstate() + "]: " + e.what(),
                            m.tag, i + 1, statements[i], e.sqlstate());
    }
  }
}
}  // namespace detail

/// One journal entry and whether the database has it.
struct migration_status {
  std::string tag;
  std::int64_t when = 0;
  bool applied = false;
};

/// The journal's migrations with their state in the database.
inline std::vector<migration_status> status(drizzle::pqxx::session& db, const migrate_options& o) {
  detail::ensure_table(db, o);
  const auto rows = detail::applied_rows(db, o);
  std::vector<migration_status> out;
  for (const auto& m : read_migrations(o.folder)) {
    bool applied = false;
    for (const auto& r : rows) applied = applied || r.created_at == m.when;
    out.push_back({m.tag, m.when, applied});
  }
  return out;
}

/// Applies every pending migration, each in its own transaction. Returns the tags applied.
inline std::vector<std::string> migrate(drizzle::pqxx::session& db, const migrate_options& o) {
  const auto migrations = read_migrations(o.folder);
  detail::advisory_lock lock(db, "drizzle-kit " + detail::table_of(o));
  detail::ensure_table(db, o);
  const auto rows = detail::applied_rows(db, o);  // read under the lock: another migrator may just have finished
  std::int64_t newest = 0;
  for (const auto& r : rows) newest = std::max(newest, r.created_at);

  std::vector<const migration*> pending;
  for (const auto& m : migrations) {
    const applied_row* row = nullptr;
    for (const auto& r : rows)
      if (r.created_at == m.when) row = &r;
    if (row) {
      if (row->hash != m.hash)
        throw migration_error("drizzle-kit: " + m.tag +
                                  ".sql was edited after it was applied (its sha256 differs from "
                                  "the one recorded); restore the file or write a new migration",
                              m.tag, 0, "", "");
      continue;
    }
    if (m.when <= newest && !o.allow_out_of_order)
      throw migration_error(
          "drizzle-kit: " + m.tag +
              ".sql is older than the newest applied migration and was never "
              "applied (Drizzle's migrator would skip it silently); apply it with --allow-out-of-order or "
              "regenerate it",
          m.tag, 0, "", "");
    pending.push_back(&m);
  }
  if (pending.empty()) detail::say(o, "no pending migrations");
  std::vector<std::string> applied;
  for (const migration* m : pending) {
    detail::say(o, "applying " + m->tag + " (" + std::to_string(m->statements.size()) + " statements)" +
                       (m->transactional ? "" : " without a transaction"));
    const auto started = std::chrono::steady_clock::now();
    auto record = [&](drizzle::pqxx::session& s) {
      s.execute(drizzle::sql<void>("insert into " + detail::table_of(o) + " (\"hash\", \"created_at\") values({}, {})",
                                   m->hash, m->when));
    };
    if (m->transactional) {
      db.transaction([&](auto& tx) {
        detail::run_statements(tx, *m, m->statements);
        record(tx);
      });
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
/// own transaction, and removes their rows. Returns the tags rolled back.
inline std::vector<std::string> rollback(drizzle::pqxx::session& db, const migrate_options& o, std::size_t count = 1) {
  const auto migrations = read_migrations(o.folder);
  detail::advisory_lock lock(db, "drizzle-kit " + detail::table_of(o));
  detail::ensure_table(db, o);
  auto rows = detail::applied_rows(db, o);
  std::vector<std::string> done;
  for (std::size_t k = 0; k < count && !rows.empty(); ++k) {
    const applied_row row = rows.back();
    rows.pop_back();
    const migration* m = nullptr;
    for (const auto& candidate : migrations)
      if (candidate.when == row.created_at) m = &candidate;
    if (!m)
      throw folder_error("drizzle-kit: the newest applied migration (created_at " + std::to_string(row.created_at) +
                         ") is not in the journal; cannot roll it back");
    if (!m->down)
      throw folder_error("drizzle-kit: " + m->tag + ".down.sql is missing; cannot roll " + m->tag + " back");
    detail::say(o, "rolling back " + m->tag);
    db.transaction([&](auto& tx) {
      detail::run_statements(tx, *m, split_statements(*m->down));
      tx.execute(drizzle::sql<void>("delete from " + detail::table_of(o) + " where id = {}", row.id));
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
  const std::int64_t when = entries.entries.back().when;
  if (db) {
    for (const auto& r : detail::applied_rows(*db, o))
      if (r.created_at == when)
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
