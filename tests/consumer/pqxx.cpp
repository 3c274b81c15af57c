#include <drizzle/drizzle.hpp>
#include <pqxx/pqxx>

int main() {
  return sizeof(pqxx::connection) > 0 ? 0 : 1;
}
