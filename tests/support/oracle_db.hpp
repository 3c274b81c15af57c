#pragma once
/// A fresh copy of the oracle database for one integration test: the public schema is dropped and
/// recreated, then tests/data/drizzle/export.sql (drizzle-kit's DDL) and src/seed.sql are applied.
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>
#include <string>

#include "support/test_db.hpp"

namespace drizzle_test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Resets the database to the seeded oracle schema.
inline void reset_oracle_database() {
  pqxx::connection conn(database_url());
  pqxx::nontransaction tx(conn);
  tx.exec("drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade");
  tx.exec(read_file(DRIZZLE_ORACLE_DIR "/export.sql"));
  tx.exec(read_file(DRIZZLE_ORACLE_DIR "/src/seed.sql"));
}

}  // namespace drizzle_test
