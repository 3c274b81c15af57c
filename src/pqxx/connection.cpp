/// The only code that touches libpqxx: opening and closing a connection (pg_connection), its libpqxx API
/// (<drizzle/pqxx/native.hpp>) and mapping libpqxx's exceptions. Compiled once into drizzle::pqxx, so that no user
/// file parses <pqxx/pqxx>.
#include <pqxx/pqxx>

#include "drizzle/pqxx/native.hpp"
#include "drizzle/pqxx/session.hpp"

namespace drizzle::pqxx {
namespace detail {
namespace {
/// The libpqxx connection policy of drizzle's connections: connects as pqxx::connection does and keeps libpq's
/// PGconn* in the pg_connection, through which every statement runs (libpqxx 6.4 reconnects a broken connection
/// silently and leaks the result of a statement whose connection broke; neither happens on the libpq path).
class keep_handle : public ::pqxx::connect_direct {
 public:
  keep_handle(const std::string& url, PGconn*& pg) : connect_direct(url), pg_(pg) {}
  handle do_startconnect(handle orig) override { return pg_ = connect_direct::do_startconnect(orig); }
  handle do_completeconnect(handle orig) override { return pg_ = connect_direct::do_completeconnect(orig); }
  handle do_dropconnect(handle orig) noexcept override {
    pg_ = nullptr;
    return connect_direct::do_dropconnect(orig);
  }
  handle do_disconnect(handle orig) noexcept override {
    pg_ = nullptr;
    return connect_direct::do_disconnect(orig);
  }

 private:
  PGconn*& pg_;  ///< the pg_connection's handle: handle() reads it inline, without a call into the library
};
}  // namespace

/// A libpqxx connection with drizzle's policy (a pqxx::connection_base: libpqxx's own API works on it).
struct native_connection : ::pqxx::connection_base {
  native_connection(const std::string& url, PGconn*& pg) : connection_base(policy_), url_(url), policy_(url_, pg) {
    init();
  }
  native_connection(const native_connection&) = delete;
  native_connection& operator=(const native_connection&) = delete;
  ~native_connection() noexcept { close(); }

  std::string url_;  ///< must be initialized before the policy, which keeps a reference to it
  keep_handle policy_;
};
}  // namespace detail

pg_connection::pg_connection(const std::string& url) : url_(url), native_(new detail::native_connection(url_, pg_)) {}
pg_connection::~pg_connection() noexcept {
  delete native_;
}

::pqxx::connection_base& native(pg_connection& conn) noexcept {
  return conn.native();
}

namespace detail {
namespace {
std::string first_line(const char* what) {
  std::string text(what);
  if (auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return "drizzle: " + text;
}
}  // namespace

void rethrow_as_drizzle(std::string_view statement, std::size_t param_count) {
  const std::string stmt(statement);
  try {
    throw;
  } catch (const ::pqxx::broken_connection& e) {
    throw connection_lost(std::string("drizzle: connection lost: ") + e.what() + " -- statement: " + stmt, "08006",
                          stmt, param_count);
  } catch (const ::pqxx::serialization_failure& e) {
    throw serialization_failure(first_line(e.what()) + " [SQLSTATE 40001] -- statement: " + stmt, "40001", stmt,
                                param_count);
  } catch (const ::pqxx::deadlock_detected& e) {
    throw deadlock_detected(first_line(e.what()) + " [SQLSTATE 40P01] -- statement: " + stmt, "40P01", stmt,
                            param_count);
  } catch (const ::pqxx::sql_error& e) {
    // Only PostgreSQL's primary message: its DETAIL lines may quote the values (secrets stay out of logs).
    throw_for_sqlstate(first_line(e.what()), e.sqlstate(), stmt, param_count);
  } catch (const ::pqxx::failure& e) {
    throw query_error(first_line(e.what()) + " -- statement: " + stmt, "", stmt, param_count);
  }
}
}  // namespace detail
}  // namespace drizzle::pqxx
