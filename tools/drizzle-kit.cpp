// drizzle-kit for C++: the commands that need no schema (migrate, rollback, status, pull, check, drop). generate,
// push and export need the application's schema: build a kit program with drizzle::kit::main (docs/kit.md).
#include <drizzle/kit.hpp>

int main(int argc, char** argv) {
  return drizzle::kit::run(argc, argv, nullptr);
}
