#!/usr/bin/env bash
# Compile time and peak memory of translation units with 1, 10 and 100 statement shapes (COMPILE_SHAPES), in drizzle-cpp and the
# same statements in raw libpqxx, with g++ and clang++ at -O0 (a benchmark to run, never a test).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '| statements | library | compiler | seconds | peak MB |\n|---|---|---|---|---|\n'
for n in ${COMPILE_SHAPES:-1 10 100}; do
  for flavor in drizzle pqxx; do
    python3 benchmarks/compile/gen.py "$n" "$work/$flavor$n.cpp" "$flavor"
    for cxx in g++ clang++; do
      /usr/bin/time -f "%e %M" -o "$work/time" "$cxx" -std=c++20 -O0 -Iinclude -Itests -c "$work/$flavor$n.cpp" \
        -o "$work/$flavor$n.o"
      read -r secs kb < "$work/time"
      printf '| %s | %s | %s | %s | %s |\n' "$n" "$([ "$flavor" = drizzle ] && echo drizzle-cpp || echo libpqxx)" \
        "$cxx" "$secs" "$((kb / 1024))"
    done
  done
done
