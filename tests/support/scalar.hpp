#pragma once
// One value of a one-row query, as text: what the kit's database tests read back from the catalogs.
#include <catch2/catch.hpp>

#include <drizzle/pqxx.hpp>
#include <string>

namespace drizzle_test {

/// The first column of the query's only row ("null" for NULL); a query that returns another number of rows fails.
inline std::string scalar(drizzle::pqxx::database& db, const std::string& sql) {
  const auto rows = db.query_text(sql);
  REQUIRE(rows.size() == 1);
  return rows[0].at(0).value_or("null");
}

}  // namespace drizzle_test
