// drizzle-cpp as users write it (the default: fixed-shape statements prepared automatically) and with explicit
// prepared statements (placeholders and .prepare("name")).
#include <array>
#include <drizzle/drizzle.hpp>
#include <drizzle/pqxx.hpp>
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
    // No nested-struct mapping yet (docs/driver.md, "Not there yet"): one join, folded by hand.
    c.associations = [db](std::int32_t max_user, std::vector<Author>& out) {
      const auto rows =
          db->select(users.id, users.name, users.email, users.age, posts.id, posts.title, comments.id, comments.body)
              .from(users)
              .inner_join(posts, eq(users.id, posts.user_id))
              .inner_join(comments, eq(posts.id, comments.post_id))
              .where(lte(users.id, max_user))
              .order_by(users.id, posts.id, comments.id)
              .all();
      association_folder fold{out};
      for (const auto& r : rows)
        fold.add(r[users.id], r[users.name], r[users.email], r[users.age], r[posts.id], r[posts.title], r[comments.id],
                 r[comments.body]);
    };
    c.insert_returning = [db](const Item& item) {
      return db->insert(items).values(items.name = item.name, items.qty = item.qty).returning(items.id).one()[items.id];
    };
    c.bulk = {{"values(range), the default",
               [db](const std::vector<Item>& rows) {
                 db->insert(items)
                     .values(rows,
                             [](const Item& i) {
                               return std::tuple{items.name = i.name, items.qty = i.qty};
                             })
                     .execute();
               }},
              {"single-row inserts in a transaction", [db](const std::vector<Item>& rows) {
                 db->transaction([&](auto& tx) {
                   for (const auto& i : rows) tx.insert(items).values(items.name = i.name, items.qty = i.qty).execute();
                 });
               }}};
    // No batching API (libpq pipeline mode is out of libpqxx 6.4's reach): the queries one after another.
    c.batch = [db](const std::vector<std::int32_t>& ids, std::vector<User>& out) {
      out.reserve(ids.size());
      for (auto id : ids)
        out.push_back(
            db->select(users.id, users.name, users.email, users.age).from(users).where(eq(users.id, id)).one<User>());
    };
    c.batch_method = "none (sequential: no batching API)";
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

/// Not the shipped driver: the same statements run with the fixes proposed in docs/performance.md ("open"), built
/// from drizzle's public pieces (to_sql, decode_record, to_struct) on libpqxx 6.4: render once, no SQL copy, fields
/// read through one row iterator (a pqxx::field holds a copy of its pqxx::result), rows decoded straight into the
/// struct, no intermediate vector.
struct sketch_state {
  ::pqxx::connection conn;
  ::pqxx::nontransaction tx;
  explicit sketch_state(const std::string& url) : conn(url), tx(conn) {}
};
template <class Row, class Struct>
Struct decode_into(const ::pqxx::row& r) {
  std::array<std::optional<std::string_view>, std::tuple_size_v<Row>> views;
  std::size_t k = 0;
  for (auto f = r.begin(), e = r.end(); f != e; ++f)
    views[k++] = f.is_null() ? std::nullopt : std::optional<std::string_view>(std::string_view(f.c_str(), f.size()));
  return to_struct<Struct>(decode_record<Row>([&](std::size_t i) { return views[i]; }));
}
auto sketch_point_stmt(std::int32_t id) {
  return select(users.id, users.name, users.email, users.age).from(users).where(eq(users.id, id));
}
auto sketch_range_stmt(std::int32_t lo, std::int32_t hi) {
  return select(users.id, users.name, users.email, users.age)
      .from(users)
      .where(between(users.id, lo, hi))
      .order_by(users.id);
}
template <class Stmt>
::pqxx::result sketch_run(sketch_state& s, const char* name, const Stmt& stmt) {
  const sql_query q = to_sql(stmt);
  std::array<const char*, 4> values{};
  for (std::size_t i = 0; i < q.params.size(); ++i) values[i] = q.params[i].value->c_str();
  return s.tx.exec_prepared(name, ::pqxx::prepare::make_dynamic_params(
                                      values.begin(), values.begin() + static_cast<std::ptrdiff_t>(q.params.size())));
}

contender make_sketch(const std::string& url) {
  auto s = std::make_shared<sketch_state>(url);
  s->conn.prepare("sketch_point", std::string(sketch_point_stmt(0).sql()));
  s->conn.prepare("sketch_range", std::string(sketch_range_stmt(0, 0).sql()));
  contender c;
  c.name = "drizzle_fix_sketch";
  c.keep_alive = s;
  c.point = [s](std::int32_t id) {
    const auto stmt = sketch_point_stmt(id);
    using row = typename decltype(stmt)::row_type;
    const auto r = sketch_run(*s, "sketch_point", stmt);
    if (r.size() != 1) throw std::runtime_error("sketch: not one row");
    return decode_into<row, User>(r[0]);
  };
  c.range = [s](std::int32_t lo, std::int32_t hi, std::vector<User>& out) {
    const auto stmt = sketch_range_stmt(lo, hi);
    using row = typename decltype(stmt)::row_type;
    const auto r = sketch_run(*s, "sketch_range", stmt);
    out.reserve(r.size());
    for (const auto& rr : r) out.push_back(decode_into<row, User>(rr));
  };
  return c;
}

}  // namespace

std::vector<contender> drizzle_contenders(const std::string& url) {
  return {make_drizzle("drizzle", url, false), make_drizzle("drizzle_prepared", url, true), make_sketch(url)};
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
