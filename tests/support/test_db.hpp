#pragma once
/// The database of the integration tests: DATABASE_URL when set, else the throwaway server the CTest
/// fixture started (its URL file is named by DRIZZLE_TEST_DB_FILE). No database is a failure, never a skip.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace drizzle_test {

inline std::string database_url() {
  if (const char* url = std::getenv("DATABASE_URL"); url && *url) return url;
  const char* file = std::getenv("DRIZZLE_TEST_DB_FILE");
  if (!file || !*file)
    throw std::runtime_error("no test database: set DATABASE_URL or run the tests through ctest (postgres fixture)");
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty())
    throw std::runtime_error(std::string("no test database: cannot read ") + file + " (did postgres_start run?)");
  return text.str();
}

}  // namespace drizzle_test
