// A small blog on drizzle-cpp: authors and posts, created in a transaction, an upsert, a join with counts,
// rows mapped into structs, a relational query with nested articles, and a cursor over every post. Runs against
// DATABASE_URL.
#include <drizzle/ddl.hpp>
#include <drizzle/drizzle.hpp>
#include <drizzle/pqxx.hpp>

#include <cstdio>
#include <cstdlib>

#include "kit/blog_schema.hpp"  // the schema the blog's kit program migrates (examples/kit)

namespace blog {
/// The relations for db.query(...): an author's articles, an article's author.
inline constexpr auto relational = drizzle::relational_schema(
    drizzle::relations(authors, drizzle::many<"articles">(articles)),
    drizzle::relations(articles, drizzle::one<"author">(authors, articles.author_id, authors.id)));

/// What the front page shows: one struct per author, checked against the selection at compile time.
struct author_stats {
  std::string handle;
  std::optional<std::string> display_name;
  std::int64_t articles;
  std::optional<std::int64_t> total_views;
};
}  // namespace blog

int main() try {
  using namespace drizzle;
  using namespace blog;
  const char* url = std::getenv("DATABASE_URL");
  if (!url || !*url) {
    std::fputs("blog: set DATABASE_URL\n", stderr);
    return 1;
  }
  auto db = drizzle::pqxx::connect(url);
  db.execute("drop schema if exists blog cascade");
  for (const auto& statement : ddl::create_statements(blog::schema)) db.execute(statement);

  // Two authors and their articles, all or nothing.
  db.transaction([&](auto& tx) {
    auto ada =
        tx.insert(authors).values(authors.handle = "ada", authors.display_name = "Ada").returning(authors.id).one();
    auto bob = tx.insert(authors).values(authors.handle = "bob").returning(authors.id).one();
    tx.insert(articles)
        .values(std::vector<std::string>{"engines", "notes", "loops"},
                [&](const std::string& slug) {
                  return std::tuple{articles.author_id = ada[authors.id], articles.slug = slug,
                                    articles.title = "On " + slug,
                                    articles.tags = std::vector<std::string>{"math", slug}};
                })
        .execute();
    tx.insert(articles)
        .values(articles.author_id = bob[authors.id], articles.slug = "hello", articles.title = "Hello")
        .execute();
  });

  // An upsert: count a view, creating the article row on first sight.
  auto ada_id = db.select(authors.id).from(authors).where(eq(authors.handle, "ada")).one()[authors.id];
  for (int i = 0; i < 3; ++i)
    db.insert(articles)
        .values(articles.author_id = ada_id, articles.slug = "engines", articles.title = "On engines",
                articles.views = 1)
        .on_conflict_do_update(std::tuple{articles.author_id, articles.slug}, articles.views = articles.views + 1)
        .execute();

  // A join with counts, into structs.
  auto stats = db.select(authors.handle, authors.display_name, count(articles.id), sum(articles.views))
                   .from(authors)
                   .left_join(articles, eq(articles.author_id, authors.id))
                   .group_by(authors.id, authors.handle, authors.display_name)
                   .order_by(authors.handle)
                   .all<author_stats>();
  for (const auto& s : stats)
    std::printf("%-4s %-6s %lld article(s), %lld view(s)\n", s.handle.c_str(), s.display_name.value_or("-").c_str(),
                static_cast<long long>(s.articles), static_cast<long long>(s.total_views.value_or(0)));

  // Each author with their two most viewed articles, in one statement (Drizzle's db.query.authors.findMany).
  auto front =
      db.query(relational)[authors]
          .find_many(columns(authors.handle), order_by(authors.handle),
                     with<"articles">(columns(articles.slug, articles.views), order_by(desc(articles.views)), limit(2)))
          .all();
  for (const auto& a : front) {
    std::printf("%s:", a[authors.handle].c_str());
    for (const auto& article : a.get<"articles">()) std::printf(" %s", article[articles.slug].c_str());
    std::puts("");
  }

  // Articles tagged "math", most viewed first, streamed through a cursor.
  std::size_t math = 0;
  db.select(articles.slug, articles.views)
      .from(articles)
      .where(array_contains(articles.tags, std::vector<std::string>{"math"}))
      .order_by(desc(articles.views))
      .for_each([&](const auto& row) {
        std::printf("  %s (%d views)\n", row[articles.slug].c_str(), row[articles.views]);
        ++math;
      });

  db.execute("drop schema blog cascade");
  const bool ok = stats.size() == 2 && stats[0].articles == 3 && stats[0].total_views == 3 && math == 3 &&
                  front.size() == 2 && front[0].get<"articles">().size() == 2 &&
                  front[0].get<"articles">()[0][articles.slug] == "engines" && front[1].get<"articles">().size() == 1;
  std::puts(ok ? "blog: ok" : "blog: unexpected results");
  return ok ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "blog failed: %s\n", e.what());
  return 1;
}
