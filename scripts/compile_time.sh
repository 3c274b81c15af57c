#!/usr/bin/env bash
# Compile time and peak memory of translation units with 1, 10, 50 and 100 drizzle-cpp statement shapes,
# with g++ and clang++ at -O0 (a benchmark to run, never a test).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '| statements | compiler | seconds | peak MB |\n|---|---|---|---|\n'
for n in 1 10 50 100; do
  python3 benchmarks/compile/gen.py "$n" "$work/s$n.cpp"
  for cxx in g++ clang++; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$cxx" -std=c++20 -O0 -Iinclude -Itests -c "$work/s$n.cpp" -o "$work/s$n.o"
    read -r secs kb < "$work/time"
    printf '| %s | %s | %s | %s |\n' "$n" "$cxx" "$secs" "$((kb / 1024))"
  done
done
