// expect: drizzle: the struct does not match the selection (one field per selected field, in order; a group is
// max-lines: 20
// The post group's columns all come from the left-joined posts: it is absent when no post matched, so its struct
// field must be std::optional.
#include <drizzle/pqxx.hpp>
#include "support/oracle_schema.hpp"
using namespace oracle;
using drizzle::group;

struct PostPart {
  std::int32_t id;
  std::string title;
};
#ifdef DRIZZLE_COMPILE_FAIL
struct row_t {
  std::int32_t id;
  PostPart post;
};
#else
struct row_t {
  std::int32_t id;
  std::optional<PostPart> post;
};
#endif

std::vector<row_t> rows(drizzle::pqxx::database& db) {
  return db.select(users.id, group<"post">(posts.id, posts.title))
      .from(users)
      .left_join(posts, drizzle::eq(users.id, posts.author_id))
      .all<row_t>();
}

int main() {
  return 0;
}
