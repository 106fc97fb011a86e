#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server for the test suite.
#   scripts/pg-server.sh start DIR PORT [durable]   → prints the connection URL
#   scripts/pg-server.sh stop DIR [keep]
# A DIR that already holds a cluster is started as it is (a benchmark's history kept between runs);
# `keep` stops the server and leaves DIR in place.
# By default durability is off (this server holds only test data and speed matters more);
# `durable` keeps PostgreSQL's defaults (fsync, synchronous_commit, full_page_writes on), for
# benchmarks and fault tests whose figures users read.
# The server refuses to run as root, so as root it runs as the `postgres` user.
set -euo pipefail
cmd=$1 dir=$2

pgbin() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin=$(pgbin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL server binaries not found" >&2
  exit 3
fi

case "$cmd" in
  start)
    port=$3
    settings="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if [ "${4:-}" = durable ] || [ "${PG_DURABLE:-}" = 1 ]; then settings="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"; fi
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    fi
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir $settings -c max_connections=200" \
      start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    if [ "${3:-}" != keep ]; then rm -rf "$dir"; fi
    ;;
  *)
    echo "usage: $0 start DIR PORT [durable] | stop DIR [keep]" >&2
    exit 2
    ;;
esac
