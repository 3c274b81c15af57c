#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

/// LeakSanitizer suppressions for the sanitizer build. libpqxx 6.4 leaks the PGresult of a statement whose
/// connection broke while it ran (connection_base::exec_prepared/exec_params/register_prepared do not clear it on
/// that path); the tests that kill a backend provoke exactly that. Nothing of drizzle-cpp is suppressed.
extern "C" const char* __lsan_default_suppressions() {  // NOLINT(bugprone-reserved-identifier)
  return "leak:pqxx::connection_base::exec_prepared\n"
         "leak:pqxx::connection_base::exec_params\n"
         "leak:pqxx::connection_base::register_prepared\n"
         "leak:pqxx::connection_base::exec\n";
}
