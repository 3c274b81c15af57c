#pragma once
/// drizzle::kit::main(argc, argv, schema): drizzle-kit for a C++ schema. The schema is C++, so the user builds a
/// small program from their schema header and gets every command: generate, migrate, rollback, status, push, pull,
/// check, export, drop, studio (docs/kit.md).
///
/// This header is light on purpose: the kit itself (the command line, diff, generate, push, pull, introspection,
/// the migrator, studio's web server) works on the schema's runtime description (ddl::schema_info), so it is
/// compiled once into the kit library (target drizzle::kit, built from src/kit) instead of into every kit program.
/// A kit program compiles the schema and ddl::describe only, and links the library. The full headers
/// (<drizzle/kit/cli.hpp>, <drizzle/kit/diff.hpp>, ...) stay usable directly for code that calls the kit's parts.
#include "ddl.hpp"

namespace drizzle::kit {

/// The kit's version, printed by --version (the project's version).
inline constexpr const char* kit_version = "0.1.0";

/// The whole command line (kit::command_line of <drizzle/kit/cli.hpp>, compiled in the kit library); `schema` is
/// null in the standalone drizzle-kit program. Returns the process's exit code.
int run(int argc, char** argv, const ddl::schema_info* schema);

/// The user's kit program: int main(int argc, char** argv) { return drizzle::kit::main(argc, argv, app::schema); }
template <class... Tables>
int main(int argc, char** argv, schema_t<Tables...> s) {
  const auto info = ddl::describe(s);
  return run(argc, argv, &info);
}

}  // namespace drizzle::kit
