#pragma once
/// The statements that turn one schema description into another, with drizzle-kit 0.31's spellings and order
/// (schemas, enums, tables, renames, dropped constraints, column alterations, added columns, foreign keys,
/// indexes, dropped columns, added constraints, dropped enums and schemas), plus the reverse plan.
///
/// A table, column, enum or schema that disappears while another appears may be a rename. drizzle-kit asks
/// interactively; here a hint, a callback or `assume_no_renames` decides, and without one the diff throws
/// ambiguous_rename rather than guess (a wrong guess drops a column with its data).
#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "../ddl.hpp"
#include "snapshot.hpp"

namespace drizzle::kit {

struct rename_hint {
  enum class kind { schema, enum_type, table, column, sequence, view } what;
  std::string table;     ///< for columns: "schema.table" or "table"; empty otherwise
  std::string from, to;  ///< tables and enums outside public: "schema.name" or just "name"
};

struct rename_candidate {
  rename_hint::kind what;
  std::string table;  ///< for columns, the table ("schema.table" or "table")
  std::string dropped;
  std::vector<std::string> created;
};

struct diff_options {
  std::vector<rename_hint> renames;
  /// Called for each name that disappeared while others appeared (and no hint decided): returns the created name
  /// that is a rename of `dropped`, or nullopt for a real drop.
  std::function<std::optional<std::string>(const rename_candidate&)> resolve{};
  /// Every disappearance is a drop (what `push --force` scripts want).
  bool assume_no_renames = false;
  /// A view whose definition differs is left alone (push: the database holds PostgreSQL's rewrite of the text).
  bool ignore_view_definitions = false;
};

struct migration_plan {
  std::vector<std::string> up, down;
  std::vector<std::string> data_loss;            ///< one human line per up statement that loses data
  std::vector<std::size_t> data_loss_statement;  ///< for each data_loss line, the index of its statement in `up`
  std::vector<rename_hint> renames;              ///< every rename the up plan makes (hints and resolve answers)
  [[nodiscard]] bool empty() const { return up.empty(); }
};

/// A drop and a create that could be a rename, and nothing said which.
class ambiguous_rename : public std::runtime_error {
 public:
  explicit ambiguous_rename(rename_candidate c) : std::runtime_error(message(c)), candidate_(std::move(c)) {}
  [[nodiscard]] const rename_candidate& candidate() const noexcept { return candidate_; }

 private:
  static std::string message(const rename_candidate& c) {
    static constexpr const char* kinds[] = {"schema", "enum", "table", "column", "sequence", "view"};
    const auto kind = kinds[static_cast<int>(c.what)];
    std::string created;
    for (std::size_t i = 0; i < c.created.size(); ++i) created += (i ? ", " : "") + c.created[i];
    const std::string old_name = c.what == rename_hint::kind::column ? c.table + "." + c.dropped : c.dropped;
    const std::string example = c.created.empty() ? std::string("new") : c.created.front();
    return "drizzle-kit: " + std::string(kind) + " " + old_name + " is gone and " + kind +
           (c.created.size() > 1 ? "s " : " ") + created + (c.created.size() > 1 ? " are" : " is") +
           " new: is it a rename? Pass --rename " + old_name + "=" + example + " if it is, or --no-renames to drop " +
           old_name + " and create " + created;
  }
  rename_candidate candidate_;
};

/// A rename hint that names something the new schema does not have.
class diff_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {

struct planned {
  std::string sql;
  std::string loss;  ///< non-empty: what data this statement loses
};
using statements = std::vector<planned>;

inline bool is_public(const std::string& schema) {
  return schema.empty() || schema == "public";
}
inline std::string norm(const std::string& schema) {
  return is_public(schema) ? std::string() : schema;
}
/// One spelling per PostgreSQL type, the one kit::introspect reads back: Drizzle spells `timestamp (3)` and
/// `timestamp(3)` (date and string mode), `time(3)`, `numeric(10)` (= `numeric(10, 0)`), `char` (= `char(1)`).
/// Types are compared in this form, so a folder from either tool, and a database, continue without a change.
inline std::string canonical_type(const std::string& type) {
  const auto at = type.find('[');
  std::string base = type.substr(0, at);
  const std::string suffix = at == std::string::npos ? std::string() : type.substr(at);
  auto starts = [&](std::string_view prefix) { return base.rfind(prefix, 0) == 0; };
  if (starts("timestamp(")) base.insert(9, " ");
  if (starts("time (")) base.erase(4, 1);
  if (starts("numeric(") && base.back() == ')' && base.find(',') == std::string::npos)
    base.insert(base.size() - 1, ", 0");
  if (base == "char") base = "char(1)";
  return base + suffix;
}

}  // namespace detail

/// The description with every column type in canonical_type's spelling: what kit::introspect reads back for it.
inline ddl::schema_info canonical_types(ddl::schema_info s) {
  for (auto& t : s.tables)
    for (auto& c : t.columns)
      if (!c.type_is_enum) c.type = detail::canonical_type(c.type);
  return s;
}

namespace detail {

/// `varchar(n)` -> `varchar(m)` with m >= n, or -> `varchar`/`text`: PostgreSQL keeps every value.
inline bool widens(const std::string& from, const std::string& to) {
  auto length = [](const std::string& t) -> long {
    if (t.rfind("varchar(", 0) != 0 || t.back() != ')') return -1;
    const auto digits = t.substr(8, t.size() - 9);
    if (digits.empty() || digits.size() > 8 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stol(digits);
  };
  const auto a = length(from);
  if (a < 0) return false;
  const auto b = length(to);
  return b >= a || to == "varchar" || to == "text";
}

/// "name" in public, "schema.name" elsewhere: how hints and messages name tables and enums.
inline std::string display(const std::string& schema, const std::string& name) {
  return is_public(schema) ? name : schema + "." + name;
}
inline std::string qtable(const ddl::table_info& t) {
  return ddl::detail::qualified(t.schema, t.name);
}
using ddl::detail::quote_ident;
using ddl::detail::quote_literal;
inline std::string qenum(const std::string& schema, const std::string& name) {
  return ddl::detail::quote_qualified(is_public(schema) ? std::string("public") : schema, name);
}
inline std::string qcolumn(const ddl::table_info& t, const std::string& column) {
  return qtable(t) + "." + quote_ident(column);
}
inline std::string base_type(const std::string& type) {
  return type.substr(0, type.find('['));
}
inline std::string array_suffix(const std::string& type) {
  const auto at = type.find('[');
  return at == std::string::npos ? std::string() : type.substr(at);
}
/// The type as SET DATA TYPE and the enum recreation write it: enums always schema-qualified.
inline std::string alter_type_text(const ddl::column_info& c) {
  return c.type_is_enum ? qenum(c.type_schema, base_type(c.type)) + array_suffix(c.type) : c.type;
}

inline std::string identity_clause(const ddl::table_info& t, const ddl::identity_info& id) {
  return ddl::identity_clause(id, ddl::detail::qualified(t.schema, id.sequence_name));
}

/// ALTER TABLE ... ADD COLUMN as drizzle-kit writes it (NOT NULL and the identity clause both spelled out).
inline std::string add_column(const ddl::table_info& t, const ddl::column_info& c) {
  std::string type = c.type;
  if (c.type_is_enum) type = ddl::detail::qualified(c.type_schema, base_type(c.type)) + array_suffix(c.type);
  std::string out = "ALTER TABLE " + qtable(t) + " ADD COLUMN " + quote_ident(c.name) + " " + type;
  if (c.primary_key) out += " PRIMARY KEY";
  if (c.default_sql) out += " DEFAULT " + *c.default_sql;
  if (c.generated) out += " GENERATED ALWAYS AS (" + *c.generated + ") STORED";
  if (c.not_null) out += " NOT NULL";
  if (c.identity) out += identity_clause(t, *c.identity);
  return out + ";";
}

inline std::string alter_column(const ddl::table_info& t, const std::string& column, const std::string& what) {
  return "ALTER TABLE " + qtable(t) + " ALTER COLUMN " + quote_ident(column) + " " + what + ";";
}
inline std::string drop_constraint(const ddl::table_info& t, const std::string& name) {
  return "ALTER TABLE " + qtable(t) + " DROP CONSTRAINT " + quote_ident(name) + ";";
}
inline std::string add_unique(const ddl::table_info& t, const ddl::key_info& k) {
  return "ALTER TABLE " + qtable(t) + " ADD CONSTRAINT " + quote_ident(k.name) + " UNIQUE" +
         (k.nulls_not_distinct ? " NULLS NOT DISTINCT" : "") + "(" + ddl::detail::quoted_list(k.columns) + ");";
}
inline std::string add_check(const ddl::table_info& t, const ddl::check_info& c) {
  return "ALTER TABLE " + qtable(t) + " ADD CONSTRAINT " + quote_ident(c.name) + " CHECK (" + c.expression + ");";
}
inline std::string add_primary_key(const ddl::table_info& t, const ddl::key_info& k) {
  return "ALTER TABLE " + qtable(t) + " ADD CONSTRAINT " + quote_ident(k.name) + " PRIMARY KEY(" +
         ddl::detail::quoted_list(k.columns) + ");";
}
inline std::string drop_index(const ddl::table_info& t, const ddl::index_info& ix) {
  return "DROP INDEX " + ddl::detail::qualified(t.schema, ix.name) + ";";
}

// ---------------------------------------------------------------------------------------------------------------
// Renames: decided by hints, then resolve, then assume_no_renames; otherwise ambiguous_rename.

struct rename_context {
  const diff_options& options;
  std::vector<rename_hint>& made;
};

/// Pairs of (dropped, created) names that are renames; `dropped` and `created` lose those names.
inline std::vector<std::pair<std::string, std::string>> decide_renames(rename_context& ctx, rename_hint::kind what,
                                                                       const std::string& table,
                                                                       std::vector<std::string>& dropped,
                                                                       std::vector<std::string>& created) {
  std::vector<std::pair<std::string, std::string>> out;
  auto same_table = [&](const std::string& hinted) {
    if (hinted == table) return true;
    if (hinted.rfind("public.", 0) == 0 && hinted.substr(7) == table) return true;
    // A bare table name also names a table of another schema: `--rename articles.views=view_count`.
    return hinted.find('.') == std::string::npos && table.size() > hinted.size() &&
           table.compare(table.size() - hinted.size() - 1, std::string::npos, "." + hinted) == 0;
  };
  auto same_name = [&](const std::string& hinted, const std::string& name) {
    return hinted == name || (hinted.rfind("public.", 0) == 0 && hinted.substr(7) == name);
  };
  std::vector<std::string> still_dropped;
  for (const auto& d : dropped) {
    std::optional<std::string> to;
    bool decided = false;
    for (const auto& h : ctx.options.renames) {
      if (h.what != what || !same_name(h.from, d) || (what == rename_hint::kind::column && !same_table(h.table)))
        continue;
      auto match = std::find_if(created.begin(), created.end(), [&](const auto& c) { return same_name(h.to, c); });
      if (match == created.end())
        throw diff_error("drizzle-kit: --rename " + (what == rename_hint::kind::column ? table + "." : "") + h.from +
                         "=" + h.to + ": " + h.to + " is not new in the schema");
      to = *match;
      decided = true;
      break;
    }
    if (!decided && !created.empty() && !ctx.options.assume_no_renames) {
      const rename_candidate candidate{what, table, d, created};
      if (!ctx.options.resolve) throw ambiguous_rename(candidate);
      to = ctx.options.resolve(candidate);
      if (to && std::find(created.begin(), created.end(), *to) == created.end())
        throw diff_error("drizzle-kit: the rename of " + d + " names " + *to + ", which is not new in the schema");
    }
    if (to) {
      out.emplace_back(d, *to);
      created.erase(std::find(created.begin(), created.end(), *to));
      ctx.made.push_back({what, what == rename_hint::kind::column ? table : std::string(), d, *to});
    } else {
      still_dropped.push_back(d);
    }
  }
  dropped = std::move(still_dropped);
  return out;
}

inline void rename_schema(ddl::schema_info& s, const std::string& from, const std::string& to) {
  for (auto& e : s.enums)
    if (e.schema == from) e.schema = to;
  for (auto& t : s.tables) {
    if (t.schema == from) t.schema = to;
    for (auto& c : t.columns)
      if (c.type_is_enum && c.type_schema == from) c.type_schema = to;
    for (auto& fk : t.foreign_keys) {
      if (fk.schema_from == from) fk.schema_from = to;
      if (fk.schema_to == from) fk.schema_to = to;
    }
  }
}

inline void rename_enum(ddl::schema_info& s, const std::string& schema, const std::string& from,
                        const std::string& to) {
  for (auto& e : s.enums)
    if (norm(e.schema) == norm(schema) && e.name == from) e.name = to;
  for (auto& t : s.tables)
    for (auto& c : t.columns)
      if (c.type_is_enum && norm(c.type_schema) == norm(schema) && base_type(c.type) == from)
        c.type = to + array_suffix(c.type);
}

inline void rename_table(ddl::schema_info& s, const std::string& schema, const std::string& from,
                         const std::string& to) {
  for (auto& t : s.tables) {
    if (norm(t.schema) == norm(schema) && t.name == from) {
      t.name = to;
      for (auto& fk : t.foreign_keys) fk.table_from = to;
    }
    for (auto& fk : t.foreign_keys)
      if (norm(fk.schema_to) == norm(schema) && fk.table_to == from) fk.table_to = to;
  }
}

inline void rename_column(ddl::schema_info& s, ddl::table_info& table, const std::string& from, const std::string& to) {
  auto swap = [&](std::vector<std::string>& names) {
    for (auto& n : names)
      if (n == from) n = to;
  };
  for (auto& c : table.columns)
    if (c.name == from) c.name = to;
  for (auto& k : table.primary_keys) swap(k.columns);
  for (auto& k : table.uniques) swap(k.columns);
  for (auto& ix : table.indexes)
    for (auto& c : ix.columns)
      if (c.expression == from) c.expression = to;
  for (auto& fk : table.foreign_keys) swap(fk.columns_from);
  for (auto& t : s.tables)
    for (auto& fk : t.foreign_keys)
      if (norm(fk.schema_to) == norm(table.schema) && fk.table_to == table.name) swap(fk.columns_to);
}

// ---------------------------------------------------------------------------------------------------------------

template <class T, class Key>
const T* find_by(const std::vector<T>& items, const Key& key) {
  for (const auto& item : items)
    if (key(item)) return &item;
  return nullptr;
}

/// Named things of a table (indexes, constraints) that are gone or changed, and that are new or changed.
template <class T, class Json>
void compare_named(const std::vector<T>& from, const std::vector<T>& to, Json json, std::vector<const T*>& removed,
                   std::vector<const T*>& added) {
  for (const auto& f : from) {
    const auto* t = find_by(to, [&](const T& x) { return x.name == f.name; });
    if (!t || json(*t) != json(f)) removed.push_back(&f);
  }
  for (const auto& t : to) {
    const auto* f = find_by(from, [&](const T& x) { return x.name == t.name; });
    if (!f || json(*f) != json(t)) added.push_back(&t);
  }
}

struct categories {
  statements create_sequences, rename_sequences, alter_sequences, drop_sequences;
  statements drop_views, rename_views, alter_views, create_views;  ///< drizzle-kit's places: see in_order()
  statements create_schemas, rename_schemas, create_enums, rename_enums, add_enum_values, create_tables, drop_tables,
      rename_tables, rename_columns, drop_uniques, drop_checks, drop_references, drop_enum_values, drop_indexes,
      drop_primary_keys, alter_columns, add_primary_keys, add_columns, references_for_created, indexes_for_created,
      references_for_altered, indexes_for_altered, drop_columns, add_uniques, add_checks, drop_enums, drop_schemas;

  [[nodiscard]] statements in_order() const {
    statements out;
    for (const auto* part : {&create_schemas,
                             &rename_schemas,
                             &create_enums,
                             &rename_enums,
                             &add_enum_values,
                             &create_sequences,
                             &rename_sequences,
                             &alter_sequences,
                             &create_tables,
                             &drop_views,
                             &rename_views,
                             &alter_views,
                             &drop_tables,
                             &rename_tables,
                             &rename_columns,
                             &drop_uniques,
                             &drop_checks,
                             &drop_references,
                             &drop_enum_values,
                             &drop_indexes,
                             &drop_primary_keys,
                             &alter_columns,
                             &add_primary_keys,
                             &add_columns,
                             &references_for_created,
                             &indexes_for_created,
                             &references_for_altered,
                             &indexes_for_altered,
                             &drop_columns,
                             &add_uniques,
                             &add_checks,
                             &create_views,
                             &drop_enums,
                             &drop_sequences,
                             &drop_schemas})
      for (const auto& st : *part)
        if (std::none_of(out.begin(), out.end(), [&](const planned& p) { return p.sql == st.sql; }))
          out.push_back(st);  // drizzle-kit drops repeated statements too
    return out;
  }
};

inline void alter_column_statements(const ddl::table_info& t, const ddl::column_info& o, const ddl::column_info& n,
                                    bool default_handled_by_enum, categories& out) {
  auto& st = out.alter_columns;
  bool default_written = default_handled_by_enum;
  const bool type_changed = canonical_type(o.type) != canonical_type(n.type) || o.type_is_enum != n.type_is_enum ||
                            (n.type_is_enum && norm(o.type_schema) != norm(n.type_schema));
  if (type_changed) {
    const std::string loss = !o.type_is_enum && !n.type_is_enum && widens(o.type, n.type)
                                 ? std::string()
                                 : "changes the type of " + qcolumn(t, n.name) + " from " + alter_type_text(o) +
                                       " to " + alter_type_text(n) + " (values that do not convert fail the migration)";
    const auto type = alter_type_text(n);
    const auto& def = n.default_sql;
    if (!n.type_is_enum) {
      st.push_back({alter_column(t, n.name, "SET DATA TYPE " + type), loss});
      if (def) st.push_back({alter_column(t, n.name, "SET DEFAULT " + *def), ""});
    } else if (!o.type_is_enum) {
      if (def) st.push_back({alter_column(t, n.name, "SET DEFAULT " + *def + "::" + type), ""});
      st.push_back(
          {alter_column(t, n.name, "SET DATA TYPE " + type + " USING " + quote_ident(n.name) + "::" + type), loss});
    } else {
      const auto alter =
          alter_column(t, n.name, "SET DATA TYPE " + type + " USING " + quote_ident(n.name) + "::text::" + type);
      if (base_type(o.type) != base_type(n.type) && def) {
        st.push_back({alter_column(t, n.name, "DROP DEFAULT"), ""});
        st.push_back({alter, loss});
        st.push_back({alter_column(t, n.name, "SET DEFAULT " + *def), ""});
      } else {
        st.push_back({alter, loss});
      }
    }
    default_written = def.has_value();
  }
  if (o.primary_key && !n.primary_key)
    st.push_back({drop_constraint(t, t.name + "_pkey"), ""});  // PostgreSQL's name for a column primary key
  if (n.default_sql && n.default_sql != o.default_sql && !(default_written))
    st.push_back({alter_column(t, n.name, "SET DEFAULT " + *n.default_sql), ""});
  if (!n.default_sql && o.default_sql) st.push_back({alter_column(t, n.name, "DROP DEFAULT"), ""});
  // drizzle-kit leaves the NOT NULL change out when the identity changes; PostgreSQL needs NOT NULL before
  // ADD GENERATED, and going back needs DROP NOT NULL after DROP IDENTITY, so both stay, in that order.
  const bool identity_changed = o.identity != n.identity;
  if (identity_changed && o.identity) st.push_back({alter_column(t, n.name, "DROP IDENTITY"), ""});
  if (n.not_null && !o.not_null)
    st.push_back({alter_column(t, n.name, "SET NOT NULL"),
                  "sets " + qcolumn(t, n.name) + " NOT NULL (fails if a row holds NULL)"});
  if (!n.not_null && o.not_null) st.push_back({alter_column(t, n.name, "DROP NOT NULL"), ""});
  if (identity_changed && n.identity)
    st.push_back({alter_column(t, n.name, "ADD" + identity_clause(t, *n.identity)), ""});
  if (o.generated != n.generated) {
    if (n.generated) {
      st.push_back({"ALTER TABLE " + qtable(t) + " drop column " + quote_ident(n.name) + ";",
                    "recreates the generated column " + qcolumn(t, n.name)});
      st.push_back({add_column(t, n), ""});
    } else {
      st.push_back({alter_column(t, n.name, "DROP EXPRESSION"), ""});
    }
  }
  if (!o.primary_key && n.primary_key)
    st.push_back({"ALTER TABLE " + qtable(t) + " ADD PRIMARY KEY (" + quote_ident(n.name) + ");", ""});
}

inline std::string qsequence(const ddl::sequence_info& q) {
  return ddl::detail::quote_qualified(is_public(q.schema) ? std::string("public") : q.schema, q.name);
}

/// Sequences, per schema: created, renamed (a rename question as for enums), altered with every option spelled
/// out (drizzle-kit's ALTER SEQUENCE), and dropped.
inline void sequence_statements(rename_context& ctx, ddl::schema_info& from, const ddl::schema_info& to,
                                categories& out) {
  std::vector<std::string> schemas;
  for (const ddl::schema_info* s : {static_cast<const ddl::schema_info*>(&from), &to})
    for (const auto& q : s->sequences)
      if (std::find(schemas.begin(), schemas.end(), norm(q.schema)) == schemas.end()) schemas.push_back(norm(q.schema));
  auto in = [](const ddl::schema_info& s, const std::string& schema, const std::string& name) {
    return find_by(s.sequences, [&](const auto& x) { return norm(x.schema) == schema && x.name == name; });
  };
  std::vector<const ddl::sequence_info*> dropped_sequences;
  for (const auto& schema : schemas) {
    std::vector<std::string> dropped, created;
    for (const auto& q : from.sequences)
      if (norm(q.schema) == schema && !in(to, schema, q.name)) dropped.push_back(display(schema, q.name));
    for (const auto& q : to.sequences)
      if (norm(q.schema) == schema && !in(from, schema, q.name)) created.push_back(display(schema, q.name));
    const auto bare = [&](const std::string& shown) { return shown.substr(schema.empty() ? 0 : schema.size() + 1); };
    for (const auto& [a, b] : decide_renames(ctx, rename_hint::kind::sequence, "", dropped, created)) {
      for (auto& q : from.sequences)
        if (norm(q.schema) == schema && q.name == bare(a)) {
          out.rename_sequences.push_back(
              {"ALTER SEQUENCE " + qsequence(q) + " RENAME TO " + quote_ident(bare(b)) + ";", ""});
          q.name = bare(b);
        }
    }
    for (const auto& name : dropped) dropped_sequences.push_back(in(from, schema, bare(name)));
  }
  // Created, altered and dropped in name order across schemas, as drizzle-kit writes them.
  for (const auto& q : to.sequences) {
    const auto* old = in(from, norm(q.schema), q.name);
    if (!old) {
      out.create_sequences.push_back({ddl::create_sequence(q), ""});
    } else if (sequence_json(*old) != sequence_json(q)) {
      auto sql = "ALTER" + ddl::create_sequence(q).substr(6);  // "CREATE SEQUENCE ..." less "CREATE"
      // drizzle-kit writes nothing for a cycle turned off, which leaves the sequence cycling; say NO CYCLE.
      if (old->cycle && !q.cycle) sql.insert(sql.size() - 1, " NO CYCLE");
      out.alter_sequences.push_back({sql, ""});
    }
  }
  std::stable_sort(dropped_sequences.begin(), dropped_sequences.end(),
                   [](const auto* a, const auto* b) { return a->name < b->name; });
  for (const auto* q : dropped_sequences)
    out.drop_sequences.push_back(
        {"DROP SEQUENCE " + qsequence(*q) + ";", "drops sequence " + qsequence(*q) + " and its current value"});
}

/// Whether a role name goes bare into ALTER POLICY's TO list: drizzle-kit writes the names there unquoted, which is
/// right for plain lower-case names; any other name is quoted so the statement still means it.
inline std::string alter_policy_role(const std::string& r) {
  const bool plain = !r.empty() && !(r[0] >= '0' && r[0] <= '9') &&
                     r.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  return plain ? r : quote_ident(r);
}

/// Roles, RLS switches and policies, in drizzle-kit's order. `from` has the table renames applied. Roles: dropped,
/// created, altered (every option spelled out); a role that disappears while another appears is a drop and a
/// create (roles hold no data). Policies of kept tables: dropped ones, then those whose `as` or `for` changed
/// (dropped and created again), created ones, then ALTER POLICY for the rest; a created table's policies last.
inline void rls_statements(const ddl::schema_info& from, const ddl::schema_info& to, categories& out) {
  statements roles, late_role_drops;
  // drizzle-kit drops roles before it touches policies, which fails when a policy still names the role: such a
  // DROP ROLE comes after the policies (and the dropped tables) instead; the others stay in drizzle-kit's place.
  auto named_by_policy = [&](const std::string& role) {
    for (const auto& t : from.tables)
      for (const auto& p : t.policies)
        if (std::find(p.to.begin(), p.to.end(), role) != p.to.end()) return true;
    return false;
  };
  for (const auto& r : from.roles)
    if (!find_by(to.roles, [&](const auto& x) { return x.name == r.name; }))
      (named_by_policy(r.name) ? late_role_drops : roles).push_back({"DROP ROLE " + quote_ident(r.name) + ";", ""});
  for (const auto& r : to.roles)
    if (!find_by(from.roles, [&](const auto& x) { return x.name == r.name; }))
      roles.push_back({ddl::create_role(r), ""});
  for (const auto& r : to.roles)
    if (const auto* old = find_by(from.roles, [&](const auto& x) { return x.name == r.name; }); old && !(*old == r))
      roles.push_back({"ALTER ROLE " + quote_ident(r.name) + " WITH" + (r.create_db ? " CREATEDB" : " NOCREATEDB") +
                           (r.create_role ? " CREATEROLE" : " NOCREATEROLE") + (r.inherit ? " INHERIT" : " NOINHERIT") +
                           ";",
                       ""});

  auto old_of = [&](const ddl::table_info& t) {
    return find_by(from.tables, [&](const auto& x) { return norm(x.schema) == norm(t.schema) && x.name == t.name; });
  };
  // drizzle-kit decides the switches only while walking changed tables; a table whose switch changes is one.
  statements enables, disables, dropped, recreated_drops, created, recreated, altered, for_new_tables;
  for (const auto& t : to.tables) {
    const auto* old = old_of(t);
    const std::size_t before = old ? old->policies.size() : 0;
    const bool was_enabled = old && old->rls_enabled;
    if ((before == 0 && !t.policies.empty() && !t.rls_enabled) || (t.rls_enabled && !was_enabled))
      enables.push_back({ddl::enable_rls(t), ""});
    if ((before > 0 && t.policies.empty() && !t.rls_enabled) || (was_enabled && !t.rls_enabled && t.policies.empty()))
      disables.push_back({"ALTER TABLE " + qtable(t) + " DISABLE ROW LEVEL SECURITY;", ""});
    if (!old) {
      for (const auto& p : t.policies) for_new_tables.push_back({ddl::create_policy(t, p), ""});
      continue;
    }
    for (const auto& p : old->policies) {
      const auto* now = find_by(t.policies, [&](const auto& x) { return x.name == p.name; });
      if (!now) dropped.push_back({"DROP POLICY " + quote_ident(p.name) + " ON " + qtable(t) + " CASCADE;", ""});
    }
    for (const auto& p : t.policies) {
      const auto* was = find_by(old->policies, [&](const auto& x) { return x.name == p.name; });
      if (!was) {
        created.push_back({ddl::create_policy(t, p), ""});
      } else if (was->as != p.as || was->for_ != p.for_) {
        recreated_drops.push_back({"DROP POLICY " + quote_ident(p.name) + " ON " + qtable(t) + " CASCADE;", ""});
        recreated.push_back({ddl::create_policy(t, p), ""});
      } else if (!(*was == p)) {
        std::string roles;
        for (const auto& r : p.to) roles += (roles.empty() ? "" : ",") + alter_policy_role(r);
        // drizzle-kit keeps the old USING / WITH CHECK when the new policy has none (and writes two spaces there).
        const auto& using_ = p.using_ ? p.using_ : was->using_;
        std::string sql = "ALTER POLICY " + quote_ident(p.name) + " ON " + qtable(t) + " TO " + roles +
                          (using_ ? " USING (" + *using_ + ")" : "");
        if (p.with_check)
          sql += " WITH CHECK (" + *p.with_check + ")";
        else if (was->with_check)
          sql += " WITH CHECK  (" + *was->with_check + ")";
        altered.push_back({sql + ";", ""});
      }
    }
  }
  // drizzle-kit's places: roles right after the sequences, the switches between CREATE TABLE and DROP TABLE (before
  // the dropped tables' DISABLE), policies after the added constraints. Called last, so these ends are final.
  out.alter_sequences.insert(out.alter_sequences.end(), roles.begin(), roles.end());
  out.drop_tables.insert(out.drop_tables.begin(), disables.begin(), disables.end());
  out.drop_tables.insert(out.drop_tables.begin(), enables.begin(), enables.end());
  for (auto* part : {&dropped, &recreated_drops, &created, &recreated, &for_new_tables, &altered, &late_role_drops})
    out.add_checks.insert(out.add_checks.end(), part->begin(), part->end());
}

/// Views, per schema: renamed (a rename question as for tables), created, dropped, and altered as drizzle-kit does:
/// a new definition (or an existing() view becoming managed) drops and creates the view again, WITH options are SET
/// and RESET one by one, a materialized view's tablespace and access method are altered in place. Views declared
/// existing() are never created, dropped or altered. With `ignore_definitions` (push, as drizzle-kit's push) a
/// changed definition is left alone: the database's text is PostgreSQL's rewrite of it, never the declared one.
inline void view_statements(rename_context& ctx, ddl::schema_info& from, const ddl::schema_info& to, categories& out,
                            bool ignore_definitions) {
  auto in = [](const ddl::schema_info& s, const std::string& schema, const std::string& name) {
    return find_by(s.views, [&](const auto& x) { return norm(x.schema) == schema && x.name == name; });
  };
  // Renames are asked between managed views only: an existing() view is not in the database's description when
  // push reads it (nothing of the kit's made it), and is no candidate for another view's new name.
  std::vector<std::string> schemas;
  for (const ddl::schema_info* s : {static_cast<const ddl::schema_info*>(&from), &to})
    for (const auto& v : s->views)
      if (std::find(schemas.begin(), schemas.end(), norm(v.schema)) == schemas.end()) schemas.push_back(norm(v.schema));
  for (const auto& schema : schemas) {
    std::vector<std::string> dropped, created;
    for (const auto& v : from.views)
      if (norm(v.schema) == schema && !v.existing && !in(to, schema, v.name))
        dropped.push_back(display(schema, v.name));
    for (const auto& v : to.views)
      if (norm(v.schema) == schema && !v.existing && !in(from, schema, v.name))
        created.push_back(display(schema, v.name));
    const auto bare = [&](const std::string& shown) { return shown.substr(schema.empty() ? 0 : schema.size() + 1); };
    for (const auto& [a, b] : decide_renames(ctx, rename_hint::kind::view, "", dropped, created))
      for (auto& v : from.views)
        if (norm(v.schema) == schema && v.name == bare(a)) {
          const auto* target = in(to, schema, bare(b));
          if (!v.existing && !target->existing)
            out.rename_views.push_back({std::string(target->materialized ? "ALTER MATERIALIZED VIEW " : "ALTER VIEW ") +
                                            ddl::qualified_view(v) + " RENAME TO " + quote_ident(bare(b)) + ";",
                                        ""});
          v.name = bare(b);
        }
  }
  statements recreate_drops, recreate_creates;
  for (const auto& v : from.views)
    if (!in(to, norm(v.schema), v.name) && !v.existing) out.drop_views.push_back({ddl::drop_view(v), ""});
  for (const auto& v : to.views) {
    const auto* old = in(from, norm(v.schema), v.name);
    if (!old) {
      if (!v.existing) out.create_views.push_back({ddl::create_view(v), ""});
      continue;
    }
    if (v.existing) continue;
    if (old->existing != v.existing || old->materialized != v.materialized ||
        (!ignore_definitions && old->definition != v.definition)) {
      recreate_drops.push_back({ddl::drop_view(*old), ""});
      recreate_creates.push_back({ddl::create_view(v), ""});
      continue;
    }
    const std::string alter =
        std::string(v.materialized ? "ALTER MATERIALIZED VIEW " : "ALTER VIEW ") + ddl::qualified_view(v);
    const std::vector<ddl::view_option> none;
    const auto& was = old->with ? *old->with : none;
    const auto& now = v.with ? *v.with : none;
    auto find = [](const std::vector<ddl::view_option>& list, const std::string& key) {
      return find_by(list, [&](const ddl::view_option& o) { return o.key == key; });
    };
    std::vector<ddl::view_option> added, removed, changed;
    for (const auto& o : now) {
      const auto* before = find(was, o.key);
      if (!before)
        added.push_back(o);
      else if (!(*before == o))
        changed.push_back(o);
    }
    for (const auto& o : was)
      if (!find(now, o.key)) removed.push_back(o);
    auto reset = [&](const std::vector<ddl::view_option>& list) {
      std::string keys;
      for (const auto& o : list) keys += (keys.empty() ? "" : ", ") + ddl::detail::snake_case(o.key);
      out.alter_views.push_back({alter + " RESET (" + keys + ");", ""});
    };
    // drizzle-kit's order: a whole WITH added, a whole WITH removed, then options added, removed and changed.
    if (!old->with && v.with) {
      out.alter_views.push_back({alter + " SET (" + ddl::view_options_sql(now) + ");", ""});
    } else if (old->with && !v.with) {
      reset(was);
    } else {
      if (!added.empty()) out.alter_views.push_back({alter + " SET (" + ddl::view_options_sql(added) + ");", ""});
      if (!removed.empty()) reset(removed);
      if (!changed.empty()) out.alter_views.push_back({alter + " SET (" + ddl::view_options_sql(changed) + ");", ""});
    }
    // PostgreSQL's defaults read back as nothing (no tablespace) or heap: the same as leaving them out.
    auto tablespace = [](const std::string& x) { return x == "pg_default" ? std::string() : x; };
    auto method = [](const std::string& x) { return x == "heap" ? std::string() : x; };
    if (tablespace(old->tablespace) != tablespace(v.tablespace))
      out.alter_views.push_back({"ALTER MATERIALIZED VIEW " + ddl::qualified_view(v) + " SET TABLESPACE " +
                                     ddl::detail::index_method(v.tablespace.empty() ? "pg_default" : v.tablespace) +
                                     ";",
                                 ""});
    if (method(old->using_) != method(v.using_))
      out.alter_views.push_back({"ALTER MATERIALIZED VIEW " + ddl::qualified_view(v) + " SET ACCESS METHOD " +
                                     quote_ident(v.using_.empty() ? "heap" : v.using_) + ";",
                                 ""});
  }
  out.drop_views.insert(out.drop_views.end(), recreate_drops.begin(), recreate_drops.end());
  out.create_views.insert(out.create_views.end(), recreate_creates.begin(), recreate_creates.end());
}

inline statements plan(ddl::schema_info from, const ddl::schema_info& to_in, const diff_options& options,
                       std::vector<rename_hint>& made) {
  ddl::schema_info to = to_in;
  for (auto* s : {&from, &to})
    for (auto& t : s->tables) t.schema = norm(t.schema);
  rename_context ctx{options, made};
  categories out;
  std::vector<std::string> recreated;  ///< "schema.table.column" of enum columns whose default the recreation sets

  // Schemas.
  {
    const auto old_names = schema_names(from), new_names = schema_names(to);
    std::vector<std::string> dropped, created;
    for (const auto& n : old_names)
      if (std::find(new_names.begin(), new_names.end(), n) == new_names.end()) dropped.push_back(n);
    for (const auto& n : new_names)
      if (std::find(old_names.begin(), old_names.end(), n) == old_names.end()) created.push_back(n);
    for (const auto& [a, b] : decide_renames(ctx, rename_hint::kind::schema, "", dropped, created)) {
      out.rename_schemas.push_back({"ALTER SCHEMA " + quote_ident(a) + " RENAME TO " + quote_ident(b) + ";\n", ""});
      rename_schema(from, a, b);
    }
    for (const auto& n : created) out.create_schemas.push_back({"CREATE SCHEMA " + quote_ident(n) + ";\n", ""});
    for (const auto& n : dropped)
      out.drop_schemas.push_back({"DROP SCHEMA " + quote_ident(n) + ";\n",
                                  "drops schema " + quote_ident(n) + " (fails if anything is left in it)"});
  }

  // Enums, per schema.
  {
    std::vector<std::string> schemas;
    for (const auto* s : {&from, &to})
      for (const auto& e : s->enums)
        if (std::find(schemas.begin(), schemas.end(), norm(e.schema)) == schemas.end())
          schemas.push_back(norm(e.schema));
    for (const auto& schema : schemas) {
      std::vector<std::string> dropped, created;
      for (const auto& e : from.enums)
        if (norm(e.schema) == schema &&
            !find_by(to.enums, [&](const auto& x) { return norm(x.schema) == schema && x.name == e.name; }))
          dropped.push_back(e.name);
      for (const auto& e : to.enums)
        if (norm(e.schema) == schema &&
            !find_by(from.enums, [&](const auto& x) { return norm(x.schema) == schema && x.name == e.name; }))
          created.push_back(e.name);
      auto shown = [&](std::vector<std::string> names) {
        for (auto& n : names) n = display(schema, n);
        return names;
      };
      auto shown_dropped = shown(dropped), shown_created = shown(created);
      const auto renames = decide_renames(ctx, rename_hint::kind::enum_type, "", shown_dropped, shown_created);
      for (const auto& [a_shown, b_shown] : renames) {
        // Shown as "schema.name" outside public; a name may hold dots itself.
        const auto a = a_shown.substr(schema.empty() ? 0 : schema.size() + 1);
        const auto b = b_shown.substr(schema.empty() ? 0 : schema.size() + 1);
        out.rename_enums.push_back({"ALTER TYPE " + qenum(schema, a) + " RENAME TO " + quote_ident(b) + ";", ""});
        rename_enum(from, schema, a, b);
      }
    }
  }

  sequence_statements(ctx, from, to, out);
  view_statements(ctx, from, to, out, options.ignore_view_definitions);

  // Tables, per schema.
  {
    std::vector<std::string> schemas;
    for (const auto* s : {&from, &to})
      for (const auto& t : s->tables)
        if (std::find(schemas.begin(), schemas.end(), t.schema) == schemas.end()) schemas.push_back(t.schema);
    for (const auto& schema : schemas) {
      std::vector<std::string> dropped, created;
      for (const auto& t : from.tables)
        if (t.schema == schema &&
            !find_by(to.tables, [&](const auto& x) { return x.schema == schema && x.name == t.name; }))
          dropped.push_back(display(schema, t.name));
      for (const auto& t : to.tables)
        if (t.schema == schema &&
            !find_by(from.tables, [&](const auto& x) { return x.schema == schema && x.name == t.name; }))
          created.push_back(display(schema, t.name));
      for (const auto& [a_shown, b_shown] : decide_renames(ctx, rename_hint::kind::table, "", dropped, created)) {
        const auto a = a_shown.substr(schema.empty() ? 0 : schema.size() + 1);
        const auto b = b_shown.substr(schema.empty() ? 0 : schema.size() + 1);
        out.rename_tables.push_back(
            {"ALTER TABLE " + ddl::detail::qualified(schema, a) + " RENAME TO " + quote_ident(b) + ";", ""});
        rename_table(from, schema, a, b);
      }
    }
  }

  auto old_table_of = [&](const ddl::table_info& t) -> ddl::table_info* {
    for (auto& x : from.tables)
      if (x.schema == t.schema && x.name == t.name) return &x;
    return nullptr;
  };
  std::vector<std::string> dropped_tables;
  // drizzle-kit writes `DISABLE ROW LEVEL SECURITY` for each dropped table, before all the DROP TABLEs, but only
  // when some kept table changed too (it collects them while walking the changed tables); matched for identical files.
  const bool some_table_altered = std::any_of(to.tables.begin(), to.tables.end(), [&](const ddl::table_info& t) {
    const auto* old = old_table_of(t);
    if (!old) return false;
    auto a = *old, b = t;  // types compared in one spelling, as everywhere in the diff
    for (auto* x : {&a, &b})
      for (auto& c : x->columns)
        if (!c.type_is_enum) c.type = canonical_type(c.type);
    return !(a == b);
  });
  statements disable_rls;
  for (const auto& t : from.tables)
    if (!find_by(to.tables, [&](const auto& x) { return x.schema == t.schema && x.name == t.name; })) {
      if (some_table_altered && !t.rls_enabled)
        disable_rls.push_back({"ALTER TABLE " + qtable(t) + " DISABLE ROW LEVEL SECURITY;", ""});
      out.drop_tables.push_back(
          {"DROP TABLE " + qtable(t) + " CASCADE;", "drops table " + qtable(t) + " and its rows"});
      dropped_tables.push_back(t.schema + "." + t.name);
    }
  out.drop_tables.insert(out.drop_tables.begin(), disable_rls.begin(), disable_rls.end());

  // Column renames first (they change the names the constraints below compare).
  for (const auto& t : to.tables) {
    auto* old = old_table_of(t);
    if (!old) continue;
    std::vector<std::string> dropped, created;
    for (const auto& c : old->columns)
      if (!find_by(t.columns, [&](const auto& x) { return x.name == c.name; })) dropped.push_back(c.name);
    for (const auto& c : t.columns)
      if (!find_by(old->columns, [&](const auto& x) { return x.name == c.name; })) created.push_back(c.name);
    for (const auto& [a, b] :
         decide_renames(ctx, rename_hint::kind::column, display(t.schema, t.name), dropped, created)) {
      out.rename_columns.push_back(
          {"ALTER TABLE " + qtable(t) + " RENAME COLUMN " + quote_ident(a) + " TO " + quote_ident(b) + ";", ""});
      rename_column(from, *old, a, b);
    }
  }

  // Enum values (after the renames, so the columns that use an enum are found under their new names).
  {
    for (const auto& e : to.enums) {
      const auto* old =
          find_by(from.enums, [&](const auto& x) { return norm(x.schema) == norm(e.schema) && x.name == e.name; });
      if (!old) {
        out.create_enums.push_back({ddl::create_enum(e), ""});
        continue;
      }
      std::vector<std::string> removed;
      for (const auto& v : old->values)
        if (std::find(e.values.begin(), e.values.end(), v) == e.values.end()) removed.push_back(v);
      if (removed.empty()) {
        for (std::size_t i = 0; i < e.values.size(); ++i) {
          if (std::find(old->values.begin(), old->values.end(), e.values[i]) != old->values.end()) continue;
          std::string before;
          for (std::size_t j = i + 1; j < e.values.size() && before.empty(); ++j)
            if (std::find(old->values.begin(), old->values.end(), e.values[j]) != old->values.end())
              before = e.values[j];
          out.add_enum_values.push_back({"ALTER TYPE " + qenum(e.schema, e.name) + " ADD VALUE " +
                                             quote_literal(e.values[i]) +
                                             (before.empty() ? "" : " BEFORE " + quote_literal(before)) + ";",
                                         ""});
        }
        continue;
      }
      // Values cannot be removed from a PostgreSQL enum: recreate it, parking its columns in text meanwhile.
      std::string lost;
      for (const auto& v : removed) lost += (lost.empty() ? "" : ", ") + quote_literal(v);
      struct user {
        const ddl::table_info* table;
        const ddl::column_info* column;
      };
      std::vector<user> users;
      for (const auto& t : to.tables) {
        const auto* old_table =
            find_by(from.tables, [&](const auto& x) { return x.schema == t.schema && x.name == t.name; });
        if (!old_table) continue;  // created later in this migration
        for (const auto& c : t.columns)
          if (c.type_is_enum && norm(c.type_schema) == norm(e.schema) && base_type(c.type) == e.name &&
              find_by(old_table->columns, [&](const auto& x) { return x.name == c.name; }))
            users.push_back({&t, &c});
      }
      auto& st = out.drop_enum_values;
      for (const auto& u : users)
        if (u.column->default_sql) recreated.push_back(u.table->schema + "." + u.table->name + "." + u.column->name);
      // A partial index whose WHERE reads the column compares it with the enum's literals: PostgreSQL rebuilds it
      // when the column turns text and fails ("operator does not exist: text = <enum>"). Such indexes, kept by
      // the new schema as they are, are dropped first and created again at the end (drizzle-kit's files fail).
      std::vector<std::pair<const ddl::table_info*, const ddl::index_info*>> parked;
      for (const auto& u : users) {
        const auto* old_table =
            find_by(from.tables, [&](const auto& x) { return x.schema == u.table->schema && x.name == u.table->name; });
        for (const auto& ix : u.table->indexes)
          if (!ix.where.empty() && ix.where.find(u.column->name) != std::string::npos &&
              find_by(old_table->indexes, [&](const auto& x) { return x == ix; }) &&
              std::none_of(parked.begin(), parked.end(), [&](const auto& p) { return p.second == &ix; })) {
            parked.push_back({u.table, &ix});
            st.push_back({drop_index(*u.table, ix), ""});
          }
      }
      for (const auto& u : users) {
        st.push_back({alter_column(*u.table, u.column->name, "SET DATA TYPE text"), ""});
        if (u.column->default_sql)
          st.push_back(
              {alter_column(*u.table, u.column->name, "SET DEFAULT " + *u.column->default_sql + "::text"), ""});
      }
      st.push_back({"DROP TYPE " + qenum(e.schema, e.name) + ";",
                    "removes " + lost + " from enum " + qenum(e.schema, e.name) + " (rows holding " +
                        (removed.size() > 1 ? "them" : "it") + " fail the migration)"});
      st.push_back({ddl::create_enum(e), ""});
      for (const auto& u : users) {
        const auto type = alter_type_text(*u.column);
        if (u.column->default_sql)
          st.push_back(
              {alter_column(*u.table, u.column->name, "SET DEFAULT " + *u.column->default_sql + "::" + type), ""});
        st.push_back({alter_column(*u.table, u.column->name,
                                   "SET DATA TYPE " + type + " USING " + quote_ident(u.column->name) + "::" + type),
                      ""});
      }
      for (const auto& [table, ix] : parked) st.push_back({ddl::create_index(*table, *ix), ""});
    }
    for (const auto& e : from.enums)
      if (!find_by(to.enums, [&](const auto& x) { return norm(x.schema) == norm(e.schema) && x.name == e.name; }))
        out.drop_enums.push_back({"DROP TYPE " + qenum(e.schema, e.name) + ";",
                                  "drops enum " + qenum(e.schema, e.name) + " and its labels"});
  }

  for (const auto& t : to.tables) {
    const auto* old = old_table_of(t);
    if (!old) {
      out.create_tables.push_back({ddl::create_table(t), ""});
      if (t.rls_enabled || !t.policies.empty()) out.create_tables.push_back({ddl::enable_rls(t), ""});
      for (const auto& fk : t.foreign_keys) out.references_for_created.push_back({ddl::add_foreign_key(fk), ""});
      for (const auto& ix : t.indexes) out.indexes_for_created.push_back({ddl::create_index(t, ix), ""});
      continue;
    }
    std::vector<const ddl::key_info*> removed_keys, added_keys;
    compare_named(old->uniques, t.uniques, unique_json, removed_keys, added_keys);
    for (const auto* k : removed_keys) out.drop_uniques.push_back({drop_constraint(t, k->name), ""});
    for (const auto* k : added_keys) out.add_uniques.push_back({add_unique(t, *k), ""});
    std::vector<const ddl::check_info*> removed_checks, added_checks;
    compare_named(old->checks, t.checks, check_json, removed_checks, added_checks);
    for (const auto* c : removed_checks) out.drop_checks.push_back({drop_constraint(t, c->name), ""});
    for (const auto* c : added_checks) out.add_checks.push_back({add_check(t, *c), ""});
    std::vector<const ddl::foreign_key_info*> removed_fks, added_fks;
    compare_named(old->foreign_keys, t.foreign_keys, foreign_key_json, removed_fks, added_fks);
    for (const auto* fk : removed_fks) {
      // DROP TABLE ... CASCADE already took the foreign keys that pointed at a dropped table.
      if (std::find(dropped_tables.begin(), dropped_tables.end(), norm(fk->schema_to) + "." + fk->table_to) !=
          dropped_tables.end())
        continue;
      out.drop_references.push_back({drop_constraint(t, fk->name) + "\n", ""});
    }
    for (const auto* fk : added_fks) out.references_for_altered.push_back({ddl::add_foreign_key(*fk), ""});
    std::vector<const ddl::index_info*> removed_ix, added_ix;
    compare_named(old->indexes, t.indexes, index_json, removed_ix, added_ix);
    for (const auto* ix : removed_ix) out.drop_indexes.push_back({drop_index(t, *ix), ""});
    for (const auto* ix : added_ix) out.indexes_for_altered.push_back({ddl::create_index(t, *ix), ""});
    std::vector<const ddl::key_info*> removed_pks, added_pks;
    compare_named(old->primary_keys, t.primary_keys, primary_key_json, removed_pks, added_pks);
    for (const auto* k : removed_pks) out.drop_primary_keys.push_back({drop_constraint(t, k->name), ""});
    for (const auto* k : added_pks) out.add_primary_keys.push_back({add_primary_key(t, *k), ""});

    for (const auto& c : t.columns) {
      const auto* o = find_by(old->columns, [&](const auto& x) { return x.name == c.name; });
      if (!o) {
        out.add_columns.push_back({add_column(t, c), ""});
        continue;
      }
      // The enum recreation already put this column's default back.
      const bool enum_recreated =
          std::find(recreated.begin(), recreated.end(), t.schema + "." + t.name + "." + c.name) != recreated.end();
      alter_column_statements(t, *o, c, enum_recreated, out);
    }
    for (const auto& c : old->columns)
      if (!find_by(t.columns, [&](const auto& x) { return x.name == c.name; }))
        out.drop_columns.push_back({"ALTER TABLE " + qtable(t) + " DROP COLUMN " + quote_ident(c.name) + ";",
                                    "drops column " + qcolumn(t, c.name) + " and its values"});
  }
  rls_statements(from, to, out);
  return out.in_order();
}

inline std::vector<rename_hint> inverted(const std::vector<rename_hint>& renames) {
  std::vector<rename_hint> out;
  for (const auto& r : renames) {
    rename_hint back = r;
    std::swap(back.from, back.to);
    out.push_back(back);
  }
  // Column renames name their table as it is in the new schema; in the reverse plan table renames run first,
  // so a column hint names the table by its old name.
  for (auto& r : out)
    if (r.what == rename_hint::kind::column)
      for (const auto& t : renames)
        if (t.what == rename_hint::kind::table && t.to == r.table) r.table = t.from;
  return out;
}

}  // namespace detail

/// The statements from `from` to `to` (up) and back (down), with what they lose.
inline migration_plan diff(const ddl::schema_info& from, const ddl::schema_info& to, const diff_options& options = {}) {
  migration_plan out;
  const auto up = detail::plan(from, to, options, out.renames);
  for (std::size_t i = 0; i < up.size(); ++i) {
    out.up.push_back(up[i].sql);
    if (!up[i].loss.empty()) {
      out.data_loss.push_back(up[i].loss);
      out.data_loss_statement.push_back(i);
    }
  }
  // Going back, the renames the up plan made run backwards and every other disappearance is a drop: the up plan
  // already decided it was not a rename.
  diff_options back;
  back.renames = detail::inverted(out.renames);
  back.assume_no_renames = true;
  back.ignore_view_definitions = options.ignore_view_definitions;
  std::vector<rename_hint> ignored;
  for (const auto& st : detail::plan(to, from, back, ignored)) out.down.push_back(st.sql);
  return out;
}

}  // namespace drizzle::kit
