#!/usr/bin/env bash
# The whole check: lint, format, then the test suite on SQLite and on a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

banner() { printf '\n===== %s =====\n' "$*"; }

ensure_browser() {
  # Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
  if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -i "Noto Naskh Arabic" >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    banner "Installing chromium and fonts-noto-core for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null
  else
    echo "!!! Chromium or the Noto Arabic fonts are missing and cannot be installed (not root):"
    echo "!!! the browser tests will be SKIPPED."
  fi
}

banner "ruff check"
$BIN/ruff check .
banner "ruff format --check"
$BIN/ruff format --check .
ensure_browser

banner "pytest on SQLite"
MASAR_TEST_DB=sqlite $BIN/pytest -p no:cacheprovider "$@"

PG_BIN=""
for dir in /usr/lib/postgresql/*/bin; do
  [ -x "$dir/initdb" ] && PG_BIN="$dir"
done
if [ -z "$PG_BIN" ] && command -v initdb >/dev/null; then PG_BIN="$(dirname "$(command -v initdb)")"; fi
if [ -z "$PG_BIN" ]; then
  echo
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!!! PostgreSQL binaries (initdb, pg_ctl) not found: tests ran on SQLite ONLY"
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  exit 0
fi

banner "pytest on PostgreSQL ($("$PG_BIN/postgres" --version))"
PGDIR=$(mktemp -d /tmp/masar-pg.XXXXXX)
PGPORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
as_pg "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/masar" MASAR_TEST_DB=postgresql \
  $BIN/pytest -p no:cacheprovider "$@"
