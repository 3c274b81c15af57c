#!/usr/bin/env bash
# README command 1: builds examples/quickstart (g++, Release, as scripts/test.sh's gcc-release configuration does) and
# runs it against a throwaway PostgreSQL (or DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build/quickstart -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release -DDRIZZLE_BUILD_TESTS=OFF \
  -DDRIZZLE_BUILD_EXAMPLES=ON >/dev/null
cmake --build build/quickstart --target example_quickstart -j "$(nproc)"
db=$(mktemp -d /tmp/drizzle-quickstart.XXXXXX)
trap 'scripts/pg_tmp.sh stop "$db" >/dev/null 2>&1 || true' EXIT INT TERM
scripts/pg_tmp.sh start "$db"
DATABASE_URL=$(cat "$db/url") build/quickstart/examples/quickstart
