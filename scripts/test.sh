#!/usr/bin/env bash
# Set everything up, then run the whole test suite on SQLite and again on PostgreSQL, each pass
# spread over parallel pytest-xdist workers (TEST_WORKERS, default: one per core). The installed-
# wheel check runs beside the SQLite pass.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
workers="${TEST_WORKERS:-auto}"
started=$SECONDS

echo "== ruff"
.venv/bin/ruff check .

echo "== import contracts (layers, no loops; see docs/architecture.md)"
.venv/bin/lint-imports

echo "== the wheel, installed in a fresh venv, from another folder (in the background)"
wheel_log="$(mktemp)"
bash scripts/check_wheel.sh > "$wheel_log" 2>&1 &
wheel_check=$!

echo "== tests on SQLite ($workers workers)"
.venv/bin/python -m pytest -n "$workers" "$@"

echo "== the wheel check"
if ! wait "$wheel_check"; then cat "$wheel_log"; exit 1; fi
tail -1 "$wheel_log"

echo "== tests on PostgreSQL ($workers workers)"
url="$(bash scripts/postgres.sh start)"
TEST_DATABASE_URL="$url" .venv/bin/python -m pytest -n "$workers" "$@"
echo "== all checks passed in $((SECONDS - started)) s (after setup)"
