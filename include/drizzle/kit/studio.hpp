#pragma once
/// `kit studio`: drizzle-kit studio for a C++ schema, a local web page over the user's tables. The table list with
/// row counts; a table's rows with pagination, sorting by a column and a filter by value; a cell edited, a row
/// inserted or deleted, each in a transaction. Bound to 127.0.0.1, one thread per browser connection, one database
/// connection shared under a lock. Nothing is loaded from the Internet: the page's CSS is served by the program and
/// the page needs no JavaScript.
///
/// The studio works on the schema's runtime description (ddl::schema_info), not on its C++ types, so it is compiled
/// once into the kit library (src/kit) rather than once per schema. Values travel as PostgreSQL's text: read with
/// `::text`, written as `$n::<the column's type>` parameters, so enums, arrays, json, bytea and timestamps round
/// trip exactly and a value the type does not take is refused by PostgreSQL with the type's own error.
///
/// Rows are edited and deleted by their primary key; a table without a one-column primary key is shown read-only.
/// In a cell or the insert form, an empty value of a nullable column is NULL; an empty value in the insert form
/// leaves a column with a default to its default (a C++ `$defaultFn` is not part of the runtime description: such a
/// NOT NULL column is required here).
#include <pthread.h>
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "../ddl.hpp"
#include "../pqxx.hpp"
#include "config.hpp"

namespace drizzle::kit::studio {

struct options {
  std::string database_url;
  unsigned short port = 4983;  ///< drizzle-kit studio's port; 0 picks a free one
  std::int64_t page_size = 25;
};

namespace detail {

inline std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else if (c == '\'')
      out += "&#39;";
    else
      out += c;
  }
  return out;
}

inline std::string url_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

/// application/x-www-form-urlencoded (a query string or a form body); nullopt on a malformed %-escape.
inline std::optional<std::map<std::string, std::string>> parse_form(std::string_view body) {
  auto decode = [](std::string_view in) -> std::optional<std::string> {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '+') {
        out += ' ';
      } else if (in[i] == '%') {
        unsigned v = 0;
        if (i + 2 >= in.size()) return std::nullopt;
        const auto r = std::from_chars(in.data() + i + 1, in.data() + i + 3, v, 16);
        if (r.ec != std::errc{} || r.ptr != in.data() + i + 3) return std::nullopt;
        out += static_cast<char>(v);
        i += 2;
      } else {
        out += in[i];
      }
    }
    return out;
  };
  std::map<std::string, std::string> fields;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto key = decode(pair.substr(0, eq));
    auto value = decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    fields[*key] = std::move(*value);
  }
  return fields;
}

inline constexpr std::string_view css = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2330;display:flex;min-height:100vh}
nav.tables{background:#1d2330;color:#cfd6e4;padding:1rem;min-width:13rem}nav.tables a{color:#cfd6e4;display:flex;
justify-content:space-between;gap:1rem;padding:.25rem .4rem;border-radius:4px;text-decoration:none}
nav.tables a.current{background:#3a4560;color:#fff}nav.tables h2{font-size:1rem;color:#fff}main{padding:1rem 1.5rem;
flex:1;overflow:auto}table.rows{border-collapse:collapse}table.rows th,table.rows td{border:1px solid #d6dbe4;
padding:0}table.rows th{background:#eef1f6;padding:.3rem .5rem;text-align:left;white-space:nowrap}table.rows th a{
color:#1d2330}td input{border:0;padding:.3rem .4rem;font:inherit;width:9rem;background:transparent}td form{display:inline}
td input:focus{background:#fffbe0;outline:2px solid #2d5be3}td.ro{padding:.3rem .5rem;color:#555}.null{color:#999;
font-style:italic}td a.fk{padding:0 .4rem;text-decoration:none}.bar{display:flex;gap:1rem;align-items:center;
margin:.6rem 0}.error{background:#fde8e8;color:#a31515;padding:.5rem;border-radius:5px}button{font:inherit;
padding:.2rem .6rem;cursor:pointer}button.del{color:#a31515;border:1px solid #a31515;background:#fff;margin:.15rem}
form.insert{margin-top:1rem;background:#f4f6fa;padding:.6rem;border-radius:6px}form.insert label{display:inline-block;
margin:.2rem .6rem .2rem 0}form.insert input{padding:.2rem}.muted{color:#6b7480})";

/// The key of a table in URLs: schema.name, or name for the public schema.
inline std::string table_key(const ddl::table_info& t) {
  return t.schema.empty() || t.schema == "public" ? t.name : t.schema + "." + t.name;
}

/// The table's name in SQL: "schema"."name" (the one quoting function, through ddl's).
inline std::string table_sql(const ddl::table_info& t) {
  return ddl::detail::qualified(t.schema, t.name);
}

/// The type a parameter is cast to: the column's type as DDL writes it (an enum schema-qualified, a serial as the
/// integer type it stands for), so PostgreSQL parses the text exactly as it parses the column's own input.
inline std::string cast_type(const ddl::column_info& c) {
  if (c.type_is_enum) {
    const auto bracket = c.type.find('[');
    return ddl::detail::quote_qualified(c.type_schema.empty() ? "public" : c.type_schema, c.type.substr(0, bracket)) +
           (bracket == std::string::npos ? "" : c.type.substr(bracket));
  }
  if (c.type == "serial") return "integer";
  if (c.type == "bigserial") return "bigint";
  if (c.type == "smallserial") return "smallint";
  return c.type;
}

/// `$n::<type>`: a value of the column, sent as text.
inline std::string param(std::size_t n, const ddl::column_info& c) {
  return "$" + std::to_string(n) + "::" + cast_type(c);
}

/// A column the studio may write: not generated, not GENERATED ALWAYS AS IDENTITY.
inline bool insertable(const ddl::column_info& c) {
  return !c.generated && !(c.identity && c.identity->always);
}

/// A column an insert must name: NOT NULL without a default of the database's (a C++ $defaultFn is not known here).
inline bool insert_required(const ddl::column_info& c) {
  return c.not_null && !c.default_sql && !c.identity && !c.generated && c.type.find("serial") == std::string::npos;
}

inline const ddl::column_info* column_named(const ddl::table_info& t, std::string_view name) {
  for (const auto& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}

/// The table's one-column primary key, if it has one (a table without one is shown read-only).
inline const ddl::column_info* primary_key(const ddl::table_info& t) {
  for (const auto& c : t.columns)
    if (c.primary_key) return &c;
  return nullptr;
}

struct request_data {
  std::string path;
  std::map<std::string, std::string> query, form;
};

/// One table's page and its writes, on the runtime description of the table: values travel as PostgreSQL's text
/// (read with ::text, written as $n::<type> parameters), so what the page shows is what the database prints and a
/// value typed in is parsed by the database as the column's type (its error names the type).
struct table_view {
  const ddl::table_info& info;
  std::int64_t page_size;

  /// The value links of this table's one-column foreign keys: column -> (table key, column).
  [[nodiscard]] std::map<std::string, std::pair<std::string, std::string>> links() const {
    std::map<std::string, std::pair<std::string, std::string>> out;
    for (const auto& fk : info.foreign_keys)
      if (fk.columns_from.size() == 1) {
        const auto to =
            fk.schema_to.empty() || fk.schema_to == "public" ? fk.table_to : fk.schema_to + "." + fk.table_to;
        out[fk.columns_from[0]] = {to, fk.columns_to[0]};
      }
    return out;
  }

  std::string page(pqxx::session& db, const request_data& r) {
    const auto get = [&](const char* k) {
      auto it = r.query.find(k);
      return it == r.query.end() ? std::string{} : it->second;
    };
    const std::string key = table_key(info), sort = get("sort"), dir = get("dir"), fcol = get("fcol"),
                      fval = get("fval");
    std::int64_t page_no = 1;
    if (const auto p = get("page"); !p.empty()) std::from_chars(p.data(), p.data() + p.size(), page_no);
    page_no = std::max<std::int64_t>(page_no, 1);

    // The filter: column = value, typed by the column; "NULL" (or an empty value) for a nullable column's NULLs.
    std::string where;
    std::vector<std::string> where_params;
    std::string filter_error;
    std::int64_t total = 0;
    if (!fcol.empty()) {
      if (const auto* c = column_named(info, fcol)) {
        if (!c->not_null && (fval.empty() || fval == "NULL")) {
          where = " where " + ddl::detail::quote_ident(c->name) + " is null";
        } else {
          where = " where " + ddl::detail::quote_ident(c->name) + " = " + param(1, *c);
          where_params.push_back(fval);
        }
      } else {
        filter_error = "no column " + fcol;
      }
    }
    const auto count_sql = "select count(*) from " + table_sql(info);
    if (!where.empty()) {
      // A value the column's type does not take (or a type without `=`) is the filter's error, not the page's.
      try {
        total = std::stoll(db.query_text(count_sql + where, where_params).at(0).at(0).value_or("0"));
      } catch (const std::exception& e) {
        filter_error = e.what();
      }
    }
    if (!filter_error.empty() || where.empty()) {
      where.clear();
      where_params.clear();
      total = std::stoll(db.query_text(count_sql).at(0).at(0).value_or("0"));
    }
    const auto pages = std::max<std::int64_t>(1, (total + page_size - 1) / page_size);
    page_no = std::min(page_no, pages);

    const auto* pk = primary_key(info);
    const bool has_pk = pk != nullptr;
    std::string select = "select ";
    std::size_t pk_index = 0;
    for (std::size_t i = 0; i < info.columns.size(); ++i) {
      select += (i ? ", " : "") + ddl::detail::quote_ident(info.columns[i].name) + "::text";
      if (&info.columns[i] == pk) pk_index = i;
    }
    select += " from " + table_sql(info) + where;
    if (const auto* s = sort.empty() ? nullptr : column_named(info, sort))
      select += " order by " + ddl::detail::quote_ident(s->name) + (dir == "desc" ? " desc" : " asc");
    else if (pk)
      select += " order by " + ddl::detail::quote_ident(pk->name) + " asc";
    auto params = where_params;
    select += " limit $" + std::to_string(params.size() + 1) + "::bigint offset $" + std::to_string(params.size() + 2) +
              "::bigint";
    params.push_back(std::to_string(page_size));
    params.push_back(std::to_string((page_no - 1) * page_size));

    std::string rows_html;
    const auto fk = links();
    for (const auto& row : db.query_text(select, params)) {
      const std::string pk_text = has_pk ? row[pk_index].value_or("") : "";
      rows_html += "<tr>";
      for (std::size_t i = 0; i < info.columns.size(); ++i) {
        const auto& c = info.columns[i];
        const auto& text = row[i];
        std::string link;
        if (auto it = fk.find(c.name); it != fk.end() && text)
          link = "<a class=\"fk\" title=\"open the referenced row\" href=\"/t/" + url_encode(it->second.first) +
                 "?fcol=" + url_encode(it->second.second) + "&amp;fval=" + url_encode(*text) + "\">&rarr;</a>";
        if (has_pk && insertable(c)) {
          rows_html += "<td><form method=\"post\" action=\"/t/" + url_encode(key) +
                       "/set\"><input type=\"hidden\" name=\"pk\" value=\"" + escape_html(pk_text) +
                       "\"><input type=\"hidden\" name=\"col\" value=\"" + escape_html(c.name) +
                       "\"><input name=\"value\" data-col=\"" + escape_html(c.name) + "\" value=\"" +
                       escape_html(text.value_or("")) + "\"" + (text ? "" : " placeholder=\"NULL\"") + "></form>" +
                       link + "</td>";
        } else {
          rows_html += "<td class=\"ro\" data-col=\"" + escape_html(c.name) + "\">" +
                       (text ? escape_html(*text) : "<span class=\"null\">NULL</span>") + link + "</td>";
        }
      }
      if (has_pk)
        rows_html += "<td><form method=\"post\" action=\"/t/" + url_encode(key) +
                     "/delete\"><input type=\"hidden\" name=\"pk\" value=\"" + escape_html(pk_text) +
                     "\"><button class=\"del\" type=\"submit\">delete</button></form></td>";
      rows_html += "</tr>";
    }

    // The page: header links sort, the filter form, the rows, pagination, the insert form.
    auto self = [&](std::int64_t p, const std::string& s, const std::string& d) {
      std::string q = "/t/" + url_encode(key) + "?page=" + std::to_string(p);
      if (!s.empty()) q += "&sort=" + url_encode(s) + "&dir=" + d;
      if (!fcol.empty()) q += "&fcol=" + url_encode(fcol) + "&fval=" + url_encode(fval);
      return escape_html(q);
    };
    std::string html = "<h1>" + escape_html(key) + "</h1>";
    if (auto it = r.query.find("error"); it != r.query.end())
      html += "<p class=\"error\" id=\"error\">" + escape_html(it->second) + "</p>";
    if (!filter_error.empty()) html += "<p class=\"error\" id=\"error\">filter: " + escape_html(filter_error) + "</p>";
    html += "<form class=\"bar\" method=\"get\" action=\"/t/" + url_encode(key) +
            "\"><label>filter <select name=\"fcol\" id=\"fcol\">";
    for (const auto& c : info.columns)
      html += "<option" + std::string(c.name == fcol ? " selected" : "") + ">" + escape_html(c.name) + "</option>";
    html += "</select></label> = <input name=\"fval\" id=\"fval\" value=\"" + escape_html(fval) +
            "\"><button type=\"submit\" id=\"apply\">apply</button><a href=\"/t/" + url_encode(key) +
            "\">clear</a><span class=\"muted\" id=\"total\">" + std::to_string(total) + " row(s)</span></form>";
    html += "<table class=\"rows\"><thead><tr>";
    for (const auto& c : info.columns) {
      const std::string& n = c.name;
      const bool asc_now = sort == n && dir != "desc";
      html += "<th><a id=\"sort-" + escape_html(n) + "\" href=\"" + self(1, n, asc_now ? "desc" : "asc") + "\">" +
              escape_html(n) + (sort == n ? (asc_now ? " &#9650;" : " &#9660;") : "") + "</a><div class=\"muted\">" +
              escape_html(c.type) + "</div></th>";
    }
    html += std::string(has_pk ? "<th></th>" : "") + "</tr></thead><tbody>" + rows_html + "</tbody></table>";
    html += "<div class=\"bar\">";
    if (page_no > 1) html += "<a rel=\"prev\" href=\"" + self(page_no - 1, sort, dir) + "\">previous</a>";
    html += "<span id=\"page\">page " + std::to_string(page_no) + " of " + std::to_string(pages) + "</span>";
    if (page_no < pages) html += "<a rel=\"next\" href=\"" + self(page_no + 1, sort, dir) + "\">next</a>";
    html += "</div>";
    if (has_pk) {
      html += "<form class=\"insert\" method=\"post\" action=\"/t/" + url_encode(key) + "/insert\"><b>new row</b> ";
      for (const auto& c : info.columns)
        if (insertable(c))
          html += "<label>" + escape_html(c.name) + " <input name=\"" + escape_html(c.name) + "\" id=\"new-" +
                  escape_html(c.name) + "\"" + (insert_required(c) ? " required" : " placeholder=\"default\"") +
                  "></label>";
      html += "<button type=\"submit\" id=\"insert\">insert</button></form>";
    }
    return html;
  }

  /// The row's primary key, or std::invalid_argument for a table without a one-column one.
  [[nodiscard]] const ddl::column_info& key_column() const {
    const auto* pk = primary_key(info);
    if (!pk) throw std::invalid_argument("drizzle studio: " + table_key(info) + " has no one-column primary key");
    return *pk;
  }

  /// A cell: update <table> set <col> = $1::<type> where <pk> = $2::<type>, in a transaction that fails unless one
  /// row changed. An empty value of a nullable column is NULL.
  void set(pqxx::database& db, const std::map<std::string, std::string>& form) {
    const auto& col = form.at("col");
    const auto& value = form.at("value");
    const auto& pk = key_column();
    const auto* c = column_named(info, col);
    if (!c) throw std::invalid_argument("drizzle studio: no column " + col);
    if (!insertable(*c)) throw std::invalid_argument("drizzle studio: column " + col + " is generated");
    const bool null = !c->not_null && value.empty();
    const std::string sql = "update " + table_sql(info) + " set " + ddl::detail::quote_ident(c->name) + " = " +
                            (null ? std::string("null") : param(2, *c)) + " where " +
                            ddl::detail::quote_ident(pk.name) + " = " + param(1, pk) + " returning 1";
    std::vector<std::string> params{form.at("pk")};
    if (!null) params.push_back(value);
    db.transaction([&](pqxx::session& tx) {
      if (tx.query_text(sql, params).size() != 1)
        throw std::runtime_error("drizzle studio: no row with " + pk.name + " = " + form.at("pk"));
    });
  }

  void remove(pqxx::database& db, const std::map<std::string, std::string>& form) {
    const auto& pk = key_column();
    const std::string sql = "delete from " + table_sql(info) + " where " + ddl::detail::quote_ident(pk.name) + " = " +
                            param(1, pk) + " returning 1";
    db.transaction([&](pqxx::session& tx) {
      if (tx.query_text(sql, {form.at("pk")}).size() != 1)
        throw std::runtime_error("drizzle studio: no row with " + pk.name + " = " + form.at("pk"));
    });
  }

  /// A new row: one insert of every given column (an empty field leaves a column to its default, or NULL).
  void insert(pqxx::database& db, const std::map<std::string, std::string>& form) {
    (void)key_column();
    std::string names, values;
    std::vector<std::string> params;
    for (const auto& c : info.columns) {
      if (!insertable(c)) continue;
      const auto it = form.find(c.name);
      if (it == form.end() || it->second.empty()) {
        if (insert_required(c)) throw std::invalid_argument("drizzle studio: " + c.name + " is required");
        continue;
      }
      params.push_back(it->second);
      names += (names.empty() ? "" : ", ") + ddl::detail::quote_ident(c.name);
      values += (values.empty() ? "" : ", ") + param(params.size(), c);
    }
    const std::string sql =
        "insert into " + table_sql(info) +
        (names.empty() ? std::string(" default values") : " (" + names + ") values (" + values + ")");
    db.transaction([&](pqxx::session& tx) { tx.query_text(sql, params); });
  }
};

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct server {
  pqxx::database db;
  std::mutex db_mutex;  ///< one database connection; requests from several browser connections take turns
  ddl::schema_info info;
  options opts;

  std::int64_t count(const ddl::table_info& t) {
    return std::stoll(db.query_text("select count(*) from " + table_sql(t)).at(0).at(0).value_or("0"));
  }

  std::string layout(const std::string& current, const std::string& content) {
    std::string nav = "<nav class=\"tables\"><h2><a href=\"/\" id=\"home\">drizzle studio</a></h2>";
    for (const auto& t : info.tables) {
      const auto key = table_key(t);
      nav += "<a id=\"table-" + escape_html(key) + "\" href=\"/t/" + url_encode(key) + "\"" +
             (key == current ? " class=\"current\"" : "") + "><span>" + escape_html(key) +
             "</span><span class=\"count\">" + std::to_string(count(t)) + "</span></a>";
    }
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>drizzle studio</title>"
           "<link rel=\"stylesheet\" href=\"/studio.css\"></head><body>" +
           nav + "</nav><main>" + content + "</main></body></html>\n";
  }

  /// The table with this key, if the schema has it.
  const ddl::table_info* table(const std::string& key) const {
    for (const auto& t : info.tables)
      if (table_key(t) == key) return &t;
    return nullptr;
  }

  http::response<http::string_body> handle(const http::request<http::string_body>& req) {
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::cache_control, "no-store");
    res.set(http::field::content_type, "text/html; charset=utf-8");
    const std::string_view target(req.target().data(), req.target().size());
    const auto q = target.find('?');
    request_data r;
    auto path = parse_form(target.substr(0, q));  // the path's %-escapes
    auto query = parse_form(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1));
    auto form = parse_form(req.body());
    if (!path || !query || !form || path->size() != 1 || !path->begin()->second.empty()) {
      res.result(http::status::bad_request);
      res.body() = "bad request";
      return res;
    }
    r.path = path->begin()->first;
    r.query = std::move(*query);
    r.form = std::move(*form);
    std::lock_guard lock(db_mutex);
    if (r.path == "/studio.css") {
      res.set(http::field::content_type, "text/css");
      res.body() = std::string(css);
      return res;
    }
    if (r.path == "/" && req.method() == http::verb::get) {
      std::string list = "<h1>Tables</h1><table class=\"rows\"><tr><th>table</th><th>rows</th></tr>";
      for (const auto& t : info.tables) {
        const auto key = table_key(t);
        list += "<tr><td class=\"ro\"><a href=\"/t/" + url_encode(key) + "\">" + escape_html(key) +
                "</a></td><td class=\"ro\">" + std::to_string(count(t)) + "</td></tr>";
      }
      res.body() = layout("", list + "</table>");
      return res;
    }
    if (r.path.starts_with("/t/")) {
      auto rest = r.path.substr(3);
      const auto slash = rest.find('/');
      const auto key = rest.substr(0, slash);
      const auto action = slash == std::string::npos ? std::string{} : rest.substr(slash);
      bool handled = false;
      const auto* described = table(key);
      if (described) {
        table_view view{*described, opts.page_size};
        if (action.empty() && req.method() == http::verb::get) {
          res.body() = layout(key, view.page(db, r));
          handled = true;
        } else if (req.method() == http::verb::post &&
                   (action == "/set" || action == "/delete" || action == "/insert")) {
          // POST-redirect-GET: back to the page the form was on (its Referer), with the error if one happened.
          std::string back(req[http::field::referer]);
          const auto at = back.find("/t/");
          back = at == std::string::npos ? "/t/" + url_encode(key) : back.substr(at);
          if (const auto e = back.find("error="); e != std::string::npos) back.erase(e - 1);
          try {
            if (action == "/set")
              view.set(db, r.form);
            else if (action == "/delete")
              view.remove(db, r.form);
            else
              view.insert(db, r.form);
          } catch (const std::exception& e) {
            back += std::string(back.find('?') == std::string::npos ? "?" : "&") + "error=" + url_encode(e.what());
          }
          res.result(http::status::see_other);
          res.set(http::field::location, back);
          handled = true;
        }
      }
      if (handled) return res;
    }
    res.result(http::status::not_found);
    res.body() = layout("", "<h1>not found</h1>");
    return res;
  }

  void serve(tcp::socket& socket) {
    beast::flat_buffer buffer;
    beast::error_code ec;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(1 << 20);
      http::read(socket, buffer, parser, ec);
      if (ec) break;
      const auto req = parser.release();
      http::response<http::string_body> res;
      try {
        res = handle(req);
      } catch (const std::exception& e) {
        res = {http::status::internal_server_error, req.version()};
        res.body() = escape_html(e.what());
      }
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      http::write(socket, res, ec);
      if (ec || !req.keep_alive()) break;
    }
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
};

}  // namespace detail

/// Serves the studio until the process is stopped (Ctrl-C); prints the URL first.
inline void run(const options& o, const ddl::schema_info& schema) {
  std::unique_ptr<detail::server> srv(new detail::server{pqxx::connect(o.database_url), {}, schema, o});
  boost::asio::io_context io;
  detail::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), o.port});
  std::printf("drizzle studio: http://127.0.0.1:%u/\n", static_cast<unsigned>(acceptor.local_endpoint().port()));
  std::fflush(stdout);
  for (;;) {
    auto socket = std::make_shared<detail::tcp::socket>(io);
    acceptor.accept(*socket);
    std::thread([socket, server = srv.get()] { server->serve(*socket); }).detach();
  }
}

/// `kit studio [--port N] [--config FILE]`: the database of the config (or DATABASE_URL), the schema of the program.
inline int main(int argc, char** argv, const ddl::schema_info& schema) try {
  options o;
  std::string config_path = "drizzle.config.json";
  for (int i = 2; i < argc; ++i) {
    const std::string_view a(argv[i]);
    if ((a == "--port" || a == "--config") && i + 1 < argc) {
      const std::string_view v(argv[++i]);
      if (a == "--config") {
        config_path = v;
      } else {
        const auto r = std::from_chars(v.data(), v.data() + v.size(), o.port);
        if (r.ec != std::errc{} || r.ptr != v.data() + v.size())
          throw std::invalid_argument("drizzle-kit studio: --port " + std::string(v) + ": not a port");
      }
    } else {
      throw std::invalid_argument("drizzle-kit studio: unknown argument " + std::string(a) +
                                  " (studio [--port N] [--config FILE])");
    }
  }
  o.database_url = database_url(read_config(config_path));
  run(o, schema);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "%s\n", e.what());
  return 1;
}

}  // namespace drizzle::kit::studio
