#pragma once
/// The driver: a connection, statements bound to it, transactions and savepoints. Statements run on libpq's
/// PGconn* from the templates here; libpqxx 6.4 only opens the connection, in the compiled library (src/pqxx), so no
/// header a user includes parses <pqxx/pqxx> (only the opt-in <drizzle/pqxx/native.hpp>): a later libpqxx changes
/// src/pqxx and that header.
#include <libpq-fe.h>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "../detail/callback.hpp"
#include "../drizzle.hpp"
#include "../result.hpp"
#include "copy_binary.hpp"
#include "errors.hpp"

namespace drizzle {

/// Transaction options, spelled as in Drizzle: begin isolation level ... read only deferrable.
enum class isolation { default_level, read_uncommitted, read_committed, repeatable_read, serializable };
enum class access_mode { default_mode, read_write, read_only };
struct transaction_options {
  drizzle::isolation isolation = drizzle::isolation::default_level;
  access_mode access = access_mode::default_mode;
  bool deferrable = false;
};

/// Receives every statement before it runs (Drizzle's logger): any callable of this signature.
using query_logger = callback<void(std::string_view sql, const param_list& params)>;
/// Prints `Query: <sql> -- params: [<params>]` to stderr, as Drizzle's DefaultLogger does. Never throws: a value
/// that is not valid UTF-8 is printed with U+FFFD in place of the bad bytes (the server then rejects it, 22021).
void default_logger(std::string_view sql, const param_list& params) noexcept;

namespace pqxx {

/// Connection options.
struct options {
  /// Prepare fixed-shape statements once per connection (off for transaction-mode poolers like PgBouncer).
  bool prepare_statements = true;
  /// Put parameter values into error messages (off by default: they may hold secrets).
  bool include_params_in_errors = false;
  query_logger logger{};
  /// insert(t).values(range) with at least this many rows goes by COPY when it can (pqxx/copy.hpp); 0: never.
  std::size_t copy_min_rows = 1000;
};

namespace detail {
/// A small per-process number for each statement type: the key of the prepared-statement cache.
inline std::size_t next_statement_id = 0;
template <class Stmt>
inline const std::size_t statement_id = next_statement_id++;

/// A PGresult, cleared when it goes out of scope (on every path, the error paths included). Written out rather than
/// std::unique_ptr<PGresult, deleter>: at -O0 every file that runs a statement compiled unique_ptr's dozen members
/// (and its std::tuple) for it.
class result_ptr {
 public:
  result_ptr() noexcept = default;
  explicit result_ptr(PGresult* r) noexcept : r_(r) {}
  result_ptr(result_ptr&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  result_ptr& operator=(result_ptr&& o) noexcept {
    if (this != &o) {
      reset(o.r_);
      o.r_ = nullptr;
    }
    return *this;
  }
  ~result_ptr() { PQclear(r_); }  // PQclear(nullptr) does nothing
  [[nodiscard]] PGresult* get() const noexcept { return r_; }
  [[nodiscard]] PGresult* release() noexcept {
    PGresult* r = r_;
    r_ = nullptr;
    return r;
  }
  void reset(PGresult* r = nullptr) noexcept {
    PQclear(r_);
    r_ = r;
  }
  explicit operator bool() const noexcept { return r_ != nullptr; }

 private:
  PGresult* r_ = nullptr;
};

/// The rendered statement, for the library's cold paths only (preparing it, naming it in an error message): a
/// sql_query, or a function that renders one (the fixed-shape path renders its text nowhere else). One small
/// function per kind of source, so the library needs no template of the statement.
struct query_ref {
  const void* source;
  const sql_query& (*get)(const void* source, sql_query& scratch);
  [[nodiscard]] const sql_query& operator()(sql_query& scratch) const { return get(source, scratch); }
};
template <class Q>
struct query_ref_of {
  static const sql_query& get(const void* source, sql_query& scratch) {
    const Q& q = *static_cast<const Q*>(source);
    if constexpr (std::is_same_v<Q, sql_query>) {
      return q;
    } else if constexpr (std::is_same_v<decltype(q()), const sql_query&>) {
      return q();
    } else {
      scratch = q();
      return scratch;
    }
  }
};
template <class Q>
query_ref ref_to(const Q& q) noexcept {
  return {&q, &query_ref_of<Q>::get};
}

/// The session settings the codecs rely on, set when a connection opens (whatever the server's or the role's
/// defaults): doubles in full precision, ISO dates, PostgreSQL-style intervals, UTF-8.
inline constexpr const char* session_settings =
    "set extra_float_digits = 3; set datestyle = 'ISO, MDY'; set intervalstyle = 'postgres'; "
    "set client_encoding = 'UTF8'";
}  // namespace detail

namespace detail {
/// The libpqxx connection behind a pg_connection (src/pqxx/connection.cpp; <drizzle/pqxx/native.hpp> gives its
/// libpqxx API).
struct native_connection;
}  // namespace detail

/// A connection whose libpq handle drizzle uses directly. libpqxx opened it and holds it (an opaque member, so this
/// header needs no libpqxx: <drizzle/pqxx/native.hpp> gives libpqxx's API on it, such as its notice handling). It
/// never reconnects by itself. Opening and closing are compiled in the library; handle() stays an inline load, as
/// every statement calls it.
class pg_connection {
 public:
  /// Connects to `url`; libpqxx's exception (pqxx::broken_connection) when it cannot (open_connection() maps it).
  explicit pg_connection(const std::string& url);
  pg_connection(const pg_connection&) = delete;
  pg_connection& operator=(const pg_connection&) = delete;
  ~pg_connection() noexcept;
  /// libpq's handle (null once closed).
  [[nodiscard]] PGconn* handle() const noexcept { return pg_; }
  [[nodiscard]] const std::string& url() const noexcept { return url_; }
  /// The libpqxx connection (complete only in <drizzle/pqxx/native.hpp> and the library).
  [[nodiscard]] detail::native_connection& native() noexcept { return *native_; }

 private:
  std::string url_;
  PGconn* pg_ = nullptr;  ///< kept current by the libpqxx connection's policy (null once it disconnects)
  /// Owned (deleted by the destructor, in the library): a plain pointer, as std::unique_ptr's members would be
  /// compiled in every file for it.
  detail::native_connection* native_;
};

/// A field of a binary result: its bytes, which decode themselves into T through detail::binary_result<T>
/// (copy_binary.hpp), never through the text codecs.
struct binary_field {
  std::string_view bytes;
  template <class T>
  [[nodiscard]] T decode() const {
    return detail::binary_result<T>::decode(bytes);
  }
};

/// One row of a result: field i as text (std::nullopt for NULL), or, in a result asked for in binary (binary()),
/// as binary_at(i).
class result_row {
 public:
  result_row(const PGresult* r, int row) noexcept : r_(r), row_(row), fields_(PQnfields(r)) {}
  /// With the result's field count, read once per result instead of once per row, and its format.
  result_row(const PGresult* r, int row, int fields, bool binary = false) noexcept
      : r_(r), row_(row), fields_(fields), binary_(binary) {}
  [[nodiscard]] std::size_t size() const noexcept { return static_cast<std::size_t>(fields_); }
  /// Whether the fields are in PostgreSQL's binary format (read them with binary_at(i), not operator[]).
  [[nodiscard]] bool binary() const noexcept { return binary_; }
  [[nodiscard]] bool is_null(std::size_t i) const noexcept { return PQgetisnull(r_, row_, static_cast<int>(i)) != 0; }
  /// Inlined as binary_at is (g++ stopped inlining it on its own once the driver's statement path moved out of line:
  /// +30 instructions per text row, callgrind).
  [[nodiscard, gnu::always_inline]] std::optional<std::string_view> operator[](std::size_t i) const noexcept {
    const int c = static_cast<int>(i);
    const char* v = PQgetvalue(r_, row_, c);
    const int n = PQgetlength(r_, row_, c);
    // libpq gives NULL a length of 0: only an empty value needs the null check (one libpq call less per field).
    if (n == 0 && PQgetisnull(r_, row_, c)) return std::nullopt;
    return std::string_view(v, static_cast<std::size_t>(n));
  }
  /// Inlined into each field's decoder (the call alone was a tenth of a binary row's decoding).
  [[nodiscard, gnu::always_inline]] std::optional<binary_field> binary_at(std::size_t i) const noexcept {
    const int c = static_cast<int>(i);
    const char* v = PQgetvalue(r_, row_, c);
    const int n = PQgetlength(r_, row_, c);
    if (n == 0 && PQgetisnull(r_, row_, c)) return std::nullopt;
    return binary_field{std::string_view(v, static_cast<std::size_t>(n))};
  }

 private:
  const PGresult* r_;
  int row_;
  int fields_;
  bool binary_ = false;
};

namespace detail {
/// Binary results (issue 13): whether a row's every field can be read from PostgreSQL's binary format, and whether
/// a prepared statement's described columns are of the server types those decoders read (binary_result<T>::accepts).
/// A field read through its column type's own decode (jsonb, enums, custom types, arrays) has no binary decoder.
template <class Record>
struct binary_record {
  static constexpr bool possible = false;
};
template <class K, class V>
constexpr bool binary_field_possible() {
  using T = ::drizzle::detail::unwrap_optional_t<V>;
  if constexpr (::drizzle::detail::is_group_v<K>) {
    return binary_record<T>::possible;
  } else {
    using S = typename K::sql_type;
    if constexpr (!std::is_void_v<S>) {
      if constexpr (std::is_same_v<typename S::cpp_type, T> && requires(std::string_view t) { S::decode(t); })
        return false;
    }
    return binary_result<T>::available;
  }
}
template <class... K, class... V>
struct binary_record<::drizzle::record<::drizzle::detail::type_list<K...>, ::drizzle::detail::type_list<V...>>> {
  static constexpr bool possible = sizeof...(K) > 0 && (binary_field_possible<K, V>() && ...);
  /// Whether the described result's columns from `column` on are read by the fields' decoders; advances column.
  static bool accepts(const PGresult* described, int& column) { return (accepts_one<K, V>(described, column) && ...); }
  template <class K1, class V1>
  static bool accepts_one(const PGresult* described, int& column) {
    using T = ::drizzle::detail::unwrap_optional_t<V1>;
    if constexpr (::drizzle::detail::is_group_v<K1>)
      return binary_record<T>::accepts(described, column);
    else
      return binary_result<T>::accepts(static_cast<std::uint32_t>(PQftype(described, column++)));
  }
  /// The check run on PQdescribePrepared's result: the column count and every column's type.
  static bool described(const PGresult* d) {
    if (PQnfields(d) !=
        static_cast<int>(::drizzle::detail::row_width_v<
                         ::drizzle::record<::drizzle::detail::type_list<K...>, ::drizzle::detail::type_list<V...>>>))
      return false;
    int column = 0;
    return accepts(d, column);
  }
};
/// The check of a described statement's columns (binary_record<Row>::described), or none.
using result_check = bool (*)(const PGresult*);
/// A prepared statement's result format: binary or not, as decided for the check `decided_for` (none: not yet).
struct format_slot {
  result_check decided_for = nullptr;
  bool binary = false;
};

/// A statement whose text is a compile-time constant, or one rendered at run time.
template <class T>
concept fixed_shape = requires {
  T::dynamic;
}
&&!T::dynamic;
template <class T>
concept dynamic_shape = requires {
  T::dynamic;
}
&&T::dynamic;

/// A select with a locking clause (for update, for share, ...): with_replicas() runs it on the primary.
template <class T>
inline constexpr bool locks_rows = false;
template <int R, class F, class Fr, class J, class W, class G, class H, class O, class L, class Off, class Lock,
          class D, class Wi>
inline constexpr bool locks_rows<::drizzle::select_t<R, F, Fr, J, W, G, H, O, L, Off, Lock, D, Wi>> =
    !::drizzle::is_none_v<Lock>;

template <class T>
concept statement = requires {
  T::dynamic;
}
&&requires(const T& s) {
  ::drizzle::to_sql(s);
};
}  // namespace detail

class session;
class replicated;
template <class Stmt>
class bound;
namespace detail {
struct batch_access;  ///< db.batch(...) (pqxx/batch.hpp)
}
template <class Schema>
class session_queries;

/// A statement bound to a session: build it further, then run it with all(), first(), one() or execute().
/// A value like the statements it holds: every builder works on a named one (copying it) and on a temporary
/// (moving it), and the run methods leave it as it was, so one prepared statement runs any number of times.
template <class Stmt>
class bound {
 public:
  bound(session& s, Stmt stmt);

  /// The statement itself, e.g. for to_sql() or use as a subquery.
  [[nodiscard]] const Stmt& statement() const& { return stmt_; }
  [[nodiscard]] Stmt statement() && { return std::move(stmt_); }

  /// The SQL text: a compile-time constant for a fixed-shape statement, rendered for a dynamic one.
  [[nodiscard]] constexpr std::string_view sql() const requires detail::fixed_shape<Stmt> { return Stmt::sql(); }
  [[nodiscard]] std::string sql() const requires detail::dynamic_shape<Stmt> { return ::drizzle::sql_text(stmt_); }
  /// The SQL text and parameters (`.sql`, `.params`), placeholders filled from arg<"name">(v)...
  template <class... Args>
  [[nodiscard]] sql_query to_sql(const Args&... args) const {
    return ::drizzle::to_sql(stmt_, args...);
  }

#define DRIZZLE_FORWARD(NAME)                                       \
  template <class... A>                                             \
  [[nodiscard]] auto NAME(A&&... args)&& {                          \
    return rebind(std::move(stmt_).NAME(std::forward<A>(args)...)); \
  }                                                                 \
  template <class... A>                                             \
  [[nodiscard]] auto NAME(A&&... args) const& {                     \
    return rebind(Stmt(stmt_).NAME(std::forward<A>(args)...));      \
  }
  DRIZZLE_FORWARD(from)
  DRIZZLE_FORWARD(inner_join)
  DRIZZLE_FORWARD(left_join)
  DRIZZLE_FORWARD(right_join)
  DRIZZLE_FORWARD(full_join)
  DRIZZLE_FORWARD(cross_join)
  DRIZZLE_FORWARD(left_join_lateral)
  DRIZZLE_FORWARD(inner_join_lateral)
  DRIZZLE_FORWARD(cross_join_lateral)
  DRIZZLE_FORWARD(where)
  DRIZZLE_FORWARD(group_by)
  DRIZZLE_FORWARD(having)
  DRIZZLE_FORWARD(order_by)
  DRIZZLE_FORWARD(limit)
  DRIZZLE_FORWARD(offset)
  DRIZZLE_FORWARD(for_update)
  DRIZZLE_FORWARD(for_no_key_update)
  DRIZZLE_FORWARD(for_share)
  DRIZZLE_FORWARD(for_key_share)
  DRIZZLE_FORWARD(values)
  DRIZZLE_FORWARD(select)
  DRIZZLE_FORWARD(set)
  DRIZZLE_FORWARD(returning)
  DRIZZLE_FORWARD(on_conflict_do_nothing)
  DRIZZLE_FORWARD(on_conflict_do_update)
  DRIZZLE_FORWARD(set_where)
  DRIZZLE_FORWARD(target_where)
  DRIZZLE_FORWARD(concurrently)
  DRIZZLE_FORWARD(with_no_data)
#undef DRIZZLE_FORWARD
  // Set operations take a free statement or another bound one: db.select(...).union_(db.select(...)).
#define DRIZZLE_FORWARD(NAME)                                         \
  template <class R>                                                  \
  [[nodiscard]] auto NAME(R&& r)&& {                                  \
    return rebind(std::move(stmt_).NAME(unwrap(std::forward<R>(r)))); \
  }                                                                   \
  template <class R>                                                  \
  [[nodiscard]] auto NAME(R&& r) const& {                             \
    return rebind(Stmt(stmt_).NAME(unwrap(std::forward<R>(r))));      \
  }
  DRIZZLE_FORWARD(union_)
  DRIZZLE_FORWARD(union_all)
  DRIZZLE_FORWARD(intersect)
  DRIZZLE_FORWARD(intersect_all)
  DRIZZLE_FORWARD(except_)
  DRIZZLE_FORWARD(except_all)
#undef DRIZZLE_FORWARD

  /// A server-side prepared statement with this name instead of the automatic one (Drizzle's .prepare("name")).
  /// Prepared on its first run; every later run, of this object or a copy, executes it with new values.
  [[nodiscard]] bound prepare(std::string name) && {
    name_ = std::move(name);
    return std::move(*this);
  }
  [[nodiscard]] bound prepare(std::string name) const& {
    return bound(*this).prepare(std::move(name));
  }

  /// Every row. Named placeholders get their values here: all(arg<"role">("admin")).
  template <class... Args>
  requires(is_named_arg_v<Args>&&...) [[nodiscard]] auto all(const Args&... args) const;
  /// The first row, if any. A select (or set operation) without a limit runs with `limit $n` bound to 1 added, so
  /// at most one row leaves the server; a statement with its own limit runs as written.
  template <class... Args>
  requires(is_named_arg_v<Args>&&...) [[nodiscard]] auto first(const Args&... args) const;
  /// Exactly one row; no_rows / too_many_rows otherwise.
  template <class... Args>
  requires(is_named_arg_v<Args>&&...) [[nodiscard]] auto one(const Args&... args) const;
  /// Rows read into the user's struct S (checked at compile time against the selection).
  template <class S, class... Args>
  requires(!is_named_arg_v<S> && (is_named_arg_v<Args> && ...))
      [[nodiscard]] std::vector<S> all(const Args&... args) const;
  template <class S, class... Args>
  requires(!is_named_arg_v<S> && (is_named_arg_v<Args> && ...))
      [[nodiscard]] std::optional<S> first(const Args&... args) const;
  template <class S, class... Args>
  requires(!is_named_arg_v<S> && (is_named_arg_v<Args> && ...)) [[nodiscard]] S one(const Args&... args) const;
  /// Runs the statement; returns the number of rows affected (or returned).
  template <class... Args>
  requires(is_named_arg_v<Args>&&...) std::size_t execute(const Args&... args)
  const;
  /// Reads the rows through a cursor, `batch` at a time, calling fn(row) for each: memory stays constant however
  /// large the result (runs in a transaction, or a savepoint inside one). fn may take the row by value, `const auto&`
  /// or `auto&` (the row is its to keep or change).
  template <class F>
  void for_each(F&& fn, std::size_t batch = 1000) const;

 private:
  template <class>
  friend class bound;
  template <class T>
  static decltype(auto) unwrap(T&& t) {
    if constexpr (requires { std::forward<T>(t).statement(); })
      return std::forward<T>(t).statement();
    else
      return std::forward<T>(t);
  }
  template <class Next>
  bound<Next> rebind(Next&& next) const {
    return bound<Next>(*session_, std::forward<Next>(next));
  }
  /// Runs the statement, calling on_row for every row; multi-row inserts past PostgreSQL's 65,535 parameters are
  /// split into several statements in one transaction.
  template <class OnRow, class... Args>
  std::size_t run(OnRow&& on_row, const Args&... args) const;
  /// Every row decoded as Out (the record type or a user struct).
  template <class Out, class... Args>
  std::vector<Out> collect(const Args&... args) const;
  /// The first row decoded as Out; with exactly_one, no_rows / too_many_rows unless there is exactly one.
  template <class Out, class... Args>
  std::optional<Out> collect_one(bool exactly_one, const Args&... args) const;
  /// first(): through limit_one() when the statement has one (a select or set operation without a limit). Under
  /// .prepare("name") the limited text is another statement, prepared as "name_first".
  template <class Out, class... Args>
  std::optional<Out> collect_first(const Args&... args) const;

  session* session_;
  Stmt stmt_;
  std::optional<std::string> name_;
  friend struct detail::batch_access;
};

/// A raw statement from an expression: db.execute(sql<void, "...">(...)).
template <class E>
struct raw_statement {
  E expr;
  using row_type = void;
  static constexpr bool dynamic = E::dynamic;
  template <class W>
  static constexpr void write_statement(W& w, const raw_statement* self) {
    w.qualify = true;
    E::write(w, self ? &self->expr : nullptr);
  }
  template <class P>
  void bind(P& p) const {
    expr.bind(p);
  }
  static constexpr bool check_complete() { return true; }
};

/// What db and tx have in common: start statements, run raw SQL, nest transactions.
class session {
 public:
  /// Construction, moving and destruction are compiled in the library (src/pqxx/session.cpp): the destructor is the
  /// key function, so the vtable and the members' destructors (std::map, std::function, ...) are not compiled in
  /// every file that opens a connection.
  session(pg_connection& conn, options opts);
  session(const session&) = delete;
  session& operator=(const session&) = delete;
  /// Movable so connect() and factories can return it.
  session(session&& other) noexcept;
  session& operator=(session&&) = delete;
  virtual ~session();

  template <class... Fs>
  [[nodiscard]] auto select(const Fs&... fields) {
    return bound(*this, ::drizzle::select(fields...));
  }
  template <class... Fs>
  [[nodiscard]] auto select_distinct(const Fs&... fields) {
    return bound(*this, ::drizzle::select_distinct(fields...));
  }
  /// Drizzle's db.selectDistinctOn([...], fields): db.select_distinct_on(std::tuple{posts.author_id}, fields...).
  template <class... On, class... Fs>
  [[nodiscard]] auto select_distinct_on(std::tuple<On...> on, const Fs&... fields) {
    return bound(*this, ::drizzle::select_distinct_on(std::move(on), fields...));
  }
  template <table_type T>
  [[nodiscard]] auto insert(const T& t) {
    return bound(*this, ::drizzle::insert(t));
  }
  template <table_type T>
  [[nodiscard]] auto update(const T& t) {
    return bound(*this, ::drizzle::update(t));
  }
  template <table_type T>
  [[nodiscard]] auto delete_from(const T& t) {
    return bound(*this, ::drizzle::delete_from(t));
  }
  /// Relational queries: db.query(schema)[users].find_many(with<"posts">()).all() (Drizzle's db.query.users).
  template <class... R>
  [[nodiscard]] session_queries<relational_schema_t<R...>> query(const relational_schema_t<R...>&) {
    return session_queries<relational_schema_t<R...>>(*this);
  }
  /// REFRESH MATERIALIZED VIEW: db.refresh_materialized_view(v).concurrently().execute() (view.hpp).
  template <materialized_view_type V>
  [[nodiscard]] auto refresh_materialized_view(const V& v) {
    return bound(*this, ::drizzle::refresh_materialized_view(v));
  }
  /// Runs a statement built elsewhere (drizzle::select(...) etc.).
  template <class Stmt>
  requires detail::statement<std::remove_cvref_t<Stmt>>
  [[nodiscard]] auto run(Stmt&& stmt) { return bound<std::remove_cvref_t<Stmt>>(*this, std::forward<Stmt>(stmt)); }
  /// The number of rows of a table (or alias, subquery, CTE), optionally only those matching a condition:
  /// db.count(users), db.count(users, eq(users.is_active, true)) (Drizzle's db.$count(users, where)). Runs
  /// `select count(*) from "users" where ...`, prepared like any fixed-shape statement.
  /// (`count_of<Source>()`, not `count()`: a call that depends on Source is compiled only where count() is used.)
  template <class Source>
  [[nodiscard]] std::int64_t count(const Source& source) {
    auto [n] = run(::drizzle::select(count_of<Source>()).from(source)).one();
    return n;
  }
  template <class Source, class Where>
  [[nodiscard]] std::int64_t count(const Source& source, Where&& where) {
    auto [n] = run(::drizzle::select(count_of<Source>()).from(source).where(std::forward<Where>(where))).one();
    return n;
  }
  template <class>
  static auto count_of() {
    return ::drizzle::count();
  }
  /// Raw SQL, only where asked for by name: execute("create table ..."). (Compiled in the library.)
  std::size_t execute(std::string_view raw_sql);
  /// Raw SQL with text parameters ($1, $2, ...) returning rows as text (NULL as std::nullopt), for tools such as the
  /// migrator and introspection. (Compiled in the library.)
  std::vector<std::vector<std::optional<std::string>>> query_text(std::string_view raw_sql,
                                                                  const std::vector<std::string>& params = {});
  /// A sql template expression run as a statement: execute(sql<void, "vacuum {}">(users)).
  template <expression E>
  std::size_t execute(E&& e) {
    return run(raw_statement<std::remove_cvref_t<E>>{std::forward<E>(e)}).execute();
  }
  /// Raw SQL returning rows of the sql template's type (pqxx/raw_rows.hpp): all(sql<std::tuple<int, std::string>,
  /// "select ...">(...)) is a std::vector of tuples; a struct or a single type (int, std::string, ...) works too.
  template <expression E>
  [[nodiscard]] auto all(const E& e);
  template <expression E>
  [[nodiscard]] auto first(const E& e);
  template <expression E>
  [[nodiscard]] auto one(const E& e);

  /// COPY rows into a table (binary COPY when every column type has a binary form, pqxx/copy.hpp), the fastest
  /// bulk path. Rows are structs of the table's insert shape (what
  /// insert().values(range) takes: an empty std::optional leaves the column to its default) or of its select shape
  /// (maps_to); one COPY is atomic (inside a transaction it runs in a savepoint), so a failure leaves nothing behind.
  /// Returns the number of rows copied.
  template <table_type T, class Range>
  std::size_t copy_into(const T& table, const Range& rows);
  /// insert(t).values(range) of at least options::copy_min_rows rows without on conflict / returning: the unnest
  /// form's columns and values by COPY (pqxx/copy.hpp). std::nullopt when the server refuses COPY for the table
  /// (row-level security): then the statement runs as an insert.
  template <class Stmt>
  std::optional<std::size_t> copy_values(const Stmt& stmt, std::uint64_t mask);

  /// Runs fn(tx) in a transaction (a savepoint when nested): commit when fn returns, roll back and
  /// rethrow when it throws. Returns what fn returns. When the connection is lost inside, transaction() throws
  /// drizzle::connection_lost even if fn caught the error and returned: nothing of the transaction is kept.
  template <class F>
  decltype(auto) transaction(F&& fn, transaction_options opts = {});

  /// Statements sent together in libpq's pipeline mode, one round trip for all (Drizzle's db.batch): a tuple of
  /// results, one per statement (rows, or the affected-row count of a statement without returning). All or nothing;
  /// db.batch(drizzle::pqxx::independent, ...) runs each in its own transaction. Defined in pqxx/batch.hpp.
  template <class... Stmts>
  [[nodiscard]] auto batch(Stmts&&... stmts);

  /// Inside transaction(): roll back on purpose (throws drizzle::rollback_error, which transaction() rethrows).
  [[noreturn]] void rollback() { throw rollback_error(); }

  [[nodiscard]] pg_connection& connection() { return *conn_; }
  [[nodiscard]] options& settings() { return options_; }
  void set_logger(query_logger logger) { options_.logger = std::move(logger); }

  /// False once the connection was lost (then every statement throws drizzle::connection_lost until the
  /// application calls database::reconnect(); nothing reconnects by itself).
  [[nodiscard]] bool connected() const noexcept {
    return !lost_ && conn_->handle() && PQstatus(conn_->handle()) == CONNECTION_OK;
  }
  /// True inside transaction() (at any depth).
  [[nodiscard]] bool in_transaction() const noexcept { return depth_ > 0; }

  /// Runs rendered SQL: prepared under the statement's type id when `id` is given, else with PQexecParams.
  /// on_row(row) is called for every row; on_row.reserve(n) first when it has one (n = the result's row count).
  template <class OnRow>
  std::size_t exec_query(const sql_query& q, std::size_t id, bool prepare, OnRow&& on_row,
                         const std::optional<std::string>& explicit_name = std::nullopt) {
    int format = 0;
    const detail::result_ptr r(send_query(q, id, prepare, explicit_name, binary_check<OnRow>(), format));
    return read_rows(r.get(), format != 0, on_row);
  }

  /// Runs `sql` with n text parameters `values` (already checked) and decodes the rows. query() gives the rendered
  /// statement, needed only to prepare it and for error messages (the fixed-shape path of bound::run renders it
  /// there and nowhere else).
  /// A prepared statement whose rows on_row decodes (its `binary_row`) is read in PostgreSQL's binary format when
  /// every field has a binary decoder and the server's column types, described once per connection, are the ones
  /// those decoders read (detail::binary_record); else, and for every other statement, in text.
  template <class OnRow, class Query>
  std::size_t exec_values(std::string_view sql, int n, const char* const* values, std::size_t id, bool prepare,
                          OnRow&& on_row, const std::optional<std::string>& explicit_name, const Query& query) {
    int format = 0;
    const detail::result_ptr r(
        send(sql, n, values, id, prepare, explicit_name, binary_check<OnRow>(), detail::ref_to(query), format));
    return read_rows(r.get(), format != 0, on_row);
  }

 protected:
  /// The one way to libpq (compiled in the library, one call per statement): runs `sql` with n text parameters
  /// `values` (already checked), prepared under `explicit_name`, or under statement type `id` when `prepare` (and
  /// options::prepare_statements) say so, else unprepared. `check` (binary_record<Row>::described, or null) decides a
  /// prepared statement's result format once per connection: `format` is set to 1 for binary. Returns a successful
  /// result; throws the typed error otherwise (connection_lost once the connection is lost).
  PGresult* send(std::string_view sql, int n, const char* const* values, std::size_t id, bool prepare,
                 const std::optional<std::string>& explicit_name, detail::result_check check, detail::query_ref query,
                 int& format);
  /// send() for a rendered statement: logs it, checks that every placeholder has a value, points libpq at the values.
  PGresult* send_query(const sql_query& q, std::size_t id, bool prepare,
                       const std::optional<std::string>& explicit_name, detail::result_check check, int& format);
  /// The binary-result check of the rows on_row decodes (detail::binary_record), or none: those results are text.
  template <class OnRow>
  static constexpr detail::result_check binary_check() {
    using O = std::remove_cvref_t<OnRow>;
    if constexpr (requires { typename O::binary_row; })
      if constexpr (detail::binary_record<typename O::binary_row>::possible)
        return &detail::binary_record<typename O::binary_row>::described;
    return nullptr;
  }
  /// Calls on_row for every row of a successful result (on_row.reserve(n) first when it has one); returns the row
  /// count, or the affected-row count of a statement that returns no rows. Inlined into the statement's run (as a call
  /// of its own it cost a point select ~90 instructions, callgrind).
  template <class OnRow>
  [[gnu::always_inline]] static std::size_t read_rows(const PGresult* r, bool binary, OnRow& on_row) {
    const int rows = PQntuples(r);
    const int fields = PQnfields(r);
    if constexpr (requires { on_row.reserve(std::size_t{}); }) on_row.reserve(static_cast<std::size_t>(rows));
    for (int i = 0; i < rows; ++i) on_row(result_row(r, i, fields, binary));
    if (fields > 0) return static_cast<std::size_t>(rows);
    return affected_rows(r);
  }
  /// PQcmdTuples as a number (0 when the command reports none).
  static std::size_t affected_rows(const PGresult* r);
  /// Calls the logger; a logger that throws is ignored (logging never stops a statement).
  void log(std::string_view sql, const param_list& params) const noexcept;
  /// The libpq handle, or connection_lost naming `statement` when the connection was lost before it.
  PGconn* usable(const std::string& stmt, std::size_t param_count);
  /// Whether a statement's result is a success (r is null when libpq ran out of memory or had no connection).
  static bool ok(const PGresult* r) noexcept {
    const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN ||
           status == PGRES_EMPTY_QUERY;
  }
  /// Throws the typed error of a failed result: connection_lost when the connection broke (and remembers that, so
  /// every later statement fails too), else the error of its SQLSTATE.
  [[noreturn]] void fail(const PGresult* r, const std::string& stmt, std::size_t param_count);
  /// The automatic name of statement type `id` ("drizzle_<id>"), prepared on first use; built once per id.
  /// `q` gives the rendered statement (called only to prepare it).
  const std::string& prepare_id(detail::query_ref q, std::size_t id);
  /// A name given with .prepare("name"), prepared on first use. For a statement type (`typed`) the name last run
  /// under its id is remembered, so a repeated run compares one string instead of searching every name.
  const std::string& prepare_named(detail::query_ref q, std::size_t id, bool typed, const std::string& name);
  /// prepare_named, returning the name's result format (result_format).
  detail::format_slot& prepare_named_format(detail::query_ref q, std::size_t id, bool typed, const std::string& name);
  /// 1 when prepared statement `name` is read in binary by the decoders of `check`, else 0. Decided once per
  /// connection from PQdescribePrepared's column types (one more round trip, only then) and kept in `slot` with the
  /// check it was decided for: another row type run under the same name (.prepare("name") given to two statements)
  /// is decided again, never read by the first one's decoders.
  int result_format(detail::format_slot& slot, const std::string& name, detail::result_check check);
  void prepare_on_server(const std::string& name, const sql_query& q);
  /// The statement for an error message: its text, and its values when options::include_params_in_errors is set.
  std::string describe(const sql_query& q) const;
  std::string describe(detail::query_ref q) const;
  /// `copy <table> (<columns of mask>) from stdin`, fed by feed(writer) (pqxx/copy.hpp).
  template <class Table, class Columns, class Feed>
  std::size_t copy_in(std::uint64_t mask, Feed&& feed);
  /// Runs `text` (no parameters, no rows): begin, commit, savepoints, close. Returns the command tag (a `commit`
  /// of an aborted transaction answers ROLLBACK).
  std::string raw(const std::string& text);
  /// Sends begin (with opts) or, nested, `savepoint sp<depth>`; returns whether it is a savepoint.
  bool begin_transaction(const transaction_options& opts);
  /// Commits (or releases the savepoint), or rolls back when !commit; see transaction().
  void end_transaction(bool savepoint, bool commit);
  /// Forgets what belonged to the previous backend (after reconnect()).
  void forget_backend();
  /// for_each's cursor (src/pqxx/session.cpp): declares it for `q` in a transaction and fetches `batch` rows at a
  /// time, calling on_row.call(on_row.target, row) for each.
  struct row_sink {
    void* target;
    void (*call)(void* target, const result_row& row);
  };
  void run_cursor(const sql_query& q, std::size_t batch, row_sink on_row);

  pg_connection* conn_;
  options options_;
  /// The prepared statements of this connection (src/pqxx/session.cpp: names by statement type id, names given with
  /// .prepare("name"), their result formats). Only the library reads it; owned, deleted by ~session().
  struct statement_cache;
  statement_cache* cache_;
  int depth_ = 0;  ///< 0 outside transactions, 1 in a transaction, >1 in savepoints
  std::size_t cursors_ = 0;
  std::optional<std::string> lost_;  ///< set when the connection was lost: why, and during which statement
  /// Set on the replicas of with_replicas() (pqxx/replicas.hpp): a select that locks rows runs there.
  session* primary_ = nullptr;
  friend class replicated;

  template <class>
  friend class bound;
  friend struct detail::batch_access;
};

/// The relational queries of one table, bound to a session: find_many(...) and find_first(...) return the
/// statement bound like db.select(): run it with all() / first() / one(), or prepare("name") it first.
template <class Schema, class Table>
class session_table_query {
 public:
  explicit session_table_query(session& s) : session_(&s) {}
  template <class... O>
  [[nodiscard]] auto find_many(O&&... options) const {
    auto q = table_query<Schema, Table>{}.find_many(std::forward<O>(options)...);
    return bound<decltype(q)>(*session_, std::move(q));
  }
  template <class... O>
  [[nodiscard]] auto find_first(O&&... options) const {
    auto q = table_query<Schema, Table>{}.find_first(std::forward<O>(options)...);
    return bound<decltype(q)>(*session_, std::move(q));
  }

 private:
  session* session_;
};

/// db.query(schema): pick a table with [table].
template <class Schema>
class session_queries {
 public:
  explicit session_queries(session& s) : session_(&s) {}
  template <table_type T>
  [[nodiscard]] session_table_query<Schema, T> operator[](const T&) const {
    return session_table_query<Schema, T>(*session_);
  }

 private:
  session* session_;
};

namespace detail {
/// Opens a connection and sets what the codecs rely on (detail::session_settings); connection_error otherwise.
std::unique_ptr<pg_connection> open_connection(const std::string& url);
}  // namespace detail

/// A connection: drizzle::pqxx::connect(url). It never reconnects by itself: once lost, every statement throws
/// drizzle::connection_lost until reconnect() (drizzle::pqxx::pool replaces a broken connection between uses).
class database : public session {
 public:
  explicit database(std::unique_ptr<pg_connection> owned, options opts = {});
  database(database&&) noexcept;
  ~database() override;  ///< closes the connection

  /// Opens a new connection to the same URL in place of this one (a new backend: session settings, prepared
  /// statements and temporary tables start afresh). Not inside a transaction: std::logic_error there.
  void reconnect();

 private:
  pg_connection* owned_;  ///< owned (~database() deletes it): not a std::unique_ptr, compiled in every file
};

/// Opens a connection; a bad URL or unreachable server is a drizzle::connection_error naming the cause. The
/// connection sets extra_float_digits, DateStyle, IntervalStyle and client_encoding for itself, so values read
/// back the same whatever the server's or the role's settings.
database connect(const std::string& url, options opts);
/// connect(url) with the default options (its own function, so a caller's file builds and destroys no options).
database connect(const std::string& url);

// ---------------------------------------------------------------------------------------------

template <class F>
decltype(auto) session::transaction(F&& fn, transaction_options opts) {
  const bool savepoint = begin_transaction(opts);
  auto finish = [&](bool commit) { end_transaction(savepoint, commit); };
  if constexpr (std::is_void_v<std::invoke_result_t<F, session&>>) {
    try {
      fn(*this);
    } catch (...) {
      finish(false);
      throw;
    }
    finish(true);
  } else {
    using R = std::invoke_result_t<F, session&>;
    std::optional<R> result;
    try {
      result.emplace(fn(*this));
    } catch (...) {
      finish(false);
      throw;
    }
    finish(true);
    return static_cast<R>(std::move(*result));  // a value, not a reference into `result`
  }
}

/// Runs db.transaction(fn, opts) again when it fails with a serialization failure or a deadlock, at most
/// max_attempts times in all.
template <class F>
decltype(auto) with_retry(session& db, F&& fn, int max_attempts = 3, transaction_options opts = {}) {
  for (int attempt = 1;; ++attempt) {
    try {
      return db.transaction(fn, opts);
    } catch (const transaction_conflict&) {
      if (attempt >= max_attempts) throw;
    }
  }
}

// ---------------------------------------------------------------------------------------------

namespace detail {
/// Checks that a row has the N fields the statement selects (decoding then reads each once, straight from the
/// PGresult: decode_record / decode_struct call field(i) once per field).
[[noreturn]] void throw_field_count(std::size_t fields, std::size_t selected);  // src/pqxx/session.cpp
template <std::size_t N>
void check_field_count(const result_row& r) {
  if (r.size() < N) throw_field_count(r.size(), N);
}
template <class Row, class Field>
Row decode_row(const result_row& r, Field&& field) {
  check_field_count<::drizzle::detail::row_width_v<Row>>(r);
  return ::drizzle::decode_record<Row>(field);
}
template <class Row>
Row decode_row(const result_row& r) {
  return decode_row<Row>(r, [&](std::size_t i) { return r[i]; });
}

/// One row straight into what the caller asked for: the record itself, a flat struct (decoded field by field into
/// it, no record in between), a nested struct (one selected table per field) or a relational query's struct.
/// field(i) gives field i as text or as a binary_field.
template <class Out, class Row, class Field>
Out decode_out(const result_row& r, Field&& field) {
  if constexpr (std::is_same_v<Out, Row>) {
    return decode_row<Row>(r, field);
  } else if constexpr (::drizzle::is_nested_struct<Out, Row>()) {
    return ::drizzle::to_nested_struct<Out>(decode_row<Row>(r, field));
  } else if constexpr (!::drizzle::detail::struct_equals_tuple<Out, typename Row::values_type>() &&
                       ::drizzle::detail::relational_struct_fits<Out, Row>()) {
    // A relational query's row: its relations (vectors and optionals of records) become the struct's members.
    return ::drizzle::to_relational_struct<Out>(decode_row<Row>(r, field));
  } else {
    check_field_count<std::tuple_size_v<Row>>(r);
    return ::drizzle::decode_struct<Out, Row>(field);
  }
}
/// A row in the format its result came in: binary only for a Row that binary_record allows.
template <class Out, class Row>
Out decode_out(const result_row& r) {
  if constexpr (binary_record<Row>::possible)
    if (r.binary()) return decode_out<Out, Row>(r, [&](std::size_t i) { return r.binary_at(i); });
  return decode_out<Out, Row>(r, [&](std::size_t i) { return r[i]; });
}
/// Collects every row into a vector sized from the result's row count.
template <class Out, class Row>
struct collect_rows {
  using binary_row = Row;  ///< the row it decodes: its results may be asked for in binary (session::exec_values)
  std::vector<Out>& out;
  void reserve(std::size_t n) { out.reserve(out.size() + n); }
  void operator()(const result_row& r) { out.push_back(decode_out<Out, Row>(r)); }
};
/// Decodes the first row only and counts them all.
template <class Out, class Row>
struct first_row {
  using binary_row = Row;
  std::optional<Out>& out;
  std::size_t count = 0;
  void operator()(const result_row& r) {
    if (count++ == 0) out.emplace(decode_out<Out, Row>(r));
  }
};
/// PostgreSQL accepts at most 65,535 parameters in one statement.
inline constexpr std::size_t max_parameters = 65535;

/// The tables on the nullable side of the statement's outer joins (none for insert ... returning).
template <class Stmt>
auto nullable_tables_of() {
  if constexpr (requires { typename Stmt::nullable_tables; })
    return static_cast<typename Stmt::nullable_tables*>(nullptr);
  else
    return static_cast<::drizzle::detail::type_list<>*>(nullptr);
}
template <class Stmt>
using nullable_tables_t = std::remove_pointer_t<decltype(nullable_tables_of<Stmt>())>;

/// S receives a row field by field, or one selected table per field (struct { User user; std::optional<Post> p; }).
template <class S, class Stmt>
constexpr bool struct_fits() {
  using row = typename Stmt::row_type;
  if constexpr (requires { Stmt::relational; })
    return ::drizzle::struct_matches_relational<S, row>();
  else if constexpr (::drizzle::detail::has_groups_v<row>)
    return ::drizzle::struct_matches_groups<S, row>();
  else if constexpr (::drizzle::is_nested_struct<S, row>())
    return ::drizzle::struct_matches_nested<S, row, nullable_tables_t<Stmt>>();
  else
    return ::drizzle::struct_matches_row<S, row>();
}
template <class S, class Stmt, class Row>
S row_to_struct(Row&& r) {
  if constexpr (requires { Stmt::relational; } || ::drizzle::detail::has_groups_v<std::remove_cvref_t<Row>>)
    return ::drizzle::to_relational_struct<S>(std::forward<Row>(r));
  else if constexpr (::drizzle::is_nested_struct<S, std::remove_cvref_t<Row>>())
    return ::drizzle::to_nested_struct<S>(std::forward<Row>(r));
  else
    return ::drizzle::to_struct<S>(std::forward<Row>(r));
}
}  // namespace detail

/// A statement binds to its session, or to the primary for a locking select on a replica (with_replicas()).
template <class Stmt>
bound<Stmt>::bound(session& s, Stmt stmt) : session_(&s), stmt_(std::move(stmt)) {
  if constexpr (detail::locks_rows<Stmt>)
    if (s.primary_) session_ = s.primary_;
}

template <class Stmt>
template <class OnRow, class... Args>
std::size_t bound<Stmt>::run(OnRow&& on_row, const Args&... args) const {
  if constexpr (sizeof...(Args) == 0 && requires { stmt_.unnest_columns(); }) {
    // Many rows go as one array per column: one text for any row count, no parameter limit.
    if (const auto columns = stmt_.unnest_columns()) {
      if constexpr (requires { Stmt::copy_form; }) {
        const std::size_t min_rows = session_->options_.copy_min_rows;
        if (Stmt::copy_form && min_rows && stmt_.row_count() >= min_rows)
          if (const auto copied = session_->copy_values(stmt_, *columns)) return *copied;
      }
      const sql_query q = ::drizzle::to_unnest_sql(stmt_, *columns);
      // Prepared once per statement type and column set: the text does not depend on the row count.
      std::optional<std::string> name;
      if (session_->options_.prepare_statements)
        name = "drizzle_" + std::to_string(detail::statement_id<Stmt>) + "_u" + std::to_string(*columns);
      return session_->exec_query(q, 0, false, on_row, name);
    }
  }
  if constexpr (requires { stmt_.values_.rows; }) {
    auto& rows = stmt_.values_.rows;
    std::size_t per_row = 0;
    if (rows.size() > 1) {  // one row cannot pass the limit: no probe for it
      param_list one;
      param_collector count{one};
      Stmt probe{{}, stmt_.conflict, stmt_.returning_};
      probe.values_.rows.assign(rows.begin(), rows.begin() + 1);
      probe.values_.bind(count);
      per_row = std::max<std::size_t>(one.size(), 1);
    }
    const std::size_t chunk = std::max<std::size_t>(1, detail::max_parameters / std::max<std::size_t>(per_row, 1));
    if (rows.size() > chunk) {
      auto run_chunks = [&](session& s) {
        std::size_t total = 0;
        for (std::size_t start = 0; start < rows.size(); start += chunk) {
          Stmt part{{}, stmt_.conflict, stmt_.returning_};
          part.values_.rows.assign(rows.begin() + static_cast<std::ptrdiff_t>(start),
                                   rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), start + chunk)));
          total += s.exec_query(::drizzle::to_sql(part, args...), 0, false, on_row);
        }
        return total;
      };
      return session_->transaction(run_chunks);
    }
  }
  if constexpr (!Stmt::dynamic) {
    // A fixed shape: the text is a constant and the parameter count known, so the values are collected in place and
    // handed to libpq (no sql_query, no parameter vector). A logger, or a placeholder without a value, takes the
    // ordinary path below, which logs and reports exactly as before.
    static_assert(Stmt::check_complete());
    constexpr std::size_t n = ::drizzle::detail::static_sql_of<Stmt>::measured.next_param - 1;
    ::drizzle::inline_params<n> params;
    if (!session_->options_.logger) {
      if constexpr (sizeof...(Args) == 0) {
        ::drizzle::inline_param_collector<n> collect{params};
        stmt_.bind(collect);
      } else {
        const std::tuple<Args...> values(args...);
        ::drizzle::filling_into<::drizzle::inline_param_collector<n>, Args...> collect{{params}, values};
        stmt_.bind(collect);
      }
      if (!params.incomplete && params.count == n)
        return session_->exec_values(::drizzle::detail::static_sql<Stmt>(), static_cast<int>(n), params.values.data(),
                                     detail::statement_id<Stmt>, true, on_row, name_, [&] {
                                       // The values collected above, not bound again: a default_fn / on_update_fn
                                       // is called once per row, as Drizzle calls $defaultFn, also when the
                                       // statement is prepared or an error names it.
                                       sql_query q;
                                       q.sql = ::drizzle::detail::static_sql<Stmt>();
                                       q.params.reserve(n);
                                       for (std::size_t i = 0; i < n; ++i) q.params.push_back({params.text[i]});
                                       return q;
                                     });
    }
  }
  const sql_query q = ::drizzle::to_sql(stmt_, args...);
  return session_->exec_query(q, detail::statement_id<Stmt>, !Stmt::dynamic, on_row, name_);
}

template <class Stmt>
template <class Out, class... Args>
std::vector<Out> bound<Stmt>::collect(const Args&... args) const {
  std::vector<Out> rows;
  run(detail::collect_rows<Out, typename Stmt::row_type>{rows}, args...);
  return rows;
}
template <class Stmt>
template <class Out, class... Args>
std::optional<Out> bound<Stmt>::collect_one(bool exactly_one, const Args&... args) const {
  std::optional<Out> row;
  detail::first_row<Out, typename Stmt::row_type> take{row};
  run(take, args...);
  if (exactly_one && take.count != 1) {
    // The text only for the message: rendered again here, never on the way to a row.
    const std::string text = ::drizzle::sql_text(stmt_);
    if (take.count == 0) throw no_rows("drizzle: one() found no row -- statement: " + text);
    throw too_many_rows("drizzle: one() found " + std::to_string(take.count) + " rows -- statement: " + text);
  }
  return row;
}

template <class Stmt>
template <class Out, class... Args>
std::optional<Out> bound<Stmt>::collect_first(const Args&... args) const {
  if constexpr (requires(const Stmt& s) { s.limit_one(); }) {
    bound<decltype(stmt_.limit_one())> limited(*session_, stmt_.limit_one());
    if (name_) limited.name_ = *name_ + "_first";
    return limited.template collect_one<Out>(false, args...);
  } else {
    return collect_one<Out>(false, args...);
  }
}
template <class Stmt>
template <class... Args>
requires(is_named_arg_v<Args>&&...) auto bound<Stmt>::all(const Args&... args) const {
  using row = typename Stmt::row_type;
  static_assert(!std::is_void_v<row>, "drizzle: this statement returns no rows; use execute() or add returning()");
  // A wrong placeholder argument: one error (at the placeholder check), nothing from binding after it.
  if constexpr (!::drizzle::detail::placeholder_args_check<Stmt, Args...>::check())
    return std::vector<row>{};
  else
    return collect<row>(args...);
}
template <class Stmt>
template <class... Args>
requires(is_named_arg_v<Args>&&...) auto bound<Stmt>::first(const Args&... args) const {
  using row = typename Stmt::row_type;
  static_assert(!std::is_void_v<row>, "drizzle: this statement returns no rows; use execute() or add returning()");
  if constexpr (!::drizzle::detail::placeholder_args_check<Stmt, Args...>::check())
    return std::optional<row>{};
  else
    return collect_first<row>(args...);
}
template <class Stmt>
template <class... Args>
requires(is_named_arg_v<Args>&&...) auto bound<Stmt>::one(const Args&... args) const {
  using row = typename Stmt::row_type;
  static_assert(!std::is_void_v<row>, "drizzle: this statement returns no rows; use execute() or add returning()");
  if constexpr (!::drizzle::detail::placeholder_args_check<Stmt, Args...>::check())
    return *std::optional<row>{};  // never runs: the program did not compile
  else
    return *collect_one<row>(true, args...);
}
template <class Stmt>
template <class S, class... Args>
requires(!is_named_arg_v<S> && (is_named_arg_v<Args> && ...)) std::vector<S> bound<Stmt>::all(const Args&... args)
const {
  if constexpr (detail::struct_fits<S, Stmt>() &&
                ::drizzle::detail::placeholder_args_check<Stmt, Args...>::check())  // else one drizzle: error
    return collect<S>(args...);
  else
    return std::vector<S>{};
}
template <class Stmt>
template <class S, class... Args>
requires(!is_named_arg_v<S> && (is_named_arg_v<Args> && ...)) std::optional<S> bound<Stmt>::first(const Args&... args)
const {
  if constexpr (detail::struct_fits<S, Stmt>() &&
                ::drizzle::detail::placeholder_args_check<Stmt, Args...>::check())  // else one drizzle: error
    return collect_first<S>(args...);
  else
    return std::optional<S>{};
}
template <class Stmt>
template <class S, class... Args>
requires(!is_named_arg_v<S> && (is_named_arg_v<Args> && ...)) S bound<Stmt>::one(const Args&... args)
const {
  if constexpr (detail::struct_fits<S, Stmt>() &&
                ::drizzle::detail::placeholder_args_check<Stmt, Args...>::check())  // else one drizzle: error
    return *collect_one<S>(true, args...);
  else
    return S{};
}
template <class Stmt>
template <class... Args>
requires(is_named_arg_v<Args>&&...) std::size_t bound<Stmt>::execute(const Args&... args)
const {
  if constexpr (!::drizzle::detail::placeholder_args_check<Stmt, Args...>::check())
    return 0;
  else
    return run([](const result_row&) {}, args...);
}
template <class Stmt>
template <class F>
void bound<Stmt>::for_each(F&& fn, std::size_t batch) const {
  using row = typename Stmt::row_type;
  static_assert(!std::is_void_v<row>, "drizzle: this statement returns no rows");
  auto each = [&](const result_row& r) {
    row decoded = detail::decode_row<row>(r);
    fn(decoded);
  };
  using each_t = decltype(each);
  session_->run_cursor(::drizzle::to_sql(stmt_), batch, session::row_sink{&each, [](void* target, const result_row& r) {
                                                                            (*static_cast<each_t*>(target))(r);
                                                                          }});
}

}  // namespace pqxx

/// to_sql(db.select()...): the SQL text and parameters of a statement bound to a connection.
template <class Stmt>
[[nodiscard]] sql_query to_sql(const pqxx::bound<Stmt>& stmt) {
  return to_sql(stmt.statement());
}
template <class Stmt, class Arg, class... Args>
[[nodiscard]] sql_query to_sql(const pqxx::bound<Stmt>& stmt, const Arg& arg, const Args&... args) {
  return to_sql(stmt.statement(), arg, args...);
}

}  // namespace drizzle

#include "copy.hpp"      // session::copy_into, COPY for large values(range)
#include "raw_rows.hpp"  // session::all / first / one for raw SQL
