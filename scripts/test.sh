#!/usr/bin/env bash
# README command 2: every test (unit, integration, compile-fail, examples, consumer projects) with g++ 12 and
# clang++ 14, each against its own throwaway PostgreSQL (or DATABASE_URL when set). The clang run also builds the
# benchmark program (benchmarks/) and runs it once with a tiny iteration count (test benchmarks.smoke).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
status=0
summary=()
run() {  # name compiler extra-cmake-args...
  local name=$1 cxx=$2; shift 2
  local build=build/test-$name
  echo "== $name: configure and build ($cxx)"
  if ! scripts/setup.sh "$build" -DCMAKE_CXX_COMPILER="$cxx" -DDRIZZLE_BUILD_TESTS=ON -DDRIZZLE_BUILD_EXAMPLES=ON "$@"; then
    summary+=("$name: BUILD FAILED"); status=1; return
  fi
  echo "== $name: ctest"
  if (cd "$build" && ctest --output-on-failure -j "$(nproc)" --timeout 600); then
    summary+=("$name: all tests passed")
  else
    summary+=("$name: TESTS FAILED"); status=1
  fi
}
run gcc g++ -DDRIZZLE_SANITIZE=ON
run clang clang++ -DDRIZZLE_BUILD_BENCHMARKS=ON  # the benchmark program builds, and its smoke run is a test
echo
for line in "${summary[@]}"; do echo "$line"; done
exit $status
