#pragma once
/// Opt-in: libpqxx's API on a drizzle connection, native(db.connection()) (a pqxx::connection_base&: notice
/// handlers, libpqxx transactions, ...). The only drizzle header that includes <pqxx/pqxx> (about 1.2 s and 120 MB
/// of a compile), so a file that does not need libpqxx's API does not include it. Statements drizzle runs do not go
/// through libpqxx: a libpqxx transaction on the connection and drizzle's own transaction() do not know each other.
#include <pqxx/pqxx>

#include "session.hpp"

namespace drizzle::pqxx {
/// The libpqxx connection behind `conn` (defined in the library, src/pqxx/connection.cpp).
[[nodiscard]] ::pqxx::connection_base& native(pg_connection& conn) noexcept;
}  // namespace drizzle::pqxx
