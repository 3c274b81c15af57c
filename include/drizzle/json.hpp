#pragma once
/// Rows as JSON (nlohmann::json), keyed by column name: what a web handler sends back. Works on the records of
/// `.all()` / `.one()` (`row[users.id]`), on select_row<T> structs, on relational query rows (nested arrays and
/// objects), and on vectors and optionals of them. Values are written as JSON would show them (see docs/schema.md):
/// numbers and booleans as such, numeric as a string (exact), timestamps as ISO 8601 text in UTC, bytea as
/// PostgreSQL's hex text (`\x...`), enums as their labels, json/jsonb as the document itself.
/// It is also the header to include where json/jsonb column values are read or written: the core headers stop at
/// <nlohmann/json_fwd.hpp> (nlohmann's full header is a second and ~150 MB of every compile).
#include <cmath>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "column.hpp"
#include "detail/members.hpp"
#include "detail/meta.hpp"
#include "query/record.hpp"
#include "table.hpp"
#include "types.hpp"

namespace drizzle {

template <class... K, class... V>
nlohmann::json to_json(const record<detail::type_list<K...>, detail::type_list<V...>>& row);

namespace detail {
template <class T>
inline constexpr bool is_json_record_v = false;
template <class K, class V>
inline constexpr bool is_json_record_v<record<K, V>> = true;

template <class T>
inline constexpr bool is_vector_v = false;
template <class T, class A>
inline constexpr bool is_vector_v<std::vector<T, A>> = true;

template <class T>
inline constexpr bool is_record_vector_v = false;
template <class K, class V, class A>
inline constexpr bool is_record_vector_v<std::vector<record<K, V>, A>> = true;

template <class S>
constexpr bool is_json_sql_type() {
  if constexpr (requires { S::cast_name; })
    return S::cast_name == std::string_view("json") || S::cast_name == std::string_view("jsonb");
  else
    return false;
}

/// ISO 8601 in UTC, with microseconds when there are any: 2024-05-01T12:30:00Z, 2024-05-01T12:30:00.25Z.
inline std::string iso_timestamp(timestamp_value v) {
  if (v == timestamp_value::max()) return "infinity";
  if (v == timestamp_value::min()) return "-infinity";
  std::string out;
  const auto day = std::chrono::floor<std::chrono::days>(v);
  // ISO 8601's astronomical years: 1 BC is 0000, 2 BC is -0001 (PostgreSQL's " BC" suffix has no place here).
  const civil_date c = civil_from_days(day.time_since_epoch().count());
  if (c.year < 0) out += '-';
  append_padded(out, c.year < 0 ? -c.year : c.year, 4);
  out += '-';
  append_padded(out, c.month, 2);
  out += '-';
  append_padded(out, c.day, 2);
  out += 'T';
  append_time(out, (v - day).count());
  if (out.find('.') != std::string::npos)
    while (out.back() == '0') out.pop_back();
  out += 'Z';
  return out;
}

/// ISO 8601 duration: P<months>M<days>DT<seconds>S (seconds with their fraction).
inline std::string iso_duration(const interval& v) {
  std::string out = "P" + std::to_string(v.months) + "M" + std::to_string(v.days) + "DT";
  const std::int64_t us = v.microseconds;
  const std::int64_t whole = us / 1'000'000, frac = us % 1'000'000;
  if (us < 0 && whole == 0) out += '-';
  out += std::to_string(whole);
  if (frac) {
    std::string f = std::to_string(frac < 0 ? -frac : frac);
    f.insert(0, 6 - f.size(), '0');
    while (f.back() == '0') f.pop_back();
    out += '.' + f;
  }
  out += 'S';
  return out;
}

/// One value as JSON: S is its SQL type (void when unknown), V its C++ type.
template <class S, class V>
nlohmann::json json_value(const V& v) {
  if constexpr (is_optional_v<V>) {
    if (!v) return nullptr;
    return json_value<S, typename V::value_type>(*v);
  } else if constexpr (is_json_record_v<V>) {
    return ::drizzle::to_json(v);
  } else if constexpr (is_record_vector_v<V>) {
    auto out = nlohmann::json::array();
    for (const auto& e : v) out.push_back(::drizzle::to_json(e));
    return out;
  } else if constexpr (std::is_same_v<V, nlohmann::json>) {
    return v;
  } else if constexpr (!std::is_void_v<S> && is_json_sql_type<S>()) {
    return nlohmann::json(v);  // jsonb<T>: T's own to_json
  } else if constexpr (std::is_same_v<V, bool>) {
    return v;
  } else if constexpr (std::is_floating_point_v<V>) {
    if (std::isnan(v)) return "NaN";  // as PostgreSQL's to_json: JSON has no NaN or infinity
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    return v;
  } else if constexpr (std::is_arithmetic_v<V>) {
    return v;
  } else if constexpr (std::is_same_v<V, std::string>) {
    return v;
  } else if constexpr (std::is_same_v<V, timestamp_value>) {
    return iso_timestamp(v);
  } else if constexpr (std::is_same_v<V, interval>) {
    return iso_duration(v);
  } else if constexpr (is_vector_v<V> && !std::is_same_v<V, bytes>) {
    using E = typename V::value_type;
    auto out = nlohmann::json::array();
    if constexpr (requires { typename S::element_type; })
      for (const auto& e : v) out.push_back(json_value<typename S::element_type, E>(e));
    else
      for (const auto& e : v) out.push_back(json_value<void, E>(e));
    return out;
  } else {
    // decimal, uuid, bytea, date, time, inet, enums, custom types: PostgreSQL's own text for the value.
    std::string text;
    if constexpr (!std::is_void_v<S> && requires { typename S::cpp_type; }) {
      if constexpr (std::is_same_v<typename S::cpp_type, V>)
        encode_as<S>(v, text);
      else
        codec<V>::encode(v, text);
    } else {
      codec<V>::encode(v, text);
    }
    return text;
  }
}

template <class K>
struct json_sql_type {
  using type = void;
};
template <class K>
requires requires {
  typename K::sql_type;
}
struct json_sql_type<K> {
  using type = typename K::sql_type;
};
template <class K>
using json_sql_type_t = typename json_sql_type<K>::type;
}  // namespace detail

/// A record as a JSON object keyed by the selected fields' names (alias, else column name; an expression without
/// either is keyed by its position, "0", "1", ...). Relations of a relational row are nested arrays / objects.
template <class... K, class... V>
nlohmann::json to_json(const record<detail::type_list<K...>, detail::type_list<V...>>& row) {
  auto out = nlohmann::json::object();
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    auto one = [&]<class Key, class Value>(Key*, std::size_t index, const Value& value) {
      const std::string_view name = detail::field_name<Key>();
      out[name.empty() ? std::to_string(index) : std::string(name)] =
          detail::json_value<detail::json_sql_type_t<Key>, Value>(value);
    };
    (one(static_cast<K*>(nullptr), I, std::get<I>(row.values)), ...);
  }
  (std::index_sequence_for<K...>{});
  return out;
}

/// A select_row<T> as a JSON object keyed by column name.
template <template <class> class Columns, class T>
requires detail::is_row_of_kind<Columns<mode<T, row_kind::select>>, row_kind::select> nlohmann::json to_json(
    const Columns<mode<T, row_kind::select>>& row) {
  auto out = nlohmann::json::object();
  detail::visit_members<columns_of_t<T>::size>(row, [&](const auto&... fields) {
    [&]<class... C>(detail::type_list<C...>) {
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((out[std::string(C::name)] = detail::json_value<typename C::sql_type>(std::get<I>(std::tie(fields...)))), ...);
      }
      (std::index_sequence_for<C...>{});
    }(columns_of_t<T>{});
  });
  return out;
}

/// Rows and optional rows: a JSON array, or null for an empty optional.
template <class Row>
requires requires(const Row& r) {
  ::drizzle::to_json(r);
}
nlohmann::json to_json(const std::vector<Row>& rows) {
  auto out = nlohmann::json::array();
  for (const auto& r : rows) out.push_back(::drizzle::to_json(r));
  return out;
}
template <class Row>
requires requires(const Row& r) {
  ::drizzle::to_json(r);
}
nlohmann::json to_json(const std::optional<Row>& row) {
  if (!row) return nullptr;
  return ::drizzle::to_json(*row);
}

/// nlohmann's conversion hooks (found by argument-dependent lookup): `nlohmann::json j = rows;` works too.
template <class K, class V>
void to_json(nlohmann::json& j, const record<K, V>& row) {
  j = ::drizzle::to_json(row);
}
template <template <class> class Columns, class T>
requires detail::is_row_of_kind<Columns<mode<T, row_kind::select>>, row_kind::select>
void to_json(nlohmann::json& j, const Columns<mode<T, row_kind::select>>& row) {
  j = ::drizzle::to_json(row);
}

}  // namespace drizzle
