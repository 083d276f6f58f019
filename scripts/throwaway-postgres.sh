#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: started on a free loopback port in a temp
# directory (as the postgres user when run as root), DATABASE_URL exported, removed afterwards
# even on failure. Exits 97 when the machine has no PostgreSQL binaries.
#   scripts/throwaway-postgres.sh .venv/bin/python bench/cases/bench_cases.py
set -euo pipefail

PG_BIN=""
for dir in /usr/lib/postgresql/*/bin; do
  [ -x "$dir/initdb" ] && PG_BIN="$dir"
done
if [ -z "$PG_BIN" ] && command -v initdb >/dev/null; then PG_BIN="$(dirname "$(command -v initdb)")"; fi
if [ -z "$PG_BIN" ]; then
  echo "!!! PostgreSQL binaries (initdb, pg_ctl) not found" >&2
  exit 97
fi
echo "Throwaway $("$PG_BIN/postgres" --version)" >&2

PGDIR=$(mktemp -d /tmp/masar-pg.XXXXXX)
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
if [ "$(id -u)" = 0 ]; then chown postgres "$PGDIR"; fi
as_pg "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres masar
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/masar"
"$@"
