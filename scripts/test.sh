#!/usr/bin/env bash
# The whole check: lint, format, layers, types, then the test suite on SQLite and on a throwaway PostgreSQL.
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

ensure_java() {
  # pyxform runs ODK Validate (a Java program it bundles) on the generated XForms.
  if command -v java >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    banner "Installing a Java runtime for ODK Validate"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "!!! Java is missing and cannot be installed (not root):"
    echo "!!! the ODK Validate checks of the generated forms will be SKIPPED."
  fi
}

ensure_poppler() {
  # The round report's tests read its PDFs back with pdftotext and pdffonts (poppler-utils).
  if command -v pdftotext >/dev/null && command -v pdffonts >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    banner "Installing poppler-utils for the PDF report tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "!!! pdftotext (poppler-utils) is missing and cannot be installed (not root):"
    echo "!!! the PDF text checks of the round reports will be SKIPPED."
  fi
}

banner "ruff check"
$BIN/ruff check .
banner "ruff format --check"
$BIN/ruff format --check .
banner "lint-imports (the layers of the apps, in pyproject.toml)"
PYTHONPATH=src $BIN/lint-imports
banner "mypy (the typed modules listed in pyproject.toml)"
PYTHONPATH=src $BIN/mypy
ensure_browser
ensure_java
ensure_poppler

# One worker per core, each with its own test database (pytest-django suffixes the name) and
# its own browser; workers steal queued tests so that a slow one does not leave a core idle.
PARALLEL=(-n auto --dist worksteal)

banner "pytest on SQLite"
MASAR_TEST_DB=sqlite $BIN/pytest -p no:cacheprovider "${PARALLEL[@]}" "$@"

# Tests that open no database gave their answer on SQLite: this pass runs the others.
banner "pytest on PostgreSQL (the tests that use the database)"
set +e
MASAR_TEST_DB=postgresql scripts/throwaway-postgres.sh \
  $BIN/pytest -p no:cacheprovider "${PARALLEL[@]}" --database-tests-only "$@"
status=$?
set -e
if [ "$status" = 97 ]; then
  echo
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!!! PostgreSQL binaries (initdb, pg_ctl) not found: tests ran on SQLite ONLY"
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  exit 0
fi
exit "$status"
