// Compiled by tests/kit_pull/check.cmake against a pulled header: prints the DDL of the header's schema.
#include PULLED_HEADER
#include <cstdio>

int main() {
  const std::string ddl = drizzle::ddl::export_sql(PULLED_NAMESPACE::schema);
  std::fwrite(ddl.data(), 1, ddl.size(), stdout);
  return 0;
}
