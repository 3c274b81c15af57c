// libpqxx 6.4 (exec_params, exec_prepared, a pqxx::work per query, stream_to, pqxx::pipeline) and SOCI 4.0.
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <array>
#include <optional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include "common.hpp"

namespace bench {
namespace {

User pqxx_user(const pqxx::row& r) {
  return User{r[0].as<std::int32_t>(), r[1].c_str(), r[2].c_str(), r[3].as<std::int32_t>()};
}

enum class pqxx_mode { exec_params, exec_prepared, work_per_query };

struct pqxx_state {
  pqxx::connection conn;
  std::optional<pqxx::nontransaction> tx;
  pqxx_mode mode;
  pqxx_state(const std::string& url, pqxx_mode m) : conn(url), mode(m) {
    conn.prepare("point", sql::point);
    conn.prepare("range", sql::range);
    conn.prepare("join", sql::join);
    conn.prepare("assoc", sql::associations);
    conn.prepare("insert", sql::insert);
    conn.prepare("insert_row", "insert into bench_items (name, qty) values ($1, $2)");
    conn.prepare("insert_unnest", sql::insert_unnest);
    if (mode != pqxx_mode::work_per_query) tx.emplace(conn);
  }
  /// Runs one statement the way this contender does: by text, by prepared name, or in its own pqxx::work.
  template <class... A>
  pqxx::result run(const char* name, const char* text, const A&... args) {
    switch (mode) {
      case pqxx_mode::exec_params:
        return tx->exec_params(text, args...);
      case pqxx_mode::exec_prepared:
        return tx->exec_prepared(name, args...);
      case pqxx_mode::work_per_query:
        break;
    }
    pqxx::work w(conn);
    auto r = w.exec_params(text, args...);
    w.commit();
    return r;
  }
};

contender make_pqxx(const std::string& name, const std::string& url, pqxx_mode mode) {
  auto s = std::make_shared<pqxx_state>(url, mode);
  contender c;
  c.name = name;
  c.keep_alive = s;
  c.point = [s](std::int32_t id) { return pqxx_user(s->run("point", sql::point, id).at(0)); };
  c.range = [s](std::int32_t lo, std::int32_t hi, std::vector<User>& out) {
    const auto r = s->run("range", sql::range, lo, hi);
    out.reserve(r.size());
    for (const auto& row : r) out.push_back(pqxx_user(row));
  };
  c.join = [s](std::vector<UserPosts>& out) {
    const auto r = s->run("join", sql::join);
    out.reserve(r.size());
    for (const auto& row : r)
      out.push_back(UserPosts{row[0].as<std::int32_t>(), row[1].c_str(), row[2].as<std::int64_t>()});
  };
  c.associations = [s](std::int32_t max_user, std::vector<Author>& out) {
    const auto r = s->run("assoc", sql::associations, max_user);
    association_folder fold{out};
    for (const auto& row : r)
      fold.add(row[0].as<std::int32_t>(), row[1].c_str(), row[2].c_str(), row[3].as<std::int32_t>(),
               row[4].as<std::int32_t>(), row[5].c_str(), row[6].as<std::int32_t>(), row[7].c_str());
  };
  c.insert_returning = [s](const Item& item) {
    return s->run("insert", sql::insert, item.name, item.qty).at(0)[0].as<std::int32_t>();
  };
  if (mode == pqxx_mode::exec_prepared) {
    c.bulk = {{"prepared rows in a transaction",
               [s](const std::vector<Item>& rows) {
                 s->tx.reset();
                 {
                   pqxx::work w(s->conn);
                   for (const auto& item : rows) w.exec_prepared("insert_row", item.name, item.qty);
                   w.commit();
                 }
                 s->tx.emplace(s->conn);
               }},
              {"unnest arrays",
               [s](const std::vector<Item>& rows) {
                 s->tx->exec_prepared("insert_unnest", text_array(rows), qty_array(rows));
               }},
              {"stream_to (copy)", [s](const std::vector<Item>& rows) {
                 s->tx.reset();
                 {
                   pqxx::work w(s->conn);
                   pqxx::stream_to stream(w, "bench_items", std::vector<std::string>{"name", "qty"});
                   for (const auto& item : rows) stream << std::make_tuple(item.name, item.qty);
                   stream.complete();
                   w.commit();
                 }
                 s->tx.emplace(s->conn);
               }}};
    // pqxx::pipeline is not libpq's pipeline mode: it joins literal SQL with ';' (no parameters).
    c.batch = [s](const std::vector<std::int32_t>& ids, std::vector<User>& out) {
      pqxx::pipeline p(*s->tx);
      std::vector<pqxx::pipeline::query_id> q;
      q.reserve(ids.size());
      for (auto id : ids)
        q.push_back(p.insert("select id, name, email, age from bench_users where id = " + std::to_string(id)));
      out.reserve(ids.size());
      for (auto id : q) out.push_back(pqxx_user(p.retrieve(id).at(0)));
    };
    c.batch_method = "pqxx::pipeline (literal SQL)";
  }
  return c;
}

/// SOCI with statements prepared once and reused (its fast path).
struct soci_state {
  soci::session db;
  std::int32_t id = 0, lo = 0, hi = 0, max_user = 0;
  User u;
  UserPosts up;
  long long count = 0;
  std::int32_t pid = 0, cid = 0;
  std::string title, body;
  Item item;
  std::int32_t new_id = 0;
  soci::statement point, range, join, assoc, insert;
  explicit soci_state(const std::string& url)
      : db(soci::postgresql, url),
        point((db.prepare << "select id, name, email, age from bench_users where id = :id", soci::use(id),
               soci::into(u.id), soci::into(u.name), soci::into(u.email), soci::into(u.age))),
        range((db.prepare << "select id, name, email, age from bench_users where id between :lo and :hi order by id",
               soci::use(lo), soci::use(hi), soci::into(u.id), soci::into(u.name), soci::into(u.email),
               soci::into(u.age))),
        join((db.prepare << sql::join, soci::into(up.id), soci::into(up.name), soci::into(count))),
        assoc((db.prepare << "select u.id, u.name, u.email, u.age, p.id, p.title, c.id, c.body from bench_users u "
                             "join bench_posts p on u.id = p.user_id join bench_comments c on p.id = c.post_id "
                             "where u.id <= :m order by u.id, p.id, c.id",
               soci::use(max_user), soci::into(u.id), soci::into(u.name), soci::into(u.email), soci::into(u.age),
               soci::into(pid), soci::into(title), soci::into(cid), soci::into(body))),
        insert((db.prepare << "insert into bench_items (name, qty) values (:n, :q) returning id", soci::use(item.name),
                soci::use(item.qty), soci::into(new_id))) {}
};

contender make_soci(const std::string& url) {
  auto s = std::make_shared<soci_state>(url);
  contender c;
  c.name = "soci";
  c.keep_alive = s;
  c.point = [s](std::int32_t id) {
    s->id = id;
    if (!s->point.execute(true)) throw std::runtime_error("soci: no row");
    return s->u;
  };
  c.range = [s](std::int32_t lo, std::int32_t hi, std::vector<User>& out) {
    s->lo = lo;
    s->hi = hi;
    s->range.execute();
    while (s->range.fetch()) out.push_back(s->u);
  };
  c.join = [s](std::vector<UserPosts>& out) {
    s->join.execute();
    while (s->join.fetch()) out.push_back(UserPosts{s->up.id, s->up.name, s->count});
  };
  c.associations = [s](std::int32_t max_user, std::vector<Author>& out) {
    s->max_user = max_user;
    s->assoc.execute();
    association_folder fold{out};
    while (s->assoc.fetch()) fold.add(s->u.id, s->u.name, s->u.email, s->u.age, s->pid, s->title, s->cid, s->body);
  };
  c.insert_returning = [s](const Item& item) {
    s->item = item;
    s->insert.execute(true);
    return s->new_id;
  };
  c.bulk = {{"vector use (bulk) in a transaction", [s](const std::vector<Item>& rows) {
               std::vector<std::string> names;
               std::vector<int> qty;
               names.reserve(rows.size());
               qty.reserve(rows.size());
               for (const auto& r : rows) {
                 names.push_back(r.name);
                 qty.push_back(r.qty);
               }
               soci::transaction tr(s->db);
               s->db << "insert into bench_items (name, qty) values (:n, :q)", soci::use(names), soci::use(qty);
               tr.commit();
             }}};
  return c;
}

/// SOCI as a one-liner per query (parsed, prepared and described every time).
contender make_soci_oneshot(const std::string& url) {
  auto s = std::make_shared<soci::session>(soci::postgresql, url);
  contender c;
  c.name = "soci_oneshot";
  c.keep_alive = s;
  c.point = [s](std::int32_t id) {
    User u;
    *s << "select id, name, email, age from bench_users where id = :id", soci::use(id), soci::into(u.id),
        soci::into(u.name), soci::into(u.email), soci::into(u.age);
    return u;
  };
  return c;
}

}  // namespace

std::vector<contender> pqxx_contenders(const std::string& url) {
  return {make_pqxx("pqxx_exec_params", url, pqxx_mode::exec_params),
          make_pqxx("pqxx_exec_prepared", url, pqxx_mode::exec_prepared),
          make_pqxx("pqxx_work_per_query", url, pqxx_mode::work_per_query)};
}
std::vector<contender> soci_contenders(const std::string& url) {
  return {make_soci(url), make_soci_oneshot(url)};
}

}  // namespace bench
