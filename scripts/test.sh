#!/usr/bin/env bash
# Set everything up, then run the whole test suite on SQLite and again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
# CI sets PYTHONDONTWRITEBYTECODE: then every xdist worker and every process a test starts
# compiles each module it imports again, and pytest rewrites every test module in each worker.
# Here the first process to import a module writes its byte-code (git ignores __pycache__) and
# the rest read it: cheaper than compiling all of site-packages ahead (28 s on a new clone).
unset PYTHONDONTWRITEBYTECODE
bash scripts/setup.sh

echo "== ruff"
.venv/bin/ruff check .

echo "== import contracts (layers, nothing importing upwards, no loops: docs/architecture.md)"
.venv/bin/lint-imports

# The dependency audit (mostly waiting on the network) and the wheel check run beside the test
# passes; their reports are printed, and their failures count, at the end.
runs="$(mktemp -d)"
side_jobs=()
cleanup() {
  for job in "${side_jobs[@]}"; do kill "$job" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$runs"
}
trap cleanup EXIT
bash scripts/audit_dependencies.sh > "$runs/audit.log" 2>&1 &
audit=$!
bash scripts/check_wheel.sh > "$runs/wheel.log" 2>&1 &
wheel=$!
side_jobs=("$audit" "$wheel")

# report NAME PID LOG: wait for a side job, print its log; fails when the job failed.
report() {
  local status=0
  echo "== $1"
  wait "$2" || status=$?
  cat "$3"
  [ "$status" -eq 0 ] || echo "== failed: $1 (exit $status)" >&2
  return "$status"
}

# Both database passes on xdist workers, one after the other. One worker more than the cores:
# tests also wait (for PostgreSQL, Chromium, a worker process, a timeout), and the spare worker
# uses that time. Measured on this 2-core machine: SQLite 288 s with 2 workers, 249 s with 3,
# 259 s with 4; PostgreSQL 135 s, 117 s, 127 s. TEST_WORKERS sets the workers of each pass (0:
# none); TEST_PASSES=together runs the passes side by side (measured: no faster).
workers=(-n "${TEST_WORKERS:-$(($(nproc) + 1))}" --durations=15)
url="$(bash scripts/postgres.sh start)"
postgres_pass() {
  TEST_DATABASE_URL="$url" TEST_DATABASE_ONLY=1 .venv/bin/python -m pytest "${workers[@]}" \
    --basetemp="$runs/postgres" "$@"
}
sqlite_status=0
postgres_status=0
if [ "${TEST_PASSES:-serial}" = serial ]; then
  echo "== tests on SQLite"
  .venv/bin/python -m pytest "${workers[@]}" --basetemp="$runs/sqlite" "$@" || sqlite_status=$?
  echo "== tests on PostgreSQL (tests that reach a database, outside Chromium; the SQLite pass ran the rest)"
  postgres_pass "$@" || postgres_status=$?
else
  echo "== tests on SQLite, and on PostgreSQL alongside (its report follows)"
  postgres_pass "$@" > "$runs/postgres.log" 2>&1 &
  postgres=$!
  .venv/bin/python -m pytest "${workers[@]}" --basetemp="$runs/sqlite" "$@" || sqlite_status=$?
  wait "$postgres" || postgres_status=$?
  echo "== tests on PostgreSQL (tests that reach a database, outside Chromium; the SQLite pass ran the rest)"
  cat "$runs/postgres.log"
fi
side_status=0
report "dependency audit" "$audit" "$runs/audit.log" || side_status=1
report "the wheel, installed in a fresh venv, from another folder" "$wheel" "$runs/wheel.log" \
  || side_status=1
side_jobs=()
echo "== done in $((SECONDS - started)) s: SQLite pass exit $sqlite_status, PostgreSQL pass exit $postgres_status, audit and wheel exit $side_status"
if [ "$sqlite_status" -ne 0 ] || [ "$postgres_status" -ne 0 ] || [ "$side_status" -ne 0 ]; then
  exit 1
fi
