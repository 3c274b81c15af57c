#pragma once
/// Rows -> records -> the user's structs. Decoding works on any source of text fields, so this header
/// knows nothing of libpqxx; the struct mapping is the only use of Boost.PFR in drizzle-cpp.
#include <boost/pfr.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "detail/meta.hpp"
#include "query/record.hpp"
#include "table.hpp"
#include "types.hpp"

namespace drizzle {

namespace detail {
/// Decodes one field: F is the selected expression, V the C++ type it is read into.
template <class F, class V>
V decode_field(std::optional<std::string_view> text, std::size_t index) {
  if (!text) {
    if constexpr (is_optional_v<V>)
      return std::nullopt;
    else
      throw decode_error("drizzle: field " + std::to_string(index) + " (" + std::string(field_name<F>()) +
                         ") is NULL but its C++ type is not std::optional");
  } else {
    using T = unwrap_optional_t<V>;
    using S = typename F::sql_type;
    if constexpr (!std::is_void_v<S>) {
      if constexpr (std::is_same_v<typename S::cpp_type, T>)
        return decode_as<S>(*text);
      else
        return codec<T>::decode(*text);
    } else {
      return codec<T>::decode(*text);
    }
  }
}
}  // namespace detail

/// Builds a record from a source of text fields: field(i) returns std::nullopt for NULL.
template <class Record, class FieldText>
Record decode_record(FieldText&& field) {
  return [&]<class... K, class... V>(record<detail::type_list<K...>, detail::type_list<V...>>*) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return Record{{detail::decode_field<K, V>(field(I), I)...}};
    }
    (std::index_sequence_for<K...>{});
  }(static_cast<Record*>(nullptr));
}

namespace detail {
template <class Struct, class Record, std::size_t... I>
constexpr bool fields_match(std::index_sequence<I...>) {
  return (std::is_same_v<boost::pfr::tuple_element_t<I, Struct>, std::tuple_element_t<I, Record>> && ...);
}
}  // namespace detail

/// A user struct can receive the rows of a statement: same number of fields, same types in order.
template <class Struct, class Record>
constexpr bool struct_matches_row() {
  static_assert(std::is_aggregate_v<Struct>,
                "drizzle: rows are read into aggregate structs (no constructors, no bases)");
  static_assert(boost::pfr::tuple_size_v<Struct> == std::tuple_size_v<Record>,
                "drizzle: the struct has a different number of fields than the query selects");
  static_assert(detail::fields_match<Struct, Record>(std::make_index_sequence<std::tuple_size_v<Record>>{}),
                "drizzle: a struct field's type does not match the selected column (nullable columns and the "
                "joined side of outer joins need std::optional)");
  return true;
}

namespace detail {
template <class Struct, class Tuple>
constexpr bool struct_equals_tuple() {
  if constexpr (!std::is_aggregate_v<Struct> || std::is_polymorphic_v<Struct>)
    return false;
  else if constexpr (boost::pfr::tuple_size_v<Struct> != std::tuple_size_v<Tuple>)
    return false;
  else
    return fields_match<Struct, Tuple>(std::make_index_sequence<std::tuple_size_v<Tuple>>{});
}
}  // namespace detail

/// A user struct matches a table's select shape: same number of fields, same types, in column order.
template <class Struct, class Table>
concept maps_to = detail::struct_equals_tuple<Struct, select_shape_t<Table>>();

/// maps_to with a readable failure: static_assert(check_maps_to<User, users_t>()).
template <class Struct, class Table>
constexpr bool check_maps_to() {
  static_assert(maps_to<Struct, Table>,
                "drizzle: the struct does not match the table's select shape (one field per column, in column order, "
                "nullable columns as std::optional)");
  return true;
}

/// Moves a record's values into a user struct, field by field in order.
template <class Struct, class Record>
Struct to_struct(Record&& r) {
  static_assert(struct_matches_row<Struct, std::remove_cvref_t<Record>>());
  Struct s{};
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((boost::pfr::get<I>(s) = std::move(std::get<I>(r.values))), ...);
  }
  (std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<Record>>>{});
  return s;
}

}  // namespace drizzle
