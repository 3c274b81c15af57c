#pragma once
/// COPY ... from stdin through libpq: copy_into, and insert(t).values(range) of many rows (session::copy_values).
/// The data formats (binary and text) are in copy_binary.hpp.
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "copy_binary.hpp"
#include "session.hpp"

namespace drizzle::pqxx {

namespace detail {
/// The rows copy_into takes: field i is the i-th column (select shape) or the i-th insertable column (insert shape).
template <class T, class Row>
struct copy_rows {
  static constexpr bool select_shape = ::drizzle::maps_to<Row, T>;
  using insert_values = ::drizzle::detail::struct_row_values<T, Row>;
  using columns = std::conditional_t<select_shape, columns_of_t<T>, insert_columns_t<T>>;
  static constexpr bool check() {
    if constexpr (!select_shape) static_assert(insert_values::check());
    return true;
  }
  template <class C>
  static constexpr std::uint64_t bit() {
    return ::drizzle::detail::unnest_form<T>::template bit<C>();
  }
  static constexpr const char* mixed_defaults =
      "drizzle: copy_into: a column is given in some rows and left to its default in others (or no column has a "
      "value); COPY cannot default per row, use insert().values()";
  /// The columns to copy. For the insert shape, from the first row alone: each_cell checks every row against it as
  /// it writes the row, so the range is read once (a lazy range builds each row once, the first twice).
  template <class Range>
  static std::optional<std::uint64_t> mask(const Range& rows) {
    if constexpr (select_shape) {
      return []<class... C>(::drizzle::detail::type_list<C...>) {
        return ((C::generated ? std::uint64_t{0} : bit<C>()) | ... | std::uint64_t{0});
      }(columns{});
    } else {
      const Row& first = *std::begin(rows);
      return insert_values::columns_given(std::span<const Row>(&first, 1));
    }
  }
  /// Every row's values of the columns in mask into out (a copy_writer), as the unnest form's each_cell. A row
  /// whose defaulted columns differ from the first row's is std::invalid_argument (copy_in aborts the COPY).
  template <class Range, class Out>
  static void each_cell(const Range& rows, std::uint64_t mask, Out& out) {
    std::size_t n = 0;
    for (std::uint64_t m = mask; m; m &= m - 1) ++n;
    auto cell = [&]<class C, class V>(C*, const V& v) {
      if constexpr (!select_shape && ::drizzle::detail::is_optional_v<V> && C::has_default &&
                    !(C::app_default || C::app_on_update)) {
        // As columns_given: empty here means left to the column's default, so it must be empty in every row.
        if (v.has_value() != ((mask & bit<C>()) != 0)) throw std::invalid_argument(mixed_defaults);
      }
      if (!(mask & bit<C>())) return;
      using S = typename C::sql_type;
      if constexpr (::drizzle::detail::is_optional_v<V>) {
        if (v)
          out.template add<S>(0, *v);
        else if constexpr (C::app_default || C::app_on_update)
          out.template add<S>(0, C::make_app_default());
        else
          out.add_null(0);
      } else {
        out.template add<S>(0, v);
      }
    };
    for (const auto& row : rows) {
      out.begin_row(n);
      if constexpr (select_shape) {
        ::drizzle::detail::visit_members<::drizzle::detail::aggregate_field_count<Row>()>(
            row, [&](const auto&... fields) {
              [&]<class... C>(::drizzle::detail::type_list<C...>) {
                [&]<std::size_t... I>(std::index_sequence<I...>) {
                  (cell(static_cast<C*>(nullptr), std::get<I>(std::tie(fields...))), ...);
                }
                (std::index_sequence_for<C...>{});
              }(columns{});
            });
      } else {
        insert_values::each_field(row, cell);
      }
      out.end_row();
    }
  }
};

template <class Table, class V, class C, class R>
Table insert_table(const ::drizzle::insert_t<Table, V, C, R>*);
}  // namespace detail

template <class Table, class Columns, class Feed>
std::size_t session::copy_in(std::uint64_t mask, Feed&& feed) {
  std::string statement = "copy ";
  ::drizzle::detail::string_writer w{statement};
  Table::write_from(w);
  statement += " (";
  [&]<class... C>(::drizzle::detail::type_list<C...>) {
    bool first = true;
    auto add = [&](std::string_view name) {
      if (!first) statement += ", ";
      first = false;
      w.ident(name);
    };
    ((mask & ::drizzle::detail::unnest_form<Table>::template bit<C>() ? add(C::name) : void()), ...);
  }(Columns{});
  // Binary COPY when every column has a binary form (detail::copy_binary): no escaping on the client, no text
  // parsing on the server.
  constexpr bool binary = detail::copy_binary_columns<Columns>;
  statement += binary ? ") from stdin (format binary)" : ") from stdin";

  // One COPY is atomic by itself; inside a transaction it runs in a savepoint, so a failed copy leaves the
  // surrounding transaction usable.
  auto run = [&](session& tx) -> std::size_t {
    tx.log(statement, {});
    PGconn* pg = tx.usable(statement, 0);
    {
      const detail::result_ptr start(PQexec(pg, statement.c_str()));
      if (!ok(start.get())) tx.fail(start.get(), statement, 0);
    }
    // Ends the COPY (aborting it with `abort` when given) and throws its error, if any.
    auto finish = [&](const char* abort) {
      const int ended = PQputCopyEnd(pg, abort);
      detail::result_ptr first_error;
      for (int i = 0; ended >= 0 && i < 64; ++i) {
        detail::result_ptr r(PQgetResult(pg));
        if (!r) break;
        if (PQresultStatus(r.get()) == PGRES_COPY_IN) {
          if (PQputCopyEnd(pg, "drizzle: copy aborted") < 0) break;
          continue;
        }
        if (!ok(r.get()) && !first_error) first_error = std::move(r);
      }
      if (first_error || ended < 0 || PQstatus(pg) != CONNECTION_OK) tx.fail(first_error.get(), statement, 0);
    };
    auto flush = [&](std::string_view data) {
      if (PQputCopyData(pg, data.data(), static_cast<int>(data.size())) < 0) finish(nullptr);
    };
    detail::copy_writer<binary, decltype(flush)> out{flush};
    try {
      out.begin();
      feed(out);
      out.finish();
    } catch (const connection_lost&) {
      throw;
    } catch (...) {
      // A value failed to encode (or the range threw): abort the COPY so the connection stays usable.
      if (tx.connected()) {
        try {
          finish("drizzle: copy aborted by the application");
        } catch (const query_error&) {  // the expected "COPY ... aborted" error
        }
      }
      throw;
    }
    finish(nullptr);
    return out.rows;
  };
  if (in_transaction()) return transaction(run);
  return run(*this);
}

template <table_type T, class Range>
std::size_t session::copy_into(const T&, const Range& rows) {
  using Row = std::remove_cvref_t<decltype(*std::begin(rows))>;
  using copy = detail::copy_rows<T, Row>;
  static_assert(copy::check());
  if (std::begin(rows) == std::end(rows)) return 0;
  const std::optional<std::uint64_t> mask = copy::mask(rows);
  if (!mask) throw std::invalid_argument(copy::mixed_defaults);
  return copy_in<T, typename copy::columns>(*mask, [&](auto& out) { copy::each_cell(rows, *mask, out); });
}

template <class Stmt>
std::optional<std::size_t> session::copy_values(const Stmt& stmt, std::uint64_t mask) {
  using Table = decltype(detail::insert_table(static_cast<const Stmt*>(nullptr)));
  try {
    return copy_in<Table, columns_of_t<Table>>(mask, [&](auto& out) { stmt.each_cell(mask, out); });
  } catch (const query_error& e) {
    // 0A000 "COPY FROM not supported with row-level security": the insert does what COPY cannot.
    if (e.sqlstate() == "0A000" && connected()) return std::nullopt;
    throw;
  }
}

}  // namespace drizzle::pqxx
