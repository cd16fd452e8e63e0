#!/usr/bin/env bash
# Start a private PostgreSQL server for tests or a local scale-out trial, on 127.0.0.1.
# Usage: scripts/postgres.sh start|stop|url   (PGDATA_DIR and PGPORT may be set)
set -euo pipefail
PGPORT="${PGPORT:-54329}"
PGDATA_DIR="${PGDATA_DIR:-/var/tmp/voice-app-postgres}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$BIN/initdb" ] || { echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 2; }
URL="postgresql://postgres@127.0.0.1:${PGPORT}/postgres"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
      mkdir -p "$PGDATA_DIR"
      [ "$(id -u)" = 0 ] && chown postgres: "$PGDATA_DIR"
      as_postgres "$BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    if ! as_postgres "$BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
      as_postgres "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
        -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k /tmp -c max_connections=200 -c fsync=off" start >/dev/null
    fi
    echo "$URL"
    ;;
  stop) as_postgres "$BIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null && echo stopped ;;
  url) echo "$URL" ;;
  *) echo "usage: scripts/postgres.sh start|stop|url" >&2; exit 2 ;;
esac
