#!/usr/bin/env bash
# README command 3: builds the posts web app (examples/web) and its kit program, starts a throwaway PostgreSQL (or
# uses DATABASE_URL), and serves the app on http://127.0.0.1:PORT/ until Ctrl-C.
#   scripts/web.sh [PORT]        (default 3000)
#   scripts/web.sh studio [PORT] (kit studio over the app's tables instead; default port 4983)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build/quickstart -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release -DDRIZZLE_BUILD_TESTS=OFF \
  -DDRIZZLE_BUILD_EXAMPLES=ON >/dev/null
cmake --build build/quickstart --target example_web example_web_kit -j "$(nproc)"
if [ -z "${DATABASE_URL:-}" ]; then
  db=$(mktemp -d /tmp/drizzle-web.XXXXXX)
  trap 'scripts/pg_tmp.sh stop "$db" >/dev/null 2>&1 || true' EXIT INT TERM
  scripts/pg_tmp.sh start "$db"
  DATABASE_URL=$(cat "$db/url")
  export DATABASE_URL
fi
if [ "${1:-}" = studio ]; then
  # The app's schema must exist: apply its migrations (into the app's own migrations table) first.
  build/quickstart/examples/web_kit migrate --out examples/web/drizzle --table __web_migrations
  build/quickstart/examples/web_kit studio --port "${2:-4983}"
else
  build/quickstart/examples/web "${1:-3000}"
fi
