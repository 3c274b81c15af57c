#pragma once
/// What the name-fuzzing tests share: a database whose other schema holds a canary table, and the check that it
/// survived.
#include <catch2/catch.hpp>

#include <drizzle/pqxx.hpp>
#include <string>
#include <vector>

#include "support/test_db.hpp"

namespace hostile_names {

/// Drops public, drizzle, `extra_schema` (quoted by the caller) and "other", then creates other.canary with one row.
inline drizzle::pqxx::database canary_db(const std::string& drop_extra_schema = "") {
  auto db = drizzle::pqxx::connect(drizzle_test::database_url());
  db.execute("drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade; " +
             (drop_extra_schema.empty() ? std::string() : "drop schema if exists " + drop_extra_schema + " cascade; ") +
             "drop schema if exists other cascade; create schema other; create table other.canary (x integer); "
             "insert into other.canary values (42)");
  return db;
}

/// The one value of a one-row, one-column query ("null" for NULL).
inline std::string scalar(drizzle::pqxx::session& db, const std::string& sql,
                          const std::vector<std::string>& params = {}) {
  const auto rows = db.query_text(sql, params);
  REQUIRE(rows.size() == 1);
  return rows.at(0).at(0).value_or("null");
}

/// other.canary is still there, with its row.
inline void require_canary(drizzle::pqxx::session& db) {
  REQUIRE(scalar(db, "select to_regclass('other.canary') is not null") == "t");
  REQUIRE(scalar(db, "select count(*) from other.canary where x = 42") == "1");
}

}  // namespace hostile_names
