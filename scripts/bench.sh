#!/usr/bin/env bash
# Benchmarks side by side (issue 6): raw libpq, libpqxx, SOCI and drizzle-cpp against a throwaway PostgreSQL.
#   scripts/bench.sh [OUT_DIR]      (default build/bench-results; BENCH_REPS, BENCH_MIN_TIME, BENCH_COMPILE=0)
# Prints markdown tables of medians with spread and ratios to raw libpq, instructions per query under callgrind
# (point select and decode), draws the ratios as docs/benchmark-ratios.png, and runs scripts/compile_time.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-build/bench-results}")
reps=${BENCH_REPS:-9}
min_time=${BENCH_MIN_TIME:-0.1}
mkdir -p "$out"
scripts/setup.sh build/bench -DCMAKE_BUILD_TYPE=Release -DDRIZZLE_BUILD_BENCHMARKS=ON -DDRIZZLE_BUILD_TESTS=OFF \
  -DDRIZZLE_BUILD_EXAMPLES=OFF -DDRIZZLE_BUILD_TOOLS=OFF >/dev/null
bin=build/bench/benchmarks/drizzle_bench

scripts/pg_tmp.sh start "$out/pg" >/dev/null
trap 'scripts/pg_tmp.sh stop "$out/pg" >/dev/null' EXIT
DATABASE_URL=$(cat "$out/pg/url")
export DATABASE_URL

echo "== google benchmark: $reps repetitions, random interleaving, min time ${min_time}s" >&2
"$bin" --benchmark_enable_random_interleaving=true --benchmark_repetitions="$reps" \
  --benchmark_min_time="$min_time" --benchmark_out="$out/bench.json" --benchmark_out_format=json \
  >"$out/bench.txt" 2>&1

echo "== callgrind: instructions per point select, per decoded row and per batched point select" >&2
# Three runs per contender: (P points, R ranges of 10 rows), (P + 500 points, same), (P points, R ranges of 1,000):
# per point = (run2 - run1) / 500, per row = (run3 - run1) / (R * 990); a contender with a batch method runs a fourth
# with 20 batches of 100 point selects added: per batched select = (run4 - run1) / 2000.
ir() {  # contender points rows ranges -> total client instructions
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" "$bin" --count "$@" >/dev/null 2>&1
  awk '/^(summary|totals):/ { print $2; exit }' "$out/cg.out"
}
: >"$out/instructions.tsv"
for c in raw_libpq raw_libpq_again raw_libpq_binary pqxx_exec_params pqxx_exec_prepared pqxx_work_per_query soci \
         drizzle drizzle_prepared; do
  a=$(ir "$c" 50 10 20)
  b=$(ir "$c" 550 10 20)
  d=$(ir "$c" 50 1000 20)
  per_batched=-
  case "$c" in
    raw_libpq | raw_libpq_binary | pqxx_exec_prepared | drizzle) e=$(ir "$c" 50 10 20 20) && per_batched=$(((e - a) / 2000)) ;;
  esac
  printf '%s\t%s\t%s\t%s\n' "$c" "$(((b - a) / 500))" "$(((d - a) / (20 * 990)))" "$per_batched" \
    >>"$out/instructions.tsv"
done
# One annotated profile of drizzle-cpp's point select (for finding where its extra instructions go).
valgrind --tool=callgrind --callgrind-out-file="$out/cg-drizzle.out" "$bin" --count drizzle 2000 10 0 >/dev/null 2>&1
callgrind_annotate --inclusive=yes "$out/cg-drizzle.out" 2>/dev/null | head -80 >"$out/drizzle-point.annotate" || true

python3 benchmarks/report.py "$out/bench.json" "$out/instructions.tsv" "$out/chart.dat" | tee "$out/report.md"

echo "== callgrind: text against binary results, per type" >&2
# One column of 1,000 and of 11,000 values per type and format: per value = (run2 - run1) / 10,000, libpq's parsing
# of the row included (text: decoded by drizzle-cpp's codec; binary: decoded by hand from libpq's binary format).
ir_type() {  # type format rows -> total client instructions
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" "$bin" --count-type "$@" >/dev/null 2>&1
  awk '/^(summary|totals):/ { print $2; exit }' "$out/cg.out"
}
{
  echo
  echo "### Text against binary results, per type (client instructions per value, callgrind)"
  echo
  echo "| type | text | binary | binary / text |"
  echo "|---|---|---|---|"
  for t in integer bigint "double precision" boolean text timestamp date uuid; do
    tt=$((($(ir_type "$t" text 11000) - $(ir_type "$t" text 1000)) / 10000))
    tb=$((($(ir_type "$t" binary 11000) - $(ir_type "$t" binary 1000)) / 10000))
    awk -v t="$t" -v a="$tt" -v b="$tb" 'BEGIN { printf "| %s | %d | %d | %.2fx |\n", t, a, b, b / a }'
  done
} | tee -a "$out/report.md"

if command -v gnuplot >/dev/null 2>&1; then
  # Instruction ratios (the stable figure) beside the wall-time ratios.
  awk -F'\t' 'NR == 1 { p = $2; r = $3 } { printf "\"%s\" %.3f %.3f\n", $1, $2 / p, $3 / r }' \
    "$out/instructions.tsv" >"$out/instructions.dat"
  gnuplot <<GP
set terminal pngcairo size 1400,560 font ",10" noenhanced
set output "docs/benchmark-ratios.png"
set multiplot layout 1,2
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y 2
set grid ytics
set xtics rotate by -35
set key top left
set title "Wall time / raw libpq, same run (noisy shared machine)"
set yrange [0.25:16]
set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 2
plot for [i=2:6] "$out/chart.dat" using i:xtic(1) title columnheader(i)
set title "Client instructions / raw libpq (callgrind, exact)"
set yrange [0.5:4]
plot "$out/instructions.dat" using 2:xtic(1) title "per point select", "" using 3 title "per decoded row"
unset multiplot
GP
  echo "chart: docs/benchmark-ratios.png" >&2
fi

if [ "${BENCH_COMPILE:-1}" != 0 ]; then
  echo "== compile time" >&2
  echo
  echo "### Compile time"
  echo
  scripts/compile_time.sh
fi
