#pragma once
/// The libpqxx adapter: drizzle::pqxx::connect(url), statements bound to a connection, transactions,
/// typed errors. Include this (and link drizzle::pqxx) to run queries; the core needs none of it.
#include "pqxx/batch.hpp"
#include "pqxx/errors.hpp"
#include "pqxx/pool.hpp"
#include "pqxx/replicas.hpp"
#include "pqxx/session.hpp"
