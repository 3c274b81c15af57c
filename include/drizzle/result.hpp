#pragma once
/// Rows -> records -> the user's structs. Decoding works on any source of text fields, so this header
/// knows nothing of libpqxx; the struct mapping is the only use of Boost.PFR in drizzle-cpp.
#include <array>
// Boost.PFR's core (get, tuple_element_t, tuple_size_v) only: <boost/pfr.hpp> adds its io and ops headers, ~5 MB
// of g++ memory in every file that runs a statement.
#include <boost/pfr/core.hpp>
#include <boost/pfr/tuple_size.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/meta.hpp"
#include "query/record.hpp"
#include "table.hpp"
#include "types.hpp"

namespace drizzle {

namespace detail {
/// Decodes one field: F is the selected expression, V the C++ type it is read into. The field is PostgreSQL's text,
/// or a field in another format that decodes itself into T (a binary result's, pqxx/session.hpp).
template <class F, class V, class Field>
V decode_field(const std::optional<Field>& text, std::size_t index) {
  if (!text) {
    if constexpr (is_optional_v<V>)
      return std::nullopt;
    else
      throw decode_error("drizzle: field " + std::to_string(index) + " (" + std::string(field_name<F>()) +
                         ") is NULL but its C++ type is not std::optional");
  } else {
    using T = unwrap_optional_t<V>;
    using S = typename F::sql_type;
    if constexpr (requires { text->template decode<T>(); }) {
      return text->template decode<T>();
    } else if constexpr (!std::is_void_v<S>) {
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

namespace detail {
template <class G, class V, class FieldText>
V decode_group(FieldText& field, std::size_t offset);
/// The result column each field of a row starts at (a group takes several).
template <class... K>
constexpr auto field_offsets() {
  constexpr std::size_t widths[] = {field_width_v<K>..., 0};
  std::array<std::size_t, sizeof...(K)> at{};
  for (std::size_t i = 1; i < sizeof...(K); ++i) at[i] = at[i - 1] + widths[i - 1];
  return at;
}
template <class K, class V, class FieldText>
V decode_selected(FieldText& field, std::size_t offset) {
  if constexpr (is_group_v<K>)
    return decode_group<K, V>(field, offset);
  else
    return decode_field<K, V>(field(offset), offset);
}
}  // namespace detail

/// Builds a record from a source of text fields: field(i) returns std::nullopt for NULL.
template <class Record, class FieldText>
Record decode_record(FieldText&& field) {
  return [&]<class... K, class... V>(record<detail::type_list<K...>, detail::type_list<V...>>*) {
    if constexpr (!(detail::is_group_v<K> || ...)) {
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return Record{{detail::decode_field<K, V>(field(I), I)...}};
      }
      (std::index_sequence_for<K...>{});
    } else {
      constexpr auto at = detail::field_offsets<K...>();
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return Record{{detail::decode_selected<K, V>(field, at[I])...}};
      }
      (std::index_sequence_for<K...>{});
    }
  }(static_cast<Record*>(nullptr));
}

namespace detail {
/// A group's record from its columns, which start at offset; std::nullopt for a group that may be absent when its
/// column fields are all NULL (Drizzle's mapResultRow), checked before any field is decoded.
template <class G, class V, class FieldText>
V decode_group(FieldText& field, std::size_t offset) {
  if constexpr (is_optional_v<V>) {
    bool present = false;
    for (const std::size_t at : G::layout::column_at) present = present || field(offset + at).has_value();
    if (!present) return std::nullopt;
  }
  return decode_record<unwrap_optional_t<V>>([&](std::size_t i) { return field(offset + i); });
}
}  // namespace detail

/// Decodes a row straight into a user struct with the record's field types (see struct_matches_row): field i of
/// Struct from field(i), no record in between.
template <class Struct, class Record, class FieldText>
Struct decode_struct(FieldText&& field) {
  // Built in place from the decoded fields (a braced list runs them in order), not default-constructed and then
  // assigned: no empty strings made only to be replaced.
  return [&]<class... K, class... V>(record<detail::type_list<K...>, detail::type_list<V...>>*) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return Struct{detail::decode_field<K, V>(field(I), I)...};
    }
    (std::index_sequence_for<K...>{});
  }(static_cast<Record*>(nullptr));
}

namespace detail {
template <class Struct, class Record, std::size_t... I>
constexpr bool fields_match(std::index_sequence<I...>) {
  return (std::is_same_v<boost::pfr::tuple_element_t<I, Struct>, std::tuple_element_t<I, Record>> && ...);
}
/// The index of the first field whose type differs from its column's, or the field count.
template <class Struct, class Record, std::size_t... I>
constexpr std::size_t first_mismatched_field(std::index_sequence<I...>) {
  std::size_t k = sizeof...(I);
  ((k == sizeof...(I) && !std::is_same_v<boost::pfr::tuple_element_t<I, Struct>, std::tuple_element_t<I, Record>>
        ? (k = I, 0)
        : 0),
   ...);
  return k;
}
/// Spelled out in the diagnostics below, so that both compilers print the counts / the field's index, its type and
/// the column's type on the error's first line (Boost.PFR 1.81 has no field names).
template <std::size_t StructFields, std::size_t SelectedColumns>
inline constexpr bool struct_field_count = StructFields == SelectedColumns;
template <std::size_t FieldIndex, class FieldType, class ColumnType>
inline constexpr bool struct_field_type = std::is_same_v<FieldType, ColumnType>;
}  // namespace detail

/// A user struct can receive the rows of a statement: same number of fields, same types in order. False after a
/// diagnostic, so that callers skip decoding (no further errors from Boost.PFR).
template <class Struct, class Record>
constexpr bool struct_matches_row() {
  constexpr bool aggregate = std::is_aggregate_v<Struct>;
  static_assert(aggregate, "drizzle: rows are read into aggregate structs (no constructors, no bases)");
  if constexpr (!aggregate) {
    return false;
  } else {
    constexpr std::size_t fields = boost::pfr::tuple_size_v<Struct>, columns = std::tuple_size_v<Record>;
    static_assert(detail::struct_field_count<fields, columns>,
                  "drizzle: the struct has a different number of fields than the query selects "
                  "(struct_field_count<fields, selected columns>)");
    if constexpr (fields != columns) {
      return false;
    } else {
      constexpr std::size_t i = detail::first_mismatched_field<Struct, Record>(std::make_index_sequence<fields>{});
      if constexpr (i == fields) {
        return true;
      } else {
        static_assert(
            detail::struct_field_type<i, boost::pfr::tuple_element_t<i, Struct>, std::tuple_element_t<i, Record>>,
            "drizzle: a struct field's type does not match the selected column "
            "(struct_field_type<field index, field type, column type>; nullable columns and the joined side "
            "of outer joins need std::optional)");
        return false;
      }
    }
  }
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

// ---------------------------------------------------------------------------------------------
// Nested structs: struct S { User user; std::optional<Post> post; } for a selection of whole tables
// (Drizzle's select({ user: users, post: posts })). Field i receives the i-th selected table.

namespace detail {
template <std::size_t I, class List>
struct at;
template <std::size_t I, class... T>
struct at<I, type_list<T...>> {
  using type = std::tuple_element_t<I, std::tuple<T...>>;
};
/// The I-th type of a type_list.
template <std::size_t I, class List>
using at_t = typename at<I, List>::type;

template <std::size_t Offset, class List, class Seq>
struct sublist_impl;
template <std::size_t Offset, class List, std::size_t... I>
struct sublist_impl<Offset, List, std::index_sequence<I...>> {
  using type = type_list<at_t<Offset + I, List>...>;
};
/// Count elements of List from Offset.
template <std::size_t Offset, std::size_t Count, class List>
using sublist_t = typename sublist_impl<Offset, List, std::make_index_sequence<Count>>::type;

/// The tables of a selection made of whole tables, each one's columns in declaration order: `tables` in selection
/// order; `ok` is false for any other selection.
template <class Keys, std::size_t Offset = 0, class Tables = type_list<>>
struct whole_tables {
  static constexpr auto compute() {
    if constexpr (Offset == Keys::size) {
      return static_cast<Tables*>(nullptr);
    } else if constexpr (!column_type<at_t<Offset, Keys>>) {
      return nullptr;
    } else {
      using T = typename at_t<Offset, Keys>::table_type;
      using cols = columns_of_t<T>;
      if constexpr (Offset + cols::size > Keys::size) {
        return nullptr;
      } else if constexpr (!std::is_same_v<sublist_t<Offset, cols::size, Keys>, cols>) {
        return nullptr;
      } else {
        return whole_tables<Keys, Offset + cols::size, concat_t<Tables, type_list<T>>>::compute();
      }
    }
  }
  static constexpr bool ok = !std::is_same_v<decltype(compute()), std::nullptr_t>;
  using tables = std::conditional_t<ok, std::remove_pointer_t<decltype(compute())>, type_list<>>;
};

template <class Struct, class Record>
constexpr bool flat_struct_fits() {
  if constexpr (!std::is_aggregate_v<Struct>)
    return false;
  else if constexpr (boost::pfr::tuple_size_v<Struct> != std::tuple_size_v<Record>)
    return false;
  else
    return fields_match<Struct, Record>(std::make_index_sequence<std::tuple_size_v<Record>>{});
}
}  // namespace detail

/// Field i of Struct receives the i-th table of the selection (rather than the i-th column): the selection is made
/// of whole tables, Struct has one field per table and does not fit the flat column list.
template <class Struct, class Record>
constexpr bool is_nested_struct() {
  using W = detail::whole_tables<typename Record::keys>;
  if constexpr (!std::is_aggregate_v<Struct> || !W::ok || detail::flat_struct_fits<Struct, Record>())
    return false;
  else
    return boost::pfr::tuple_size_v<Struct> == W::tables::size;
}

/// A struct can receive the rows of a selection of whole tables, one field per table; NullableTables are those on
/// the nullable side of an outer join, whose fields must be std::optional.
template <class Struct, class Record, class NullableTables>
constexpr bool struct_matches_nested() {
  using tables = typename detail::whole_tables<typename Record::keys>::tables;
  constexpr std::size_t n = tables::size;
  static_assert(boost::pfr::tuple_size_v<Struct> == n,
                "drizzle: a nested struct needs one field per selected table, in selection order");
  constexpr bool fields_map = []<std::size_t... I>(std::index_sequence<I...>) {
    return (maps_to<detail::unwrap_optional_t<boost::pfr::tuple_element_t<I, Struct>>, detail::at_t<I, tables>> && ...);
  }
  (std::make_index_sequence<n>{});
  static_assert(fields_map,
                "drizzle: a nested struct's field does not match its table's select shape (one field per column, in "
                "column order, nullable columns as std::optional)");
  constexpr bool optional_ok = []<std::size_t... I>(std::index_sequence<I...>) {
    return ((!detail::contains_v<detail::at_t<I, tables>, NullableTables> ||
             detail::is_optional_v<boost::pfr::tuple_element_t<I, Struct>>)&&...);
  }
  (std::make_index_sequence<n>{});
  static_assert(optional_ok,
                "drizzle: the field of an outer-joined table must be std::optional (all its columns are NULL when no "
                "row matched)");
  return fields_map && optional_ok;
}

namespace detail {
template <class V>
constexpr bool has_value_or_plain(const V& v) {
  if constexpr (is_optional_v<V>)
    return v.has_value();
  else
    return true;
}
/// A record value as the field's type: a not-null column of an outer-joined table arrives as std::optional.
template <class F, class V>
F take_value(V& v, std::size_t index) {
  if constexpr (std::is_same_v<F, V>) {
    return std::move(v);
  } else {
    if (!v) throw decode_error("drizzle: field " + std::to_string(index) + " is NULL but its C++ type is not optional");
    return std::move(*v);
  }
}
/// Moves record values [Offset, Offset + Count) into one table's struct; std::nullopt when they are all NULL (an
/// outer join that matched nothing).
template <class Field, std::size_t Offset, std::size_t Count, class Record>
Field take_table(Record& r) {
  using X = unwrap_optional_t<Field>;
  return [&]<std::size_t... J>(std::index_sequence<J...>)->Field {
    if constexpr (is_optional_v<Field>) {
      if (!(has_value_or_plain(std::get<Offset + J>(r.values)) || ...)) return std::nullopt;
    }
    X x{};
    ((boost::pfr::get<J>(x) =
          take_value<boost::pfr::tuple_element_t<J, X>>(std::get<Offset + J>(r.values), Offset + J)),
     ...);
    return x;
  }
  (std::make_index_sequence<Count>{});
}
}  // namespace detail

/// Moves a record's values into a nested struct, one table per field (see struct_matches_nested).
template <class Struct, class Record>
Struct to_nested_struct(Record&& r) {
  using R = std::remove_cvref_t<Record>;
  using tables = typename detail::whole_tables<typename R::keys>::tables;
  constexpr std::size_t n = tables::size;
  constexpr auto offsets = []<std::size_t... I>(std::index_sequence<I...>) {
    std::array<std::size_t, n + 1> at{};
    const std::size_t sizes[] = {columns_of_t<detail::at_t<I, tables>>::size...};
    for (std::size_t i = 0; i < n; ++i) at[i + 1] = at[i] + sizes[i];
    return at;
  }
  (std::make_index_sequence<n>{});
  Struct s{};
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((boost::pfr::get<I>(s) =
          detail::take_table<boost::pfr::tuple_element_t<I, Struct>, offsets[I], offsets[I + 1] - offsets[I]>(r)),
     ...);
  }
  (std::make_index_sequence<n>{});
  return s;
}

/// Moves a record's values into a user struct, field by field in order.
template <class Struct, class Record>
Struct to_struct(Record&& r) {
  Struct s{};
  if constexpr (struct_matches_row<Struct, std::remove_cvref_t<Record>>()) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((boost::pfr::get<I>(s) = std::move(std::get<I>(r.values))), ...);
    }
    (std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<Record>>>{});
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Relational query rows into structs: struct UserWithPosts { ...columns...; std::vector<Post> posts; }. A relation
// field's records map into the struct's element type the same way, to any depth.

namespace detail {
template <class T>
inline constexpr bool is_record_v = false;
template <class K, class V>
inline constexpr bool is_record_v<record<K, V>> = true;

template <class S, class Record>
constexpr bool relational_struct_fits();
/// A trait rather than `std::is_same_v<F, std::vector<typename F::value_type>>`, which is a hard error for a struct F
/// (a group's nested struct) that has no value_type.
template <class T>
inline constexpr bool is_std_vector_v = false;
template <class T, class A>
inline constexpr bool is_std_vector_v<std::vector<T, A>> = true;

/// A field of type F can receive a record value of type V.
template <class F, class V>
constexpr bool relational_field_fits() {
  if constexpr (std::is_same_v<F, V>)
    return true;
  else if constexpr (is_record_v<V>)
    return relational_struct_fits<F, V>();
  else if constexpr (is_std_vector_v<V> && is_std_vector_v<F>)
    return is_record_v<typename V::value_type> &&
           relational_struct_fits<typename F::value_type, typename V::value_type>();
  else if constexpr (is_optional_v<V> && is_optional_v<F>)
    return is_record_v<typename V::value_type> &&
           relational_struct_fits<typename F::value_type, typename V::value_type>();
  else
    return false;
}
template <class S, class Record>
constexpr bool relational_flat_fits() {
  if constexpr (!std::is_aggregate_v<S>) {
    return false;
  } else if constexpr (boost::pfr::tuple_size_v<S> != Record::size) {
    return false;
  } else {
    return []<std::size_t... I>(std::index_sequence<I...>) {
      return (relational_field_fits<boost::pfr::tuple_element_t<I, S>, std::tuple_element_t<I, Record>>() && ...);
    }
    (std::make_index_sequence<Record::size>{});
  }
}
/// How many record values the head field of S takes: struct UserWithPosts { User user; std::vector<Post> posts; }
/// puts the selected columns in `user` (any aggregate, e.g. select_row<users_t>) and the relations after it.
template <class S, class Record>
constexpr std::size_t relational_head_size() {
  constexpr std::size_t fields = boost::pfr::tuple_size_v<S>;
  if constexpr (fields == 0 || fields > Record::size) {
    return 0;
  } else {
    using Head = boost::pfr::tuple_element_t<0, S>;
    if constexpr (!std::is_class_v<Head> || !std::is_aggregate_v<Head> || is_record_v<Head>) {
      return 0;
    } else {
      constexpr std::size_t k = Record::size - (fields - 1);
      if constexpr (boost::pfr::tuple_size_v<Head> != k) {
        return 0;
      } else {
        constexpr bool head_ok = []<std::size_t... I>(std::index_sequence<I...>) {
          return (relational_field_fits<boost::pfr::tuple_element_t<I, Head>, std::tuple_element_t<I, Record>>() &&
                  ...);
        }
        (std::make_index_sequence<k>{});
        constexpr bool rest_ok = []<std::size_t... I>(std::index_sequence<I...>) {
          return (relational_field_fits<boost::pfr::tuple_element_t<I + 1, S>, std::tuple_element_t<I + k, Record>>() &&
                  ...);
        }
        (std::make_index_sequence<fields - 1>{});
        return head_ok && rest_ok ? k : 0;
      }
    }
  }
}
template <class S, class Record>
constexpr bool relational_struct_fits() {
  if constexpr (!std::is_aggregate_v<S>)
    return false;
  else if constexpr (relational_flat_fits<S, Record>())
    return true;
  else
    return relational_head_size<S, Record>() != 0;
}

template <class S, class Record>
S relational_to_struct(Record&& r);
template <class F, class V>
F relational_value(V&& v) {
  if constexpr (std::is_same_v<F, V>) {
    return std::move(v);
  } else if constexpr (is_record_v<V>) {
    return relational_to_struct<F>(std::move(v));
  } else if constexpr (is_optional_v<V>) {
    if (!v) return std::nullopt;
    return relational_to_struct<typename F::value_type>(std::move(*v));
  } else {
    F out;
    out.reserve(v.size());
    for (auto& e : v) out.push_back(relational_to_struct<typename F::value_type>(std::move(e)));
    return out;
  }
}
template <class S, class Record>
S relational_to_struct(Record&& r) {
  using R = std::remove_cvref_t<Record>;
  S s{};
  if constexpr (relational_flat_fits<S, R>()) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((boost::pfr::get<I>(s) = relational_value<boost::pfr::tuple_element_t<I, S>>(std::move(std::get<I>(r.values)))),
       ...);
    }
    (std::make_index_sequence<R::size>{});
  } else {
    constexpr std::size_t k = relational_head_size<S, R>();
    using Head = boost::pfr::tuple_element_t<0, S>;
    auto& head = boost::pfr::get<0>(s);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((boost::pfr::get<I>(head) =
            relational_value<boost::pfr::tuple_element_t<I, Head>>(std::move(std::get<I>(r.values)))),
       ...);
    }
    (std::make_index_sequence<k>{});
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((boost::pfr::get<I + 1>(s) =
            relational_value<boost::pfr::tuple_element_t<I + 1, S>>(std::move(std::get<I + k>(r.values)))),
       ...);
    }
    (std::make_index_sequence<boost::pfr::tuple_size_v<S> - 1>{});
  }
  return s;
}
}  // namespace detail

/// A struct can receive a relational query's rows: one field per selected column in order, then one per relation
/// (std::vector<Child> for many, std::optional<Child> for one, Child mapping the relation's row the same way).
template <class Struct, class Record>
constexpr bool struct_matches_relational() {
  constexpr bool fits = detail::relational_struct_fits<Struct, Record>();
  static_assert(fits,
                "drizzle: the struct does not match the relational query's row (one field per selected column, in "
                "order, or one struct such as select_row<T> holding them; then one per relation: std::vector<Child> "
                "for many, std::optional<Child> for one)");
  return fits;
}
/// A struct can receive the rows of a selection with groups: one field per selected field, in order; a group's field
/// is a struct that receives the group's record the same way, std::optional<Nested> when the group may be absent.
template <class Struct, class Record>
constexpr bool struct_matches_groups() {
  constexpr bool fits = detail::relational_struct_fits<Struct, Record>();
  static_assert(fits,
                "drizzle: the struct does not match the selection (one field per selected field, in order; a group is "
                "a nested struct, std::optional<Nested> when the group may be absent)");
  return fits;
}

/// Moves a relational query's record into a struct (see struct_matches_relational).
template <class Struct, class Record>
Struct to_relational_struct(Record&& r) {
  return detail::relational_to_struct<Struct>(std::forward<Record>(r));
}

}  // namespace drizzle
