#!/usr/bin/env bash
# Throwaway PostgreSQL 15 server for tests and benchmarks: `scripts/pg-server.sh start DIR PORT` / `stop DIR`.
# It runs as the unprivileged `postgres` user when started by root (PostgreSQL refuses to run as root),
# listens on 127.0.0.1 only, and trusts local connections: never use it for real data.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data directory}
port=${3:-54329}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
# Memory: 256 MB of shared buffers for tests; the benchmark sets PG_SHARED_BUFFERS to a quarter of the
# machine's memory (PostgreSQL's own sizing advice), since a million contracts' indexes do not fit in 256 MB.
shared_buffers=${PG_SHARED_BUFFERS:-256MB}
max_wal_size=${PG_MAX_WAL_SIZE:-1GB}

if [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL server binaries not found in $PGBIN; installing the Debian package..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

as_pg() {
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = "0" ] && chown postgres "$dir"
    as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=$shared_buffers -c max_wal_size=$max_wal_size" \
      start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
  *)
    echo "usage: $0 start DIR [PORT] | stop DIR" >&2
    exit 2
    ;;
esac
