#!/usr/bin/env bash
# Throwaway servers for the read-replica and TLS tests (tests/integration/servers_test.cpp):
#   scripts/pg_servers.sh start DIR   a primary (unix socket, and TCP on localhost with ssl=on) and a streaming
#                                     standby made by pg_basebackup -R (unix socket); writes DIR/primary_url,
#                                     DIR/replica_url, DIR/tls_port, DIR/ca.crt and DIR/replica_data
#   scripts/pg_servers.sh stop DIR    stop both and remove everything they used (also after a failed start)
# The CA and the server certificate (CN and subjectAltName "localhost") are made by openssl at start, valid for a
# day. As pg_tmp.sh: the clusters live in a fresh directory under /tmp, run as `postgres` when started by root.
set -euo pipefail

die() { echo "pg_servers: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: pg_servers.sh start|stop DIR"
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

remove_servers() {
  [ -f "$dir/location" ] || return 0
  local real
  real=$(cat "$dir/location")
  for data in "$real/replica" "$real/primary"; do
    if [ -f "$data/postmaster.pid" ] && [ -n "$bindir" ]; then
      as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
  done
  case "$real" in /tmp/drizzle-servers.*) rm -rf "$real" ;; esac
  rm -f "$dir/location"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + RANDOM % 20000))
}

case "$action" in
  start)
    [ -n "$bindir" ] || die "PostgreSQL server binaries not found; run scripts/setup.sh (installs postgresql)"
    command -v openssl >/dev/null || die "openssl not found (the TLS test makes its certificates with it)"
    mkdir -p "$dir"
    remove_servers
    rm -f "$dir"/primary_url "$dir"/replica_url "$dir"/tls_port "$dir"/ca.crt "$dir"/replica_data
    real=$(mktemp -d /tmp/drizzle-servers.XXXXXX)
    printf '%s' "$real" > "$dir/location"
    trap 'cp "$real"/*.log "$dir"/ 2>/dev/null || true; remove_servers' ERR
    mkdir -p "$real/sock" "$real/tls"
    chmod 755 "$real"

    # A CA, and a server certificate it signed for the name localhost.
    (
      cd "$real/tls"
      openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=drizzle test CA" \
        -keyout ca.key -out ca.crt >/dev/null 2>&1
      openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr >/dev/null 2>&1
      printf 'subjectAltName=DNS:localhost\n' > server.ext
      openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -extfile server.ext \
        -out server.crt >/dev/null 2>&1
      chmod 600 server.key
    ) || die "openssl could not make the certificates"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$real"
    cp "$real/tls/ca.crt" "$dir/ca.crt"
    chmod 644 "$dir/ca.crt"

    as_owner "$bindir/initdb" -D "$real/primary" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$real/initdb.log" 2>&1 ||
      die "initdb failed: see $dir/initdb.log"
    primary_port=$(free_port)
    as_owner "$bindir/pg_ctl" -D "$real/primary" -l "$real/primary.log" -w -t 60 \
      -o "-c listen_addresses=localhost -c unix_socket_directories='$real/sock' -p $primary_port -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off -c timezone=UTC -c max_connections=30 -c wal_level=replica \
          -c max_wal_senders=4 -c ssl=on -c ssl_cert_file='$real/tls/server.crt' -c ssl_key_file='$real/tls/server.key' \
          -c cluster_name=drizzle_primary" start >/dev/null 2>&1 || die "the primary did not start: see $dir/primary.log"

    as_owner "$bindir/pg_basebackup" -h "$real/sock" -p "$primary_port" -U postgres -D "$real/replica" -R -X stream \
      -c fast >"$real/basebackup.log" 2>&1 || die "pg_basebackup failed: see $dir/basebackup.log"
    replica_port=$(free_port)
    as_owner "$bindir/pg_ctl" -D "$real/replica" -l "$real/replica.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$real/sock' -p $replica_port -c fsync=off \
          -c timezone=UTC -c max_connections=30 -c hot_standby=on -c cluster_name=drizzle_replica" \
      start >/dev/null 2>&1 || die "the standby did not start: see $dir/replica.log"
    trap - ERR

    printf '%s' "postgresql://postgres@/postgres?host=$real/sock&port=$primary_port" > "$dir/primary_url"
    printf '%s' "postgresql://postgres@/postgres?host=$real/sock&port=$replica_port" > "$dir/replica_url"
    printf '%s' "$primary_port" > "$dir/tls_port"
    printf '%s' "$real/replica" > "$dir/replica_data"
    echo "pg_servers: primary on port $primary_port (TLS on localhost), standby on port $replica_port"
    ;;
  stop)
    remove_servers
    rm -rf "$dir"
    echo "pg_servers: stopped and removed the servers of $dir"
    ;;
  # The tests stop the standby to see a read fall back: `stop-replica DIR` (as the servers' owner).
  stop-replica)
    [ -f "$dir/replica_data" ] || die "no standby recorded in $dir"
    as_owner "$bindir/pg_ctl" -D "$(cat "$dir/replica_data")" -m immediate -w stop >/dev/null 2>&1 || true
    ;;
  *) die "usage: pg_servers.sh start|stop|stop-replica DIR" ;;
esac
