// The benchmark program: every contender of common.hpp, side by side, each on its own warmed connection.
//   drizzle_bench [google benchmark flags]        DATABASE_URL must name a database it may fill (bench_* tables)
//   drizzle_bench --count CONTENDER POINTS ROWS RANGES [BATCHES]
//       runs POINTS point selects, RANGES range selects of ROWS rows and BATCHES batches of 100 point selects of one
//       contender and nothing else (for callgrind: the difference between two counts is the cost per query, setup
//       cancels out)
//   drizzle_bench --count-type TYPE text|binary ROWS
//       reads ROWS values of one type (integer, bigint, double precision, boolean, text, timestamp, date, uuid) in
//       that result format and decodes them, nothing else (for callgrind: text against binary results per type)
//   drizzle_bench --count-bulk CONTENDER METHOD ROWS TIMES
//       inserts ROWS rows TIMES times by the contender's bulk method whose name starts with METHOD (e.g. "copy_into",
//       "copy binary"), nothing else (for callgrind: the difference between two TIMES is the client's cost per bulk
//       insert, setup cancels out)
#include <benchmark/benchmark.h>
#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

#include "common.hpp"

// Counts C++ allocations (operator new), so each benchmark reports allocations per iteration. libpq's own
// malloc calls are not counted; they are the same for every contender.
namespace {
std::uint64_t allocations = 0;
}
void* operator new(std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace bench {
namespace {

void exec(PGconn* c, const char* text) {
  PGresult* r = PQexec(c, text);
  const auto s = PQresultStatus(r);
  PQclear(r);
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
    throw std::runtime_error(std::string(text) + ": " + PQerrorMessage(c));
}

/// 10,000 users; users 1..100 have 10 posts each, every post 10 comments.
void create_data(PGconn* c) {
  exec(c,
       "set client_min_messages = warning;"
       "drop table if exists bench_comments, bench_posts, bench_users, bench_items;"
       "create table bench_users (id serial primary key, name text not null, email text not null, age int not null);"
       "create table bench_posts (id serial primary key, user_id int not null references bench_users, "
       "title text not null);"
       "create table bench_comments (id serial primary key, post_id int not null references bench_posts, "
       "body text not null);"
       "create table bench_items (id serial primary key, name text not null, qty int not null);"
       "insert into bench_users (name, email, age) select 'user ' || g, 'user' || g || '@example.com', 18 + g % 60 "
       "from generate_series(1, 10000) g;"
       "insert into bench_posts (user_id, title) select 1 + (g - 1) / 10, 'post ' || g from generate_series(1, 1000) g;"
       "insert into bench_comments (post_id, body) select 1 + (g - 1) / 10, 'comment number ' || g "
       "from generate_series(1, 10000) g;"
       "create index on bench_posts (user_id); create index on bench_comments (post_id);"
       "analyze");
}

std::vector<Item> items(std::size_t n) {
  std::vector<Item> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(Item{"item " + std::to_string(i), static_cast<std::int32_t>(i)});
  return out;
}

struct alloc_counter {
  std::uint64_t start = allocations;
  void report(benchmark::State& s) const {
    s.counters["allocs"] =
        benchmark::Counter(static_cast<double>(allocations - start), benchmark::Counter::kAvgIterations);
  }
};

void warm(const contender& c) {
  std::vector<User> users;
  if (c.point) benchmark::DoNotOptimize(c.point(1));
  if (c.range) c.range(1, 10, users);
}

void register_all(std::vector<contender>& all, PGconn* admin) {
  using benchmark::RegisterBenchmark;
  for (const auto& [name, build] : build_sql_cases()) {
    RegisterBenchmark(("build_sql/" + name).c_str(), [build = build](benchmark::State& s) {
      std::int32_t id = 0;
      alloc_counter a;
      for (auto _ : s) benchmark::DoNotOptimize(build(++id));
      a.report(s);
    });
  }
  auto truncate = [admin] { exec(admin, "truncate bench_items"); };
  for (auto& c : all) {
    const contender* p = &c;
    if (c.point)
      RegisterBenchmark(("point_select/" + c.name).c_str(), [p](benchmark::State& s) {
        std::int32_t id = 0;
        alloc_counter a;
        for (auto _ : s) benchmark::DoNotOptimize(p->point(1 + (id++ % 10000)));
        a.report(s);
      })->UseRealTime();
    if (c.range)
      RegisterBenchmark(("range_select/" + c.name).c_str(),
                        [p](benchmark::State& s) {
                          const auto n = static_cast<std::int32_t>(s.range(0));
                          std::int32_t lo = 1;
                          alloc_counter a;
                          for (auto _ : s) {
                            std::vector<User> out;
                            p->range(lo, lo + n - 1, out);
                            if (out.size() != static_cast<std::size_t>(n))
                              throw std::runtime_error("range: wrong row count");
                            lo = lo + n > 10000 ? 1 : lo + n;
                          }
                          a.report(s);
                          s.counters["rows/s"] =
                              benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
                        })
          ->Arg(10)
          ->Arg(1000)
          ->Arg(10000)
          ->UseRealTime();
    if (c.join)
      RegisterBenchmark(("join_aggregate/" + c.name).c_str(), [p](benchmark::State& s) {
        alloc_counter a;
        for (auto _ : s) {
          std::vector<UserPosts> out;
          p->join(out);
          if (out.size() != 100 || out[0].posts != 10) throw std::runtime_error("join: wrong result");
        }
        a.report(s);
      })->UseRealTime();
    if (c.associations)
      RegisterBenchmark(("associations/" + c.name).c_str(), [p](benchmark::State& s) {
        alloc_counter a;
        for (auto _ : s) {
          std::vector<Author> out;
          p->associations(100, out);
          if (out.size() != 100 || out[99].posts.size() != 10 || out[99].posts[9].comments.size() != 10)
            throw std::runtime_error("associations: wrong result");
        }
        a.report(s);
      })->UseRealTime();
    if (c.insert_returning)
      RegisterBenchmark(("insert_returning/" + c.name).c_str(), [p, truncate](benchmark::State& s) {
        const Item item{"one item", 7};
        alloc_counter a;
        for (auto _ : s) benchmark::DoNotOptimize(p->insert_returning(item));
        a.report(s);
        truncate();
      })->UseRealTime();
    for (const auto& [method, insert] : c.bulk)
      RegisterBenchmark(("bulk_insert/" + c.name + ": " + method).c_str(),
                        [insert = insert, truncate](benchmark::State& s) {
                          const auto rows = items(static_cast<std::size_t>(s.range(0)));
                          alloc_counter a;
                          std::size_t done = 0;
                          for (auto _ : s) {
                            insert(rows);
                            if ((done += rows.size()) > 200000) {  // keep the table small
                              s.PauseTiming();
                              truncate();
                              done = 0;
                              s.ResumeTiming();
                            }
                          }
                          a.report(s);
                          s.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows.size()),
                                                                    benchmark::Counter::kIsIterationInvariantRate);
                          truncate();
                        })
          ->Arg(1)
          ->Arg(100)
          ->Arg(10000)
          ->UseRealTime();
    if (c.batch)
      RegisterBenchmark(("batch_100_selects/" + c.name + ": " + c.batch_method).c_str(), [p](benchmark::State& s) {
        std::vector<std::int32_t> ids;
        for (std::int32_t i = 0; i < 100; ++i) ids.push_back(1 + i * 97);
        alloc_counter a;
        for (auto _ : s) {
          std::vector<User> out;
          p->batch(ids, out);
          if (out.size() != 100 || out[1].id != 98) throw std::runtime_error("batch: wrong result");
        }
        a.report(s);
        s.counters["queries/s"] = benchmark::Counter(100, benchmark::Counter::kIsIterationInvariantRate);
      })->UseRealTime();
  }
}

int count_bulk(std::vector<contender>& all, PGconn* admin, char** argv) {
  const std::string method = argv[3];
  const auto rows = items(static_cast<std::size_t>(std::atol(argv[4])));
  const long times = std::atol(argv[5]);
  for (auto& c : all) {
    if (c.name != argv[2]) continue;
    for (const auto& [name, insert] : c.bulk) {
      if (name.compare(0, method.size(), method) != 0) continue;
      exec(admin, "truncate bench_items");
      for (long i = 0; i < times; ++i) insert(rows);
      std::printf("%s: %s: %zu rows %ld times\n", c.name.c_str(), name.c_str(), rows.size(), times);
      return 0;
    }
  }
  std::fprintf(stderr, "no bulk method %s of %s\n", argv[3], argv[2]);
  return 2;
}

int count_mode(std::vector<contender>& all, int argc, char** argv) {
  if (argc != 6 && argc != 7) {
    std::fputs("usage: drizzle_bench --count CONTENDER POINTS ROWS RANGES [BATCHES]\n", stderr);
    return 2;
  }
  const long points = std::atol(argv[3]), rows = std::atol(argv[4]), ranges = std::atol(argv[5]);
  const long batches = argc == 7 ? std::atol(argv[6]) : 0;
  for (auto& c : all) {
    if (c.name != argv[2]) continue;
    std::int64_t sum = 0;
    for (long i = 0; i < points; ++i) sum += c.point(static_cast<std::int32_t>(1 + i % 10000)).age;
    for (long i = 0; i < ranges; ++i) {
      std::vector<User> out;
      c.range(1, static_cast<std::int32_t>(rows), out);
      sum += static_cast<std::int64_t>(out.size());
    }
    if (batches > 0 && !c.batch) {
      std::fprintf(stderr, "%s has no batch\n", argv[2]);
      return 2;
    }
    std::vector<std::int32_t> ids;
    for (std::int32_t i = 0; i < 100; ++i) ids.push_back(1 + i * 97);
    for (long i = 0; i < batches; ++i) {
      std::vector<User> out;
      c.batch(ids, out);
      sum += static_cast<std::int64_t>(out.size());
    }
    std::printf("%s: %lld\n", c.name.c_str(), static_cast<long long>(sum));
    return 0;
  }
  std::fprintf(stderr, "no contender %s\n", argv[2]);
  return 2;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) try {
  const char* url = std::getenv("DATABASE_URL");
  if (!url || !*url) {
    std::fputs("drizzle_bench: set DATABASE_URL (scripts/bench.sh starts a throwaway PostgreSQL)\n", stderr);
    return 2;
  }
  if (argc == 5 && std::strcmp(argv[1], "--count-type") == 0)
    return bench::count_type(url, argv[2], std::strcmp(argv[3], "binary") == 0, std::atol(argv[4]));
  PGconn* admin = PQconnectdb(url);
  if (PQstatus(admin) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(admin));
  const bool counting = argc > 1 && std::strcmp(argv[1], "--count") == 0;
  const bool counting_bulk = argc == 6 && std::strcmp(argv[1], "--count-bulk") == 0;
  if ((!counting && !counting_bulk) || std::getenv("DRIZZLE_BENCH_SETUP")) bench::create_data(admin);
  std::vector<bench::contender> all;
  for (auto&& group : {bench::raw_libpq_contenders(url), bench::pqxx_contenders(url), bench::soci_contenders(url),
                       bench::drizzle_contenders(url)})
    for (auto&& c : group) all.push_back(c);
  for (const auto& c : all) bench::warm(c);
  int rc = 0;
  if (counting_bulk) {
    rc = bench::count_bulk(all, admin, argv);
  } else if (counting) {
    rc = bench::count_mode(all, argc, argv);
  } else {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    bench::register_all(all, admin);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  }
  all.clear();
  PQfinish(admin);
  return rc;
} catch (const std::exception& e) {
  std::fprintf(stderr, "drizzle_bench: %s\n", e.what());
  return 1;
}
