#pragma once
/// The main() of a page's runnable blocks (tests/docs/docs_test.py): creates the page's own database
/// (DOCS_DATABASE on the server of DOCS_ADMIN_URL; DATABASE_URL already names it), runs every `// run` block in
/// page order, reports each failure with the block's location and drops the database at the end.
#include <cxxabi.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <pqxx/pqxx>
#include <string>
#include <typeinfo>

namespace docs_harness {

inline std::string env(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) {
    std::fprintf(stderr, "docs: %s is not set (run through tests/docs/docs_test.py)\n", name);
    std::exit(2);
  }
  return value;
}

class page {
 public:
  page() : admin_(env("DOCS_ADMIN_URL")), database_(env("DOCS_DATABASE")) { recreate(true); }
  page(const page&) = delete;
  page& operator=(const page&) = delete;
  ~page() {
    try {
      recreate(false);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "docs: could not drop the database %s: %s\n", database_.c_str(), e.what());
    }
  }

  template <class F>
  void run(const char* file, int line, F&& block) {
    try {
      block();
      std::printf("%s:%d: ran\n", file, line);
    } catch (const std::exception& e) {
      ++failed_;
      int status = 0;
      char* type = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
      std::fprintf(stderr, "%s:%d: the block threw %s: %s\n", file, line, status == 0 ? type : typeid(e).name(),
                   e.what());
      std::free(type);
    } catch (...) {
      ++failed_;
      std::fprintf(stderr, "%s:%d: the block threw something that is not a std::exception\n", file, line);
    }
  }

  int result() const { return failed_ == 0 ? 0 : 1; }

 private:
  void recreate(bool create) {
    pqxx::connection connection(admin_);
    pqxx::nontransaction work(connection);
    const std::string name = connection.quote_name(database_);
    work.exec("drop database if exists " + name + " with (force)");
    if (create) work.exec("create database " + name);
  }

  std::string admin_;
  std::string database_;
  int failed_ = 0;
};

}  // namespace docs_harness
