// drizzle::callback: the driver's hooks (query_logger, replica_chooser) hold any callable as std::function did.
#include <catch2/catch.hpp>

#include <drizzle/detail/callback.hpp>
#include <functional>
#include <memory>
#include <string>

namespace {
int twice(int x) {
  return 2 * x;
}
}  // namespace

TEST_CASE("callback: empty forms are false; a callable of the signature is held and called", "[callback]") {
  using cb = drizzle::callback<int(int)>;
  CHECK_FALSE(cb{});
  CHECK_FALSE(cb{nullptr});
  int (*none)(int) = nullptr;
  CHECK_FALSE(cb{none});
  CHECK_FALSE(cb{std::function<int(int)>{}});  // empty as the std::function it was made from
  CHECK(cb{std::function<int(int)>{twice}}(2) == 4);

  const cb f = twice;
  REQUIRE(f);
  CHECK(f(21) == 42);
  const cb g = [](long x) { return static_cast<int>(x) + 1; };  // converting arguments and results, as std::function
  CHECK(g(1) == 2);

  STATIC_REQUIRE(std::is_constructible_v<cb, int (*)(int)>);
  STATIC_REQUIRE_FALSE(std::is_constructible_v<cb, int (*)(std::string)>);
  STATIC_REQUIRE_FALSE(std::is_constructible_v<cb, std::string>);
}

TEST_CASE("callback: copies own their callable; mutable lambdas keep state; std::ref shares", "[callback]") {
  using counter = drizzle::callback<int()>;
  counter a = [n = 0]() mutable { return ++n; };
  CHECK(a() == 1);
  counter b = a;  // a copy of the lambda with n == 1
  CHECK(a() == 2);
  CHECK(b() == 2);
  CHECK(b() == 3);
  CHECK(a() == 3);

  counter moved = std::move(a);
  CHECK(moved() == 4);
  CHECK_FALSE(a);  // NOLINT(bugprone-use-after-move): a moved-from callback is empty

  int calls = 0;
  auto count = [&calls] { return ++calls; };
  counter shared = std::ref(count);
  counter other = shared;
  shared();
  other();
  CHECK(calls == 2);

  auto owned = std::make_shared<int>(7);
  std::weak_ptr<int> watch = owned;
  {
    counter keeps = [p = std::move(owned)] { return *p; };
    counter copy = keeps;
    keeps = nullptr;
    CHECK(copy() == 7);
    CHECK_FALSE(watch.expired());
  }
  CHECK(watch.expired());  // the last copy destroyed its callable
}

TEST_CASE("callback<void(...)> discards a callable's result", "[callback]") {
  std::string seen;
  const drizzle::callback<void(const std::string&)> log = [&seen](const std::string& s) {
    seen += s;
    return seen.size();
  };
  log("a");
  log("bc");
  CHECK(seen == "abc");
}
