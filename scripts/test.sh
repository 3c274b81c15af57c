#!/usr/bin/env bash
# README command 2, and what CI runs (.ci/run): every configuration the README, the examples and the tests use,
# each in its own build directory (kept between runs, so a second run only rebuilds what changed) and each against its
# own throwaway PostgreSQL (or DATABASE_URL when set):
#   gcc          g++ 12, Debug (-g1), AddressSanitizer          the whole suite but the examples, the docs pages and the user-file warnings
#   clang        clang++ 14, -O0, UBSan, plus the benchmarks    the whole suite but the consumer projects (benchmarks.smoke)
#   gcc-release  g++ 12, Release (-O3, what quickstart builds)  the examples and the user-file warnings tests
#   tsan         g++ 12, ThreadSanitizer                       hostile_tests only: ctest -R '^hostile: ?pool'
#   scripts/test.sh [CONFIGURATION...]      (default: all four, in that order)
# The last line of the output is `N passed, N failed`: test totals over every configuration (a configuration that
# does not configure or build counts as one failure).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
jobs=$(nproc)
passed=0
failed=0
summary=()

# build NAME CXX TYPE TARGETS CMAKE_ARGS...: configure build/test-NAME and build TARGETS (space-separated, "" = all).
build() {
  local name=$1 cxx=$2 type=$3 targets=$4
  shift 4
  local dir=build/test-$name
  mkdir -p build
  echo "== $name: configure and build ($cxx, $type${targets:+, targets: $targets})"
  if ! cmake -S . -B "$dir" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE="$type" -DDRIZZLE_BUILD_TESTS=ON \
      "$@" >"$dir.configure.log" 2>&1; then
    cat "$dir.configure.log"
    summary+=("$name: CONFIGURE FAILED (see $dir.configure.log)")
    failed=$((failed + 1))
    return 1
  fi
  local target_args=()
  for t in $targets; do target_args+=(--target "$t"); done
  if ! cmake --build "$dir" -j "$jobs" "${target_args[@]}"; then
    summary+=("$name: BUILD FAILED")
    failed=$((failed + 1))
    return 1
  fi
}

# check NAME CTEST_ARGS...: run ctest in build/test-NAME and add its counts to the totals.
check() {
  local name=$1
  shift
  local dir=build/test-$name log
  log=$(mktemp)
  echo "== $name: ctest $*"
  (cd "$dir" && ctest --output-on-failure -j "$jobs" --timeout 600 "$@") 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local counts total bad
  counts=$(grep -Eo '[0-9]+ tests failed out of [0-9]+' "$log" | tail -1)
  rm -f "$log"
  if [ -n "$counts" ]; then
    bad=${counts%% *}
    total=${counts##* }
  elif [ "$rc" -eq 0 ]; then
    bad=0 total=0
  else
    bad=1 total=1  # ctest itself failed (e.g. --no-tests=error and nothing matched)
  fi
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  if [ "$rc" -eq 0 ] && [ "$bad" -eq 0 ]; then
    summary+=("$name: $((total - bad)) passed")
  else
    summary+=("$name: $((total - bad)) passed, $bad FAILED")
  fi
}

configurations=("$@")
[ ${#configurations[@]} -gt 0 ] || configurations=(gcc clang gcc-release tsan)
for configuration in "${configurations[@]}"; do
  case "$configuration" in
    gcc)
      # The user-file warnings tests (g++ at -O2 and -O3) run in gcc-release, which builds them the same way.
      # -g1 (line tables: what sanitizer reports print) instead of -g: the same reports, a fifth less compile time.
      # UBSan runs in the clang configuration (both sanitizers in one g++ build cost a third more compile time), and
      # the examples run in clang and gcc-release (they are programs over the library this configuration tests).
      # The docs pages (label docs: they compile README.md's and docs/'s blocks, ~100 s of CPU) run in clang, which
      # builds them with the same flags: the blocks are user code, not the library's sanitized paths.
      build gcc g++ Debug "" -DDRIZZLE_SANITIZE=address -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DDRIZZLE_BUILD_EXAMPLES=OFF &&
        check gcc -E '^warnings\.' -LE '^docs$'
      ;;
    clang)
      # The consumer projects (install + find_package, add_subdirectory) test CMake packaging, which the gcc
      # configuration already ran; the user-file warnings tests still run with clang++ here.
      # -O0 without debug info: clang's warnings come from its front end and do not depend on the optimization level,
      # and this compiles in half the time of Release (gcc-release covers optimized code; bench.sh times Release).
      build clang clang++ Debug "" -DDRIZZLE_SANITIZE=undefined -DDRIZZLE_BUILD_BENCHMARKS=ON \
        -DDRIZZLE_BUILD_EXAMPLES=ON -DCMAKE_CXX_FLAGS_DEBUG=-O0 && check clang -E '^consumer\.'
      ;;
    gcc-release)
      # README command 1 builds examples/quickstart this way (g++, Release, -Werror on the examples): a warning g++
      # gives only at -O3 (issue 10's -Wrestrict) fails here. Plus the user file at -O2 and at Release's flags.
      build gcc-release g++ Release drizzle_examples -DDRIZZLE_BUILD_EXAMPLES=ON && check gcc-release -R '^(example|warnings)\.'
      ;;
    tsan)
      # The connection pool's stress tests (tests/hostile, `hostile:pool: ...`) under ThreadSanitizer: data races in
      # drizzle::pqxx::pool and what it hands out. None matching is a failure.
      build tsan g++ RelWithDebInfo hostile_tests -DDRIZZLE_SANITIZE_THREAD=ON -DDRIZZLE_BUILD_EXAMPLES=OFF && check tsan -R '^hostile: ?pool' --no-tests=error
      ;;
    *)
      echo "test.sh: unknown configuration $configuration (gcc, clang, gcc-release, tsan)" >&2
      failed=$((failed + 1))
      ;;
  esac
done
echo
echo "== summary"
for line in "${summary[@]}"; do echo "$line"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
