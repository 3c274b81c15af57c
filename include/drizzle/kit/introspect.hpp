#pragma once
/// Reads a live PostgreSQL's catalogs into the same ddl::schema_info that ddl::describe(schema) gives for a C++
/// schema, so the kit can compare a database with a schema (pull, push, drift checks) field by field. Every name,
/// type spelling, default text and order is the one describe() produces: a schema created with
/// ddl::create_statements and read back compares equal to its description.
#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../ddl.hpp"
#include "../pqxx.hpp"
#include "config.hpp"

namespace drizzle::kit {

/// What introspect() reads.
struct introspect_options {
  /// PostgreSQL schemas to read; the migrations schema ("drizzle") only when listed here.
  std::vector<std::string> schemas{"public"};
  /// drizzle-kit's tablesFilter: globs with `*` and `?` ("users", "post*"); a leading `!` excludes ("!tmp_*").
  /// A table is read when it matches one of the including globs (or there are none) and none of the excluding ones.
  /// Empty: every table.
  std::vector<std::string> tables{};
  /// drizzle-kit's entities.roles: which roles are read (none by default).
  roles_filter roles{};
};

/// The catalogs did not hold what introspection needs (a schema that does not exist, text it cannot read).
class introspect_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {

using text_row = std::vector<std::optional<std::string>>;

/// A PostgreSQL array literal of text elements, bound as one parameter (`= any($1::text[])`).
inline std::string array_literal(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    ::drizzle::detail::append_array_element(out, items[i]);
  }
  return out + "}";
}

inline const std::string& field(const text_row& row, std::size_t i, std::string_view what) {
  if (i >= row.size() || !row[i]) throw introspect_error("drizzle: introspection read no " + std::string(what));
  return *row[i];
}
inline bool flag(const text_row& row, std::size_t i) {
  return i < row.size() && row[i] && *row[i] == "t";
}
inline std::vector<std::string> names_of(const text_row& row, std::size_t i, std::string_view what) {
  std::vector<std::string> out;
  for (auto& item : ::drizzle::detail::split_array(field(row, i, what)))
    out.push_back(item ? *item : throw introspect_error("drizzle: NULL in " + std::string(what)));
  return out;
}

/// `*` and `?` globs, as drizzle-kit's tablesFilter uses them.
inline bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}
inline bool table_selected(const std::vector<std::string>& globs, std::string_view table) {
  bool any_including = false, included = false;
  for (const auto& g : globs) {
    if (!g.empty() && g[0] == '!') {
      if (glob_match(std::string_view(g).substr(1), table)) return false;
    } else {
      any_including = true;
      included = included || glob_match(g, table);
    }
  }
  return included || !any_including;
}

/// `(a > 0)` -> `a > 0`: PostgreSQL wraps the expressions it prints in one pair of parentheses that the
/// schema's text (check<"...">, .where(), generated_always_as<>) does not have.
inline std::string strip_outer_parentheses(std::string text) {
  while (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
    int depth = 0;
    bool closes_at_end = true;
    char quote = 0;  // inside a '...' literal or a "..." name, where parentheses are text (a doubled quote leaves
                     // and enters again)
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (quote) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        continue;
      }
      if (c == '(') ++depth;
      if (c == ')' && --depth == 0 && i + 1 != text.size()) {
        closes_at_end = false;
        break;
      }
    }
    if (!closes_at_end) break;
    text = text.substr(1, text.size() - 2);
  }
  return text;
}

/// format_type() spelling -> drizzle-kit's (and ddl_name()'s): `character varying(255)` -> `varchar(255)`,
/// `numeric(10,2)` -> `numeric(10, 2)`, `timestamp(6) with time zone` -> `timestamp (6) with time zone`,
/// `timestamp(3) without time zone` -> `timestamp (3)`, `time(3) with time zone` -> `time(3) with time zone`.
inline std::string kit_type_name(std::string type) {
  std::string suffix;
  while (type.size() > 2 && type.ends_with("[]")) {
    suffix += "[]";
    type.resize(type.size() - 2);
  }
  // `base`, then an optional "(p)", then exactly `tail`: the precision ("(p)" or "") when `type` is that.
  auto precision_of = [&](std::string_view base, std::string_view tail) -> std::optional<std::string> {
    if (type.rfind(base, 0) != 0 || !type.ends_with(tail) || type.size() < base.size() + tail.size())
      return std::nullopt;
    const std::string middle = type.substr(base.size(), type.size() - base.size() - tail.size());
    if (middle.empty() || (middle.front() == '(' && middle.back() == ')' &&
                           middle.find_first_not_of("0123456789,", 1) == middle.size() - 1))
      return middle;
    return std::nullopt;
  };
  if (auto n = precision_of("character varying", ""))
    type = "varchar" + *n;
  else if (auto c = precision_of("character", ""))
    type = "char" + *c;
  else if (auto ps = precision_of("numeric", ""); ps && ps->find(',') != std::string::npos)
    type = "numeric" + ps->substr(0, ps->find(',') + 1) + " " + ps->substr(ps->find(',') + 1);
  else if (auto p = precision_of("timestamp", " without time zone"))
    type = "timestamp" + (p->empty() ? "" : " " + *p);
  else if (auto pz = precision_of("timestamp", " with time zone"))
    type = "timestamp" + (pz->empty() ? "" : " " + *pz) + " with time zone";
  else if (auto t = precision_of("time", " without time zone"))
    type = "time" + *t;
  else if (auto tz = precision_of("time", " with time zone"))
    type = "time" + *tz + " with time zone";  // drizzle-kit: `time(3)`, but `timestamp (3)`
  return type + suffix;
}

/// A default as describe() writes it: PostgreSQL adds the column's type to literals (`'user'::character varying`,
/// `'-1'::integer`); drizzle-kit's (and the schema's) text has the bare literal, and numbers unquoted. json and
/// jsonb keep their cast, as drizzle-kit writes them.
inline std::string kit_default(const std::string& text, const std::string& column_type) {
  // nextval('seq'::regclass) is how PostgreSQL prints nextval('seq'): read back as written, so a sequence default
  // declared, pulled and pushed again compares equal (the server puts the cast on every spelling).
  static constexpr std::string_view regclass = "'::regclass)";
  if (text.rfind("nextval('", 0) == 0 && text.size() > 9 + regclass.size() && text.ends_with(regclass))
    return text.substr(0, text.size() - regclass.size()) + "')";
  if (text.empty() || text[0] != '\'') return text;
  std::size_t end = 1;
  for (; end < text.size(); ++end)
    if (text[end] == '\'') {
      if (end + 1 < text.size() && text[end + 1] == '\'')
        ++end;
      else
        break;
    }
  if (end >= text.size() || text.compare(end + 1, 2, "::") != 0) return text;
  const std::string literal = text.substr(0, end + 1);
  if (column_type == "json" || column_type == "jsonb") return text;
  static const std::vector<std::string> numbers = {"smallint", "integer", "bigint", "real", "double precision"};
  if (std::find(numbers.begin(), numbers.end(), column_type) != numbers.end())
    return literal.substr(1, literal.size() - 2);
  return literal;
}

inline std::string fk_action_name(const std::string& code) {
  if (code == "r") return "restrict";
  if (code == "c") return "cascade";
  if (code == "n") return "set null";
  if (code == "d") return "set default";
  return "no action";
}

// The catalog queries. Schemas and table oids are bound as array parameters; nothing is spliced into the text.
inline constexpr std::string_view tables_sql = R"(select c.oid, n.nspname, c.relname
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1::text[])
order by n.nspname, c.relname)";

inline constexpr std::string_view columns_sql = R"(select a.attrelid, a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid),
  a.attidentity, a.attgenerated, et.typtype = 'e', et.typname, etn.nspname, et.oid <> t.oid, et.oid,
  seq.deptype, seq.relname, seq.seqincrement, seq.seqmin, seq.seqmax, seq.seqstart, seq.seqcache, seq.seqcycle
from pg_catalog.pg_attribute a
join pg_catalog.pg_type t on t.oid = a.atttypid
join pg_catalog.pg_type et on et.oid = case when t.typelem <> 0 and t.typlen = -1 then t.typelem else t.oid end
join pg_catalog.pg_namespace etn on etn.oid = et.typnamespace
left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
left join lateral (
  select dep.deptype, s.relname, sq.seqincrement, sq.seqmin, sq.seqmax, sq.seqstart, sq.seqcache, sq.seqcycle
  from pg_catalog.pg_depend dep
  join pg_catalog.pg_class s on s.oid = dep.objid and s.relkind = 'S'
  join pg_catalog.pg_sequence sq on sq.seqrelid = s.oid
  where dep.classid = 'pg_catalog.pg_class'::regclass and dep.refclassid = 'pg_catalog.pg_class'::regclass
    and dep.refobjid = a.attrelid and dep.refobjsubid = a.attnum and dep.deptype in ('a', 'i')
  limit 1) seq on true
where a.attrelid = any($1::oid[]) and a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum)";

/// Constraints in creation (oid) order, which is the order describe() lists them in.
inline constexpr std::string_view constraints_sql = R"(select con.conrelid, con.conname, con.contype,
  array(select a.attname from unnest(con.conkey) with ordinality k(num, pos)
        join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num order by k.pos),
  fn.nspname, fc.relname,
  array(select a.attname from unnest(con.confkey) with ordinality k(num, pos)
        join pg_catalog.pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num order by k.pos),
  con.confdeltype, con.confupdtype, pg_catalog.pg_get_constraintdef(con.oid, true),
  coalesce((to_jsonb(ix) ->> 'indnullsnotdistinct')::boolean, false)
from pg_catalog.pg_constraint con
left join pg_catalog.pg_class fc on fc.oid = con.confrelid
left join pg_catalog.pg_namespace fn on fn.oid = fc.relnamespace
left join pg_catalog.pg_index ix on ix.indexrelid = con.conindid and con.contype = 'u'
where con.conrelid = any($1::oid[]) and con.contype in ('p', 'u', 'c', 'f')
order by con.conrelid, con.oid)";

/// Indexes that no constraint owns (those are read as constraints), in creation order.
inline constexpr std::string_view indexes_sql = R"(select ix.indrelid, ix.indexrelid, i.relname, ix.indisunique,
  am.amname, pg_catalog.pg_get_expr(ix.indpred, ix.indrelid)
from pg_catalog.pg_index ix
join pg_catalog.pg_class i on i.oid = ix.indexrelid
join pg_catalog.pg_am am on am.oid = i.relam
where ix.indrelid = any($1::oid[])
  and not exists (select 1 from pg_catalog.pg_constraint c where c.conindid = ix.indexrelid and c.contype in ('p', 'u', 'x'))
order by ix.indrelid, ix.indexrelid)";

/// Key columns of those indexes: a column's name, or the expression's text; DESC and NULLS FIRST from indoption.
inline constexpr std::string_view index_columns_sql = R"(select ix.indexrelid,
  case when ix.indkey[k.pos] = 0 then pg_catalog.pg_get_indexdef(ix.indexrelid, k.pos + 1, true) else a.attname::text end,
  (ix.indoption[k.pos] & 1) = 1, (ix.indoption[k.pos] & 2) = 2, ix.indkey[k.pos] = 0,
  case when opc.opcdefault then null else opc.opcname::text end
from pg_catalog.pg_index ix
cross join lateral generate_series(0, ix.indnkeyatts - 1) k(pos)
left join pg_catalog.pg_attribute a on a.attrelid = ix.indrelid and a.attnum = ix.indkey[k.pos]
left join pg_catalog.pg_opclass opc on opc.oid = ix.indclass[k.pos]
where ix.indrelid = any($1::oid[])
order by ix.indexrelid, k.pos)";

/// Sequences of the schemas read that no column owns (serial and identity columns own theirs: the kit describes
/// those with the column). drizzle-kit 0.31 reads serial columns' sequences too, and then plans to drop them.
inline constexpr std::string_view sequences_sql = R"(select n.nspname, c.relname, s.seqincrement, s.seqmin, s.seqmax,
  s.seqstart, s.seqcache, s.seqcycle
from pg_catalog.pg_sequence s
join pg_catalog.pg_class c on c.oid = s.seqrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass
    and d.objid = c.oid and d.refclassid = 'pg_catalog.pg_class'::regclass and d.deptype in ('a', 'i'))
order by c.relname, n.nspname)";

/// Views and materialized views of the schemas read, with their definition, options, tablespace and access method.
inline constexpr std::string_view views_sql = R"(select c.oid, n.nspname, c.relname, c.relkind = 'm',
  pg_catalog.pg_get_viewdef(c.oid), array_to_string(c.reloptions, chr(1)), ts.spcname, am.amname
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_tablespace ts on ts.oid = c.reltablespace
left join pg_catalog.pg_am am on am.oid = c.relam
where c.relkind in ('v', 'm') and n.nspname = any($1::text[])
order by c.relname, n.nspname)";

/// A view's text as pg_get_viewdef prints it, on one line: whitespace runs as one space, no final `;`.
inline std::string one_line_definition(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

/// reloptions (`check_option=cascaded`, `fillfactor=50`) as drizzle-kit's WITH options: camelCase keys, numbers and
/// booleans as such, other words as text.
inline std::vector<ddl::view_option> view_options_of(const std::string& joined) {
  std::vector<ddl::view_option> out;
  std::size_t from = 0;
  while (from < joined.size()) {
    auto to = joined.find('\x01', from);
    if (to == std::string::npos) to = joined.size();
    const std::string item = joined.substr(from, to - from);
    from = to + 1;
    const auto eq = item.find('=');
    if (eq == std::string::npos) continue;
    std::string key;
    bool upper = false;
    for (char c : item.substr(0, eq)) {
      if (c == '_') {
        upper = true;
      } else {
        key += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        upper = false;
      }
    }
    const std::string value = item.substr(eq + 1);
    const bool number = !value.empty() && value.find_first_not_of("-0123456789.") == std::string::npos;
    out.push_back({key, value, !number && value != "true" && value != "false"});
  }
  return out;
}

/// Enums of the schemas read, and those their columns use from elsewhere; labels in sort order.
inline constexpr std::string_view enums_sql = R"(select n.nspname, t.typname, e.enumlabel
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
left join pg_catalog.pg_enum e on e.enumtypid = t.oid
where t.typtype = 'e' and (n.nspname = any($1::text[]) or t.oid = any($2::oid[]))
order by n.nspname, t.typname, e.enumsortorder)";

// Row-level security: the tables' switch, their policies (in creation order; `to` as names, PUBLIC as "public"),
// and the roles.
inline constexpr std::string_view rls_sql = R"(select c.oid, c.relrowsecurity from pg_catalog.pg_class c
where c.oid = any($1::oid[]))";
inline constexpr std::string_view policies_sql = R"(select p.polrelid, p.polname, p.polpermissive, p.polcmd,
  array(select case when r = 0 then 'public' else (select rolname::text from pg_catalog.pg_roles where oid = r) end
        from unnest(p.polroles) r),
  pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)
from pg_catalog.pg_policy p where p.polrelid = any($1::oid[]) order by p.oid)";
inline constexpr std::string_view roles_sql = R"(select rolname, rolcreatedb, rolcreaterole, rolinherit
from pg_catalog.pg_roles order by rolname)";

inline std::string policy_command(const std::string& code) {
  if (code == "r") return "SELECT";
  if (code == "a") return "INSERT";
  if (code == "w") return "UPDATE";
  if (code == "d") return "DELETE";
  return "ALL";
}

/// integer + nextval() of its own sequence is how PostgreSQL stores a serial column.
inline std::optional<std::string> serial_type_for(const std::string& type) {
  if (type == "integer") return "serial";
  if (type == "smallint") return "smallserial";
  if (type == "bigint") return "bigserial";
  return std::nullopt;
}

inline long long number_of(const text_row& row, std::size_t i, std::string_view what) {
  const std::string& text = field(row, i, what);
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    throw introspect_error("drizzle: introspection cannot read " + std::string(what) + " \"" + text + "\"");
  }
}

inline ddl::column_info read_column(const text_row& r, std::vector<std::string>& enum_oids) {
  ddl::column_info c;
  c.name = field(r, 1, "column name");
  const bool is_enum = flag(r, 7), is_array = flag(r, 10);
  if (is_enum) {
    c.type = field(r, 8, "enum name") + (is_array ? "[]" : "");
    c.type_is_enum = true;
    c.type_schema = field(r, 9, "enum schema");
    enum_oids.push_back(field(r, 11, "enum oid"));
  } else {
    c.type = kit_type_name(field(r, 2, "column type"));
  }
  c.not_null = flag(r, 3);
  const std::optional<std::string>& expression = r[4];
  const std::string identity = r[5].value_or(""), generated = r[6].value_or("");
  const std::string sequence_dependency = r[12].value_or("");
  if (!generated.empty() && expression) {
    c.generated = strip_outer_parentheses(*expression);
  } else if (!identity.empty() && sequence_dependency == "i") {
    ddl::identity_info id;
    id.always = identity == "a";
    id.sequence_name = field(r, 13, "identity sequence");
    id.increment = number_of(r, 14, "identity increment");
    id.min_value = number_of(r, 15, "identity minvalue");
    id.max_value = number_of(r, 16, "identity maxvalue");
    id.start_with = number_of(r, 17, "identity start");
    id.cache = number_of(r, 18, "identity cache");
    id.cycle = flag(r, 19);
    c.identity = id;
  } else if (expression && sequence_dependency == "a" && expression->rfind("nextval(", 0) == 0 &&
             serial_type_for(c.type)) {
    c.type = *serial_type_for(c.type);  // describe() gives a serial column no default: the type implies it
  } else if (expression) {
    c.default_sql = kit_default(*expression, c.type);
  }
  return c;
}

inline void read_constraint(const text_row& r, ddl::table_info& t) {
  const std::string name = field(r, 1, "constraint name"), kind = field(r, 2, "constraint type");
  auto columns = names_of(r, 3, "constraint columns");
  if (kind == "p") {
    // A column-level PRIMARY KEY gets PostgreSQL's name <table>_pkey; any other name is a table-level key.
    auto column = std::find_if(t.columns.begin(), t.columns.end(),
                               [&](const auto& c) { return columns.size() == 1 && c.name == columns[0]; });
    if (column != t.columns.end() && name == t.name + "_pkey")
      column->primary_key = true;
    else
      t.primary_keys.push_back({name, columns, false});
  } else if (kind == "u") {
    t.uniques.push_back({name, columns, flag(r, 10)});
  } else if (kind == "c") {
    std::string definition = field(r, 9, "check definition");
    if (definition.rfind("CHECK ", 0) == 0) definition = definition.substr(6);
    if (definition.ends_with(" NOT VALID")) definition.resize(definition.size() - 10);
    t.checks.push_back({name, strip_outer_parentheses(definition)});
  } else {
    ddl::foreign_key_info fk;
    fk.name = name;
    fk.table_from = t.name;
    fk.schema_from = t.schema;
    fk.schema_to = field(r, 4, "referenced schema");
    fk.table_to = field(r, 5, "referenced table");
    fk.columns_from = std::move(columns);
    fk.columns_to = names_of(r, 6, "referenced columns");
    fk.on_delete = fk_action_name(field(r, 7, "on delete"));
    fk.on_update = fk_action_name(field(r, 8, "on update"));
    t.foreign_keys.push_back(std::move(fk));
  }
}

}  // namespace detail

/// The tables, enums, constraints and indexes of the chosen schemas, as ddl::describe() describes a C++ schema
/// (public tables have schema "", tables sorted by schema and name, enums by name, constraints and indexes in
/// the order they were created). Throws introspect_error naming a schema that does not exist.
inline ddl::schema_info introspect(::drizzle::pqxx::session& db, const introspect_options& options = {}) {
  using detail::field;
  const std::string schemas = detail::array_literal(options.schemas);
  const auto existing =
      db.query_text("select nspname from pg_catalog.pg_namespace where nspname = any($1::text[])", {schemas});
  for (const auto& wanted : options.schemas)
    if (std::none_of(existing.begin(), existing.end(), [&](const auto& r) { return r[0] == wanted; }))
      throw introspect_error("drizzle: introspect: schema \"" + wanted + "\" does not exist");

  ddl::schema_info s;
  std::map<std::string, std::size_t> table_of_oid;
  std::vector<std::string> oids;
  for (const auto& r : db.query_text(detail::tables_sql, {schemas})) {
    const std::string& name = field(r, 2, "table name");
    if (!detail::table_selected(options.tables, name)) continue;
    ddl::table_info t;
    t.name = name;
    t.schema = field(r, 1, "table schema") == "public" ? "" : field(r, 1, "table schema");
    table_of_oid[field(r, 0, "table oid")] = s.tables.size();
    oids.push_back(field(r, 0, "table oid"));
    s.tables.push_back(std::move(t));
  }
  const std::string oid_list = detail::array_literal(oids);
  auto table_for = [&](const detail::text_row& r) -> ddl::table_info& {
    return s.tables.at(table_of_oid.at(field(r, 0, "table oid")));
  };

  std::vector<std::string> enum_oids;
  for (const auto& r : db.query_text(detail::columns_sql, {oid_list}))
    table_for(r).columns.push_back(detail::read_column(r, enum_oids));
  for (const auto& r : db.query_text(detail::constraints_sql, {oid_list})) detail::read_constraint(r, table_for(r));

  std::map<std::string, std::vector<ddl::index_column_info>> index_columns;
  for (const auto& r : db.query_text(detail::index_columns_sql, {oid_list})) {
    ddl::index_column_info c;
    c.expression = field(r, 1, "index column");
    c.asc = !detail::flag(r, 2);
    // PostgreSQL's defaults (ASC NULLS LAST, DESC NULLS FIRST) are not the schema's: describe() marks
    // nulls explicit except where create_index writes the default clause (ASC alone, DESC NULLS LAST).
    const bool nulls_first = detail::flag(r, 3);
    c.nulls = nulls_first ? "first" : "last";
    c.explicit_nulls = nulls_first;
    c.is_expression = detail::flag(r, 4);
    if (r[5]) c.opclass = *r[5];
    index_columns[field(r, 0, "index oid")].push_back(c);
  }
  for (const auto& r : db.query_text(detail::indexes_sql, {oid_list})) {
    ddl::index_info ix;
    ix.name = field(r, 2, "index name");
    ix.unique = detail::flag(r, 3);
    ix.method = field(r, 4, "index method");
    if (r[5]) ix.where = detail::strip_outer_parentheses(*r[5]);
    ix.columns = index_columns[field(r, 1, "index oid")];
    table_for(r).indexes.push_back(std::move(ix));
  }

  for (const auto& r : db.query_text(detail::enums_sql, {schemas, detail::array_literal(enum_oids)})) {
    const std::string &schema = field(r, 0, "enum schema"), &name = field(r, 1, "enum name");
    if (s.enums.empty() || s.enums.back().name != name || s.enums.back().schema != schema)
      s.enums.push_back({name, schema, {}});
    if (r[2]) s.enums.back().values.push_back(*r[2]);
  }
  std::stable_sort(s.enums.begin(), s.enums.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const auto& r : db.query_text(detail::sequences_sql, {schemas})) {
    ddl::sequence_info q;
    q.schema = field(r, 0, "sequence schema");
    q.name = field(r, 1, "sequence name");
    q.increment = detail::number_of(r, 2, "sequence increment");
    q.min_value = detail::number_of(r, 3, "sequence minimum");
    q.max_value = detail::number_of(r, 4, "sequence maximum");
    q.start_with = detail::number_of(r, 5, "sequence start");
    q.cache = detail::number_of(r, 6, "sequence cache");
    q.cycle = detail::flag(r, 7);
    s.sequences.push_back(std::move(q));
  }
  for (const auto& r : db.query_text(detail::rls_sql, {oid_list})) table_for(r).rls_enabled = detail::flag(r, 1);
  for (const auto& r : db.query_text(detail::policies_sql, {oid_list})) {
    ddl::policy_info p;
    p.name = field(r, 1, "policy name");
    p.as = detail::flag(r, 2) ? "PERMISSIVE" : "RESTRICTIVE";
    p.for_ = detail::policy_command(field(r, 3, "policy command"));
    p.to = detail::names_of(r, 4, "policy roles");
    std::sort(p.to.begin(), p.to.end());
    if (r[5]) p.using_ = detail::strip_outer_parentheses(*r[5]);
    if (r[6]) p.with_check = detail::strip_outer_parentheses(*r[6]);
    table_for(r).policies.push_back(std::move(p));
  }
  if (options.roles.managed())
    for (const auto& r : db.query_text(detail::roles_sql)) {
      const std::string& name = field(r, 0, "role name");
      if (options.roles.selected(name))
        s.roles.push_back({name, detail::flag(r, 1), detail::flag(r, 2), detail::flag(r, 3)});
    }
  std::stable_sort(s.tables.begin(), s.tables.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.schema) < std::tie(b.name, b.schema);  // drizzle-kit: by bare name, across schemas
  });
  std::map<std::string, std::size_t> view_of_oid;
  std::vector<std::string> view_oids;
  for (const auto& r : db.query_text(detail::views_sql, {schemas})) {
    ddl::view_info v;
    v.schema = field(r, 1, "view schema");
    v.name = field(r, 2, "view name");
    v.materialized = detail::flag(r, 3);
    v.definition = detail::one_line_definition(field(r, 4, "view definition"));
    if (r[5] && !r[5]->empty()) v.with = detail::view_options_of(*r[5]);
    if (r[6]) v.tablespace = *r[6];
    if (v.materialized && r[7]) v.using_ = *r[7];
    view_of_oid[field(r, 0, "view oid")] = s.views.size();
    view_oids.push_back(field(r, 0, "view oid"));
    s.views.push_back(std::move(v));
  }
  if (!view_oids.empty()) {
    std::vector<std::string> ignored;
    for (const auto& r : db.query_text(detail::columns_sql, {detail::array_literal(view_oids)}))
      s.views.at(view_of_oid.at(field(r, 0, "view oid"))).columns.push_back(detail::read_column(r, ignored));
  }
  ddl::sort_views(s.views);
  return s;
}

namespace detail {
/// fn(key, text) for each expression PostgreSQL prints its own way: checks, partial index predicates, generated
/// columns, defaults, policies' USING and WITH CHECK. The key names the object: `schema.table|kind|name`.
template <class Schema, class F>
void for_each_expression(Schema& s, F&& fn) {
  for (auto& t : s.tables) {
    const std::string table = (t.schema.empty() ? std::string("public") : t.schema) + "." + t.name;
    for (auto& c : t.checks) fn(table + "|check|" + c.name, c.expression);
    for (auto& ix : t.indexes)
      if (!ix.where.empty()) fn(table + "|where|" + ix.name, ix.where);
    for (auto& c : t.columns) {
      if (c.generated) fn(table + "|generated|" + c.name, *c.generated);
      if (c.default_sql) fn(table + "|default|" + c.name, *c.default_sql);
    }
    for (auto& p : t.policies) {
      if (p.using_) fn(table + "|using|" + p.name, *p.using_);
      if (p.with_check) fn(table + "|with_check|" + p.name, *p.with_check);
    }
  }
}

/// The server's spelling of `declared`'s expressions, for the tables `live` has too: each is created again as a
/// temporary table (with its checks, partial indexes, generated columns, defaults and policies, to public; no identity,
/// no foreign keys) inside a transaction that is rolled back, and read back exactly as kit::introspect reads `live`. A
/// table the server refuses (an enum not there yet, an expression naming another table) is left out.
inline std::map<std::string, std::string> server_spelling(::drizzle::pqxx::session& db,
                                                          const ddl::schema_info& declared,
                                                          const ddl::schema_info& live) {
  std::map<std::string, std::string> out;
  struct done {};
  try {
    db.transaction([&](::drizzle::pqxx::session& tx) {
      std::string temp_schema;
      for (const auto& t : declared.tables) {
        const bool in_live = std::any_of(live.tables.begin(), live.tables.end(), [&](const auto& x) {
          return x.name == t.name &&
                 (x.schema.empty() ? "public" : x.schema) == (t.schema.empty() ? "public" : t.schema);
        });
        if (!in_live) continue;
        ddl::table_info copy = t;
        copy.schema = "";
        copy.foreign_keys.clear();
        for (auto& c : copy.columns) c.identity.reset();
        for (auto& ix : copy.indexes) ix.concurrently = false;
        try {
          tx.transaction([&](::drizzle::pqxx::session& sp) {
            sp.execute("DROP TABLE IF EXISTS pg_temp." + ddl::detail::quote_ident(t.name));
            auto create = ddl::create_table(copy);
            sp.execute("CREATE TEMP TABLE " + create.substr(std::string("CREATE TABLE ").size()));
            for (const auto& ix : copy.indexes)
              if (!ix.where.empty()) sp.execute(ddl::create_index(copy, ix));
            for (auto p : copy.policies) {  // to public: the expressions do not depend on the roles
              p.to = {"public"};
              sp.execute(ddl::create_policy(copy, p));
            }
            if (temp_schema.empty())
              temp_schema = *sp.query_text(
                                   "select nspname from pg_catalog.pg_namespace where oid = "
                                   "pg_catalog.pg_my_temp_schema()")
                                 .at(0)
                                 .at(0);
            introspect_options o;
            o.schemas = {temp_schema};
            o.tables = {t.name};
            auto read = introspect(sp, o);
            for (auto& r : read.tables) r.schema = t.schema;
            for_each_expression(read, [&](const std::string& key, const std::string& text) { out[key] = text; });
          });
        } catch (const std::exception&) {  // the server refused this table: its expressions stay as written
        }
      }
      throw done{};  // nothing of this stays
    });
  } catch (const done&) {
  }
  return out;
}
}  // namespace detail

/// `declared` with each check, partial index predicate, generated column and default that means what `live`'s
/// does (the server prints them the same) spelled as `live` spells it: push compares the two without
/// reporting `email::text ~~ '%@%'::text` against `email like '%@%'` as a change.
inline ddl::schema_info as_spelled_in(::drizzle::pqxx::session& db, ddl::schema_info declared,
                                      const ddl::schema_info& live) {
  const auto canonical = detail::server_spelling(db, declared, live);
  std::map<std::string, std::string> live_text;
  detail::for_each_expression(live, [&](const std::string& key, const std::string& text) { live_text[key] = text; });
  detail::for_each_expression(declared, [&](const std::string& key, std::string& text) {
    const auto c = canonical.find(key);
    const auto l = live_text.find(key);
    if (c != canonical.end() && l != live_text.end() && c->second == l->second) text = l->second;
  });
  return declared;
}

/// The converse, for pull: `live` with each expression that means what `written`'s does (a folder's snapshot)
/// spelled as `written` spells it, so generate on that folder finds no change.
inline ddl::schema_info with_spelling_of(::drizzle::pqxx::session& db, ddl::schema_info live,
                                         const ddl::schema_info& written) {
  const auto canonical = detail::server_spelling(db, written, live);
  std::map<std::string, std::string> written_text;
  detail::for_each_expression(written,
                              [&](const std::string& key, const std::string& text) { written_text[key] = text; });
  detail::for_each_expression(live, [&](const std::string& key, std::string& text) {
    const auto c = canonical.find(key);
    const auto w = written_text.find(key);
    if (c != canonical.end() && w != written_text.end() && c->second == text) text = w->second;
  });
  return live;
}

}  // namespace drizzle::kit
