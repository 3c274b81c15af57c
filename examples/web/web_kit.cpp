// The posts app's kit program: `web_kit generate --out examples/web/drizzle` wrote the committed migrations,
// `web_kit studio` browses the app's data.
#include <drizzle/kit.hpp>

#include "posts_schema.hpp"

int main(int argc, char** argv) {
  return drizzle::kit::main(argc, argv, posts_app::schema);
}
