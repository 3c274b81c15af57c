// expect: drizzle: with<>(): the table has no relation of this name
// expect: relation_named<'a', 'r', 't', 'i', 'c', 'l', 'e', 's'>
// max-lines: 20
// users has relations posts and comments, but none named "articles".
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  auto q = to_sql(query(relational)[users].find_many(with<"articles">()));
#else
  auto q = to_sql(query(relational)[users].find_many(with<"posts">()));
#endif
  return 0;
}
