#pragma once
/// drizzle-kit's snapshot (meta/NNNN_snapshot.json, format version 7) from a schema description and back, so
/// a folder started by drizzle-kit continues with drizzle-cpp and the other way round. The JSON is built with
/// keys in drizzle-kit's order (nlohmann::ordered_json), so a written snapshot differs from drizzle-kit's own
/// only in its ids.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>

#include "../ddl.hpp"

namespace drizzle::kit {

/// A snapshot that cannot be read (wrong version or dialect, a field of the wrong kind).
class snapshot_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The prevId of the first snapshot of a folder, as drizzle-kit writes it.
inline constexpr const char* empty_snapshot_id = "00000000-0000-0000-0000-000000000000";

/// A random version-4 UUID (the snapshot ids): 16 bytes from std::random_device, which reads /dev/urandom.
inline std::string random_uuid() {
  std::random_device device;
  std::array<unsigned char, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const auto word = device();
    for (std::size_t j = 0; j < 4; ++j) bytes[i + j] = static_cast<unsigned char>(word >> (8 * j));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[bytes[i] >> 4];
    out += hex[bytes[i] & 0x0f];
  }
  return out;
}

namespace detail {

using ordered = nlohmann::ordered_json;

inline std::string table_key(const ddl::table_info& t) {
  return (t.schema.empty() ? std::string("public") : t.schema) + "." + t.name;
}

/// drizzle-kit keeps boolean and numeric literal defaults as JSON values and everything else as SQL text.
inline ordered default_value(const std::string& sql) {
  if (sql == "true") return true;
  if (sql == "false") return false;
  if (!sql.empty() && sql.find_first_not_of("-0123456789.eE+") == std::string::npos) {
    try {
      const auto number = ordered::parse(sql);
      if (number.is_number() && number.dump() == sql) return number;
    } catch (const nlohmann::json::exception&) {
    }
  }
  return sql;
}

inline ordered column_json(const ddl::table_info& t, const ddl::column_info& c) {
  ordered j;
  j["name"] = c.name;
  j["type"] = c.type;
  if (c.type_is_enum) j["typeSchema"] = c.type_schema.empty() ? "public" : c.type_schema;
  j["primaryKey"] = c.primary_key;
  j["notNull"] = c.not_null;
  if (c.generated) j["generated"] = ordered{{"as", *c.generated}, {"type", "stored"}};
  if (c.identity) {
    const auto& id = *c.identity;
    j["identity"] = ordered{{"type", id.always ? "always" : "byDefault"},
                            {"name", id.sequence_name},
                            {"schema", t.schema.empty() ? "public" : t.schema},
                            {"increment", std::to_string(id.increment)},
                            {"startWith", std::to_string(id.start_with)},
                            {"minValue", std::to_string(id.min_value)},
                            {"maxValue", std::to_string(id.max_value)},
                            {"cache", std::to_string(id.cache)},
                            {"cycle", id.cycle}};
  }
  if (c.default_sql) j["default"] = default_value(*c.default_sql);
  return j;
}

inline ordered index_json(const ddl::index_info& ix) {
  ordered columns = ordered::array();
  for (const auto& c : ix.columns) {
    // drizzle-kit's key order differs between the two kinds.
    if (c.is_expression) {
      columns.push_back({{"expression", c.expression}, {"asc", c.asc}, {"isExpression", true}, {"nulls", c.nulls}});
      continue;
    }
    ordered column = {{"expression", c.expression}, {"isExpression", false}, {"asc", c.asc}, {"nulls", c.nulls}};
    if (!c.opclass.empty()) column["opclass"] = c.opclass;
    columns.push_back(column);
  }
  ordered j;
  j["name"] = ix.name;
  j["columns"] = columns;
  j["isUnique"] = ix.unique;
  if (!ix.where.empty()) j["where"] = ix.where;
  j["concurrently"] = ix.concurrently;
  j["method"] = ix.method;
  j["with"] = ordered::object();
  return j;
}

inline ordered foreign_key_json(const ddl::foreign_key_info& fk) {
  ordered j;
  j["name"] = fk.name;
  j["tableFrom"] = fk.table_from;
  j["tableTo"] = fk.table_to;
  if (!fk.schema_to.empty() && fk.schema_to != "public") j["schemaTo"] = fk.schema_to;
  j["columnsFrom"] = fk.columns_from;
  j["columnsTo"] = fk.columns_to;
  j["onDelete"] = fk.on_delete;
  j["onUpdate"] = fk.on_update;
  return j;
}

inline ordered primary_key_json(const ddl::key_info& k) {
  return {{"name", k.name}, {"columns", k.columns}};
}
inline ordered unique_json(const ddl::key_info& k) {
  return {{"name", k.name}, {"nullsNotDistinct", k.nulls_not_distinct}, {"columns", k.columns}};
}
inline ordered check_json(const ddl::check_info& c) {
  return {{"name", c.name}, {"value", c.expression}};
}

/// A policy as drizzle-kit keeps it; `using` and `withCheck` only when set (JSON.stringify leaves undefined out).
inline ordered policy_json(const ddl::policy_info& p) {
  ordered j = {{"name", p.name}, {"as", p.as}, {"for", p.for_}, {"to", p.to}};
  if (p.using_) j["using"] = *p.using_;
  if (p.with_check) j["withCheck"] = *p.with_check;
  return j;
}
inline ordered role_json(const ddl::role_info& r) {
  return {{"name", r.name}, {"createDb", r.create_db}, {"createRole", r.create_role}, {"inherit", r.inherit}};
}

inline ordered table_json(const ddl::table_info& t) {
  ordered j;
  j["name"] = t.name;
  j["schema"] = t.schema == "public" ? "" : t.schema;
  auto& columns = j["columns"] = ordered::object();
  for (const auto& c : t.columns) columns[c.name] = column_json(t, c);
  auto& indexes = j["indexes"] = ordered::object();
  for (const auto& ix : t.indexes) indexes[ix.name] = index_json(ix);
  auto& fks = j["foreignKeys"] = ordered::object();
  for (const auto& fk : t.foreign_keys) fks[fk.name] = foreign_key_json(fk);
  auto& pks = j["compositePrimaryKeys"] = ordered::object();
  for (const auto& k : t.primary_keys) pks[k.name] = primary_key_json(k);
  auto& uniques = j["uniqueConstraints"] = ordered::object();
  for (const auto& k : t.uniques) uniques[k.name] = unique_json(k);
  auto& policies = j["policies"] = ordered::object();
  for (const auto& p : t.policies) policies[p.name] = policy_json(p);
  auto& checks = j["checkConstraints"] = ordered::object();
  for (const auto& c : t.checks) checks[c.name] = check_json(c);
  j["isRLSEnabled"] = t.rls_enabled;
  return j;
}

inline std::string sequence_key(const ddl::sequence_info& q) {
  return (q.schema.empty() ? std::string("public") : q.schema) + "." + q.name;
}
/// drizzle-kit keeps a sequence's numbers as strings (they may exceed a JavaScript number).
inline ordered sequence_json(const ddl::sequence_info& q) {
  return {{"name", q.name},
          {"schema", q.schema.empty() ? "public" : q.schema},
          {"increment", std::to_string(q.increment)},
          {"startWith", std::to_string(q.start_with)},
          {"minValue", std::to_string(q.min_value)},
          {"maxValue", std::to_string(q.max_value)},
          {"cache", std::to_string(q.cache)},
          {"cycle", q.cycle}};
}

/// A view as drizzle-kit's snapshot has it: keys left out where drizzle-kit's value is undefined.
inline ordered view_json(const ddl::view_info& v) {
  ordered j;
  ddl::table_info owner;
  owner.name = v.name;
  owner.schema = v.schema;
  auto& columns = j["columns"] = ordered::object();
  for (const auto& c : v.columns) columns[c.name] = column_json(owner, c);
  if (!v.existing) j["definition"] = v.definition.value_or("");
  j["name"] = v.name;
  j["schema"] = v.schema.empty() ? "public" : v.schema;
  j["isExisting"] = v.existing;
  if (v.with) {
    auto& with = j["with"] = ordered::object();
    for (const auto& o : *v.with) with[o.key] = o.is_text ? ordered(o.value) : ordered::parse(o.value);
  }
  if (v.with_no_data) j["withNoData"] = true;
  j["materialized"] = v.materialized;
  if (!v.tablespace.empty()) j["tablespace"] = v.tablespace;
  if (!v.using_.empty()) j["using"] = v.using_;
  return j;
}
inline std::string view_key(const ddl::view_info& v) {
  return (v.schema.empty() ? std::string("public") : v.schema) + "." + v.name;
}

/// Schemas other than public that the tables and enums live in, sorted.
inline std::vector<std::string> schema_names(const ddl::schema_info& s) {
  std::vector<std::string> out;
  auto add = [&](const std::string& name) {
    if (!name.empty() && name != "public" && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  for (const auto& t : s.tables) add(t.schema);
  for (const auto& e : s.enums) add(e.schema);
  for (const auto& q : s.sequences) add(q.schema);
  for (const auto& v : s.views) add(v.schema);
  std::sort(out.begin(), out.end());
  return out;
}

/// The snapshot with drizzle-kit's key order: tables by name, enums by "schema.name", as its files are.
inline ordered ordered_snapshot(const ddl::schema_info& s, const std::string& id, const std::string& prev_id) {
  ordered j;
  j["id"] = id;
  j["prevId"] = prev_id;
  j["version"] = "7";
  j["dialect"] = "postgresql";
  std::vector<const ddl::table_info*> tables;
  for (const auto& t : s.tables) tables.push_back(&t);
  // drizzle-kit orders tables by their bare name (a named schema's tables among public's), then by schema.
  std::sort(tables.begin(), tables.end(),
            [](auto* a, auto* b) { return std::tie(a->name, a->schema) < std::tie(b->name, b->schema); });
  auto& tables_json = j["tables"] = ordered::object();
  for (const auto* t : tables) tables_json[table_key(*t)] = table_json(*t);
  std::vector<const ddl::enum_info*> enums;
  for (const auto& e : s.enums) enums.push_back(&e);
  auto enum_key = [](const ddl::enum_info& e) { return (e.schema.empty() ? "public" : e.schema) + "." + e.name; };
  // By bare name, as drizzle-kit writes them (an enum of schema "inv" named "a" comes before public's "b").
  std::stable_sort(enums.begin(), enums.end(), [&](auto* a, auto* b) { return a->name < b->name; });
  auto& enums_json = j["enums"] = ordered::object();
  for (const auto* e : enums)
    enums_json[enum_key(*e)] = {
        {"name", e->name}, {"schema", e->schema.empty() ? "public" : e->schema}, {"values", e->values}};
  auto& schemas = j["schemas"] = ordered::object();
  for (const auto& name : schema_names(s)) schemas[name] = name;
  auto& sequences = j["sequences"] = ordered::object();
  for (const auto& q : s.sequences) sequences[sequence_key(q)] = sequence_json(q);
  auto& roles = j["roles"] = ordered::object();
  for (const auto& r : s.roles) roles[r.name] = role_json(r);
  j["policies"] = ordered::object();
  auto& views = j["views"] = ordered::object();
  for (const auto& v : s.views) views[view_key(v)] = view_json(v);
  j["_meta"] = {{"columns", ordered::object()}, {"schemas", ordered::object()}, {"tables", ordered::object()}};
  return j;
}

/// The object under `key`, or an empty one (a reference, so range-for over its items() stays valid).
inline const ordered& members(const ordered& j, const char* key) {
  static const ordered empty = ordered::object();
  const auto at = j.find(key);
  return at == j.end() ? empty : *at;
}

template <class J>
std::string text_of(const J& value) {
  if (value.is_string()) return value.template get<std::string>();
  return value.dump();  // booleans and numbers: their SQL spelling
}

/// A column of a table or view as the snapshot spells it: name, type (an enum's schema), keys, not null, default.
/// A table's generated and identity fields are read beside it.
inline ddl::column_info column_from_json(const ordered& c) {
  ddl::column_info col;
  col.name = c.at("name").get<std::string>();
  col.type = c.at("type").get<std::string>();
  if (c.contains("typeSchema")) {
    col.type_is_enum = true;
    col.type_schema = c.at("typeSchema").get<std::string>();
  }
  col.primary_key = c.value("primaryKey", false);
  col.not_null = c.value("notNull", false);
  if (c.contains("default")) col.default_sql = text_of(c.at("default"));
  return col;
}

}  // namespace detail

/// The snapshot drizzle-kit would write for this schema (compare as JSON: nlohmann::json sorts keys).
inline nlohmann::json to_snapshot(const ddl::schema_info& s, const std::string& id, const std::string& prev_id) {
  return nlohmann::json::parse(detail::ordered_snapshot(s, id, prev_id).dump());
}

/// The snapshot file's text exactly as drizzle-kit formats it: 2-space indentation, no trailing newline.
inline std::string snapshot_text(const ddl::schema_info& s, const std::string& id, const std::string& prev_id) {
  return detail::ordered_snapshot(s, id, prev_id).dump(2);
}

/// The schema description a snapshot holds (ours or drizzle-kit's). Columns, constraints and indexes keep the
/// snapshot's order, which is why this takes ordered_json (parse files with nlohmann::ordered_json::parse or use
/// read_snapshot); tables and enums are sorted as ddl::describe sorts them.
inline ddl::schema_info from_snapshot(const nlohmann::ordered_json& j) {
  try {
    if (j.value("dialect", "postgresql") != "postgresql")
      throw snapshot_error("drizzle-kit: snapshot dialect is " + j.value("dialect", "") + ", not postgresql");
    if (j.value("version", "7") != "7")
      throw snapshot_error("drizzle-kit: snapshot version " + j.value("version", "") +
                           " is not supported (only version 7; run drizzle-kit up first)");
    ddl::schema_info s;
    for (const auto& [key, e] : detail::members(j, "enums").items()) {
      ddl::enum_info info;
      info.name = e.at("name").get<std::string>();
      info.schema = e.value("schema", "public");
      info.values = e.at("values").get<std::vector<std::string>>();
      s.enums.push_back(std::move(info));
    }
    for (const auto& item : detail::members(j, "sequences").items()) {
      const auto& q = item.value();  // not a structured binding: clang 14 cannot capture one in the lambda below
      ddl::sequence_info info;
      info.name = q.at("name").get<std::string>();
      info.schema = q.value("schema", "public");
      auto number = [&](const char* field, long long fallback) {
        return q.contains(field) ? std::stoll(detail::text_of(q.at(field))) : fallback;
      };
      info.increment = number("increment", 1);
      info.min_value = number("minValue", info.increment < 0 ? std::numeric_limits<long long>::min() : 1);
      info.max_value = number("maxValue", info.increment < 0 ? -1 : std::numeric_limits<long long>::max());
      info.start_with = number("startWith", info.increment < 0 ? info.max_value : info.min_value);
      info.cache = number("cache", 1);
      info.cycle = q.value("cycle", false);
      s.sequences.push_back(std::move(info));
    }
    for (const auto& item : detail::members(j, "views").items()) {
      const auto& v = item.value();
      ddl::view_info info;
      info.name = v.at("name").get<std::string>();
      info.schema = v.value("schema", "public");
      for (const auto& [name, c] : detail::members(v, "columns").items()) {
        ddl::column_info col = detail::column_from_json(c);
        info.columns.push_back(std::move(col));
      }
      if (v.contains("definition")) info.definition = v.at("definition").get<std::string>();
      info.existing = v.value("isExisting", false);
      if (v.contains("with")) {
        info.with.emplace();
        for (const auto& [key, value] : v.at("with").items())
          info.with->push_back({key, detail::text_of(value), value.is_string()});
      }
      info.with_no_data = v.value("withNoData", false);
      info.materialized = v.value("materialized", false);
      info.tablespace = v.value("tablespace", "");
      info.using_ = v.value("using", "");
      s.views.push_back(std::move(info));
    }
    ddl::sort_views(s.views);
    for (const auto& [key, t] : detail::members(j, "tables").items()) {
      ddl::table_info info;
      info.name = t.at("name").get<std::string>();
      info.schema = t.value("schema", "");
      for (const auto& [name, c] : t.at("columns").items()) {
        ddl::column_info col = detail::column_from_json(c);
        if (c.contains("generated")) col.generated = c.at("generated").at("as").get<std::string>();
        if (c.contains("identity")) {
          const auto& id = c.at("identity");
          ddl::identity_info identity;
          identity.always = id.value("type", "always") == "always";
          identity.sequence_name = id.value("name", info.name + "_" + col.name + "_seq");
          auto number = [&](const char* field, long long fallback) {
            return id.contains(field) ? std::stoll(detail::text_of(id.at(field))) : fallback;
          };
          identity.increment = number("increment", 1);
          identity.min_value = number("minValue", 1);
          identity.max_value = number("maxValue", 0);
          identity.start_with = number("startWith", identity.min_value);
          identity.cache = number("cache", 1);
          identity.cycle = id.value("cycle", false);
          col.identity = identity;
        }
        info.columns.push_back(std::move(col));
      }
      for (const auto& [name, ix] : detail::members(t, "indexes").items()) {
        ddl::index_info index;
        index.name = ix.at("name").get<std::string>();
        index.unique = ix.value("isUnique", false);
        index.method = ix.value("method", "btree");
        index.where = ix.value("where", "");
        index.concurrently = ix.value("concurrently", false);
        for (const auto& c : ix.at("columns")) {
          ddl::index_column_info column;
          column.expression = c.at("expression").get<std::string>();
          column.asc = c.value("asc", true);
          column.nulls = c.value("nulls", "last");
          column.is_expression = c.value("isExpression", false);
          column.opclass = c.value("opclass", "");
          // The snapshot keeps only the resulting order; NULLS FIRST is the one drizzle-kit spells out (NULLS
          // LAST is its default, asc or desc), so that is the one that counts as explicit, as in ddl::describe.
          column.explicit_nulls = column.nulls == "first";
          index.columns.push_back(std::move(column));
        }
        info.indexes.push_back(std::move(index));
      }
      for (const auto& [name, fk] : detail::members(t, "foreignKeys").items()) {
        ddl::foreign_key_info f;
        f.name = fk.at("name").get<std::string>();
        f.table_from = fk.value("tableFrom", info.name);
        f.schema_from = info.schema;
        f.table_to = fk.at("tableTo").get<std::string>();
        f.schema_to = fk.value("schemaTo", "public");
        f.columns_from = fk.at("columnsFrom").get<std::vector<std::string>>();
        f.columns_to = fk.at("columnsTo").get<std::vector<std::string>>();
        f.on_delete = fk.value("onDelete", "no action");
        f.on_update = fk.value("onUpdate", "no action");
        info.foreign_keys.push_back(std::move(f));
      }
      for (const auto& [name, k] : detail::members(t, "compositePrimaryKeys").items())
        info.primary_keys.push_back({k.at("name").get<std::string>(), k.at("columns").get<std::vector<std::string>>()});
      for (const auto& [name, k] : detail::members(t, "uniqueConstraints").items())
        info.uniques.push_back({k.at("name").get<std::string>(), k.at("columns").get<std::vector<std::string>>(),
                                k.value("nullsNotDistinct", false)});
      for (const auto& [name, k] : detail::members(t, "checkConstraints").items())
        info.checks.push_back({k.at("name").get<std::string>(), k.at("value").get<std::string>()});
      for (const auto& [name, p] : detail::members(t, "policies").items()) {
        ddl::policy_info policy;
        policy.name = p.at("name").get<std::string>();
        policy.as = p.value("as", "PERMISSIVE");
        policy.for_ = p.value("for", "ALL");
        policy.to = p.value("to", std::vector<std::string>{"public"});
        if (p.contains("using")) policy.using_ = p.at("using").get<std::string>();
        if (p.contains("withCheck")) policy.with_check = p.at("withCheck").get<std::string>();
        info.policies.push_back(std::move(policy));
      }
      info.rls_enabled = t.value("isRLSEnabled", false);
      s.tables.push_back(std::move(info));
    }
    for (const auto& [key, r] : detail::members(j, "roles").items())
      s.roles.push_back({r.at("name").get<std::string>(), r.value("createDb", false), r.value("createRole", false),
                         r.value("inherit", true)});
    std::sort(s.roles.begin(), s.roles.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    std::sort(s.enums.begin(), s.enums.end(), [](const auto& a, const auto& b) {
      return std::tie(a.name, a.schema) < std::tie(b.name, b.schema);  // by name; one name in two schemas: by schema
    });
    std::stable_sort(s.sequences.begin(), s.sequences.end(),
                     [](const auto& a, const auto& b) { return a.name < b.name; });
    std::stable_sort(s.tables.begin(), s.tables.end(), [](const auto& a, const auto& b) {
      return std::tie(a.name, a.schema) < std::tie(b.name, b.schema);  // drizzle-kit: by bare name, across schemas
    });
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw snapshot_error(std::string("drizzle-kit: snapshot is malformed: ") + e.what());
  }
}

/// The same from a sorted nlohmann::json: every field survives, but columns, constraints and indexes come out in
/// name order because nlohmann::json does not keep the file's order.
inline ddl::schema_info from_snapshot(const nlohmann::json& j) {
  return from_snapshot(detail::ordered::parse(j.dump()));
}

/// Reads a snapshot file's text (meta/NNNN_snapshot.json) keeping its order.
inline ddl::schema_info read_snapshot(const std::string& text) {
  try {
    return from_snapshot(detail::ordered::parse(text));
  } catch (const nlohmann::json::parse_error& e) {
    throw snapshot_error(std::string("drizzle-kit: snapshot is not valid JSON: ") + e.what());
  }
}

}  // namespace drizzle::kit
