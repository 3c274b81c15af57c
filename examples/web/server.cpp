// The posts app (the seed guide's Next.js app, in C++): a list of posts with pagination, a form that creates one,
// edit and delete, each a POST answered by a redirect (the revalidatePath analog: the browser loads the list
// afresh). Server-side HTML, every value escaped; the title's unique constraint comes back as the typed
// drizzle::unique_violation and is shown next to the field. Boost.Beast, one thread per connection, the
// drizzle::pqxx::pool shared by them; the schema is migrated at start with the kit's migrator.
//
//   web [PORT]      PORT (default 3000; 0 = any free port) or the environment's PORT; DATABASE_URL; listens on
//                   127.0.0.1 only and prints the URL. WEB_MIGRATIONS overrides the migrations folder.
#include <pthread.h>
#include <sys/socket.h>
#include <csignal>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <drizzle/kit/migrator.hpp>
#include <drizzle/pqxx.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "posts_schema.hpp"

#ifndef WEB_MIGRATIONS_DIR
#define WEB_MIGRATIONS_DIR "drizzle"
#endif

namespace posts_app {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

/// A form post is a title and a body of a few KiB; anything larger is refused with 413 before it is read.
inline constexpr std::size_t max_body = 64 * 1024;
inline constexpr std::size_t title_max_chars = 200;  ///< varchar(200)
inline constexpr std::size_t body_max_chars = 5000;
inline constexpr std::int64_t page_size = 10;
/// Connections served at once; one more is answered 503 (each holds a thread, not a database connection).
inline constexpr int max_connections = 64;

// ---- text: escaping, form decoding, UTF-8 ------------------------------------------------------------------

inline std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  return out;
}

/// Well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF); counts code points.
inline std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    static constexpr std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += len;
  }
  return n;
}

/// application/x-www-form-urlencoded; nullopt when a %-escape is malformed or a value is not UTF-8.
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
    if (!utf8_length(out)) return std::nullopt;
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

inline std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

// ---- the form: validation ----------------------------------------------------------------------------------

struct post_form {
  std::string title, body;
  std::map<std::string, std::string> errors;  ///< field -> message
};

inline post_form validate(const std::map<std::string, std::string>& fields) {
  post_form f;
  if (auto it = fields.find("title"); it != fields.end()) f.title = trim(it->second);
  if (auto it = fields.find("body"); it != fields.end()) f.body = it->second;
  auto control = [](const std::string& s, bool newlines) {
    for (unsigned char c : s)
      if ((c < 0x20 && !(newlines && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7F) return true;
    return false;
  };
  if (f.title.empty())
    f.errors["title"] = "A title is required.";
  else if (*utf8_length(f.title) > title_max_chars)
    f.errors["title"] = "At most " + std::to_string(title_max_chars) + " characters.";
  else if (control(f.title, false))
    f.errors["title"] = "No control characters, please.";
  if (*utf8_length(f.body) > body_max_chars)
    f.errors["body"] = "At most " + std::to_string(body_max_chars) + " characters.";
  else if (control(f.body, true))
    f.errors["body"] = "No control characters, please.";
  return f;
}

// ---- pages -------------------------------------------------------------------------------------------------

inline constexpr std::string_view css = R"(
body{font:16px/1.45 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
h1{font-size:1.6rem}form.post{background:#f4f6fa;padding:1rem;border-radius:8px;margin-bottom:1.5rem}
label{display:block;font-weight:600;margin-top:.6rem}input[type=text],textarea{width:100%;box-sizing:border-box;
padding:.45rem;border:1px solid #b8c0cc;border-radius:5px;font:inherit}.invalid{border-color:#c62828!important}
.error{color:#c62828;font-size:.9rem;margin:.2rem 0}button{margin-top:.7rem;padding:.4rem 1rem;border-radius:5px;
border:1px solid #345;background:#2d5be3;color:#fff;font:inherit;cursor:pointer}button.danger{background:#fff;
color:#c62828;border-color:#c62828}ul.posts{list-style:none;padding:0}ul.posts li{border-bottom:1px solid #e2e6ee;
padding:.7rem 0}.title{font-weight:600}.body{white-space:pre-wrap;margin:.2rem 0}.actions{display:flex;gap:.6rem;
align-items:baseline}.actions form{margin:0}.actions button{margin:0}nav.pages{display:flex;gap:1rem;
margin-top:1rem}.muted{color:#6b7480})";

inline std::string page(std::string_view title, const std::string& content) {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape_html(title) +
         "</title><style>" + std::string(css) + "</style></head><body>" + content + "</body></html>\n";
}

inline std::string form_html(const std::string& action, const post_form& f, std::string_view button) {
  auto error = [&](const char* field) {
    auto it = f.errors.find(field);
    return it == f.errors.end()
               ? std::string{}
               : "<p class=\"error\" id=\"" + std::string(field) + "-error\">" + escape_html(it->second) + "</p>";
  };
  auto invalid = [&](const char* field) { return f.errors.contains(field) ? " class=\"invalid\"" : ""; };
  return "<form class=\"post\" method=\"post\" action=\"" + escape_html(action) +
         "\"><label for=\"title\">Title</label><input type=\"text\" id=\"title\" name=\"title\" value=\"" +
         escape_html(f.title) + "\"" + invalid("title") + ">" + error("title") +
         "<label for=\"body\">Body</label><textarea id=\"body\" name=\"body\" rows=\"3\"" + invalid("body") + ">" +
         escape_html(f.body) + "</textarea>" + error("body") + "<button type=\"submit\" id=\"submit\">" +
         std::string(button) + "</button></form>";
}

struct app {
  drizzle::pqxx::pool& pool;

  std::string list_page(std::int64_t page_no, const post_form& form) {
    auto db = pool.acquire();
    const auto total = db->count(posts);
    const auto pages = std::max<std::int64_t>(1, (total + page_size - 1) / page_size);
    page_no = std::clamp<std::int64_t>(page_no, 1, pages);
    const auto rows = db->select(posts.id, posts.title, posts.body)
                          .from(posts)
                          .order_by(drizzle::desc(posts.id))
                          .limit(page_size)
                          .offset((page_no - 1) * page_size)
                          .all();
    std::string html = "<h1>Posts</h1>" + form_html("/posts", form, "Create post");
    html += "<p class=\"muted\" id=\"count\">" + std::to_string(total) + " post(s)</p><ul class=\"posts\">";
    for (const auto& r : rows) {
      const auto id = std::to_string(r[posts.id]);
      html += "<li id=\"post-" + id + "\"><div class=\"title\">" + escape_html(r[posts.title]) +
              "</div><div class=\"body\">" + escape_html(r[posts.body]) +
              "</div><div class=\"actions\"><a href=\"/posts/" + id +
              "/edit\">Edit</a><form method=\"post\" action=\"/posts/" + id +
              "/delete\"><button class=\"danger\" type=\"submit\">Delete</button></form></div></li>";
    }
    html += "</ul><nav class=\"pages\">";
    if (page_no > 1) html += "<a rel=\"prev\" href=\"/?page=" + std::to_string(page_no - 1) + "\">Newer</a>";
    html += "<span>page " + std::to_string(page_no) + " of " + std::to_string(pages) + "</span>";
    if (page_no < pages) html += "<a rel=\"next\" href=\"/?page=" + std::to_string(page_no + 1) + "\">Older</a>";
    return page("Posts", html + "</nav>");
  }

  std::string edit_page(std::int32_t id, const post_form& form) {
    return page("Edit post", "<h1>Edit post</h1>" + form_html("/posts/" + std::to_string(id), form, "Save") +
                                 "<p><a href=\"/\">Back to the posts</a></p>");
  }

  /// Runs a write; a unique_violation becomes the title's error (typed, not a message match).
  template <class F>
  bool store(post_form& form, F&& write) {
    try {
      auto db = pool.acquire();
      std::forward<F>(write)(*db);
      return true;
    } catch (const drizzle::unique_violation&) {
      form.errors["title"] = "A post with this title already exists.";
      return false;
    }
  }

  response handle(const request& req) {
    const std::string_view target(req.target().data(), req.target().size());
    const auto q = target.find('?');
    const std::string_view path = target.substr(0, q);
    const std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
    const bool get = req.method() == http::verb::get;
    const bool post = req.method() == http::verb::post;

    if (path == "/") {
      if (!get) return status(http::status::method_not_allowed, "GET", req);
      std::int64_t page_no = 1;
      if (auto fields = parse_form(query); fields && fields->contains("page")) {
        const auto& p = (*fields)["page"];
        std::from_chars(p.data(), p.data() + p.size(), page_no);
      }
      return html(http::status::ok, list_page(page_no, {}), req);
    }
    if (path == "/posts") {
      if (!post) return status(http::status::method_not_allowed, "POST", req);
      auto fields = form_fields(req);
      if (!fields) return status(http::status::bad_request, "", req);
      auto form = validate(*fields);
      if (form.errors.empty() && store(form, [&](drizzle::pqxx::database& db) {
            db.insert(posts).values(posts.title = form.title, posts.body = form.body).execute();
          }))
        return redirect("/", req);
      return html(http::status::unprocessable_entity, list_page(1, form), req);
    }
    // /posts/<id>/edit, /posts/<id>, /posts/<id>/delete
    if (path.starts_with("/posts/")) {
      auto rest = path.substr(7);
      const auto slash = rest.find('/');
      const auto id_text = rest.substr(0, slash);
      const auto action = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
      std::int32_t id = 0;
      const auto r = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
      if (r.ec != std::errc{} || r.ptr != id_text.data() + id_text.size() || id <= 0)
        return status(http::status::not_found, "", req);
      if (action == "/edit") {
        if (!get) return status(http::status::method_not_allowed, "GET", req);
        auto row = pool.acquire()->select(posts.title, posts.body).from(posts).where(drizzle::eq(posts.id, id)).first();
        if (!row) return status(http::status::not_found, "", req);
        return html(http::status::ok, edit_page(id, {(*row)[posts.title], (*row)[posts.body], {}}), req);
      }
      if (action.empty()) {
        if (!post) return status(http::status::method_not_allowed, "POST", req);
        auto fields = form_fields(req);
        if (!fields) return status(http::status::bad_request, "", req);
        auto form = validate(*fields);
        std::size_t changed = 1;
        if (form.errors.empty() && store(form, [&](drizzle::pqxx::database& db) {
              changed = db.update(posts)
                            .set(posts.title = form.title, posts.body = form.body)
                            .where(drizzle::eq(posts.id, id))
                            .execute();
            }))
          return changed ? redirect("/", req) : status(http::status::not_found, "", req);
        return html(http::status::unprocessable_entity, edit_page(id, form), req);
      }
      if (action == "/delete") {
        if (!post) return status(http::status::method_not_allowed, "POST", req);
        const auto gone = pool.acquire()->delete_from(posts).where(drizzle::eq(posts.id, id)).execute();
        return gone ? redirect("/", req) : status(http::status::not_found, "", req);
      }
    }
    return status(http::status::not_found, "", req);
  }

  /// The form of a POST: 400 (nullopt) for another content type, malformed %-escapes or non-UTF-8.
  static std::optional<std::map<std::string, std::string>> form_fields(const request& req) {
    const auto type = req[http::field::content_type];
    if (!std::string_view(type.data(), type.size()).starts_with("application/x-www-form-urlencoded"))
      return std::nullopt;
    return parse_form(req.body());
  }

  static response html(http::status s, std::string body, const request& req) {
    response res{s, req.version()};
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    return res;
  }
  /// POST-redirect-GET: 303 makes the browser load the page with GET, so a reload does not post again.
  static response redirect(std::string_view to, const request& req) {
    response res{http::status::see_other, req.version()};
    res.set(http::field::location, to);
    return res;
  }
  static response status(http::status s, std::string_view allow, const request& req) {
    const std::string text = std::to_string(static_cast<unsigned>(s)) + " " + std::string(http::obsolete_reason(s));
    auto res = html(s, page(text, "<h1>" + text + "</h1><p><a href=\"/\">Back to the posts</a></p>"), req);
    if (!allow.empty()) res.set(http::field::allow, allow);
    return res;
  }
};

// ---- the server --------------------------------------------------------------------------------------------

/// The open connections, so that shutdown can end their blocking reads (shutdown(2) on each socket). A socket is
/// closed under the lock, so stop() never shuts down a descriptor number that was closed and reused.
struct connections {
  std::mutex mutex;
  std::condition_variable idle;
  std::map<std::uint64_t, std::unique_ptr<tcp::socket>> open;
  std::uint64_t next = 0;
  bool stopping = false;

  /// Takes the socket (and returns its id) unless the server is full or stopping.
  std::optional<std::uint64_t> add(std::unique_ptr<tcp::socket>& s) {
    std::lock_guard lock(mutex);
    if (stopping || open.size() >= static_cast<std::size_t>(max_connections)) return std::nullopt;
    open.emplace(++next, std::move(s));
    return next;
  }
  void close(std::uint64_t id) {
    std::lock_guard lock(mutex);
    open.erase(id);
    if (open.empty()) idle.notify_all();
  }
  void stop() {
    std::unique_lock lock(mutex);
    stopping = true;
    for (auto& [id, s] : open) ::shutdown(s->native_handle(), SHUT_RDWR);
    idle.wait(lock, [&] { return open.empty(); });
  }
};

inline void send(tcp::socket& socket, response res, bool keep_alive) {
  res.keep_alive(keep_alive);
  res.prepare_payload();
  beast::error_code ec;
  http::write(socket, res, ec);
}

inline void serve(app& a, tcp::socket& socket) {
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(max_body);
    http::read(socket, buffer, parser, ec);
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset) break;
    if (ec) {
      const bool too_big =
          ec == http::error::body_limit || ec == http::error::buffer_overflow || ec == http::error::header_limit;
      if (ec.category() == make_error_code(http::error::bad_target).category() || too_big) {
        request req;
        req.version(11);
        send(socket, a.status(too_big ? http::status::payload_too_large : http::status::bad_request, "", req), false);
        // Read what the client still sends (up to a bound) so that closing does not reset the connection before
        // it has read the answer.
        socket.shutdown(tcp::socket::shutdown_send, ec);
        char sink[16384];
        for (std::size_t drained = 0; drained < 8 * max_body;) {
          const auto n = socket.read_some(net::buffer(sink), ec);
          if (ec) break;
          drained += n;
        }
      }
      break;
    }
    const auto req = parser.release();
    response res;
    try {
      res = a.handle(req);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "web: %s %s: %s\n", std::string(req.method_string()).c_str(),
                   std::string(req.target()).c_str(), e.what());
      res = a.status(http::status::internal_server_error, "", req);
    }
    const bool keep = req.keep_alive();
    send(socket, std::move(res), keep);
    if (!keep) break;
  }
  socket.shutdown(tcp::socket::shutdown_both, ec);
}

}  // namespace posts_app

int main(int argc, char** argv) try {
  using namespace posts_app;
  const char* url = std::getenv("DATABASE_URL");
  if (!url || !*url) {
    std::fputs("web: set DATABASE_URL\n", stderr);
    return 1;
  }
  const char* port_text = argc > 1 ? argv[1] : std::getenv("PORT");
  unsigned short port = 3000;
  if (port_text && *port_text) {
    const std::string_view p(port_text);
    const auto r = std::from_chars(p.data(), p.data() + p.size(), port);
    if (r.ec != std::errc{} || r.ptr != p.data() + p.size()) {
      std::fprintf(stderr, "web: bad port %s\n", port_text);
      return 1;
    }
  }
  const char* migrations = std::getenv("WEB_MIGRATIONS");

  // SIGINT / SIGTERM are taken by one thread (sigwait) that stops the server; every other thread blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  drizzle::pqxx::pool pool(url, {.max = 8});
  {
    auto db = pool.acquire();
    drizzle::kit::migrate_options options;
    options.folder = migrations && *migrations ? migrations : WEB_MIGRATIONS_DIR;
    options.migrations_table = "__web_migrations";  // its own record, apart from other apps in the same database
    for (const auto& tag : drizzle::kit::migrate(*db, options)) std::printf("web: applied migration %s\n", tag.c_str());
  }

  net::io_context io;
  tcp::acceptor acceptor(io, {net::ip::make_address("127.0.0.1"), port});
  std::printf("web: listening on http://127.0.0.1:%u/\n", static_cast<unsigned>(acceptor.local_endpoint().port()));
  std::fflush(stdout);

  app a{pool};
  connections open;
  std::atomic<bool> stopping{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    stopping = true;
    ::shutdown(acceptor.native_handle(), SHUT_RDWR);  // ends the blocking accept
  });
  for (;;) {
    beast::error_code ec;
    tcp::socket socket(io);
    acceptor.accept(socket, ec);
    if (stopping) break;
    if (ec) continue;
    auto owned = std::make_unique<tcp::socket>(std::move(socket));
    tcp::socket* raw = owned.get();
    const auto id = open.add(owned);
    if (!id) {
      request req;
      req.version(11);
      send(*owned, app::status(http::status::service_unavailable, "", req), false);
      continue;
    }
    std::thread([&a, &open, id = *id, raw] {
      serve(a, *raw);
      open.close(id);
    }).detach();
  }
  open.stop();
  waiter.join();
  pool.close();
  std::puts("web: stopped");
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "web failed: %s\n", e.what());
  return 1;
}
