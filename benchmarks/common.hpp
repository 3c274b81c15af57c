#pragma once
/// What every contender of the benchmark implements: the same workloads, decoding into the same structs.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace bench {

struct User {
  std::int32_t id;
  std::string name;
  std::string email;
  std::int32_t age;
};
struct UserPosts {  // the join with aggregation
  std::int32_t id;
  std::string name;
  std::int64_t posts;
};
struct Comment {
  std::int32_t id;
  std::string body;
};
struct Post {
  std::int32_t id;
  std::string title;
  std::vector<Comment> comments;
};
struct Author {  // associations: users -> posts -> comments
  User user;
  std::vector<Post> posts;
};
struct Item {  // a row to insert
  std::string name;
  std::int32_t qty;
};

/// One approach to the database: each function is one workload; an empty function is a workload it cannot do.
struct contender {
  std::string name;
  std::function<User(std::int32_t id)> point;
  std::function<void(std::int32_t lo, std::int32_t hi, std::vector<User>& out)> range;
  std::function<void(std::vector<UserPosts>& out)> join;
  std::function<void(std::int32_t max_user, std::vector<Author>& out)> associations;
  std::function<std::int32_t(const Item& item)> insert_returning;
  /// Bulk inserts, by every method the contender has: (method name, insert these rows).
  std::vector<std::pair<std::string, std::function<void(const std::vector<Item>&)>>> bulk;
  /// Many independent point selects, batched where the contender can batch.
  std::function<void(const std::vector<std::int32_t>& ids, std::vector<User>& out)> batch;
  std::string batch_method;
  std::shared_ptr<void> keep_alive;  ///< the connection and prepared statements the functions use
};

std::vector<contender> raw_libpq_contenders(const std::string& url);
std::vector<contender> pqxx_contenders(const std::string& url);
std::vector<contender> soci_contenders(const std::string& url);
std::vector<contender> drizzle_contenders(const std::string& url);
/// Reads ROWS values of one type in text or binary format and decodes them (drizzle_bench --count-type).
int count_type(const std::string& url, const std::string& type, bool binary, long rows);
/// SQL building only (no database): name -> build once.
std::vector<std::pair<std::string, std::function<std::size_t(std::int32_t)>>> build_sql_cases();

/// The SQL every hand-written contender runs (drizzle-cpp renders the equivalent from its schema).
namespace sql {
inline constexpr const char* point = "select id, name, email, age from bench_users where id = $1";
inline constexpr const char* range =
    "select id, name, email, age from bench_users where id between $1 and $2 order by id";
inline constexpr const char* join =
    "select u.id, u.name, count(p.id) from bench_users u join bench_posts p on u.id = p.user_id "
    "group by u.id, u.name order by u.id";
inline constexpr const char* associations =
    "select u.id, u.name, u.email, u.age, p.id, p.title, c.id, c.body from bench_users u "
    "join bench_posts p on u.id = p.user_id join bench_comments c on p.id = c.post_id "
    "where u.id <= $1 order by u.id, p.id, c.id";
inline constexpr const char* insert = "insert into bench_items (name, qty) values ($1, $2) returning id";
inline constexpr const char* insert_unnest =
    "insert into bench_items (name, qty) select * from unnest($1::text[], $2::int4[])";
}  // namespace sql

/// Folds the rows of the associations query (ordered by user, post, comment) into nested structs.
struct association_folder {
  std::vector<Author>& out;
  void add(std::int32_t uid, std::string_view uname, std::string_view email, std::int32_t age, std::int32_t pid,
           std::string_view title, std::int32_t cid, std::string_view body) {
    if (out.empty() || out.back().user.id != uid)
      out.push_back(Author{User{uid, std::string(uname), std::string(email), age}, {}});
    auto& posts = out.back().posts;
    if (posts.empty() || posts.back().id != pid) posts.push_back(Post{pid, std::string(title), {}});
    posts.back().comments.push_back(Comment{cid, std::string(body)});
  }
};

/// A PostgreSQL array literal of texts ({"a","b"}), for the unnest bulk path.
std::string text_array(const std::vector<Item>& rows);
std::string qty_array(const std::vector<Item>& rows);

}  // namespace bench
