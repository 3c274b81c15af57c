#pragma once
/// Typed jsonb access and containment (Drizzle has none): json_get<"a", "b">(col) is col->'a'->'b',
/// json_get_text<...> ends with ->> and gives text, json_contains(col, v) is col @> $1, json_has_key(col, k) is
/// col ? $1. Path keys are part of the statement's shape (compile-time names, like column names), so they are
/// written as quoted literals; compared values are parameters.
#include <optional>
#include <string>
#include <type_traits>

#include "../detail/writers.hpp"
#include "core.hpp"
#include "operators.hpp"

namespace drizzle {

namespace detail {
template <class E>
concept json_expression = requires {
  typename E::sql_type;
  E::sql_type::ddl_name();
}
&&(E::sql_type::ddl_name() == std::string_view("jsonb") || E::sql_type::ddl_name() == std::string_view("json"));

template <class W>
constexpr void write_json_key(W& w, std::string_view key) {
  write_literal(w, key);
}
}  // namespace detail

/// `col->'k1'->'k2'` (or ending in ->> when AsText).
template <class E, bool AsText, fixed_string... Keys>
struct json_path_expr : expression_base {
  using value_type = std::optional<std::conditional_t<AsText, std::string, nlohmann::json>>;
  using sql_type = std::conditional_t<AsText, pg::text, pg::jsonb<>>;
  using tables = typename E::tables;
  static constexpr bool aggregate = E::aggregate;
  static constexpr bool dynamic = E::dynamic;
  E expr;
  template <class W>
  static constexpr void write(W& w, const json_path_expr* self) {
    E::write(w, detail::sub(self, &json_path_expr::expr));
    std::size_t i = 0;
    ((w.text(AsText && ++i == sizeof...(Keys) ? "->>" : "->"), detail::write_json_key(w, Keys.view())), ...);
  }
  template <class P>
  void bind(P& p) const {
    expr.bind(p);
  }
};

template <fixed_string... Keys, expression E>
constexpr auto json_get(E&& e) {
  static_assert(detail::json_expression<std::remove_cvref_t<E>>, "drizzle: json_get needs a json or jsonb expression");
  static_assert(sizeof...(Keys) > 0, "drizzle: json_get needs at least one key: json_get<\"key\">(column)");
  return json_path_expr<std::remove_cvref_t<E>, false, Keys...>{{}, std::forward<E>(e)};
}
template <fixed_string... Keys, expression E>
constexpr auto json_get_text(E&& e) {
  static_assert(detail::json_expression<std::remove_cvref_t<E>>,
                "drizzle: json_get_text needs a json or jsonb expression");
  static_assert(sizeof...(Keys) > 0, "drizzle: json_get_text needs at least one key: json_get_text<\"key\">(column)");
  return json_path_expr<std::remove_cvref_t<E>, true, Keys...>{{}, std::forward<E>(e)};
}

/// `col @> $1`: the value is encoded as the column's jsonb (its C++ type or nlohmann::json).
template <expression E, class V>
auto json_contains(E&& e, V&& value) {
  using ET = std::remove_cvref_t<E>;
  static_assert(detail::json_expression<ET>, "drizzle: json_contains needs a jsonb expression");
  using S = pg::jsonb<std::remove_cvref_t<V>>;
  using P = param_expr<S, std::remove_cvref_t<V>>;
  return binary_expr<" @> ", ET, P>{{}, std::forward<E>(e), P{{}, std::forward<V>(value)}};
}
/// `col ? $1`: the jsonb object has the key.
template <expression E>
auto json_has_key(E&& e, std::string key) {
  using ET = std::remove_cvref_t<E>;
  static_assert(detail::json_expression<ET>, "drizzle: json_has_key needs a jsonb expression");
  using P = param_expr<pg::text, std::string>;
  return binary_expr<" ? ", ET, P>{{}, std::forward<E>(e), P{{}, std::move(key)}};
}

}  // namespace drizzle
