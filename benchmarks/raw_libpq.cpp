// Raw libpq: prepared statements with text or binary results, pipeline mode, COPY (text and binary).
#include <arpa/inet.h>
#include <endian.h>
#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "common.hpp"

namespace bench {
namespace {

struct pq_result {
  PGresult* r;
  explicit pq_result(PGresult* res) : r(res) {}
  pq_result(const pq_result&) = delete;
  pq_result& operator=(const pq_result&) = delete;
  ~pq_result() { PQclear(r); }
};

class connection {
 public:
  explicit connection(const std::string& url) : c_(PQconnectdb(url.c_str())) {
    if (PQstatus(c_) != CONNECTION_OK) throw std::runtime_error(std::string("libpq: ") + PQerrorMessage(c_));
  }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection() { PQfinish(c_); }
  PGconn* get() const { return c_; }
  void check(PGresult* r, const char* what) const {
    const auto s = PQresultStatus(r);
    if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK && s != PGRES_COPY_IN && s != PGRES_PIPELINE_SYNC) {
      std::string msg = std::string(what) + ": " + PQerrorMessage(c_);
      PQclear(r);
      throw std::runtime_error(msg);
    }
  }
  void prepare(const char* name, const char* text, int n, const Oid* types = nullptr) const {
    PGresult* r = PQprepare(c_, name, text, n, types);
    check(r, name);
    PQclear(r);
  }
  void exec(const char* text) const {
    PGresult* r = PQexec(c_, text);
    check(r, text);
    PQclear(r);
  }

 private:
  PGconn* c_;
};

std::int32_t text_int(const PGresult* r, int row, int col) {
  const char* v = PQgetvalue(r, row, col);
  std::int32_t out = 0;
  std::from_chars(v, v + PQgetlength(r, row, col), out);
  return out;
}
std::int64_t text_int8(const PGresult* r, int row, int col) {
  const char* v = PQgetvalue(r, row, col);
  std::int64_t out = 0;
  std::from_chars(v, v + PQgetlength(r, row, col), out);
  return out;
}
std::int32_t bin_int(const PGresult* r, int row, int col) {
  std::uint32_t v;
  std::memcpy(&v, PQgetvalue(r, row, col), 4);
  return static_cast<std::int32_t>(ntohl(v));
}
std::int64_t bin_int8(const PGresult* r, int row, int col) {
  std::uint64_t v;
  std::memcpy(&v, PQgetvalue(r, row, col), 8);
  return static_cast<std::int64_t>(be64toh(v));
}
std::string_view str(const PGresult* r, int row, int col) {
  return {PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col))};
}

/// One raw libpq contender; `binary` asks for binary parameters and results.
struct raw {
  connection conn;
  bool binary;
  raw(const std::string& url, bool bin) : conn(url), binary(bin) {
    static constexpr Oid int4[] = {23, 23};
    conn.prepare("point", sql::point, 1, binary ? int4 : nullptr);
    conn.prepare("range", sql::range, 2, binary ? int4 : nullptr);
    conn.prepare("join", sql::join, 0);
    conn.prepare("assoc", sql::associations, 1, binary ? int4 : nullptr);
    conn.prepare("insert", sql::insert, 2);
    conn.prepare("insert_unnest", sql::insert_unnest, 2);
    conn.prepare("insert_row", "insert into bench_items (name, qty) values ($1, $2)", 2);
  }
  int fmt() const { return binary ? 1 : 0; }

  /// Runs a prepared statement with int parameters.
  template <std::size_t N>
  PGresult* run_ints(const char* name, const std::int32_t (&ints)[N]) const {
    const char* values[N];
    int lengths[N];
    int formats[N];
    char text[N][12];
    std::uint32_t be[N];
    for (std::size_t i = 0; i < N; ++i) {
      if (binary) {
        be[i] = htonl(static_cast<std::uint32_t>(ints[i]));
        values[i] = reinterpret_cast<const char*>(&be[i]);
        lengths[i] = 4;
        formats[i] = 1;
      } else {
        *std::to_chars(text[i], text[i] + 11, ints[i]).ptr = '\0';
        values[i] = text[i];
        lengths[i] = 0;
        formats[i] = 0;
      }
    }
    PGresult* r = PQexecPrepared(conn.get(), name, static_cast<int>(N), values, lengths, formats, fmt());
    conn.check(r, name);
    return r;
  }
  std::int32_t get_int(const PGresult* r, int row, int col) const {
    return binary ? bin_int(r, row, col) : text_int(r, row, col);
  }
  User user(const PGresult* r, int row) const {
    return User{get_int(r, row, 0), std::string(str(r, row, 1)), std::string(str(r, row, 2)), get_int(r, row, 3)};
  }
  User point(std::int32_t id) const {
    pq_result r(run_ints("point", {id}));
    if (PQntuples(r.r) != 1) throw std::runtime_error("point: no row");
    return user(r.r, 0);
  }
  void range(std::int32_t lo, std::int32_t hi, std::vector<User>& out) const {
    pq_result r(run_ints("range", {lo, hi}));
    const int n = PQntuples(r.r);
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) out.push_back(user(r.r, i));
  }
  void join(std::vector<UserPosts>& out) const {
    pq_result r(PQexecPrepared(conn.get(), "join", 0, nullptr, nullptr, nullptr, fmt()));
    conn.check(r.r, "join");
    const int n = PQntuples(r.r);
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
      out.push_back(UserPosts{get_int(r.r, i, 0), std::string(str(r.r, i, 1)),
                              binary ? bin_int8(r.r, i, 2) : text_int8(r.r, i, 2)});
  }
  void associations(std::int32_t max_user, std::vector<Author>& out) const {
    pq_result r(run_ints("assoc", {max_user}));
    association_folder fold{out};
    const int n = PQntuples(r.r);
    for (int i = 0; i < n; ++i)
      fold.add(get_int(r.r, i, 0), str(r.r, i, 1), str(r.r, i, 2), get_int(r.r, i, 3), get_int(r.r, i, 4),
               str(r.r, i, 5), get_int(r.r, i, 6), str(r.r, i, 7));
  }
  std::int32_t insert_returning(const Item& item) const {
    char qty[12];
    *std::to_chars(qty, qty + 11, item.qty).ptr = '\0';
    const char* values[] = {item.name.c_str(), qty};
    pq_result r(PQexecPrepared(conn.get(), "insert", 2, values, nullptr, nullptr, 0));
    conn.check(r.r, "insert");
    return text_int(r.r, 0, 0);
  }

  // Bulk inserts.
  void prepared_rows(const std::vector<Item>& rows) const {
    conn.exec("begin");
    for (const auto& item : rows) {
      char qty[12];
      *std::to_chars(qty, qty + 11, item.qty).ptr = '\0';
      const char* values[] = {item.name.c_str(), qty};
      pq_result r(PQexecPrepared(conn.get(), "insert_row", 2, values, nullptr, nullptr, 0));
      conn.check(r.r, "insert_row");
    }
    conn.exec("commit");
  }
  void pipelined_rows(const std::vector<Item>& rows) const {
    PGconn* c = conn.get();
    if (!PQenterPipelineMode(c)) throw std::runtime_error("pipeline mode");
    std::vector<std::array<char, 12>> qty(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      *std::to_chars(qty[i].data(), qty[i].data() + 11, rows[i].qty).ptr = '\0';
      const char* values[] = {rows[i].name.c_str(), qty[i].data()};
      if (!PQsendQueryPrepared(c, "insert_row", 2, values, nullptr, nullptr, 0))
        throw std::runtime_error(PQerrorMessage(c));
    }
    PQpipelineSync(c);
    drain_pipeline(rows.size());
    PQexitPipelineMode(c);
  }
  /// Reads `n` results (each followed by a null) and the sync of a pipeline.
  void drain_pipeline(std::size_t n, const std::function<void(const PGresult*)>& each = {}) const {
    PGconn* c = conn.get();
    for (std::size_t i = 0; i < n; ++i) {
      PGresult* r = PQgetResult(c);
      conn.check(r, "pipeline");
      if (each) each(r);
      PQclear(r);
      while ((r = PQgetResult(c)) != nullptr) PQclear(r);
    }
    PGresult* sync = PQgetResult(c);
    conn.check(sync, "pipeline sync");
    PQclear(sync);
  }
  /// Multi-row VALUES, `per_statement` rows per statement (at most 32,767: 65,535 parameters).
  /// With `with_default`, the text is drizzle-cpp's: the id column listed and given as `default` in every row.
  void multirow_values(const std::vector<Item>& rows, std::size_t per_statement, bool with_default = false) const {
    conn.exec("begin");
    for (std::size_t start = 0; start < rows.size(); start += per_statement) {
      const std::size_t end = std::min(rows.size(), start + per_statement);
      std::string text = with_default ? "insert into bench_items (id, name, qty) values "
                                      : "insert into bench_items (name, qty) values ";
      std::vector<std::string> qty;
      std::vector<const char*> values;
      qty.reserve(end - start);
      for (std::size_t i = start; i < end; ++i) {
        const auto k = 2 * (i - start);
        text += (i > start ? ", (" : "(") + std::string(with_default ? "default, $" : "$") + std::to_string(k + 1) +
                ", $" + std::to_string(k + 2) + ")";
        qty.push_back(std::to_string(rows[i].qty));
        values.push_back(rows[i].name.c_str());
        values.push_back(qty.back().c_str());
      }
      pq_result r(PQexecParams(conn.get(), text.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0));
      conn.check(r.r, "multirow");
    }
    conn.exec("commit");
  }
  void unnest(const std::vector<Item>& rows) const {
    const std::string names = text_array(rows), qtys = qty_array(rows);
    const char* values[] = {names.c_str(), qtys.c_str()};
    pq_result r(PQexecPrepared(conn.get(), "insert_unnest", 2, values, nullptr, nullptr, 0));
    conn.check(r.r, "unnest");
  }
  void copy(const std::vector<Item>& rows, bool bin) const {
    PGconn* c = conn.get();
    PGresult* start =
        PQexec(c, bin ? "copy bench_items (name, qty) from stdin binary" : "copy bench_items (name, qty) from stdin");
    conn.check(start, "copy");
    PQclear(start);
    std::string buf;
    if (bin) {
      buf.append("PGCOPY\n\377\r\n\0", 11);
      buf.append(8, '\0');  // flags, header extension length
    }
    auto put32 = [&](std::uint32_t v) {
      v = htonl(v);
      buf.append(reinterpret_cast<const char*>(&v), 4);
    };
    for (const auto& item : rows) {
      if (bin) {
        const std::uint16_t fields = htons(2);
        buf.append(reinterpret_cast<const char*>(&fields), 2);
        put32(static_cast<std::uint32_t>(item.name.size()));
        buf += item.name;
        put32(4);
        put32(static_cast<std::uint32_t>(item.qty));
      } else {
        for (char ch : item.name) {
          if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') buf += '\\';
          buf += ch;
        }
        buf += '\t';
        char qty[12];
        buf.append(qty, std::to_chars(qty, qty + 11, item.qty).ptr);
        buf += '\n';
      }
      if (buf.size() > 65536) {
        PQputCopyData(c, buf.data(), static_cast<int>(buf.size()));
        buf.clear();
      }
    }
    if (bin) buf.append("\377\377", 2);
    if (!buf.empty()) PQputCopyData(c, buf.data(), static_cast<int>(buf.size()));
    PQputCopyEnd(c, nullptr);
    pq_result end(PQgetResult(c));
    conn.check(end.r, "copy end");
    while (PGresult* r = PQgetResult(c)) PQclear(r);
  }
  void pipelined_points(const std::vector<std::int32_t>& ids, std::vector<User>& out) const {
    PGconn* c = conn.get();
    if (!PQenterPipelineMode(c)) throw std::runtime_error("pipeline mode");
    std::vector<std::array<char, 12>> text(ids.size());
    std::vector<std::uint32_t> be(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const char* values[1];
      int lengths[1] = {binary ? 4 : 0};
      int formats[1] = {fmt()};
      if (binary) {
        be[i] = htonl(static_cast<std::uint32_t>(ids[i]));
        values[0] = reinterpret_cast<const char*>(&be[i]);
      } else {
        *std::to_chars(text[i].data(), text[i].data() + 11, ids[i]).ptr = '\0';
        values[0] = text[i].data();
      }
      if (!PQsendQueryPrepared(c, "point", 1, values, lengths, formats, fmt()))
        throw std::runtime_error(PQerrorMessage(c));
    }
    PQpipelineSync(c);
    out.reserve(ids.size());
    drain_pipeline(ids.size(), [&](const PGresult* r) { out.push_back(user(r, 0)); });
    PQexitPipelineMode(c);
  }
};

contender make(const std::string& name, const std::string& url, bool binary, bool with_bulk) {
  auto s = std::make_shared<raw>(url, binary);
  contender c;
  c.name = name;
  c.keep_alive = s;
  c.point = [s](std::int32_t id) { return s->point(id); };
  c.range = [s](std::int32_t lo, std::int32_t hi, std::vector<User>& out) { s->range(lo, hi, out); };
  c.join = [s](std::vector<UserPosts>& out) { s->join(out); };
  c.associations = [s](std::int32_t max_user, std::vector<Author>& out) { s->associations(max_user, out); };
  c.insert_returning = [s](const Item& item) { return s->insert_returning(item); };
  c.batch = [s](const std::vector<std::int32_t>& ids, std::vector<User>& out) { s->pipelined_points(ids, out); };
  c.batch_method = "pipeline mode";
  if (with_bulk) {
    c.bulk = {
        {"prepared rows in a transaction", [s](const std::vector<Item>& r) { s->prepared_rows(r); }},
        {"pipelined rows", [s](const std::vector<Item>& r) { s->pipelined_rows(r); }},
        {"multi-row values, 1000 per statement", [s](const std::vector<Item>& r) { s->multirow_values(r, 1000); }},
        {"multi-row values, one statement", [s](const std::vector<Item>& r) { s->multirow_values(r, 32767); }},
        {"multi-row values, one statement, id as default",
         [s](const std::vector<Item>& r) { s->multirow_values(r, 32767, true); }},
        {"unnest arrays", [s](const std::vector<Item>& r) { s->unnest(r); }},
        {"copy text", [s](const std::vector<Item>& r) { s->copy(r, false); }},
        {"copy binary", [s](const std::vector<Item>& r) { s->copy(r, true); }}};
  }
  return c;
}

}  // namespace

std::vector<contender> raw_libpq_contenders(const std::string& url) {
  return {make("raw_libpq", url, false, true), make("raw_libpq_again", url, false, false),
          make("raw_libpq_binary", url, true, false)};
}

std::string text_array(const std::vector<Item>& rows) {
  std::string out = "{";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : rows[i].name) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out += '}';
}
std::string qty_array(const std::vector<Item>& rows) {
  std::string out = "{";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(rows[i].qty);
  }
  return out += '}';
}

}  // namespace bench
