#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and the demo.
#   scripts/pg_tmp.sh start DIR   start a cluster and write its URL to DIR/url
#   scripts/pg_tmp.sh stop DIR    stop it and remove everything it used
# The cluster lives in a fresh directory under /tmp (recorded in DIR/location): the unprivileged user that runs it
# can reach it wherever DIR is, and the unix socket path stays short. PostgreSQL refuses to run as root: as root
# the cluster runs as the user `postgres`. When DATABASE_URL is set, start only writes it to DIR/url and stop leaves
# that server alone.
set -euo pipefail

die() { echo "pg_tmp: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: pg_tmp.sh start|stop DIR"
action=$1
dir=$(realpath -m "$2")

bindir=""
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then bindir=$(pg_config --bindir); fi
if [ -z "$bindir" ]; then
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir=$d; done
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Stops and removes the cluster DIR/location points at (left behind by an interrupted run, or the current one).
remove_cluster() {
  [ -f "$dir/location" ] || return 0
  local real
  real=$(cat "$dir/location")
  if [ -f "$real/data/postmaster.pid" ] && [ -n "$bindir" ]; then
    as_owner "$bindir/pg_ctl" -D "$real/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  case "$real" in /tmp/drizzle-pg.*) rm -rf "$real" ;; esac
  rm -f "$dir/location"
}

case "$action" in
  start)
    mkdir -p "$dir"
    if [ -n "${DATABASE_URL:-}" ]; then
      printf '%s' "$DATABASE_URL" > "$dir/url"
      touch "$dir/external"
      echo "pg_tmp: using DATABASE_URL"
      exit 0
    fi
    [ -n "$bindir" ] || die "PostgreSQL server binaries not found; run scripts/setup.sh (installs postgresql)"
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
      die "running as root needs the user 'postgres' (install the postgresql package)"
    fi
    remove_cluster
    rm -f "$dir/url" "$dir/external"
    real=$(mktemp -d /tmp/drizzle-pg.XXXXXX)
    printf '%s' "$real" > "$dir/location"
    mkdir -p "$real/sock"
    chmod 755 "$real"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$real"
    trap 'remove_cluster' ERR
    if ! as_owner "$bindir/initdb" -D "$real/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$real/initdb.log" 2>&1; then
      cp "$real/initdb.log" "$dir/initdb.log" 2>/dev/null || true
      die "initdb failed: see $dir/initdb.log"
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
    if ! as_owner "$bindir/pg_ctl" -D "$real/data" -l "$real/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$real/sock' -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c timezone=UTC -c max_connections=100" \
        start >/dev/null 2>&1; then
      cp "$real/server.log" "$dir/server.log" 2>/dev/null || true
      die "the server did not start: see $dir/server.log"
    fi
    trap - ERR
    url="postgresql://postgres@/postgres?host=$real/sock&port=$port"
    printf '%s' "$url" > "$dir/url"
    chmod 644 "$dir/url"
    echo "pg_tmp: PostgreSQL running at $url"
    ;;
  stop)
    if [ -f "$dir/external" ]; then rm -rf "$dir"; exit 0; fi
    remove_cluster
    rm -rf "$dir"
    echo "pg_tmp: stopped and removed the cluster of $dir"
    ;;
  *) die "usage: pg_tmp.sh start|stop DIR" ;;
esac
