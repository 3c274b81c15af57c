#pragma once
// Helpers of the migrator's hostile tests: scratch migrations folders, journal surgery (re-date, delete an entry),
// a fresh database, and N real processes (fork) started at the same instant.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <drizzle/kit/migrator.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "support/test_db.hpp"

namespace migrator_hostile {

namespace fs = std::filesystem;

struct file {
  std::string tag;
  std::string text;
};

inline std::int64_t when_of(std::size_t i) {
  return 1700000000000 + 1000 * static_cast<std::int64_t>(i + 1);
}

/// A scratch folder (under the temp directory, unique per process) with a journal listing `files` in order.
inline fs::path write_folder(const std::string& name, const std::vector<file>& files) {
  const fs::path dir = fs::temp_directory_path() / ("drizzle-hostile-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir / "meta");
  nlohmann::json journal = {{"version", "7"}, {"dialect", "postgresql"}, {"entries", nlohmann::json::array()}};
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::ofstream(dir / (files[i].tag + ".sql"), std::ios::binary) << files[i].text;
    journal["entries"].push_back(
        {{"idx", i}, {"version", "7"}, {"when", when_of(i)}, {"tag", files[i].tag}, {"breakpoints", true}});
  }
  std::ofstream(dir / "meta" / "_journal.json", std::ios::binary) << journal.dump(2);
  return dir;
}

/// Edits the journal: fn(entries) may change, reorder or erase entries.
inline void edit_journal(const fs::path& folder, const std::function<void(nlohmann::json&)>& fn) {
  auto journal = nlohmann::json::parse(drizzle::kit::read_text(folder / "meta" / "_journal.json"));
  fn(journal["entries"]);
  std::ofstream(folder / "meta" / "_journal.json", std::ios::binary) << journal.dump(2);
}

/// Appends a journal entry and its file (`when` after every other entry unless given).
inline void append_entry(const fs::path& folder, const file& f, std::int64_t when = 0) {
  std::ofstream(folder / (f.tag + ".sql"), std::ios::binary) << f.text;
  edit_journal(folder, [&](nlohmann::json& entries) {
    std::int64_t newest = 0;
    for (const auto& e : entries) newest = std::max(newest, e["when"].get<std::int64_t>());
    entries.push_back({{"idx", entries.size()},
                       {"version", "7"},
                       {"when", when ? when : newest + 1000},
                       {"tag", f.tag},
                       {"breakpoints", true}});
  });
}

/// A database with neither the migrations schema nor anything in public.
inline drizzle::pqxx::database fresh_db() {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public");
  return db;
}

inline std::string scalar(drizzle::pqxx::session& db, const std::string& query) {
  const auto rows = db.query_text(query);
  return rows.empty() || rows[0].empty() || !rows[0][0] ? "NULL" : *rows[0][0];
}

/// What a child process reported: its exit code and what it wrote.
struct child_result {
  int exit_code = -1;
  std::string output;
};

/// A child process running one job: fork, then (when `gate` is a pipe's read end) wait until the parent closes
/// the pipe. A job returns text for the parent; an exception makes the child exit 1 with its what(). Children leave
/// through _exit, so nothing the parent owns (its connection, Catch2's state) is touched by them.
struct child {
  pid_t pid = -1;
  int output = -1;
};

inline child spawn(const std::function<std::string()>& job, const int* gate = nullptr) {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid > 0) {
    ::close(out[1]);
    return {pid, out[0]};
  }
  ::close(out[0]);
  if (gate) {
    ::close(gate[1]);
    char go;
    (void)!::read(gate[0], &go, 1);  // returns 0 when the parent closes its end: everyone starts together
  }
  int code = 0;
  std::string text;
  try {
    text = job();
  } catch (const std::exception& e) {
    text = e.what();
    code = 1;
  } catch (...) {
    text = "unknown exception";
    code = 2;
  }
  for (std::size_t done = 0; done < text.size();) {
    const auto n = ::write(out[1], text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::_exit(code);
}

/// Waits for the child: its exit code (128 + signal when killed) and everything it wrote.
inline child_result collect(const child& c) {
  child_result r;
  char buffer[4096];
  for (ssize_t n; (n = ::read(c.output, buffer, sizeof buffer)) > 0;)
    r.output.append(buffer, static_cast<std::size_t>(n));
  ::close(c.output);
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

/// Runs every job in its own process; all start at the same instant.
inline std::vector<child_result> run_processes(const std::vector<std::function<std::string()>>& jobs) {
  int gate[2];
  if (::pipe(gate) != 0) throw std::runtime_error("pipe failed");
  std::vector<child> children;
  for (const auto& job : jobs) children.push_back(spawn(job, gate));
  ::close(gate[0]);
  ::close(gate[1]);
  std::vector<child_result> results;
  for (const auto& c : children) results.push_back(collect(c));
  return results;
}

}  // namespace migrator_hostile
