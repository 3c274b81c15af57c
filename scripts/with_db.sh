#!/usr/bin/env bash
# Runs a command with DATABASE_URL taken from a url file written by pg_tmp.sh (unless already set).
#   scripts/with_db.sh URLFILE CMD [ARGS...]
set -euo pipefail
urlfile=$1; shift
if [ -z "${DATABASE_URL:-}" ]; then
  [ -f "$urlfile" ] || { echo "with_db: no database: $urlfile is missing (did the postgres_start fixture run?)" >&2; exit 1; }
  DATABASE_URL=$(cat "$urlfile")
  export DATABASE_URL
fi
exec "$@"
