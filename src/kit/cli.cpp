// The kit library (drizzle::kit): the kit's command line, compiled once. Everything else the kit needs is inline in
// the headers this includes, instantiated here and not in every kit program (<drizzle/kit.hpp>).
#include <drizzle/kit/cli.hpp>

int drizzle::kit::run(int argc, char** argv, const ddl::schema_info* schema) {
  return command_line(argc, argv, schema);
}
