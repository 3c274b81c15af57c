#pragma once
/// `kit studio`: drizzle-kit studio for a C++ schema, a local web page over the user's tables. The table list with
/// row counts; a table's rows with pagination, sorting by a column and a filter by value; a cell edited, a row
/// inserted or deleted, each typed by its column (the text goes through the column's codec, the value is bound) and
/// run through the query builder in a transaction; a foreign key's value links to the row it references. Bound to
/// 127.0.0.1, one thread per browser connection, one database connection shared under a lock. Nothing is loaded
/// from the Internet: the page's CSS is served by the program and the page needs no JavaScript.
///
/// Rows are edited and deleted by their primary key; a table without a one-column primary key is shown read-only.
/// In a cell or the insert form, an empty value of a nullable column is NULL; an empty value in the insert form
/// leaves a column with a default to its default.
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
#include "../drizzle.hpp"
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
template <class T>
std::string table_key() {
  return T::schema_name.empty() ? std::string(T::table_name)
                                : std::string(T::schema_name) + "." + std::string(T::table_name);
}

/// A column's value as text (the codec's text form, as PostgreSQL writes it); nullopt for NULL.
/// The column's text codec: an SQL type with its own (enum_of) or the C++ type's drizzle::codec.
template <class C>
using value_codec = std::conditional_t < requires {
  C::sql_type::decode(std::string_view{});
}
, typename C::sql_type, codec < typename C::cpp_type >> ;

template <class C, class V>
std::optional<std::string> cell_text(const V& v) {
  std::string out;
  if constexpr (!C::not_null) {
    if (!v) return std::nullopt;
    value_codec<C>::encode(*v, out);
  } else {
    value_codec<C>::encode(v, out);
  }
  return out;
}

/// The text of a form field as the column's C++ value (throws what the codec throws on bad text).
template <class C>
typename C::cpp_type parse(const std::string& text) {
  return value_codec<C>::decode(text);
}

/// Calls f(column) for the table's one-column primary key, if it has one; returns whether it did.
template <class T, class F>
bool with_primary_key(const T& t, F&& f) {
  bool found = false;
  for_each_column(t, [&](const auto& c) {
    using C = std::remove_cvref_t<decltype(c)>;
    if constexpr (C::primary_key)
      if (!found) {
        found = true;
        f(c);
      }
  });
  return found;
}

/// Calls f(column) for the column named `name`; returns whether there is one.
template <class T, class F>
bool with_column(const T& t, std::string_view name, F&& f) {
  bool found = false;
  for_each_column(t, [&](const auto& c) {
    if (!found && std::remove_cvref_t<decltype(c)>::name == name) {
      found = true;
      f(c);
    }
  });
  return found;
}

struct request_data {
  std::string path;
  std::map<std::string, std::string> query, form;
};

/// One table's page and its writes; `info` gives the foreign keys (what a click follows).
template <class T>
struct table_view {
  const T& t;
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
    const std::string key = table_key<T>(), sort = get("sort"), dir = get("dir"), fcol = get("fcol"),
                      fval = get("fval");
    std::int64_t page_no = 1;
    if (const auto p = get("page"); !p.empty()) std::from_chars(p.data(), p.data() + p.size(), page_no);
    page_no = std::max<std::int64_t>(page_no, 1);

    // The filter: column = value, typed by the column; "NULL" (or an empty value) for a nullable column's NULLs.
    condition where;
    std::string filter_error;
    if (!fcol.empty()) {
      try {
        const bool known = with_column(t, fcol, [&](const auto& c) {
          using C = std::remove_cvref_t<decltype(c)>;
          if (!C::not_null && (fval.empty() || fval == "NULL"))
            where = is_null(c);
          else if constexpr (requires { eq(c, std::declval<typename C::cpp_type>()); })
            where = eq(c, parse<C>(fval));
          else
            filter_error = "column " + fcol + " cannot be compared";
        });
        if (!known) filter_error = "no column " + fcol;
      } catch (const std::exception& e) {
        filter_error = e.what();
      }
    }
    if (!filter_error.empty()) where = condition{};
    const auto total = db.count(t, where);
    const auto pages = std::max<std::int64_t>(1, (total + page_size - 1) / page_size);
    page_no = std::min(page_no, pages);

    std::string rows_html;
    const auto fk = links();
    bool has_pk = false;
    with_primary_key(t, [&](const auto&) { has_pk = true; });
    auto render = [&](auto statement) {
      for (const auto& row : statement.limit(page_size).offset((page_no - 1) * page_size).all()) {
        std::string pk_text;
        with_primary_key(
            t, [&](const auto& pk) { pk_text = cell_text<std::remove_cvref_t<decltype(pk)>>(row[pk]).value_or(""); });
        rows_html += "<tr>";
        for_each_column(t, [&](const auto& c) {
          using C = std::remove_cvref_t<decltype(c)>;
          const auto text = cell_text<C>(row[c]);
          std::string link;
          if (auto it = fk.find(std::string(C::name)); it != fk.end() && text)
            link = "<a class=\"fk\" title=\"open the referenced row\" href=\"/t/" + url_encode(it->second.first) +
                   "?fcol=" + url_encode(it->second.second) + "&amp;fval=" + url_encode(*text) + "\">&rarr;</a>";
          if (has_pk && C::insertable) {
            rows_html += "<td><form method=\"post\" action=\"/t/" + url_encode(key) +
                         "/set\"><input type=\"hidden\" name=\"pk\" value=\"" + escape_html(pk_text) +
                         "\"><input type=\"hidden\" name=\"col\" value=\"" + std::string(C::name) +
                         "\"><input name=\"value\" data-col=\"" + std::string(C::name) + "\" value=\"" +
                         escape_html(text.value_or("")) + "\"" + (text ? "" : " placeholder=\"NULL\"") + "></form>" +
                         link + "</td>";
          } else {
            rows_html += "<td class=\"ro\" data-col=\"" + std::string(C::name) + "\">" +
                         (text ? escape_html(*text) : "<span class=\"null\">NULL</span>") + link + "</td>";
          }
        });
        if (has_pk)
          rows_html += "<td><form method=\"post\" action=\"/t/" + url_encode(key) +
                       "/delete\"><input type=\"hidden\" name=\"pk\" value=\"" + escape_html(pk_text) +
                       "\"><button class=\"del\" type=\"submit\">delete</button></form></td>";
        rows_html += "</tr>";
      }
    };
    auto base = db.select().from(t).where(where);
    const bool sorted = !sort.empty() && with_column(t, sort, [&](const auto& c) {
      if (dir == "desc")
        render(base.order_by(desc(c)));
      else
        render(base.order_by(asc(c)));
    });
    if (!sorted && !with_primary_key(t, [&](const auto& pk) { render(base.order_by(asc(pk))); })) render(base);

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
    for_each_column(t, [&](const auto& c) {
      const std::string n(std::remove_cvref_t<decltype(c)>::name);
      html += "<option" + std::string(n == fcol ? " selected" : "") + ">" + escape_html(n) + "</option>";
    });
    html += "</select></label> = <input name=\"fval\" id=\"fval\" value=\"" + escape_html(fval) +
            "\"><button type=\"submit\" id=\"apply\">apply</button><a href=\"/t/" + url_encode(key) +
            "\">clear</a><span class=\"muted\" id=\"total\">" + std::to_string(total) + " row(s)</span></form>";
    html += "<table class=\"rows\"><thead><tr>";
    for_each_column(t, [&](const auto& c) {
      using C = std::remove_cvref_t<decltype(c)>;
      const std::string n(C::name);
      const bool asc_now = sort == n && dir != "desc";
      html += "<th><a id=\"sort-" + escape_html(n) + "\" href=\"" + self(1, n, asc_now ? "desc" : "asc") + "\">" +
              escape_html(n) + (sort == n ? (asc_now ? " &#9650;" : " &#9660;") : "") + "</a><div class=\"muted\">" +
              escape_html(std::string(C::sql_type::ddl_name())) + "</div></th>";
    });
    html += std::string(has_pk ? "<th></th>" : "") + "</tr></thead><tbody>" + rows_html + "</tbody></table>";
    html += "<div class=\"bar\">";
    if (page_no > 1) html += "<a rel=\"prev\" href=\"" + self(page_no - 1, sort, dir) + "\">previous</a>";
    html += "<span id=\"page\">page " + std::to_string(page_no) + " of " + std::to_string(pages) + "</span>";
    if (page_no < pages) html += "<a rel=\"next\" href=\"" + self(page_no + 1, sort, dir) + "\">next</a>";
    html += "</div>";
    if (has_pk) {
      html += "<form class=\"insert\" method=\"post\" action=\"/t/" + url_encode(key) + "/insert\"><b>new row</b> ";
      for_each_column(t, [&](const auto& c) {
        using C = std::remove_cvref_t<decltype(c)>;
        if constexpr (C::insertable) {
          const std::string n(C::name);
          html += "<label>" + escape_html(n) + " <input name=\"" + escape_html(n) + "\" id=\"new-" + escape_html(n) +
                  "\"" + (C::insert_required ? " required" : " placeholder=\"default\"") + "></label>";
        }
      });
      html += "<button type=\"submit\" id=\"insert\">insert</button></form>";
    }
    return html;
  }

  /// A cell: update <table> set <col> = $1 where <pk> = $2, in a transaction that fails unless one row changed.
  void set(pqxx::database& db, const std::map<std::string, std::string>& form) {
    const auto& col = form.at("col");
    const auto& value = form.at("value");
    with_primary_key(t, [&](const auto& pk) {
      using P = std::remove_cvref_t<decltype(pk)>;
      const auto key = parse<P>(form.at("pk"));
      const bool known = with_column(t, col, [&](const auto& c) {
        using C = std::remove_cvref_t<decltype(c)>;
        if constexpr (C::insertable) {
          db.transaction([&](auto& tx) {
            std::size_t n = 0;
            if constexpr (!C::not_null)
              n = value.empty() ? tx.update(t).set(c = std::nullopt).where(eq(pk, key)).execute()
                                : tx.update(t).set(c = parse<C>(value)).where(eq(pk, key)).execute();
            else
              n = tx.update(t).set(c = parse<C>(value)).where(eq(pk, key)).execute();
            if (n != 1)
              throw std::runtime_error("drizzle studio: no row with " + std::string(P::name) + " = " + form.at("pk"));
          });
        } else {
          throw std::invalid_argument("drizzle studio: column " + col + " is generated");
        }
      });
      if (!known) throw std::invalid_argument("drizzle studio: no column " + col);
    });
  }

  void remove(pqxx::database& db, const std::map<std::string, std::string>& form) {
    with_primary_key(t, [&](const auto& pk) {
      using P = std::remove_cvref_t<decltype(pk)>;
      const auto key = parse<P>(form.at("pk"));
      db.transaction([&](auto& tx) {
        if (tx.delete_from(t).where(eq(pk, key)).execute() != 1)
          throw std::runtime_error("drizzle studio: no row with " + std::string(P::name) + " = " + form.at("pk"));
      });
    });
  }

  /// A new row: insert the required columns (returning the key), then set every other given column, all in one
  /// transaction (so a bad value leaves nothing behind).
  void insert(pqxx::database& db, const std::map<std::string, std::string>& form) {
    auto given = [&](std::string_view name) -> const std::string* {
      auto it = form.find(std::string(name));
      return it == form.end() || it->second.empty() ? nullptr : &it->second;
    };
    with_primary_key(t, [&](const auto& pk) {
      db.transaction([&](auto& tx) {
        ::drizzle::detail::visit_members<::drizzle::detail::member_count<T>()>(t, [&](const auto&... cols) {
          auto assignments = std::tuple_cat([&](const auto& c) {
            using C = std::remove_cvref_t<decltype(c)>;
            if constexpr (C::insertable && C::insert_required) {
              const auto* text = given(C::name);
              if (!text) throw std::invalid_argument("drizzle studio: " + std::string(C::name) + " is required");
              return std::tuple{c = parse<C>(*text)};
            } else {
              return std::tuple{};
            }
          }(cols)...);
          std::apply(
              [&](auto&&... a) {
                if constexpr (sizeof...(a) == 0) {
                  throw std::invalid_argument("drizzle studio: a table without required columns takes no inserts here");
                } else {
                  const auto row = tx.insert(t).values(std::move(a)...).returning(pk).one();
                  const auto key = row[pk];
                  for_each_column(t, [&](const auto& c) {
                    using C = std::remove_cvref_t<decltype(c)>;
                    if constexpr (C::insertable && !C::insert_required)
                      if (const auto* text = given(C::name))
                        tx.update(t).set(c = parse<C>(*text)).where(eq(pk, key)).execute();
                  });
                }
              },
              std::move(assignments));
        });
      });
    });
  }
};

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

template <class... Tables>
struct server {
  pqxx::database db;
  std::mutex db_mutex;  ///< one database connection; requests from several browser connections take turns
  ddl::schema_info info;
  options opts;

  std::string layout(const std::string& current, const std::string& content) {
    std::string nav = "<nav class=\"tables\"><h2><a href=\"/\" id=\"home\">drizzle studio</a></h2>";
    (
        [&] {
          const auto key = table_key<Tables>();
          nav += "<a id=\"table-" + escape_html(key) + "\" href=\"/t/" + url_encode(key) + "\"" +
                 (key == current ? " class=\"current\"" : "") + "><span>" + escape_html(key) +
                 "</span><span class=\"count\">" + std::to_string(db.count(Tables{})) + "</span></a>";
        }(),
        ...);
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>drizzle studio</title>"
           "<link rel=\"stylesheet\" href=\"/studio.css\"></head><body>" +
           nav + "</nav><main>" + content + "</main></body></html>\n";
  }

  /// Calls f(table_view) for the table with this key.
  template <class F>
  bool with_table(const std::string& key, F&& f) {
    bool found = false;
    (
        [&] {
          static constexpr Tables t{};
          if (!found && table_key<Tables>() == key) {
            found = true;
            // describe() need not keep the schema's order: find the table's description by name.
            const ddl::table_info* described = nullptr;
            for (const auto& d : info.tables)
              if (d.name == Tables::table_name && d.schema == Tables::schema_name) described = &d;
            static const ddl::table_info none{};
            f(table_view<Tables>{t, described ? *described : none, opts.page_size});
          }
        }(),
        ...);
    return found;
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
      (
          [&] {
            const auto key = table_key<Tables>();
            list += "<tr><td class=\"ro\"><a href=\"/t/" + url_encode(key) + "\">" + escape_html(key) +
                    "</a></td><td class=\"ro\">" + std::to_string(db.count(Tables{})) + "</td></tr>";
          }(),
          ...);
      res.body() = layout("", list + "</table>");
      return res;
    }
    if (r.path.starts_with("/t/")) {
      auto rest = r.path.substr(3);
      const auto slash = rest.find('/');
      const auto key = rest.substr(0, slash);
      const auto action = slash == std::string::npos ? std::string{} : rest.substr(slash);
      bool handled = false;
      const bool found = with_table(key, [&](auto view) {
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
      });
      if (found && handled) return res;
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
template <class... Tables>
void run(const options& o, schema_t<Tables...> s) {
  std::unique_ptr<detail::server<Tables...>> srv(
      new detail::server<Tables...>{pqxx::connect(o.database_url), {}, ddl::describe(s), o});
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
template <class... Tables>
int main(int argc, char** argv, schema_t<Tables...> s) try {
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
  run(o, s);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "%s\n", e.what());
  return 1;
}

}  // namespace drizzle::kit::studio
