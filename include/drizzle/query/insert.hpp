#pragma once
/// INSERT: one row of assignments (fixed text), many rows from a range (text built at run time),
/// insert ... select, on conflict do nothing / do update, returning.
///
/// As Drizzle does, every insertable column is listed in table order and a column without a value
/// gets `default` (or its application-side default_fn value), so one table has one column list.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "modify_common.hpp"

namespace drizzle {

namespace detail {

template <class C, class... As>
constexpr std::size_t assignment_index() {
  return index_of<C, typename As::column...>();
}

/// Writes the value list `(default, $1, ...)` for one row of assignments As.
template <class Table, class... As>
struct row_writer {
  template <class W>
  static constexpr void write(W& w, const std::tuple<As...>* row) {
    w.text("(");
    [&]<class... C>(type_list<C...>) {
      std::size_t n = 0;
      ((C::generated ? void() : (w.text(n++ ? ", " : ""), write_one<C>(w, row))), ...);
    }(columns_of_t<Table>{});
    w.text(")");
  }
  template <class C, class W>
  static constexpr void write_one(W& w, const std::tuple<As...>* row) {
    constexpr std::size_t i = assignment_index<C, As...>();
    if constexpr (i < sizeof...(As)) {
      using A = std::tuple_element_t<i, std::tuple<As...>>;
      A::value_type_expr::write(w, row ? &std::get<i>(*row).value : nullptr);
    } else if constexpr (C::app_default || C::app_on_update) {
      w.param();
    } else {
      w.text("default");
    }
  }
  template <class P>
  static void bind(P& p, const std::tuple<As...>& row) {
    [&]<class... C>(type_list<C...>) { (bind_one<C>(p, row), ...); }(columns_of_t<Table>{});
  }
  template <class C, class P>
  static void bind_one(P& p, const std::tuple<As...>& row) {
    if constexpr (!C::generated) {
      constexpr std::size_t i = assignment_index<C, As...>();
      if constexpr (i < sizeof...(As))
        std::get<i>(row).value.bind(p);
      else if constexpr (C::app_default || C::app_on_update)
        p.template add<typename C::sql_type>(C::make_app_default());
    }
  }
  static constexpr bool check() {
    static_assert(check_assignments<Table, As...>());
    // The first required column without a value (or the column count): named in the diagnostic.
    constexpr std::size_t missing = []<class... C>(type_list<C...>) {
      std::size_t i = 0, k = sizeof...(C);
      ((k == sizeof...(C) && C::insert_required && assignment_index<C, As...>() == sizeof...(As) ? (k = i, 0) : 0, ++i),
       ...);
      return k;
    }(columns_of_t<Table>{});
    if constexpr (missing < columns_of_t<Table>::size) {
      static_assert(named_check<spelled_t<column_named, nth_t<missing, columns_of_t<Table>>>, false>,
                    "drizzle: insert is missing a required column (NOT NULL without a default), the one spelled out "
                    "in column_named<...>");
    }
    return true;  // after a diagnostic too: the caller's static_assert adds no second error
  }
};

// ---------------------------------------------------------------------------------------------
// The unnest form of a multi-row insert: one array parameter per column, so the text depends only on which columns
// the rows give values for, never on the row count:
//   insert into "t" ("a", "b") select * from unnest($1::int4[], $2::text[])
// A column that is itself an array travels as text elements and is cast back in the select list (unnest would
// flatten an array of arrays):
//   insert into "t" ("a", "tags") select "a", "tags"::text[] from unnest($1::int4[], $2::text[]) as "u"("a", "tags")

template <class S>
inline constexpr bool is_array_sql_type_v = requires {
  typename S::element_type;
};

/// The name of SQL type S in a cast: int4, "user_role" (enums quoted), int4[].
template <class S, class W>
constexpr void write_cast_name(W& w) {
  if constexpr (is_array_sql_type_v<S>) {
    write_cast_name<typename S::element_type>(w);
    w.text("[]");
  } else if constexpr (requires { S::quoted_ddl_name; }) {
    if constexpr (requires { S::cast_schema; })
      if (S::cast_schema != std::string_view("public")) {  // an enum of pg_schema_enum: "inv"."item_status"
        w.ident(S::cast_schema);
        w.text(".");
      }
    w.ident(S::cast_name);
  } else {
    w.text(S::cast_name);
  }
}

/// Appends one non-null element of SQL type S to an array literal: numbers bare, everything else quoted.
template <class S>
void append_unnest_element(std::string& out, const typename S::cpp_type& v, std::string& scratch) {
  if constexpr (std::is_arithmetic_v<typename S::cpp_type> && !is_array_sql_type_v<S>) {
    encode_as<S>(v, out);
  } else {
    scratch.clear();
    encode_as<S>(v, scratch);
    append_array_element(out, scratch);
  }
}

/// Column bits are positions in columns_of_t<Table> (at most 64 columns, as tables allow).
template <class Table>
struct unnest_form {
  template <class C>
  static constexpr std::uint64_t bit() {
    return
        [&]<class... Cs>(type_list<Cs...>) { return std::uint64_t{1} << index_of<C, Cs...>(); }(columns_of_t<Table>{});
  }
  /// ` ("a", "b") select ... from unnest($1::int4[], $2::text[])`.
  template <class W>
  static void write(W& w, std::uint64_t mask) {
    bool arrays = false;
    auto each = [&](auto&& f) {
      [&]<class... C>(type_list<C...>) {
        std::size_t n = 0;
        ((mask & bit<C>() ? f(static_cast<C*>(nullptr), n++) : void()), ...);
      }(columns_of_t<Table>{});
    };
    w.text(" (");
    each([&]<class C>(C*, std::size_t n) {
      w.text(n ? ", " : "");
      w.ident(C::name);
      arrays = arrays || is_array_sql_type_v<typename C::sql_type>;
    });
    w.text(arrays ? ") select " : ") select * from unnest(");
    if (arrays) {
      each([&]<class C>(C*, std::size_t n) {
        w.text(n ? ", " : "");
        w.ident(C::name);
        if constexpr (is_array_sql_type_v<typename C::sql_type>) {
          w.text("::");
          write_cast_name<typename C::sql_type>(w);
        }
      });
      w.text(" from unnest(");
    }
    each([&]<class C>(C*, std::size_t n) {
      w.text(n ? ", " : "");
      w.param();
      w.text("::");
      if constexpr (is_array_sql_type_v<typename C::sql_type>)
        w.text("text");
      else
        write_cast_name<typename C::sql_type>(w);
      w.text("[]");
    });
    w.text(")");
    if (arrays) {
      w.text(" as \"u\"(");
      each([&]<class C>(C*, std::size_t n) {
        w.text(n ? ", " : "");
        w.ident(C::name);
      });
      w.text(")");
    }
  }
};

/// One array literal per column being built, row after row. (Items is always the default: a parameter so that
/// std::vector<std::string> is compiled only in files that run a multi-row insert.)
template <class Items = std::vector<std::string>>
struct unnest_columns_text {
  Items items;
  std::string scratch;
  explicit unnest_columns_text(std::size_t n) : items(n, std::string("{")) {}
  template <class S>
  void add(std::size_t column, const typename S::cpp_type& v) {
    auto& out = items[column];
    if (out.size() > 1) out += ',';
    append_unnest_element<S>(out, v, scratch);
  }
  void add_null(std::size_t column) {
    auto& out = items[column];
    if (out.size() > 1) out += ',';
    out += "NULL";
  }
  void begin_row(std::size_t) {}
  void end_row() {}
  template <class P>
  void bind(P& p) {
    for (auto& s : items) {
      s += '}';
      p.add_text(std::move(s));
    }
  }
};

template <class T>
inline constexpr bool is_param_expr_v = false;
template <class S, class T, bool Cast>
inline constexpr bool is_param_expr_v<param_expr<S, T, Cast>> = true;

/// ` values (...)` for one row.
template <class Table, class... As>
struct single_row_values {
  static constexpr bool dynamic = (As::value_type_expr::dynamic || ...);
  using tables = type_list<>;
  std::tuple<As...> row;
  template <class W>
  static constexpr void write(W& w, const single_row_values* self) {
    w.text(" values ");
    row_writer<Table, As...>::write(w, self ? &self->row : nullptr);
  }
  template <class P>
  void bind(P& p) const {
    row_writer<Table, As...>::bind(p, row);
  }
};

/// ` values (...), (...)` for rows of the same assignments; the text depends on the row count.
template <class Table, class... As>
struct multi_row_values {
  static constexpr bool dynamic = true;
  using tables = type_list<>;
  std::vector<std::tuple<As...>> rows;
  template <class W>
  static void write(W& w, const multi_row_values* self) {
    w.text(" values ");
    for (std::size_t i = 0; i < self->rows.size(); ++i) {
      if (i) w.text(", ");
      row_writer<Table, As...>::write(w, &self->rows[i]);
    }
  }
  template <class P>
  void bind(P& p) const {
    for (const auto& r : rows) row_writer<Table, As...>::bind(p, r);
  }

  /// Every value a plain parameter of its column's type: the rows can go through unnest.
  template <class A>
  static constexpr bool plain_value() {
    using V = typename A::value_type_expr;
    if constexpr (is_param_expr_v<V>)
      return std::is_same_v<typename V::sql_type, typename A::column::sql_type>;
    else
      return false;
  }
  template <class C>
  static constexpr bool in_unnest() {
    return !C::generated && (assignment_index<C, As...>() < sizeof...(As) || C::app_default || C::app_on_update);
  }
  static constexpr std::uint64_t unnest_mask = [] {
    std::uint64_t m = 0;
    [&]<class... C>(type_list<C...>) {
      ((m |= in_unnest<C>() ? unnest_form<Table>::template bit<C>() : 0), ...);
    }(columns_of_t<Table>{});
    return m;
  }();
  [[nodiscard]] std::optional<std::uint64_t> unnest_columns() const {
    if constexpr ((plain_value<As>() && ...) && unnest_mask != 0)
      return unnest_mask;
    else
      return std::nullopt;
  }
  template <class P>
  void bind_unnest(P& p, std::uint64_t) const {
    if constexpr ((plain_value<As>() && ...)) {
      constexpr std::size_t n = [] {
        std::size_t k = 0;
        for (std::uint64_t m = unnest_mask; m; m &= m - 1) ++k;
        return k;
      }();
      unnest_columns_text<> out(n);
      each_cell(unnest_mask, out);
      out.bind(p);
    }
  }
  /// Every row's values of the unnest columns, in column order, into out (the unnest form's column builder or a
  /// COPY writer): out.begin_row(n), out.add<S>(column, v) or out.add_null(column) per column, out.end_row().
  template <class Out>
  void each_cell(std::uint64_t, Out& out) const {
    if constexpr ((plain_value<As>() && ...)) {
      constexpr std::size_t n = [] {
        std::size_t k = 0;
        for (std::uint64_t m = unnest_mask; m; m &= m - 1) ++k;
        return k;
      }();
      for (const auto& row : rows) {
        out.begin_row(n);
        [&]<class... C>(type_list<C...>) {
          std::size_t column = 0;
          ((in_unnest<C>() ? add_value<C>(out, column++, row) : void()), ...);
        }(columns_of_t<Table>{});
        out.end_row();
      }
    }
  }
  template <class C, class Out>
  static void add_value(Out& out, std::size_t column, const std::tuple<As...>& row) {
    using S = typename C::sql_type;
    constexpr std::size_t i = assignment_index<C, As...>();
    if constexpr (i < sizeof...(As)) {
      const auto& v = std::get<i>(row).value.value;
      if constexpr (is_optional_v<std::remove_cvref_t<decltype(v)>>) {
        if (!v) return out.add_null(column);
        out.template add<S>(column, *v);
      } else {
        out.template add<S>(column, v);
      }
    } else if constexpr (C::app_default || C::app_on_update) {
      out.template add<S>(column, C::make_app_default());
    }
  }
};

/// Rows given as structs: field i is the table's i-th insertable column (insert_shape_t order). An empty
/// std::optional field writes `default` (or the column's default_fn value) when the column has a default, NULL
/// otherwise; so the text depends on the values and is built at run time, as Drizzle does per row.
template <class Table, class Row>
struct struct_row_values {
  static constexpr bool dynamic = true;
  using tables = type_list<>;
  /// insert_row<Table> has one member per column (drizzle::not_insertable for generated ones, skipped here).
  static constexpr bool full_row = is_row_of_kind<Row, row_kind::insert>;
  using columns = std::conditional_t<full_row, columns_of_t<Table>, insert_columns_t<Table>>;
  std::vector<Row> rows;

  /// Calls f(column, field) for the fields that carry a value (not the not_insertable members of an insert_row).
  template <class F>
  static void each_field(const Row& row, F&& f) {
    visit_members<aggregate_field_count<Row>()>(row, [&](const auto&... fields) {
      [&]<class... C>(type_list<C...>) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
          auto one = [&]<class Col, class V>(Col*, const V& v) {
            if constexpr (!std::is_same_v<V, not_insertable>) f(static_cast<Col*>(nullptr), v);
          };
          (one(static_cast<C*>(nullptr), std::get<I>(std::tie(fields...))), ...);
        }
        (std::index_sequence_for<C...>{});
      }(columns{});
    });
  }
  static auto field_types(const Row& r) {
    return visit_members<aggregate_field_count<Row>()>(
        r, [](const auto&... f) { return type_list<std::remove_cvref_t<decltype(f)>...>{}; });
  }
  template <class C, class V>
  static constexpr bool absent(const V& v) {
    if constexpr (is_optional_v<V>)
      return !v.has_value() && (C::has_default);
    else
      return false;
  }
  /// One row's values in the column list's order (every column but generated ones): identity-always columns are
  /// `default` whether or not the row has a member for them; an empty optional is `default` where the column has a
  /// SQL default.
  template <class W>
  static void write(W& w, const struct_row_values* self) {
    w.text(" values ");
    for (std::size_t r = 0; r < self->rows.size(); ++r) {
      std::array<bool, columns_of_t<Table>::size + 1> defaulted{};
      std::size_t k = 0;
      each_field(self->rows[r], [&]<class C, class V>(C*, const V& v) {
        defaulted[k++] = absent<C>(v) && !(C::app_default || C::app_on_update);
      });
      w.text(r ? ", (" : "(");
      std::size_t n = 0;
      k = 0;
      [&]<class... H>(type_list<H...>) {
        auto one = [&]<class C>(C*) {
          if constexpr (!C::generated) {
            w.text(n++ ? ", " : "");
            if (C::identity_always || defaulted[k++])
              w.text("default");
            else
              w.param();
          }
        };
        (one(static_cast<H*>(nullptr)), ...);
      }(columns_of_t<Table>{});
      w.text(")");
    }
  }
  template <class P>
  void bind(P& p) const {
    for (const auto& row : rows)
      each_field(row, [&]<class C, class V>(C*, const V& v) {
        if constexpr (is_optional_v<V>) {
          if (v)
            p.template add<typename C::sql_type>(*v);
          else if constexpr (C::app_default || C::app_on_update)
            p.template add<typename C::sql_type>(C::make_app_default());
          else if (!C::has_default)
            p.add_null();
        } else {
          p.template add<typename C::sql_type>(v);
        }
      });
  }
  /// Columns whose field is empty in every row (and have a SQL default) are left out; a column set in some rows
  /// and defaulted in others cannot go through unnest.
  [[nodiscard]] std::optional<std::uint64_t> unnest_columns() const { return columns_given(rows); }
  /// The same for any range of rows (copy_into uses it): bits of columns_of_t<Table>.
  template <class Range>
  [[nodiscard]] static std::optional<std::uint64_t> columns_given(const Range& range) {
    std::uint64_t all = 0, absent_everywhere = 0, absent_somewhere = 0;
    bool first = true;
    for (const auto& row : range) {
      std::uint64_t gone = 0;
      each_field(row, [&]<class C, class V>(C*, const V& v) {
        constexpr std::uint64_t b = unnest_form<Table>::template bit<C>();
        if (first) all |= b;
        if (absent<C>(v) && !(C::app_default || C::app_on_update)) gone |= b;
      });
      absent_everywhere = first ? gone : (absent_everywhere & gone);
      absent_somewhere |= gone;
      first = false;
    }
    if (absent_somewhere != absent_everywhere || all == absent_everywhere) return std::nullopt;
    return all & ~absent_everywhere;
  }
  template <class P>
  void bind_unnest(P& p, std::uint64_t mask) const {
    std::size_t n = 0;
    for (std::uint64_t m = mask; m; m &= m - 1) ++n;
    unnest_columns_text<> out(n);
    each_cell(mask, out);
    out.bind(p);
  }
  /// Every row's values of the columns in mask, in column order, into out (as multi_row_values::each_cell).
  template <class Out>
  void each_cell(std::uint64_t mask, Out& out) const {
    std::size_t n = 0;
    for (std::uint64_t m = mask; m; m &= m - 1) ++n;
    for (const auto& row : rows) {
      out.begin_row(n);
      std::size_t column = 0;
      each_field(row, [&]<class C, class V>(C*, const V& v) {
        if (!(mask & unnest_form<Table>::template bit<C>())) return;
        using S = typename C::sql_type;
        if constexpr (is_optional_v<V>) {
          if (v)
            out.template add<S>(column, *v);
          else if constexpr (C::app_default || C::app_on_update)
            out.template add<S>(column, C::make_app_default());
          else
            out.add_null(column);
        } else {
          out.template add<S>(column, v);
        }
        ++column;
      });
      out.end_row();
    }
  }
  static constexpr bool check() {
    static_assert(std::is_aggregate_v<Row>, "drizzle: insert values() takes assignments, structs or ranges of them");
    if constexpr (std::is_aggregate_v<Row>) return check_fields();  // one error: nothing more after the first
    return true;
  }
  static constexpr bool check_fields() {
    static_assert(
        aggregate_field_count<Row>() == columns::size,
        "drizzle: an inserted struct needs one field per insertable column, in table order (see insert_shape_t)");
    if constexpr (aggregate_field_count<Row>() == columns::size) return check_types();
    return true;
  }
  static constexpr bool check_types() {
    constexpr bool types_ok = []<class... C, class... F>(type_list<C...>, type_list<F...>) {
      return ((std::is_same_v<F, not_insertable> ? !C::insertable
                                                 : (std::is_same_v<unwrap_optional_t<F>, typename C::cpp_type> &&
                                                    (!is_optional_v<F> || !C::insert_required))) &&
              ...);
    }(columns{}, decltype(field_types(std::declval<const Row&>())){});
    static_assert(types_ok,
                  "drizzle: an inserted struct's field does not match its column (the column's C++ type; std::optional "
                  "only for columns that may be omitted)");
    return true;
  }
};

/// ` select ...` for insert ... select.
template <class Stmt>
struct select_values {
  static constexpr bool dynamic = Stmt::dynamic;
  using tables = type_list<>;
  Stmt stmt;
  template <class W>
  static constexpr void write(W& w, const select_values* self) {
    w.text(" ");
    Stmt::write_statement(w, self ? &self->stmt : nullptr);
  }
  template <class P>
  void bind(P& p) const {
    stmt.bind(p);
  }
};

/// `("a","b")`: a conflict target, written without spaces as Drizzle does.
template <class... Cs>
struct conflict_target {
  template <class W>
  static constexpr void write(W& w) {
    if constexpr (sizeof...(Cs) > 0) {
      w.text(" (");
      std::size_t i = 0;
      ((w.text(i++ ? "," : ""), w.ident(Cs::name)), ...);
      w.text(")");
    }
  }
};
template <class T>
struct target_of {
  using type = conflict_target<T>;
};
template <class... Cs>
struct target_of<std::tuple<Cs...>> {
  using type = conflict_target<Cs...>;
};

/// ` on conflict [target [where ...]] do nothing | do update set ... [where ...]`.
template <class Target, class TargetWhere, class Set, class SetWhere>
struct conflict_clause {
  static constexpr bool dynamic = TargetWhere::dynamic || Set::dynamic || SetWhere::dynamic;
  using tables = type_list<>;
  TargetWhere target_where;
  Set set;
  SetWhere set_where;
  template <class W>
  static constexpr void write(W& w, const conflict_clause* self) {
    w.text(" on conflict");
    Target::write(w);
    TargetWhere::write(w, sub(self, &conflict_clause::target_where));
    if constexpr (is_none_v<Set>) {
      w.text(" do nothing");
    } else {
      w.text(" do update set ");
      Set::write(w, sub(self, &conflict_clause::set));
      SetWhere::write(w, sub(self, &conflict_clause::set_where));
    }
  }
  template <class P>
  void bind(P& p) const {
    target_where.bind(p);
    set.bind(p);
    set_where.bind(p);
  }
};

}  // namespace detail

/// An INSERT statement: insert(users).values(...).
template <class Table, class Values, class Conflict = none, class Returning = none>
struct insert_t {
  Values values_;
  Conflict conflict;
  Returning returning_;

  using row_type = typename detail::returning_row<Returning>::type;
  static constexpr bool dynamic = Values::dynamic || Conflict::dynamic || Returning::dynamic;

  template <class W>
  static constexpr void write_statement(W& w, const insert_t* self) {
    const bool q = w.qualify;
    w.qualify = true;
    w.text("insert into ");
    Table::write_from(w);
    w.text(" (");
    [&]<class... C>(detail::type_list<C...>) {
      std::size_t n = 0;
      ((C::generated ? void() : (w.text(n++ ? ", " : ""), w.ident(C::name))), ...);
    }(columns_of_t<Table>{});
    w.text(")");
    Values::write(w, self ? &self->values_ : nullptr);
    Conflict::write(w, self ? &self->conflict : nullptr);
    if constexpr (!is_none_v<Returning>) Returning::write(w, self ? &self->returning_ : nullptr, false);
    w.qualify = q;
  }
  template <class P>
  void bind(P& p) const {
    values_.bind(p);
    conflict.bind(p);
    returning_.bind(p);
  }
  static constexpr bool check_complete() { return true; }
  [[nodiscard]] static constexpr std::string_view sql() requires(!dynamic) { return detail::static_sql<insert_t>(); }

  /// The columns the unnest form lists (bits of columns_of_t<Table>), or std::nullopt when the rows cannot take it
  /// (see to_unnest_sql in render.hpp). Only multi-row inserts have one.
  [[nodiscard]] std::optional<std::uint64_t> unnest_columns() const requires requires(const Values& v) {
    v.unnest_columns();
  }
  { return values_.unnest_columns(); }
  template <class W>
  void write_unnest_statement(W& w, std::uint64_t mask) const {
    const bool q = w.qualify;
    w.qualify = true;
    w.text("insert into ");
    Table::write_from(w);
    detail::unnest_form<Table>::write(w, mask);
    Conflict::write(w, &conflict);
    if constexpr (!is_none_v<Returning>) Returning::write(w, &returning_, false);
    w.qualify = q;
  }
  template <class P>
  void bind_unnest(P& p, std::uint64_t mask) const {
    values_.bind_unnest(p, mask);
    conflict.bind(p);
    returning_.bind(p);
  }
  /// Without on conflict and returning, the rows of the unnest form may go by COPY instead (the driver does so for
  /// many rows): the same columns, the same values (each_cell).
  static constexpr bool copy_form = is_none_v<Conflict> && is_none_v<Returning>;
  [[nodiscard]] std::size_t row_count() const { return values_.rows.size(); }
  template <class Out>
  void each_cell(std::uint64_t mask, Out& out) const {
    values_.each_cell(mask, out);
  }

  /// returning() - every column; returning(users.id, ...) - chosen ones (written unqualified).
  template <class... Fs>
  [[nodiscard]] constexpr auto returning(const Fs&... fields) && {
    static_assert(is_none_v<Returning>, "drizzle: returning() can be used only once");
    auto r = detail::make_returning<Table>(fields...);
    return insert_t<Table, Values, Conflict, decltype(r)>{std::move(values_), std::move(conflict), std::move(r)};
  }
  /// on conflict [(targets)] do nothing.
  template <column_type... Cs>
  [[nodiscard]] constexpr auto on_conflict_do_nothing(const Cs&...) && {
    static_assert(is_none_v<Conflict>, "drizzle: only one on_conflict clause is allowed");
    static_assert((std::is_same_v<typename Cs::table_type, Table> && ...),
                  "drizzle: a conflict target must be a column of the table being inserted into");
    using C = detail::conflict_clause<detail::conflict_target<Cs...>, none, none, none>;
    return insert_t<Table, Values, C, Returning>{std::move(values_), C{}, std::move(returning_)};
  }
  /// on conflict (target) do update set assignments...; target is a column or std::tuple of columns.
  template <class Target, class... As>
  [[nodiscard]] constexpr auto on_conflict_do_update(const Target&, As&&... assignments) && {
    static_assert(is_none_v<Conflict>, "drizzle: only one on_conflict clause is allowed");
    static_assert(sizeof...(As) > 0, "drizzle: on_conflict_do_update needs at least one assignment");
    static_assert(detail::check_assignments<Table, std::remove_cvref_t<As>...>());
    using Set = detail::assignment_list<std::remove_cvref_t<As>...>;
    using C = detail::conflict_clause<typename detail::target_of<Target>::type, none, Set, none>;
    return insert_t<Table, Values, C, Returning>{std::move(values_), C{{}, Set{{std::forward<As>(assignments)...}}, {}},
                                                 std::move(returning_)};
  }
  /// do update set ... where cond (Drizzle's setWhere).
  template <class Cond>
  [[nodiscard]] constexpr auto set_where(Cond&& cond) && {
    static_assert(boolean_expression<Cond>, "drizzle: set_where() needs a boolean expression");
    return std::move(*this).template rewrite_conflict<false>(std::forward<Cond>(cond));
  }
  /// on conflict (target) where cond (Drizzle's targetWhere, for partial unique indexes).
  template <class Cond>
  [[nodiscard]] constexpr auto target_where(Cond&& cond) && {
    static_assert(boolean_expression<Cond>, "drizzle: target_where() needs a boolean expression");
    return std::move(*this).template rewrite_conflict<true>(std::forward<Cond>(cond));
  }

  // The same on a named statement (an lvalue): build on a copy.
  template <class... Fs>
  [[nodiscard]] constexpr auto returning(const Fs&... fields) const& {
    return insert_t(*this).returning(fields...);
  }
  template <column_type... Cs>
  [[nodiscard]] constexpr auto on_conflict_do_nothing(const Cs&... cs) const& {
    return insert_t(*this).on_conflict_do_nothing(cs...);
  }
  template <class Target, class... As>
  [[nodiscard]] constexpr auto on_conflict_do_update(const Target& target, As&&... assignments) const& {
    return insert_t(*this).on_conflict_do_update(target, std::forward<As>(assignments)...);
  }
  template <class Cond>
  [[nodiscard]] constexpr auto set_where(Cond&& cond) const& {
    return insert_t(*this).set_where(std::forward<Cond>(cond));
  }
  template <class Cond>
  [[nodiscard]] constexpr auto target_where(Cond&& cond) const& {
    return insert_t(*this).target_where(std::forward<Cond>(cond));
  }

 private:
  template <bool Target, class Cond>
  constexpr auto rewrite_conflict(Cond&& cond) && {
    static_assert(!is_none_v<Conflict>, "drizzle: call on_conflict_do_update() or on_conflict_do_nothing() first");
    return [&]<class T, class TW, class S, class SW>(detail::conflict_clause<T, TW, S, SW>&& c) {
      using K = detail::keyword_clause<" where ", std::remove_cvref_t<Cond>>;
      if constexpr (Target) {
        static_assert(is_none_v<TW>, "drizzle: target_where() can be used only once");
        using C = detail::conflict_clause<T, K, S, SW>;
        return insert_t<Table, Values, C, Returning>{
            std::move(values_), C{K{std::forward<Cond>(cond)}, std::move(c.set), std::move(c.set_where)},
            std::move(returning_)};
      } else {
        static_assert(is_none_v<SW>, "drizzle: set_where() can be used only once");
        static_assert(!is_none_v<S>, "drizzle: set_where() belongs to on_conflict_do_update()");
        using C = detail::conflict_clause<T, TW, S, K>;
        return insert_t<Table, Values, C, Returning>{
            std::move(values_), C{std::move(c.target_where), std::move(c.set), K{std::forward<Cond>(cond)}},
            std::move(returning_)};
      }
    }(std::move(conflict));
  }
};

namespace detail {
template <class... As>
inline constexpr bool first_is_range = false;
template <class A, class... As>
inline constexpr bool first_is_range<A, As...> = requires(const std::remove_cvref_t<A>& a) {
  a.begin();
};
}  // namespace detail

/// The start of an insert: choose values(...) or select(...).
template <class Table>
struct insert_into {
  /// One row: values(users.email = "x", users.name = "John"). Omitted columns get `default`.
  template <class... As>
  requires(!detail::first_is_range<As...> &&
           !(sizeof...(As) == 1 && (std::is_aggregate_v<std::remove_cvref_t<As>> && ...) &&
             !(is_assignment_v<std::remove_cvref_t<As>> && ...)))
      [[nodiscard]] constexpr auto values(As&&... assignments) const {
    static_assert(sizeof...(As) > 0, "drizzle: values() needs at least one assignment");
    static_assert(detail::row_writer<Table, std::remove_cvref_t<As>...>::check());
    using V = detail::single_row_values<Table, std::remove_cvref_t<As>...>;
    return insert_t<Table, V>{V{{std::forward<As>(assignments)...}}, {}, {}};
  }
  /// Rows as structs matching insert_shape_t<Table>: values(new_user) or values(std::vector<new_user>{...}).
  template <class Row>
  requires(std::is_aggregate_v<std::remove_cvref_t<Row>> && !is_assignment_v<std::remove_cvref_t<Row>>)
      [[nodiscard]] auto values(Row&& row) const {
    using R = std::remove_cvref_t<Row>;
    static_assert(detail::struct_row_values<Table, R>::check());
    using V = detail::struct_row_values<Table, R>;
    return insert_t<Table, V>{V{{std::forward<Row>(row)}}, {}, {}};
  }
  template <class Range>
  requires(detail::first_is_range<Range>&& std::is_aggregate_v<typename std::remove_cvref_t<Range>::value_type>)
      [[nodiscard]] auto values(const Range& rows) const {
    using R = typename Range::value_type;
    static_assert(detail::struct_row_values<Table, R>::check());
    using V = detail::struct_row_values<Table, R>;
    V v{{rows.begin(), rows.end()}};
    if (v.rows.empty()) throw std::invalid_argument("drizzle: insert values() needs at least one row");
    return insert_t<Table, V>{std::move(v), {}, {}};
  }
  /// Many rows in one statement: values(items, [](const Item& i) { return std::tuple{users.email = i.email}; }).
  template <class Range, class Project>
  requires requires(const Range& r, Project f) { f(*r.begin()); }
  [[nodiscard]] auto values(const Range& items, Project project) const {
    using Row = decltype(project(*items.begin()));
    return [&]<class... As>(std::tuple<As...>*) {
      static_assert(detail::row_writer<Table, As...>::check());
      using V = detail::multi_row_values<Table, As...>;
      V v;
      if constexpr (requires { items.size(); }) v.rows.reserve(static_cast<std::size_t>(items.size()));  // one block
      for (const auto& item : items) v.rows.push_back(project(item));
      if (v.rows.empty()) throw std::invalid_argument("drizzle: insert values() needs at least one row");
      return insert_t<Table, V>{std::move(v), {}, {}};
    }(static_cast<Row*>(nullptr));
  }
  /// insert into t (columns) select ...: the selection must list every insertable column in table order.
  template <class Stmt>
  [[nodiscard]] constexpr auto select(Stmt&& stmt) const {
    using S = std::remove_cvref_t<Stmt>;
    static_assert(S::check_complete());
    using V = detail::select_values<S>;
    return insert_t<Table, V>{V{std::forward<Stmt>(stmt)}, {}, {}};
  }
};

/// insert(users) starts an INSERT into users.
template <table_type T>
[[nodiscard]] constexpr insert_into<T> insert(const T&) {
  return {};
}

}  // namespace drizzle
