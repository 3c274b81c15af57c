#!/usr/bin/env bash
# Compile time and peak memory (g++ and clang++, -O0; a benchmark to run, never a test). Two tables, one run:
#
# 1. Issue 11's targets as ratios: <drizzle/drizzle.hpp> + one select against the file with only the dependency
#    headers the core cannot avoid (Boost.PFR, <nlohmann/json_fwd.hpp> and the standard headers it uses);
#    <drizzle/pqxx.hpp> + one executed select against <pqxx/pqxx> alone; the cost of each further statement shape
#    ((50 shapes - 1 shape) / 49); a kit program (examples/kit/blog_kit.cpp). With COMPILE_BASE=<git ref> the
#    headers of that ref are measured in the same run ("before"), next to the worktree's ("after").
# 2. Translation units with 1, 10 and 100 statement shapes (COMPILE_SHAPES; empty skips it) in drizzle-cpp and the
#    same statements in raw libpqxx.
#
# COMPILE_REPS=N compiles each file N times and keeps the lowest time (memory is the same every time).
# COMPILE_KIT=0 leaves out the kit program (the slowest file; not a target of the core headers).
# The statements use benchmarks/compile/schema.hpp (users and posts as a user declares them), not the tests'
# oracle_schema.hpp, which includes <nlohmann/json.hpp>. sqlpp11 is not measured: Debian 12 does not package it
# (`apt-cache search sqlpp` finds nothing), so it is not a benchmark peer here (issue 11 quotes 1.8 s / 226 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
reps=${COMPILE_REPS:-1}

# One compile: prints "seconds MB" (the lowest of $reps user+system times, the peak resident memory).
measure() {
  local cxx=$1 src=$2 inc=$3 best="" kb=0 t
  for ((r = 0; r < reps; ++r)); do
    /usr/bin/time -f "%U %S %M" -o "$work/time" "$cxx" -std=c++20 -O0 -I"$inc/include" -I"$inc/tests" \
      -I"$root/benchmarks" -I"$inc/examples/kit" -I/usr/include/postgresql -c "$src" -o "$work/out.o"
    read -r user sys kb < "$work/time"
    t=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best $((kb / 1024))"
}

# The files measured (the same for every version of the headers).
cat > "$work/deps_core.cpp" << 'EOF'
// What <drizzle/drizzle.hpp> cannot avoid: its dependencies and the standard headers its interface uses. Boost.PFR:
// the two headers the core's struct mapping (result.hpp) includes, not <boost/pfr.hpp> (~17 MB more with g++).
#include <array>
#include <boost/pfr/core.hpp>
#include <boost/pfr/tuple_size.hpp>
#include <charconv>
#include <chrono>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>
int main() { return 0; }
EOF
printf '#include <pqxx/pqxx>\nint main() { return 0; }\n' > "$work/deps_pqxx.cpp"
cat > "$work/pqxx1.cpp" << 'EOF'
#include <drizzle/pqxx.hpp>

#include "compile/schema.hpp"
int main(int, char** argv) {
  using namespace oracle;
  auto db = drizzle::pqxx::connect(argv[1]);
  std::size_t n = 0;
  for (const auto& row : db.select(users.id, users.email).from(users).where(drizzle::eq(users.id, 1)).all())
    n += row[users.email].size();
  return n > 0 ? 0 : 1;
}
EOF
python3 benchmarks/compile/gen.py 1 "$work/drizzle1.cpp" drizzle
python3 benchmarks/compile/gen.py 50 "$work/drizzle50.cpp" drizzle

versions=("after:$root")
if [ -n "${COMPILE_BASE:-}" ]; then
  mkdir -p "$work/before"
  git archive "$COMPILE_BASE" include tests/support examples/kit | tar -x -C "$work/before"
  versions=("before:$work/before" "after:$root")
fi

printf '| file | compiler | headers | seconds | peak MB | ratio (time / memory) |\n|---|---|---|---|---|---|\n'
for cxx in g++ clang++; do
  read -r deps_t deps_m <<< "$(measure "$cxx" "$work/deps_core.cpp" "$root")"
  read -r pq_t pq_m <<< "$(measure "$cxx" "$work/deps_pqxx.cpp" "$root")"
  printf '| core dependencies alone | %s | | %s | %s | 1 |\n' "$cxx" "$deps_t" "$deps_m"
  printf '| `<pqxx/pqxx>` alone | %s | | %s | %s | 1 |\n' "$cxx" "$pq_t" "$pq_m"
  for v in "${versions[@]}"; do
    name=${v%%:*} dir=${v#*:}
    ratio() { awk -v t="$1" -v m="$2" -v bt="$3" -v bm="$4" 'BEGIN { printf "%.2fx / %.2fx", t / bt, m / bm }'; }
    read -r d1_t d1_m <<< "$(measure "$cxx" "$work/drizzle1.cpp" "$dir")"
    printf '| drizzle.hpp + one select (target <= 1.3x / 1.25x) | %s | %s | %s | %s | %s |\n' "$cxx" "$name" \
      "$d1_t" "$d1_m" "$(ratio "$d1_t" "$d1_m" "$deps_t" "$deps_m")"
    read -r p1_t p1_m <<< "$(measure "$cxx" "$work/pqxx1.cpp" "$dir")"
    printf '| pqxx.hpp + one executed select (target <= 1.5x) | %s | %s | %s | %s | %s |\n' "$cxx" "$name" \
      "$p1_t" "$p1_m" "$(ratio "$p1_t" "$p1_m" "$pq_t" "$pq_m")"
    read -r d50_t d50_m <<< "$(measure "$cxx" "$work/drizzle50.cpp" "$dir")"
    printf '| 50 statement shapes | %s | %s | %s | %s | per further shape: %s |\n' "$cxx" "$name" "$d50_t" "$d50_m" \
      "$(awk -v a="$d50_t" -v b="$d1_t" -v c="$d50_m" -v d="$d1_m" \
        'BEGIN { printf "%.0f ms, %.1f MB (target <= 20 ms, <= 1 MB)", (a - b) * 1000 / 49, (c - d) / 49 }')"
    [ "${COMPILE_KIT:-1}" = 0 ] && continue
    read -r kit_t kit_m <<< "$(measure "$cxx" "$dir/examples/kit/blog_kit.cpp" "$dir")"
    printf '| kit program (examples/kit/blog_kit.cpp; target < 8 s) | %s | %s | %s | %s | |\n' "$cxx" "$name" \
      "$kit_t" "$kit_m"
  done
done

[ -z "${COMPILE_SHAPES-1 10 100}" ] && exit 0
printf '\n| statements | library | compiler | seconds | peak MB |\n|---|---|---|---|---|\n'
for n in ${COMPILE_SHAPES-1 10 100}; do
  for flavor in drizzle pqxx; do
    python3 benchmarks/compile/gen.py "$n" "$work/$flavor$n.cpp" "$flavor"
    for cxx in g++ clang++; do
      read -r secs mb <<< "$(measure "$cxx" "$work/$flavor$n.cpp" "$root")"
      printf '| %s | %s | %s | %s | %s |\n' "$n" "$([ "$flavor" = drizzle ] && echo drizzle-cpp || echo libpqxx)" \
        "$cxx" "$secs" "$mb"
    done
  done
done
