#pragma once
/// What the fault tests share: their tables, a second connection that kills the victim's backend, and a PRIVATE
/// PostgreSQL cluster (scripts/pg_tmp.sh into a temporary directory) for the tests that stop or restart a server,
/// so the shared fixture server is never touched.
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <drizzle/pqxx.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "support/test_db.hpp"

namespace faults {
using namespace drizzle::pg;

struct items_t : drizzle::table<items_t, "drizzle_fault_items"> {
  column<"id", serial, primary_key> id;
  column<"k", text, not_null, unique> k;
  column<"n", integer, not_null> n;
};
inline constexpr items_t items{};

struct notes_t : drizzle::table<notes_t, "drizzle_fault_notes"> {
  column<"id", serial, primary_key> id;
  column<"item_id", integer, not_null> item_id;
  column<"body", text, not_null> body;
};
inline constexpr notes_t notes{};

inline constexpr auto relational =
    drizzle::relational_schema(drizzle::relations(items, drizzle::many<"notes">(notes)),
                               drizzle::relations(notes, drizzle::one<"item">(items, notes.item_id, items.id)));

/// Creates (or empties) the tables on the database at `url`.
inline void reset_tables(const std::string& url) {
  auto db = drizzle::pqxx::connect(url);
  db.execute(
      "create table if not exists drizzle_fault_items (id serial primary key, k text not null unique, n integer not "
      "null); create table if not exists drizzle_fault_notes (id serial primary key, item_id integer not null, body "
      "text not null); truncate drizzle_fault_items, drizzle_fault_notes restart identity");
}

/// Rows of drizzle_fault_items, counted from a fresh connection.
inline std::int64_t count_items(const std::string& url) {
  auto db = drizzle::pqxx::connect(url);
  return std::stoll(*db.query_text("select count(*) from drizzle_fault_items").at(0).at(0));
}

inline int backend_pid(drizzle::pqxx::session& db) {
  return std::stoi(*db.query_text("select pg_backend_pid()").at(0).at(0));
}

/// Terminates backend `pid` from a second connection and waits until it is gone (PostgreSQL 14+).
inline void kill_backend(const std::string& url, int pid) {
  auto admin = drizzle::pqxx::connect(url);
  const auto r = admin.query_text("select pg_terminate_backend($1::int, 10000)", {std::to_string(pid)});
  if (r.at(0).at(0) != std::optional<std::string>("t"))
    throw std::runtime_error("could not terminate backend " + std::to_string(pid));
}

/// Runs a shell command; throws with its output when it fails.
inline std::string shell(const std::string& command) {
  std::string out;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) throw std::runtime_error("cannot run: " + command);
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), p)) out += buf.data();
  if (const int rc = ::pclose(p); rc != 0)
    throw std::runtime_error("failed (" + std::to_string(rc) + "): " + command + "\n" + out);
  return out;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read " + path);
  return text.str();
}

/// A PostgreSQL cluster of its own: started in the constructor, removed in the destructor.
class private_cluster {
 public:
  private_cluster() {
    char tmpl[] = "/tmp/drizzle-hostile-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    shell("env -u DATABASE_URL " + script() + " start " + dir_ + "/pg");
    url_ = read_text(dir_ + "/pg/url");
    data_ = read_text(dir_ + "/pg/location") + "/data";
  }
  private_cluster(const private_cluster&) = delete;
  private_cluster& operator=(const private_cluster&) = delete;
  ~private_cluster() {
    try {
      shell(script() + " stop " + dir_ + "/pg");
      shell("rm -rf " + dir_);
    } catch (...) {
    }
  }
  [[nodiscard]] const std::string& url() const { return url_; }
  /// pg_ctl restart -m MODE (fast or immediate): the server stops as asked, then starts with the same options.
  void restart(const std::string& mode) { pg_ctl("-m " + mode + " -w -t 60 restart"); }
  /// A crash: SIGKILL to backend `pid`, so the postmaster ends every other backend and restarts
  /// (restart_after_crash); returns once backend `victim` is gone too.
  void crash(int pid, int victim) {
    shell("kill -9 " + std::to_string(pid) + "; for i in $(seq 1 400); do kill -0 " + std::to_string(victim) +
          " 2>/dev/null || exit 0; sleep 0.05; done; exit 1");
  }

 private:
  /// A static, not a temporary: g++ 12 at -O2 misreads `temporary + "..."` here as out of bounds (-Warray-bounds).
  static const std::string& script() {
    static const std::string path = DRIZZLE_SOURCE_DIR "/scripts/pg_tmp.sh";
    return path;
  }
  void pg_ctl(const std::string& args) {
    const std::string as_owner = ::geteuid() == 0 ? "runuser -u postgres -- " : "";
    shell(
        "bindir=$(pg_config --bindir 2>/dev/null); [ -x \"$bindir/pg_ctl\" ] || bindir=$(ls -d "
        "/usr/lib/postgresql/*/bin | tail -n 1); " +
        as_owner + "\"$bindir/pg_ctl\" -D " + data_ + " -l " + data_ + "/../server.log " + args);
  }
  std::string dir_, url_, data_;
};

}  // namespace faults
