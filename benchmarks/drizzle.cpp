// drizzle-cpp as users write it (the default: fixed-shape statements prepared automatically) and with explicit
// prepared statements (placeholders and .prepare("name")).
#include <benchmark/benchmark.h>
#include <libpq-fe.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <drizzle/drizzle.hpp>
#include <drizzle/pqxx.hpp>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "common.hpp"

namespace bench {
namespace schema {
using namespace drizzle::pg;
struct users_t : drizzle::table<users_t, "bench_users"> {
  column<"id", serial, primary_key> id;
  column<"name", text, not_null> name;
  column<"email", text, not_null> email;
  column<"age", integer, not_null> age;
};
inline constexpr users_t users{};
struct posts_t : drizzle::table<posts_t, "bench_posts"> {
  column<"id", serial, primary_key> id;
  column<"user_id", integer, not_null> user_id;
  column<"title", text, not_null> title;
};
inline constexpr posts_t posts{};
struct comments_t : drizzle::table<comments_t, "bench_comments"> {
  column<"id", serial, primary_key> id;
  column<"post_id", integer, not_null> post_id;
  column<"body", text, not_null> body;
};
inline constexpr comments_t comments{};
struct items_t : drizzle::table<items_t, "bench_items"> {
  column<"id", serial, primary_key> id;
  column<"name", text, not_null> name;
  column<"qty", integer, not_null> qty;
};
inline constexpr items_t items{};
}  // namespace schema

namespace {
using namespace drizzle;
using schema::comments;
using schema::items;
using schema::posts;
using schema::users;

/// The associations query's row: the eight selected columns in order.
struct AssociationRow {
  std::int32_t uid;
  std::string uname, email;
  std::int32_t age;
  std::int32_t pid;
  std::string title;
  std::int32_t cid;
  std::string body;
};
/// The insert shape of bench_items, for copy_into: the serial id left empty (so left out of the COPY).
struct ItemInsert {
  std::optional<std::int32_t> id;
  std::string name;
  std::int32_t qty;
};

/// The benchmark's rows seen as ItemInsert, built one at a time as copy_into reads them (once: the column list comes
/// from the first row), as a user with rows of another type writes it (std::views::transform does the same, but
/// clang 14 cannot compile libstdc++ 12's <ranges>). Each row's name is copied once, as the libpqxx
/// (`std::make_tuple(item.name, ...)`) and SOCI contenders copy it; raw libpq writes from the Item itself.
struct insert_rows {
  const std::vector<Item>& rows;
  struct iterator {
    std::vector<Item>::const_iterator at;
    ItemInsert operator*() const { return ItemInsert{std::nullopt, at->name, at->qty}; }
    iterator& operator++() {
      ++at;
      return *this;
    }
    bool operator==(const iterator&) const = default;
  };
  [[nodiscard]] iterator begin() const { return {rows.begin()}; }
  [[nodiscard]] iterator end() const { return {rows.end()}; }
};

contender make_drizzle(const std::string& name, const std::string& url, bool explicit_prepare) {
  auto db = std::make_shared<drizzle::pqxx::database>(drizzle::pqxx::connect(url));
  contender c;
  c.name = name;
  c.keep_alive = db;
  if (!explicit_prepare) {
    c.point = [db](std::int32_t id) {
      return db->select(users.id, users.name, users.email, users.age).from(users).where(eq(users.id, id)).one<User>();
    };
    c.range = [db](std::int32_t lo, std::int32_t hi, std::vector<User>& out) {
      out = db->select(users.id, users.name, users.email, users.age)
                .from(users)
                .where(between(users.id, lo, hi))
                .order_by(users.id)
                .all<User>();
    };
    c.join = [db](std::vector<UserPosts>& out) {
      out = db->select(users.id, users.name, count(posts.id))
                .from(users)
                .inner_join(posts, eq(users.id, posts.user_id))
                .group_by(users.id, users.name)
                .order_by(users.id)
                .all<UserPosts>();
    };
    // The same eight columns as every other contender, read into a flat struct (decoded straight into it), then
    // folded with moves. (Nested structs need whole tables selected: posts.user_id and comments.post_id too.)
    c.associations = [db](std::int32_t max_user, std::vector<Author>& out) {
      auto rows =
          db->select(users.id, users.name, users.email, users.age, posts.id, posts.title, comments.id, comments.body)
              .from(users)
              .inner_join(posts, eq(users.id, posts.user_id))
              .inner_join(comments, eq(posts.id, comments.post_id))
              .where(lte(users.id, max_user))
              .order_by(users.id, posts.id, comments.id)
              .all<AssociationRow>();
      for (auto& r : rows) {
        if (out.empty() || out.back().user.id != r.uid)
          out.push_back(Author{User{r.uid, std::move(r.uname), std::move(r.email), r.age}, {}});
        auto& ps = out.back().posts;
        if (ps.empty() || ps.back().id != r.pid) ps.push_back(Post{r.pid, std::move(r.title), {}});
        ps.back().comments.push_back(Comment{r.cid, std::move(r.body)});
      }
    };
    c.insert_returning = [db](const Item& item) {
      return db->insert(items).values(items.name = item.name, items.qty = item.qty).returning(items.id).one()[items.id];
    };
    // values(range): from 1,000 rows (options::copy_min_rows) a binary COPY of (name, qty), below that
    // `insert ... select * from unnest($1::text[], $2::int4[])`; the serial id left out either way.
    c.bulk = {{"values(range) (COPY from 1,000 rows, else unnest)",
               [db](const std::vector<Item>& rows) {
                 db->insert(items)
                     .values(rows,
                             [](const Item& i) {
                               return std::tuple{items.name = i.name, items.qty = i.qty};
                             })
                     .execute();
               }},
              {"copy_into (binary COPY through libpq)",
               [db](const std::vector<Item>& rows) { db->copy_into(items, insert_rows{rows}); }},
              {"single-row inserts in a transaction", [db](const std::vector<Item>& rows) {
                 db->transaction([&](auto& tx) {
                   for (const auto& i : rows) tx.insert(items).values(items.name = i.name, items.qty = i.qty).execute();
                 });
               }}};
    // db.batch over a vector of bound statements: one libpq pipeline, one sync (one implicit transaction).
    c.batch = [db](const std::vector<std::int32_t>& ids, std::vector<User>& out) {
      using point_t =
          decltype(db->select(users.id, users.name, users.email, users.age).from(users).where(eq(users.id, 0)));
      std::vector<point_t> stmts;
      stmts.reserve(ids.size());
      for (auto id : ids)
        stmts.push_back(db->select(users.id, users.name, users.email, users.age).from(users).where(eq(users.id, id)));
      auto results = db->batch(stmts);
      out.reserve(ids.size());
      for (auto& rows : results) {
        auto& r = rows.at(0);
        out.push_back(User{r[users.id], std::move(r[users.name]), std::move(r[users.email]), r[users.age]});
      }
    };
    c.batch_method = "db.batch (pipeline mode)";
  } else {
    c.point = [db](std::int32_t id) {
      return db->select(users.id, users.name, users.email, users.age)
          .from(users)
          .where(eq(users.id, placeholder<"id">()))
          .prepare("bench_point")
          .one<User>(arg<"id">(id));
    };
    c.range = [db](std::int32_t lo, std::int32_t hi, std::vector<User>& out) {
      out = db->select(users.id, users.name, users.email, users.age)
                .from(users)
                .where(between(users.id, placeholder<"lo">(), placeholder<"hi">()))
                .order_by(users.id)
                .prepare("bench_range")
                .all<User>(arg<"lo">(lo), arg<"hi">(hi));
    };
  }
  return c;
}

}  // namespace

std::vector<contender> drizzle_contenders(const std::string& url) {
  return {make_drizzle("drizzle", url, false), make_drizzle("drizzle_prepared", url, true)};
}

std::vector<std::pair<std::string, std::function<std::size_t(std::int32_t)>>> build_sql_cases() {
  return {
      {"drizzle fixed shape: .sql() text only",
       [](std::int32_t id) {
         return select(users.id, users.name, users.email, users.age).from(users).where(eq(users.id, id)).sql().size();
       }},
      {"drizzle fixed shape: to_sql() text and parameters",
       [](std::int32_t id) {
         return to_sql(select(users.id, users.name, users.email, users.age).from(users).where(eq(users.id, id)))
             .params.size();
       }},
      {"drizzle dynamic condition: to_sql()",
       [](std::int32_t id) {
         condition where = eq(users.id, id);
         if (id % 2 == 0) where = where && gt(users.age, 18);
         return to_sql(select(users.id, users.name, users.email, users.age).from(users).where(where)).sql.size();
       }},
      {"hand-written: std::string concatenation",
       [](std::int32_t id) {
         const std::string s = "select id, name, email, age from bench_users where id = " + std::to_string(id);
         return s.size();
       }},
      {"hand-written: std::ostringstream",
       [](std::int32_t id) {
         std::ostringstream s;
         s << "select id, name, email, age from bench_users where id = " << id;
         return s.str().size();
       }},
  };
}

}  // namespace bench

// Text against binary results, per type (issue 13): `drizzle_bench --count-type TYPE FORMAT ROWS` reads ROWS values
// of one type (`select <expr> from generate_series(1, $1)`, prepared) in FORMAT (text: decoded by drizzle-cpp's
// codec, binary: decoded by hand as libpq's binary format needs) and nothing else; the difference between two row
// counts under callgrind is the client's cost per value (libpq's parsing of the result included).
namespace bench {
namespace {
std::uint64_t be(const char* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
/// PostgreSQL's binary dates and timestamps count from 2000-01-01.
constexpr std::int64_t pg_epoch_days = 10957;

template <class S>
std::size_t decode_column(const PGresult* r, bool binary, const std::function<void(const char*, int, S*)>& bin) {
  std::size_t sum = 0;
  const int n = PQntuples(r);
  S* none = nullptr;
  for (int i = 0; i < n; ++i) {
    const char* v = PQgetvalue(r, i, 0);
    const int len = PQgetlength(r, i, 0);
    if (binary) {
      bin(v, len, none);
      ++sum;
    } else {
      const auto x = drizzle::decode_as<S>(std::string_view(v, static_cast<std::size_t>(len)));
      benchmark::DoNotOptimize(x);
      ++sum;
    }
  }
  return sum;
}
}  // namespace

int count_type(const std::string& url, const std::string& type, bool binary, long rows) {
  struct kind {
    const char* name;
    const char* expr;
    std::function<std::size_t(const PGresult*, bool)> decode;
  };
  auto keep = [](auto x) { benchmark::DoNotOptimize(x); };
  const std::vector<kind> kinds = {
      {"integer", "g::int4",
       [&](const PGresult* r, bool b) {
         return decode_column<drizzle::pg::integer>(
             r, b, [&](const char* v, int, drizzle::pg::integer*) { keep(static_cast<std::int32_t>(be(v, 4))); });
       }},
      {"bigint", "g::int8 * 1000003",
       [&](const PGresult* r, bool b) {
         return decode_column<drizzle::pg::bigint>(
             r, b, [&](const char* v, int, drizzle::pg::bigint*) { keep(static_cast<std::int64_t>(be(v, 8))); });
       }},
      {"double precision", "g::float8 / 7",
       [&](const PGresult* r, bool b) {
         return decode_column<drizzle::pg::double_precision>(r, b,
                                                             [&](const char* v, int, drizzle::pg::double_precision*) {
                                                               const std::uint64_t bits = be(v, 8);
                                                               double d;
                                                               std::memcpy(&d, &bits, 8);
                                                               keep(d);
                                                             });
       }},
      {"boolean", "g % 2 = 0",
       [&](const PGresult* r, bool b) {
         return decode_column<drizzle::pg::boolean>(r, b,
                                                    [&](const char* v, int, drizzle::pg::boolean*) { keep(*v != 0); });
       }},
      {"text", "'user ' || g",
       [&](const PGresult* r, bool b) {
         return decode_column<drizzle::pg::text>(r, b, [&](const char* v, int len, drizzle::pg::text*) {
           keep(std::string(v, static_cast<std::size_t>(len)));
         });
       }},
      {"timestamp", "timestamp '2026-01-01' + g * interval '1.5 second'",
       [&](const PGresult* r, bool b) {
         return decode_column<drizzle::pg::timestamp>(r, b, [&](const char* v, int, drizzle::pg::timestamp*) {
           const auto us = static_cast<std::int64_t>(be(v, 8));
           keep(drizzle::timestamp_value(std::chrono::microseconds(us + pg_epoch_days * 86400000000LL)));
         });
       }},
      {"date", "date '2026-01-01' + g % 1000",
       [&](const PGresult* r, bool b) {
         return decode_column<drizzle::pg::date>(r, b, [&](const char* v, int, drizzle::pg::date*) {
           const auto days = static_cast<std::int32_t>(be(v, 4));
           keep(drizzle::date_value(std::chrono::days(days + pg_epoch_days)));
         });
       }},
      {"uuid", "md5(g::text)::uuid",
       [&](const PGresult* r, bool b) {
         return decode_column<drizzle::pg::uuid>(r, b, [&](const char* v, int, drizzle::pg::uuid*) {
           drizzle::uuid u;
           std::memcpy(u.bytes.data(), v, 16);
           keep(u);
         });
       }},
  };
  for (const auto& k : kinds) {
    if (type != k.name) continue;
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(c));
    const std::string sql = std::string("select ") + k.expr + " from generate_series(1, $1::int4) g";
    PGresult* p = PQprepare(c, "t", sql.c_str(), 1, nullptr);
    PQclear(p);
    const std::string n = std::to_string(rows);
    const char* values[] = {n.c_str()};
    PGresult* r = PQexecPrepared(c, "t", 1, values, nullptr, nullptr, binary ? 1 : 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) throw std::runtime_error(PQerrorMessage(c));
    const std::size_t got = k.decode(r, binary);
    PQclear(r);
    PQfinish(c);
    std::printf("%s %s: %zu\n", k.name, binary ? "binary" : "text", got);
    return 0;
  }
  std::fprintf(stderr, "no type %s\n", type.c_str());
  return 2;
}

}  // namespace bench
