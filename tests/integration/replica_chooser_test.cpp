// The default replica chooser (no server needed): every pick is in range and every replica gets picked.
#include <catch2/catch.hpp>

#include <array>
#include <cstddef>
#include <drizzle/pqxx.hpp>
#include <thread>

TEST_CASE("replicas: the default chooser picks every replica, never one out of range", "[replicas]") {
  for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}}) {
    std::array<std::size_t, 7> seen{};
    for (int i = 0; i < 2000; ++i) {
      const std::size_t pick = drizzle::pqxx::random_replica(n);
      REQUIRE(pick < n);
      ++seen[pick];
    }
    // Uniform: each of n replicas expects 2000 / n picks; 1/3 of that is far outside chance.
    for (std::size_t k = 0; k < n; ++k) CHECK(seen[k] > 2000 / n / 3);
  }
  // Each thread has its own generator: another thread's picks are in range too.
  std::size_t other = 99;
  std::thread([&] { other = drizzle::pqxx::random_replica(5); }).join();
  CHECK(other < 5);
}
