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

# The dependency audit (mostly waiting on the network) and the wheel check run beside the tests;
# their reports are printed, and their failures count, at the end.
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

# One pytest session on xdist workers tests both databases: every test on SQLite, and again on
# PostgreSQL each test that reaches a database (tests/conftest.py). One set of workers and one
# collection, where two passes had one each and idled between them. One worker more than the
# cores: tests also wait (for PostgreSQL, Chromium, a worker process, a timeout), and the spare
# worker uses that time. `--maxschedchunk 1` hands each worker the next test as it finishes
# one, longest first (tests/scheduling.py), so all workers finish together. TEST_WORKERS sets
# the workers (0: none); TEST_DATABASE_URL=none tests SQLite only.
workers=(-n "${TEST_WORKERS:-$(($(nproc) + 1))}" --maxschedchunk 1 --durations=15)
if [ "${TEST_DATABASE_URL:-}" = none ]; then
  unset TEST_DATABASE_URL
else
  export TEST_DATABASE_URL="${TEST_DATABASE_URL:-$(bash scripts/postgres.sh start)}"
fi
echo "== tests on SQLite${TEST_DATABASE_URL:+ and PostgreSQL ([postgresql]: tests that reach a database, outside Chromium)}"
tests_status=0
.venv/bin/python -m pytest "${workers[@]}" --basetemp="$runs/tests" "$@" || tests_status=$?
side_status=0
report "dependency audit" "$audit" "$runs/audit.log" || side_status=1
report "the wheel, installed in a fresh venv, from another folder" "$wheel" "$runs/wheel.log" \
  || side_status=1
side_jobs=()
echo "== done in $((SECONDS - started)) s: tests exit $tests_status, audit and wheel exit $side_status"
if [ "$tests_status" -ne 0 ] || [ "$side_status" -ne 0 ]; then
  exit 1
fi
