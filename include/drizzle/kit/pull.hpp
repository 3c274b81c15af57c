#pragma once
/// drizzle-kit pull for C++: writes a schema header, in the library's own schema syntax, from a schema
/// description (kit::introspect of a live database, or ddl::describe). Compiled, the header's
/// `drizzle::ddl::describe(<namespace>::schema)` gives back the description it was written from, so
/// `ddl::export_sql` of the pulled schema prints the database's DDL as drizzle-kit would.
#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "../ddl.hpp"

namespace drizzle::kit {

struct pull_options {
  /// The namespace the header declares everything in (may be nested: "app::db").
  std::string namespace_name = "db";
};

namespace detail {

inline bool is_cpp_reserved_word(std::string_view word) {
  // C++20 keywords, alternative tokens, and object-like macros a TU commonly has (gnu++20 defines linux, unix).
  static const std::set<std::string_view> words = {
      "alignas",     "alignof",   "and",        "and_eq",    "asm",      "auto",         "bitand",
      "bitor",       "bool",      "break",      "case",      "catch",    "char",         "char8_t",
      "char16_t",    "char32_t",  "class",      "compl",     "concept",  "const",        "consteval",
      "constexpr",   "constinit", "const_cast", "continue",  "co_await", "co_return",    "co_yield",
      "decltype",    "default",   "delete",     "do",        "double",   "dynamic_cast", "else",
      "enum",        "explicit",  "export",     "extern",    "false",    "float",        "for",
      "friend",      "goto",      "if",         "inline",    "int",      "long",         "mutable",
      "namespace",   "new",       "noexcept",   "not",       "not_eq",   "nullptr",      "operator",
      "or",          "or_eq",     "private",    "protected", "public",   "register",     "reinterpret_cast",
      "requires",    "return",    "short",      "signed",    "sizeof",   "static",       "static_assert",
      "static_cast", "struct",    "switch",     "template",  "this",     "thread_local", "throw",
      "true",        "try",       "typedef",    "typeid",    "typename", "union",        "unsigned",
      "using",       "virtual",   "void",       "volatile",  "wchar_t",  "while",        "xor",
      "xor_eq",      "import",    "module",     "final",     "override", "linux",        "unix",
      "i386",        "NULL",      "EOF",        "errno",     "stdin",    "stdout",       "stderr"};
  return words.count(word) > 0;
}

/// A C++ identifier for an SQL name: other characters become `_`, a leading digit gets `n`, keywords get a
/// trailing `_`, and reserved spellings (`__`, `_X`) are avoided.
inline std::string cpp_identifier(std::string_view sql_name) {
  std::string out;
  for (char c : sql_name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    const char next = ok ? c : '_';
    if (next == '_' && !out.empty() && out.back() == '_') continue;
    out += next;
  }
  if (out.empty() || out == "_") out = "unnamed";
  if (out[0] >= '0' && out[0] <= '9') out = "n" + out;
  if (out[0] == '_' && out.size() > 1 && out[1] >= 'A' && out[1] <= 'Z') out = "x" + out;
  if (is_cpp_reserved_word(out)) out += "_";
  return out;
}

/// Identifiers already taken in one scope; take() returns `base`, or `base_2`, `base_3`, ... when it is.
class name_pool {
 public:
  explicit name_pool(std::set<std::string> reserved = {}) : used_(std::move(reserved)) {}
  std::string take(const std::string& base) {
    std::string name = base;
    for (int n = 2; !free(name); ++n) name = with_word(base, std::to_string(n));
    used_.insert(name);
    return name;
  }
  /// Takes `base` and `base_<word>` together (a table's object and its struct, an enum and its descriptor).
  std::string take_pair(const std::string& base, std::string_view word) {
    std::string name = base;
    for (int n = 2; !free(name) || !free(with_word(name, word)); ++n) name = with_word(base, std::to_string(n));
    used_.insert(name);
    used_.insert(with_word(name, word));
    return name;
  }
  /// `order_` + `t` -> `order_t`, `users` + `t` -> `users_t`: never a reserved `__`.
  static std::string with_word(const std::string& name, std::string_view word) {
    return name + (name.ends_with('_') ? "" : "_") + std::string(word);
  }

 private:
  [[nodiscard]] bool free(const std::string& name) const { return !used_.count(name); }
  std::set<std::string> used_;
};

/// The one escaping of SQL text written into the header: `text` as the body of a C++ string literal, or (with
/// `quotes` false) as text that stays on one `//` comment line. `\\` is escaped (a trailing one would continue a
/// comment onto the next line), control characters become three octal digits (an escape that cannot swallow what
/// follows: a newline never reaches the header), the second `?` of `??` is escaped (no trigraph under any -std),
/// and `"` is escaped inside literals. UTF-8 is copied as it is.
inline std::string cpp_escaped(std::string_view text, bool quotes = true) {
  static constexpr char digits[] = "01234567";
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if ((c == '"' && quotes) || c == '\\' || (c == '?' && i > 0 && text[i - 1] == '?')) {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += '\\';
      out += digits[(u >> 6) & 7];
      out += digits[(u >> 3) & 7];
      out += digits[u & 7];
    } else {
      out += c;
    }
  }
  return out;
}

/// A C++ string literal holding `text` exactly.
inline std::string cpp_string_literal(std::string_view text) {
  return "\"" + cpp_escaped(text) + "\"";
}

/// `text` (names of the database in a note) kept on one `//` comment line.
inline std::string cpp_comment(std::string_view text) {
  return cpp_escaped(text, false);
}

/// `inner` when `text` is `prefix` + digits/", " + `suffix`.
inline std::optional<std::string> between(std::string_view text, std::string_view prefix, std::string_view suffix) {
  if (text.size() <= prefix.size() + suffix.size() || !text.starts_with(prefix) || !text.ends_with(suffix))
    return std::nullopt;
  const std::string inner(text.substr(prefix.size(), text.size() - prefix.size() - suffix.size()));
  if (inner.find_first_not_of("0123456789, ") != std::string::npos || inner[0] == ',') return std::nullopt;
  return inner;
}

/// How one SQL type is spelled in the header, and which C++ value it holds (foreign keys need equal ones).
struct cpp_column_type {
  std::string expression;  ///< pg::varchar<255>, pg::array<pg::integer>, pg::enum_of<user_role_enum>
  std::string value;       ///< int32, string, enum:user_role, ...
};

inline std::optional<cpp_column_type> builtin_type(std::string_view ddl) {
  static const std::map<std::string_view, std::pair<std::string_view, std::string_view>> simple = {
      {"smallint", {"pg::smallint", "int16"}},
      {"integer", {"pg::integer", "int32"}},
      {"bigint", {"pg::bigint", "int64"}},
      {"smallserial", {"pg::smallserial", "int16"}},
      {"serial", {"pg::serial", "int32"}},
      {"bigserial", {"pg::bigserial", "int64"}},
      {"real", {"pg::real", "float"}},
      {"double precision", {"pg::double_precision", "double"}},
      {"boolean", {"pg::boolean", "bool"}},
      {"text", {"pg::text", "string"}},
      {"uuid", {"pg::uuid", "uuid"}},
      {"json", {"pg::json", "json"}},
      {"jsonb", {"pg::jsonb<>", "json"}},
      {"bytea", {"pg::bytea", "bytes"}},
      {"date", {"pg::date", "date"}},
      {"time", {"pg::time_of_day", "time"}},
      {"interval", {"pg::interval", "interval"}},
      {"inet", {"pg::inet", "string"}},
      {"cidr", {"pg::cidr", "string"}},
      {"macaddr", {"pg::macaddr", "string"}},
      {"numeric", {"pg::numeric_any", "decimal"}},
      {"timestamp", {"pg::timestamp", "timestamp"}},
      {"timestamp with time zone", {"pg::timestamp_tz", "timestamp"}},
  };
  if (auto it = simple.find(ddl); it != simple.end())
    return cpp_column_type{std::string(it->second.first), std::string(it->second.second)};
  auto positive = [](const std::string& n) {
    return !n.empty() && n.size() < 5 && n.find_first_not_of("0123456789") == std::string::npos && std::stoi(n) > 0;
  };
  if (auto n = between(ddl, "varchar(", ")"); n && positive(*n))
    return cpp_column_type{"pg::varchar<" + *n + ">", "string"};
  if (auto n = between(ddl, "char(", ")"); n && positive(*n)) return cpp_column_type{"pg::char_<" + *n + ">", "string"};
  if (auto ps = between(ddl, "numeric(", ")"); ps && ps->find(", ") != std::string::npos) {
    const auto comma = ps->find(", ");
    const std::string p = ps->substr(0, comma), s = ps->substr(comma + 2);
    if (positive(p) && !s.empty() && s.find_first_not_of("0123456789") == std::string::npos &&
        std::stoi(s) <= std::stoi(p) && std::stoi(p) <= 1000)
      return cpp_column_type{"pg::numeric<" + p + ", " + s + ">", "decimal"};
  }
  auto precision = [](const std::optional<std::string>& p) { return p && p->size() == 1 && (*p)[0] <= '6'; };
  if (auto p = between(ddl, "timestamp (", ")"); precision(p))
    return cpp_column_type{"pg::timestamp_p<" + *p + ">", "timestamp"};
  if (auto p = between(ddl, "timestamp (", ") with time zone"); precision(p))
    return cpp_column_type{"pg::timestamp_tz_p<" + *p + ">", "timestamp"};
  return std::nullopt;
}

inline std::string fk_action_constant(const std::string& action) {
  if (action == "restrict") return "restrict";
  if (action == "cascade") return "cascade";
  if (action == "set null") return "set_null";
  if (action == "set default") return "set_default";
  return "no_action";
}

inline std::string long_long_literal(long long v) {
  if (v == (-9223372036854775807LL - 1)) return "-9223372036854775807LL - 1";
  return std::to_string(v) + (v > 2147483647LL || v < -2147483647LL ? "LL" : "");
}

inline long long integer_type_max(std::string_view type) {
  if (type == "smallint") return 32767LL;
  if (type == "integer") return 2147483647LL;
  return 9223372036854775807LL;
}

/// The text of a quoted SQL literal `'it''s'` -> `it's`, when `text` is exactly one.
inline std::optional<std::string> unquote_literal(std::string_view text) {
  if (text.size() < 2 || text.front() != '\'' || text.back() != '\'') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\'') {
      if (text[i + 1] != '\'' || i + 2 >= text.size()) return std::nullopt;
      ++i;
    }
    out += text[i];
  }
  return out;
}

/// Writes the header; one instance per call.
class header_writer {
 public:
  header_writer(const ddl::schema_info& s, const pull_options& o) : s_(s), o_(o) {}

  /// Whether a column is json or jsonb (or an array of them).
  bool uses_json() const {
    for (const auto& t : s_.tables)
      for (const auto& c : t.columns)
        if (!c.type_is_enum && c.type.rfind("json", 0) == 0) return true;
    return false;
  }

  std::string write() {
    plan_names();
    plan_order();
    std::string out =
        "#pragma once\n"
        "/// Written by drizzle::kit::cpp_schema_header (drizzle-cpp's pull) from the database's catalogs.\n"
        "#include <drizzle/ddl.hpp>\n#include <drizzle/drizzle.hpp>\n#include <string>\n#include "
        "<string_view>\n#include <tuple>\n";
    // json/jsonb values need nlohmann's full header, which the core headers leave out (see <drizzle/json.hpp>).
    if (uses_json()) out += "#include <drizzle/json.hpp>\n";
    out += "\n";
    if (!custom_types_.empty()) {
      out += "namespace " + o_.namespace_name + " {\n";
      for (const auto& [sql, name] : custom_types_)
        out += "/// " + cpp_comment(sql) +
               ": a type drizzle-cpp has no descriptor for, read and written as PostgreSQL's text.\n" + "struct " +
               name + " {\n  std::string text;\n};\n";
      out += "}  // namespace " + o_.namespace_name + "\n\n";
      for (const auto& [sql, name] : custom_types_) {
        const std::string full = "::" + o_.namespace_name + "::" + name;
        out += "template <>\nstruct drizzle::codec<" + full +
               "> {\n  static constexpr std::string_view sql_name = " + cpp_string_literal(sql) +
               ";\n  static void encode(const " + full + "& v, std::string& out) { out += v.text; }\n  static " + full +
               " decode(std::string_view text) { return {std::string(text)}; }\n};\n\n";
      }
    }
    out += "namespace " + o_.namespace_name + " {\nnamespace pg = drizzle::pg;\n\n";
    for (const auto& e : s_.enums) out += enum_declaration(e);
    std::string out_of_line, objects;
    for (std::size_t i = 0; i < s_.sequences.size(); ++i) out += sequence_declaration(i);
    for (std::size_t i = 0; i < s_.roles.size(); ++i) out += role_declaration(s_.roles[i], roles_[i]);
    for (std::size_t i : declaration_order_) out += table_declaration(i, out_of_line);
    if (!out_of_line.empty()) out += "// Table-level items that name tables declared after their own.\n" + out_of_line;
    for (std::size_t i = 0; i < s_.views.size(); ++i) out += view_declaration(i);
    out += "inline constexpr auto " + schema_name_ + " = drizzle::schema(";
    bool first = true;
    for (std::size_t i = 0; i < s_.tables.size(); ++i) {
      if (s_.tables[i].columns.empty()) continue;
      out += (first ? "" : ", ") + tables_[i].object;
      first = false;
    }
    for (const auto& name : sequences_) {
      out += (first ? "" : ", ") + name;
      first = false;
    }
    for (std::size_t i = 0; i < s_.views.size(); ++i) {
      if (s_.views[i].columns.empty()) continue;
      out += (first ? "" : ", ") + views_[i].object;
      first = false;
    }
    for (const auto& name : roles_) {
      out += (first ? "" : ", ") + name;
      first = false;
    }
    return out + ");\n\n}  // namespace " + o_.namespace_name + "\n";
  }

 private:
  struct table_names {
    std::string object, type;
    std::map<std::string, std::string> members;  // SQL column name -> member
  };
  struct enum_names {
    std::string type, descriptor;
    std::map<std::string, std::string> enumerators;  // label -> enumerator
  };

  void plan_names() {
    name_pool scope({"pg", "drizzle", "std", "schema"});
    schema_name_ = "schema";
    for (const auto& e : s_.enums) {
      if (e.values.empty()) continue;  // pg_enum needs a label: its columns become custom types
      enum_names n;
      n.type = scope.take_pair(cpp_identifier(e.name), "enum");
      n.descriptor = name_pool::with_word(n.type, "enum");
      name_pool labels;
      for (const auto& v : e.values) n.enumerators[v] = labels.take(cpp_identifier(v));
      enums_[enum_key(e.schema, e.name)] = n;
    }
    for (const auto& t : s_.tables)
      for (const auto& c : t.columns)
        if (!column_type(c)) {
          const std::string sql = c.type;
          if (!custom_types_.count(sql))
            custom_types_[sql] = scope.take(name_pool::with_word(cpp_identifier(sql), "value"));
        }
    for (const auto& t : s_.tables) {
      table_names n;
      n.object = scope.take_pair(cpp_identifier(t.name), "t");
      n.type = name_pool::with_word(n.object, "t");
      tables_.push_back(n);
    }
    for (const auto& v : s_.views)
      for (const auto& c : v.columns)
        if (!column_type(c) && !custom_types_.count(c.type))
          custom_types_[c.type] = scope.take(name_pool::with_word(cpp_identifier(c.type), "value"));
    for (const auto& v : s_.views) {
      table_names n;
      n.object = scope.take_pair(cpp_identifier(v.name), "t");
      n.type = name_pool::with_word(n.object, "t");
      name_pool members({"column", "table_name", "schema_name", "table_base", "base_table", "write_name",
                         "write_qualifier", "write_from", "view_base", "is_materialized", "as", "as_sql", "options",
                         "existing", "pg", "drizzle", "std", n.type});
      for (const auto& c : v.columns) n.members[c.name] = members.take(cpp_identifier(c.name));
      views_.push_back(n);
    }
    for (const auto& q : s_.sequences) sequences_.push_back(scope.take(cpp_identifier(q.name)));
    for (const auto& r : s_.roles) roles_.push_back(scope.take(name_pool::with_word(cpp_identifier(r.name), "role")));
    // Members: never the table base's own names, nor a namespace name the struct uses (it would change meaning).
    for (std::size_t i = 0; i < s_.tables.size(); ++i) {
      std::set<std::string> reserved = {"column",     "config",     "table_name",      "schema_name", "table_base",
                                        "base_table", "write_name", "write_qualifier", "write_from",  "pg",
                                        "drizzle",    "std",        tables_[i].type};
      for (const auto& used : names_used_by(i)) reserved.insert(used);
      name_pool members(reserved);
      for (const auto& c : s_.tables[i].columns) tables_[i].members[c.name] = members.take(cpp_identifier(c.name));
    }
  }

  /// Referenced tables before the tables referencing them (so references<&other_t::col> compiles), else the
  /// description's order; a cycle is broken where it closes, and its foreign keys go to config() out of line.
  void plan_order() {
    std::vector<int> state(s_.tables.size(), 0);  // 0 new, 1 being visited, 2 declared
    auto visit = [&](auto&& self, std::size_t i) -> void {
      if (state[i]) return;
      state[i] = 1;
      for (const auto& fk : s_.tables[i].foreign_keys)
        if (auto target = table_index(fk.schema_to, fk.table_to); target && *target != i) self(self, *target);
      state[i] = 2;
      rank_[i] = declaration_order_.size();
      declaration_order_.push_back(i);
    };
    rank_.assign(s_.tables.size(), 0);
    for (std::size_t i = 0; i < s_.tables.size(); ++i) visit(visit, i);
  }
  [[nodiscard]] bool declared_before(std::size_t a, std::size_t b) const { return rank_[a] < rank_[b]; }

  /// Namespace-scope names a table's struct mentions: enums, custom types, referenced tables.
  std::set<std::string> names_used_by(std::size_t i) {
    std::set<std::string> used;
    for (const auto& c : s_.tables[i].columns) {
      const auto base = c.type.substr(0, c.type.find('['));
      if (c.type_is_enum && enums_.count(enum_key(c.type_schema, base))) {
        used.insert(enums_[enum_key(c.type_schema, base)].type);
        used.insert(enums_[enum_key(c.type_schema, base)].descriptor);
      }
      if (custom_types_.count(c.type)) used.insert(custom_types_[c.type]);
    }
    for (const auto& fk : s_.tables[i].foreign_keys)
      if (auto target = table_index(fk.schema_to, fk.table_to)) {
        used.insert(tables_[*target].object);
        used.insert(tables_[*target].type);
      }
    return used;
  }

  std::optional<std::size_t> table_index(const std::string& schema, const std::string& name) const {
    const std::string wanted = schema == "public" ? "" : schema;
    for (std::size_t i = 0; i < s_.tables.size(); ++i)
      if (s_.tables[i].name == name && (s_.tables[i].schema == "public" ? "" : s_.tables[i].schema) == wanted) return i;
    return std::nullopt;
  }
  const ddl::column_info* find_column(std::size_t table, const std::string& name) const {
    for (const auto& c : s_.tables[table].columns)
      if (c.name == name) return &c;
    return nullptr;
  }

  /// The descriptor of a column's type, or std::nullopt when the header needs a custom type for it.
  std::optional<cpp_column_type> column_type(const ddl::column_info& c) const {
    std::string base = c.type;
    int dimensions = 0;
    while (base.size() > 2 && base.ends_with("[]")) {
      base.resize(base.size() - 2);
      ++dimensions;
    }
    if (dimensions > 1) return std::nullopt;
    std::optional<cpp_column_type> element;
    if (c.type_is_enum) {
      if (auto it = enums_.find(enum_key(c.type_schema, base)); it != enums_.end())
        element = cpp_column_type{"pg::enum_of<" + it->second.descriptor + ">", "enum:" + it->first};
    } else {
      element = builtin_type(base);
    }
    if (!element || dimensions == 0) return element;
    if (base.ends_with("serial")) return std::nullopt;  // PostgreSQL has no serial[]
    return cpp_column_type{"pg::array<" + element->expression + ">", "array:" + element->value};
  }
  cpp_column_type column_type_or_custom(const ddl::column_info& c) const {
    if (auto t = column_type(c)) return *t;
    return {"pg::custom<" + custom_types_.at(c.type) + ">", "custom:" + c.type};
  }

  std::string enum_declaration(const ddl::enum_info& e) {
    auto it = enums_.find(enum_key(e.schema, e.name));
    if (it == enums_.end())
      return "// enum \"" + cpp_comment(e.name) + "\" has no labels: its columns are custom types\n\n";
    std::string out = "enum class " + it->second.type + " {";
    for (std::size_t i = 0; i < e.values.size(); ++i) out += (i ? ", " : " ") + it->second.enumerators.at(e.values[i]);
    out += " };\ninline constexpr auto " + it->second.descriptor + " = ";
    if (e.schema.empty() || e.schema == "public")
      out += "drizzle::pg_enum<";
    else
      out += "drizzle::pg_schema_enum<" + cpp_string_literal(e.schema) + ", ";
    out += it->second.type + ", " + cpp_string_literal(e.name);
    for (const auto& v : e.values) out += ", " + cpp_string_literal(v);
    return out + ">{};\n\n";
  }

  /// pg_sequence with the options that differ from what PostgreSQL (and pg_sequence) would pick.
  std::string sequence_declaration(std::size_t i) {
    const auto& q = s_.sequences[i];
    ::drizzle::pg_sequence_options defaults{};
    defaults.increment = q.increment;
    std::vector<std::string> fields;
    if (q.increment != 1) fields.push_back(".increment = " + long_long_literal(q.increment));
    if (q.min_value != defaults.minimum()) fields.push_back(".min_value = " + long_long_literal(q.min_value));
    if (q.max_value != defaults.maximum()) fields.push_back(".max_value = " + long_long_literal(q.max_value));
    defaults.min_value = q.min_value;
    defaults.max_value = q.max_value;
    if (q.start_with != defaults.start()) fields.push_back(".start_with = " + long_long_literal(q.start_with));
    if (q.cache != 1) fields.push_back(".cache = " + long_long_literal(q.cache));
    if (q.cycle) fields.push_back(".cycle = true");
    const bool in_public = q.schema.empty() || q.schema == "public";
    std::string out =
        "inline constexpr auto " + sequences_[i] + " = drizzle::pg_sequence<" + cpp_string_literal(q.name);
    if (!fields.empty() || !in_public)
      out += ", drizzle::pg_sequence_options{" + ddl::detail::join_names(fields, ", ") + "}";
    if (!in_public) out += ", " + cpp_string_literal(q.schema);
    return out + ">{};\n\n";
  }

  std::string default_modifier(const ddl::column_info& c, const cpp_column_type& type) {
    const std::string& text = *c.default_sql;
    if (text == "now()") return "pg::default_now";
    if (text == "gen_random_uuid()") return "pg::default_random";
    const std::string& v = type.value;
    if (v == "bool" && (text == "true" || text == "false")) return "pg::default_<" + text + ">";
    if (v == "int16" || v == "int32" || v == "int64") {
      try {
        std::size_t used = 0;
        const long long n = std::stoll(text, &used);
        if (used == text.size() && std::to_string(n) == text) return "pg::default_<" + long_long_literal(n) + ">";
      } catch (const std::exception&) {  // not a plain integer: written as SQL below
      }
    }
    if (v.rfind("enum:", 0) == 0)
      if (auto label = unquote_literal(text); label && enums_.at(v.substr(5)).enumerators.count(*label))
        return "pg::default_<" + enums_.at(v.substr(5)).type + "::" + enums_.at(v.substr(5)).enumerators.at(*label) +
               ">";
    if (v == "string" || v == "decimal" || v == "uuid" || v == "json") {
      std::string literal = text;
      const std::string cast = v == "json" ? "::" + c.type : "";
      if (!cast.empty() && literal.ends_with(cast)) literal.resize(literal.size() - cast.size());
      if (auto value = unquote_literal(literal); value && ddl::detail::quote_literal(*value) + cast == text)
        return "pg::default_<drizzle::fixed_string(" + cpp_string_literal(*value) + ")>";
    }
    return "pg::default_sql<" + cpp_string_literal(text) + ">";
  }

  std::string identity_modifier(const ddl::column_info& c) {
    const auto& id = *c.identity;
    std::vector<std::string> fields;
    if (id.increment != 1) fields.push_back(".increment = " + long_long_literal(id.increment));
    if (id.min_value != 1) fields.push_back(".min_value = " + long_long_literal(id.min_value));
    if (id.max_value != integer_type_max(c.type)) fields.push_back(".max_value = " + long_long_literal(id.max_value));
    if (id.start_with != 1) fields.push_back(".start_with = " + long_long_literal(id.start_with));
    if (id.cache != 1) fields.push_back(".cache = " + long_long_literal(id.cache));
    if (id.cycle) fields.push_back(".cycle = true");
    std::string out = id.always ? "pg::identity_always<" : "pg::identity_by_default<";
    if (!fields.empty()) out += "pg::sequence_options{" + ddl::detail::join_names(fields, ", ") + "}";
    return out + ">";
  }

  std::string actions(const ddl::foreign_key_info& fk, bool template_arguments) {
    if (template_arguments) {
      if (fk.on_delete == "no action" && fk.on_update == "no action") return "";
      std::string out = ", pg::on_delete::" + fk_action_constant(fk.on_delete);
      if (fk.on_update != "no action") out += ", pg::on_update::" + fk_action_constant(fk.on_update);
      return out;
    }
    std::string out;
    if (fk.on_delete != "no action") out += ".on_delete(pg::on_delete::" + fk_action_constant(fk.on_delete) + ")";
    if (fk.on_update != "no action") out += ".on_update(pg::on_update::" + fk_action_constant(fk.on_update) + ")";
    return out;
  }

  /// Why a foreign key cannot be written (target not in the schema, types differ), or "".
  std::string foreign_key_problem(std::size_t i, const ddl::foreign_key_info& fk) const {
    const auto target = table_index(fk.schema_to, fk.table_to);
    if (!target) return "its table \"" + fk.table_to + "\" is not in this schema";
    if (fk.columns_from.size() != fk.columns_to.size() || fk.columns_from.empty()) return "its column lists differ";
    for (std::size_t k = 0; k < fk.columns_from.size(); ++k) {
      const auto* from = find_column(i, fk.columns_from[k]);
      const auto* to = find_column(*target, fk.columns_to[k]);
      if (!from || !to) return "a column is missing";
      if (column_type_or_custom(*from).value != column_type_or_custom(*to).value)
        return "\"" + from->name + "\" and \"" + to->name + "\" hold different C++ types";
    }
    return "";
  }

  std::string table_declaration(std::size_t i, std::string& out_of_line) {
    const auto& t = s_.tables[i];
    const auto& names = tables_[i];
    if (t.columns.empty())
      return "// table \"" + cpp_comment(t.name) + "\" has no columns: drizzle-cpp needs at least one\n\n";
    auto member = [&](const std::string& column) {
      return names.members.count(column) ? names.members.at(column) : "";
    };
    auto position = [&](const std::string& column) {
      for (std::size_t k = 0; k < t.columns.size(); ++k)
        if (t.columns[k].name == column) return static_cast<long>(k);
      return -1L;
    };
    std::map<std::string, std::vector<std::string>> column_mods;
    std::vector<std::string> items, notes;
    bool uses_t = false, needs_later_tables = false;
    auto column_refs = [&](const std::vector<std::string>& columns) {
      std::vector<std::string> refs;
      for (const auto& c : columns) refs.push_back("t." + member(c));
      uses_t = true;
      return ddl::detail::join_names(refs, ", ");
    };

    // describe() lists column-level uniques and references first, in column order: the leading run that
    // can be written that way is, and the rest go to config() in their order.
    bool leading = true;
    long last = -1;
    for (const auto& u : t.uniques) {
      const long at = u.columns.size() == 1 ? position(u.columns[0]) : -1;
      leading = leading && at > last;
      if (leading) {
        last = at;
        const bool default_name = u.name == t.name + "_" + u.columns[0] + "_unique";
        column_mods[u.columns[0]].push_back(
            default_name
                ? (u.nulls_not_distinct ? "pg::unique_nulls_not_distinct" : "pg::unique")
                : "pg::unique_named<" + cpp_string_literal(u.name) + (u.nulls_not_distinct ? ", true" : "") + ">");
        continue;
      }
      const bool default_name = u.name == t.name + "_" + ddl::detail::join_names(u.columns, "_") + "_unique";
      items.push_back("pg::unique_constraint" + (default_name ? "" : "<" + cpp_string_literal(u.name) + ">") + "(" +
                      column_refs(u.columns) + ")" + (u.nulls_not_distinct ? ".nulls_not_distinct_()" : ""));
    }
    for (const auto& pk : t.primary_keys) {
      const bool default_name = pk.name == t.name + "_" + ddl::detail::join_names(pk.columns, "_") + "_pk";
      items.push_back("pg::composite_primary_key" + (default_name ? "" : "<" + cpp_string_literal(pk.name) + ">") +
                      "(" + column_refs(pk.columns) + ")");
    }
    leading = true;
    last = -1;
    for (const auto& fk : t.foreign_keys) {
      if (auto problem = foreign_key_problem(i, fk); !problem.empty()) {
        notes.push_back("foreign key \"" + fk.name + "\" is left out: " + problem);
        leading = false;
        continue;
      }
      const std::size_t target = *table_index(fk.schema_to, fk.table_to);
      const std::string default_name = t.name + "_" + ddl::detail::join_names(fk.columns_from, "_") + "_" +
                                       fk.table_to + "_" + ddl::detail::join_names(fk.columns_to, "_") + "_fk";
      const long at = fk.columns_from.size() == 1 ? position(fk.columns_from[0]) : -1;
      leading = leading && at > last && declared_before(target, i) && fk.name == default_name;
      if (leading) {
        last = at;
        column_mods[fk.columns_from[0]].push_back("pg::references<&" + tables_[target].type +
                                                  "::" + tables_[target].members.at(fk.columns_to[0]) +
                                                  actions(fk, true) + ">");
        continue;
      }
      std::vector<std::string> to;
      for (const auto& c : fk.columns_to)
        to.push_back((target == i ? "t" : tables_[target].object) + "." + tables_[target].members.at(c));
      needs_later_tables = needs_later_tables || (target != i && !declared_before(target, i));
      const std::string from_list = fk.columns_from.size() == 1 ? column_refs(fk.columns_from)
                                                                : "pg::columns(" + column_refs(fk.columns_from) + ")";
      const std::string to_list = to.size() == 1 ? to[0] : "pg::columns(" + ddl::detail::join_names(to, ", ") + ")";
      items.push_back("pg::foreign_key" + (fk.name == default_name ? "" : "<" + cpp_string_literal(fk.name) + ">") +
                      "(" + from_list + ", " + to_list + ")" + actions(fk, false));
    }
    for (const auto& ck : t.checks)
      items.push_back("pg::check<" + cpp_string_literal(ck.name) + ">(" + cpp_string_literal(ck.expression) + ")");
    for (const auto& ix : t.indexes) {
      std::vector<std::string> cols, plain;
      bool columns_only = !ix.columns.empty(), any_column = false, any_expression = false;
      for (const auto& c : ix.columns) {
        if (c.is_expression) {
          cols.push_back("pg::index_sql<" + cpp_string_literal(c.expression) + ">");
          any_expression = true;
          continue;
        }
        if (!names.members.count(c.expression)) {
          columns_only = false;
          break;
        }
        std::string col = "t." + names.members.at(c.expression);
        if (!c.asc || c.explicit_nulls || !c.opclass.empty())
          col = std::string(c.asc ? "pg::asc_index(" : "pg::desc_index(") + col + ")";
        if (c.explicit_nulls) col += c.nulls == "first" ? ".nulls_first()" : ".nulls_last()";
        if (!c.opclass.empty()) col += ".op(" + cpp_string_literal(c.opclass) + ")";
        cols.push_back(col);
        plain.push_back(c.expression);
        any_column = true;
      }
      if (!columns_only) {
        notes.push_back("index \"" + ix.name + "\" is left out: a column it names is not in the table");
        continue;
      }
      uses_t = uses_t || any_column;
      const bool default_name =
          !any_expression && ix.name == t.name + "_" + ddl::detail::join_names(plain, "_") + "_index";
      std::string item = std::string(ix.unique ? "pg::unique_index" : "pg::index") +
                         (default_name ? "" : "<" + cpp_string_literal(ix.name) + ">") + "(" +
                         ddl::detail::join_names(cols, ", ") + ")";
      if (ix.method != "btree") item += ".using_(" + cpp_string_literal(ix.method) + ")";
      if (!ix.where.empty()) item += ".where(" + cpp_string_literal(ix.where) + ")";
      if (ix.concurrently) item += ".concurrently()";
      items.push_back(item);
    }
    rls_items(t, items);

    std::string out;
    for (const auto& note : notes) out += "// " + cpp_comment(note) + "\n";
    out += "struct " + names.type + " : drizzle::table<" + names.type + ", " + cpp_string_literal(t.name) +
           (t.schema.empty() || t.schema == "public" ? "" : ", " + cpp_string_literal(t.schema)) + "> {\n";
    for (const auto& c : t.columns) {
      const auto type = column_type_or_custom(c);
      std::vector<std::string> mods;
      const bool serial = c.type.ends_with("serial");
      if (c.primary_key)
        mods.push_back("pg::primary_key");
      else if (c.not_null && !serial && !c.identity)
        mods.push_back("pg::not_null");
      for (const auto& m : column_mods[c.name]) mods.push_back(m);
      if (c.default_sql) mods.push_back(default_modifier(c, type));
      if (c.generated) mods.push_back("pg::generated_always_as<" + cpp_string_literal(*c.generated) + ">");
      if (c.identity) mods.push_back(identity_modifier(c));
      out += "  column<" + cpp_string_literal(c.name) + ", " + type.expression;
      for (const auto& m : mods) out += ", " + m;
      out += "> " + names.members.at(c.name) + ";\n";
    }
    if (!items.empty()) {
      const std::string parameter = std::string(uses_t ? "" : "[[maybe_unused]] ") + "const " + names.type + "& t";
      auto body = [&](const std::string& indent) {
        return "{\n" + indent + "  return std::tuple{" +
               ddl::detail::join_names(items, ",\n" + indent + "                    ") + "};\n" + indent + "}\n";
      };
      if (needs_later_tables) {
        out += "\n  static constexpr auto config(" + parameter + ");\n";
        out_of_line += "constexpr auto " + names.type + "::config(" + parameter + ") " + body("") + "\n";
      } else {
        out += "\n  static constexpr auto config(" + parameter + ") " + body("  ");
      }
    }
    return out + "};\ninline constexpr " + names.type + " " + names.object + "{};\n\n";
  }

  /// Policies (roles named as strings: a role object need not be declared) and enable_rls() for a table with RLS on
  /// and no policy (policies turn it on themselves).
  static void rls_items(const ddl::table_info& t, std::vector<std::string>& items) {
    for (const auto& p : t.policies) {
      std::string item = "pg::policy<" + cpp_string_literal(p.name) + ">()";
      if (p.as == "RESTRICTIVE") item += ".as(pg::policy_as::restrictive)";
      static const std::map<std::string, std::string> commands = {
          {"SELECT", "select"}, {"INSERT", "insert"}, {"UPDATE", "update"}, {"DELETE", "delete_"}};
      if (const auto c = commands.find(p.for_); c != commands.end()) item += ".for_(pg::policy_for::" + c->second + ")";
      if (p.to != std::vector<std::string>{"public"}) {
        std::vector<std::string> roles;
        for (const auto& r : p.to) roles.push_back(cpp_string_literal(r));
        item += ".to(" + ddl::detail::join_names(roles, ", ") + ")";
      }
      if (p.using_) item += ".using_(" + cpp_string_literal(*p.using_) + ")";
      if (p.with_check) item += ".with_check(" + cpp_string_literal(*p.with_check) + ")";
      items.push_back(item);
    }
    if (t.rls_enabled && t.policies.empty()) items.emplace_back("pg::enable_rls()");
  }

  std::string role_declaration(const ddl::role_info& r, const std::string& object) {
    std::vector<std::string> fields;
    if (r.create_db) fields.emplace_back(".create_db = true");
    if (r.create_role) fields.emplace_back(".create_role = true");
    if (!r.inherit) fields.emplace_back(".inherit = false");
    return "inline constexpr auto " + object + " = drizzle::pg_role<" + cpp_string_literal(r.name) +
           (fields.empty() ? "" : ", drizzle::pg_role_options{" + ddl::detail::join_names(fields, ", ") + "}") +
           ">{};\n\n";
  }

  /// A view as a struct over pg_view / pg_materialized_view: its columns, its definition as PostgreSQL prints it
  /// (as_sql), its options.
  std::string view_declaration(std::size_t i) {
    const auto& v = s_.views[i];
    const auto& names = views_[i];
    if (v.columns.empty())
      return "// view \"" + cpp_comment(v.name) + "\" has no columns: drizzle-cpp needs at least one\n\n";
    std::string out = "struct " + names.type +
                      " : drizzle::" + (v.materialized ? "pg_materialized_view<" : "pg_view<") + names.type + ", " +
                      cpp_string_literal(v.name) +
                      (v.schema.empty() || v.schema == "public" ? "" : ", " + cpp_string_literal(v.schema)) + "> {\n";
    for (const auto& c : v.columns) {
      const auto type = column_type_or_custom(c);
      out += "  column<" + cpp_string_literal(c.name) + ", " + type.expression + (c.not_null ? ", pg::not_null" : "") +
             "> " + names.members.at(c.name) + ";\n";
    }
    if (v.existing)
      out += "  static constexpr bool existing = true;\n";
    else
      out += "  static constexpr std::string_view as_sql = " + cpp_string_literal(v.definition.value_or("")) + ";\n";
    // Designated initializers in the options structs' member order.
    static constexpr std::string_view storage_keys[] = {"fillfactor",
                                                        "toastTupleTarget",
                                                        "parallelWorkers",
                                                        "autovacuumEnabled",
                                                        "vacuumIndexCleanup",
                                                        "vacuumTruncate",
                                                        "autovacuumVacuumThreshold",
                                                        "autovacuumVacuumScaleFactor",
                                                        "autovacuumVacuumCostDelay",
                                                        "autovacuumVacuumCostLimit",
                                                        "autovacuumFreezeMinAge",
                                                        "autovacuumFreezeMaxAge",
                                                        "autovacuumFreezeTableAge",
                                                        "autovacuumMultixactFreezeMinAge",
                                                        "autovacuumMultixactFreezeMaxAge",
                                                        "autovacuumMultixactFreezeTableAge",
                                                        "logAutovacuumMinDuration",
                                                        "userCatalogTable"};
    std::vector<std::string> fields, notes;
    if (v.with) {
      std::vector<std::pair<std::size_t, std::string>> known;
      for (const auto& o : *v.with) {
        const std::string member = ddl::detail::snake_case(o.key);
        const std::string value = o.is_text ? cpp_string_literal(o.value) : o.value;
        if (!v.materialized) {
          if (o.key == "checkOption" && (o.value == "local" || o.value == "cascaded"))
            known.push_back({0, ".check = drizzle::check_option::" + o.value});
          else if (o.key == "securityBarrier")
            known.push_back({1, ".security_barrier = " + value});
          else if (o.key == "securityInvoker")
            known.push_back({2, ".security_invoker = " + value});
          else
            notes.push_back("option " + member + " = " + o.value + " is left out");
          continue;
        }
        std::size_t at = 0;
        while (at < std::size(storage_keys) && storage_keys[at] != o.key) ++at;
        if (at == std::size(storage_keys))
          notes.push_back("option " + member + " = " + o.value + " is left out");
        else
          known.push_back({at, "." + member + " = " + value});
      }
      std::sort(known.begin(), known.end());
      for (const auto& k : known) fields.push_back(k.second);
    }
    if (v.materialized) {
      std::vector<std::string> all;
      if (!fields.empty()) all.push_back(".with = {" + ddl::detail::join_names(fields, ", ") + "}");
      if (!v.using_.empty() && v.using_ != "heap") all.push_back(".using_ = " + cpp_string_literal(v.using_));
      if (!v.tablespace.empty()) all.push_back(".tablespace = " + cpp_string_literal(v.tablespace));
      if (v.with_no_data) all.push_back(".with_no_data = true");
      fields = all;
    }
    if (!fields.empty())
      out += std::string("  static constexpr drizzle::") +
             (v.materialized ? "materialized_view_options" : "view_options") + " options{" +
             ddl::detail::join_names(fields, ", ") + "};\n";
    for (const auto& note : notes) out += "  // " + cpp_comment(note) + "\n";
    return out + "};\ninline constexpr " + names.type + " " + names.object + "{};\n\n";
  }

  const ddl::schema_info& s_;
  const pull_options& o_;
  std::string schema_name_;
  /// Enums of two schemas may share a name: they are told apart by schema (the key) and get two C++ names.
  static std::string enum_key(const std::string& schema, const std::string& name) {
    return (schema.empty() || schema == "public" ? std::string("public") : schema) + '\n' + name;
  }
  std::map<std::string, enum_names> enums_;          ///< by enum_key
  std::map<std::string, std::string> custom_types_;  // SQL type -> struct name
  std::vector<table_names> tables_;
  std::vector<std::string> sequences_;  ///< the C++ object of each sequence
  std::vector<std::string> roles_;      ///< the C++ object of each role
  std::vector<table_names> views_;      ///< the C++ object, type and members of each view
  std::vector<std::size_t> declaration_order_, rank_;
};

}  // namespace detail

/// A C++ header declaring the described schema in drizzle-cpp's syntax: an enum class and pg_enum per enum, a struct
/// per table (in the description's order; foreign keys to tables declared later, to the table itself and cycles
/// go to config()), and `inline constexpr auto schema = drizzle::schema(...)`. SQL names that are not C++ names get
/// safe member names; the SQL names are kept. Types drizzle-cpp has no descriptor for become custom<> types held as
/// PostgreSQL's text; what cannot be written (expression indexes, foreign keys to tables outside the description)
/// is left out with a comment saying so.
inline std::string cpp_schema_header(const ddl::schema_info& schema, const pull_options& options = {}) {
  return detail::header_writer(schema, options).write();
}

}  // namespace drizzle::kit
