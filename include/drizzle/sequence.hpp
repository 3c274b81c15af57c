#pragma once
/// Sequences (Drizzle's pgSequence) and enums in a named schema (Drizzle's pgSchema(...).enum): schema objects that
/// are not tables. A sequence is an empty constexpr object whose type carries its name, schema and options, so
/// drizzle::schema(...) lists it next to the tables and the kit creates, alters and drops it.
#include <cstdint>
#include <limits>
#include <string_view>

#include "fixed_string.hpp"
#include "types.hpp"

namespace drizzle {

/// A sequence option that may be left out: drizzle-kit then writes PostgreSQL's default, which for the bounds and
/// the start depends on the sign of the increment (as `CREATE SEQUENCE` does).
struct sequence_value {
  long long value = 0;
  bool set = false;
  constexpr sequence_value() = default;
  constexpr sequence_value(long long v) : value(v), set(true) {}  // NOLINT: `.start_with = 100` reads naturally
};

/// Drizzle's pgSequence options, in the order designated initializers need them:
/// pg_sequence_options{.increment = 2, .min_value = 10, .max_value = 10000, .start_with = 100, .cache = 5, .cycle =
/// true}.
struct pg_sequence_options {
  sequence_value increment{}, min_value{}, max_value{}, start_with{}, cache{};  // {}: designated inits may skip
  bool cycle = false;

  [[nodiscard]] constexpr long long increment_by() const { return increment.set ? increment.value : 1; }
  [[nodiscard]] constexpr long long minimum() const {
    if (min_value.set) return min_value.value;
    return increment_by() < 0 ? std::numeric_limits<long long>::min() : 1;
  }
  [[nodiscard]] constexpr long long maximum() const {
    if (max_value.set) return max_value.value;
    return increment_by() < 0 ? -1 : std::numeric_limits<long long>::max();
  }
  /// PostgreSQL starts at the minimum going up and at the maximum going down.
  [[nodiscard]] constexpr long long start() const {
    if (start_with.set) return start_with.value;
    return increment_by() < 0 ? maximum() : minimum();
  }
  [[nodiscard]] constexpr long long cache_size() const { return cache.set ? cache.value : 1; }
};

/// A sequence: inline constexpr auto order_no = drizzle::pg_sequence<"order_no", drizzle::pg_sequence_options{...}>{};
/// the third argument puts it in a PostgreSQL schema (Drizzle's pgSchema("inv").sequence(...)).
template <fixed_string Name, pg_sequence_options Options = pg_sequence_options{}, fixed_string Schema = "public">
struct pg_sequence {
  static_assert(!Name.view().empty(), "drizzle: a sequence needs a name");
  static_assert(Options.increment_by() != 0, "drizzle: a sequence's increment cannot be zero");
  static_assert(Options.cache_size() >= 1, "drizzle: a sequence's cache must be at least 1");
  static_assert(Options.minimum() < Options.maximum(), "drizzle: a sequence's min_value must be below its max_value");
  static_assert(Options.start() >= Options.minimum() && Options.start() <= Options.maximum(),
                "drizzle: a sequence's start_with must lie between its min_value and max_value");
  static constexpr std::string_view name = Name.view();
  static constexpr std::string_view schema = Schema.view();
  static constexpr pg_sequence_options options = Options;
};

template <class T>
struct is_sequence : std::false_type {};
template <fixed_string Name, pg_sequence_options Options, fixed_string Schema>
struct is_sequence<pg_sequence<Name, Options, Schema>> : std::true_type {};
template <class T>
concept sequence_type = is_sequence<std::remove_cvref_t<T>>::value;

/// An enum in a PostgreSQL schema other than public (Drizzle's pgSchema("inv").enum(...)):
/// pg_schema_enum<"inv", item_status, "item_status", "new", "used">. Columns name it enum_of<...> as any enum; the
/// DDL and the casts qualify it with its schema.
template <fixed_string Schema, class E, fixed_string Name, fixed_string... Labels>
struct pg_schema_enum : pg_enum<E, Name, Labels...> {
  static constexpr std::string_view schema = Schema.view();
};

}  // namespace drizzle
