#!/usr/bin/env bash
# Set everything up, then run the whole test suite on SQLite and again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== ruff"
.venv/bin/ruff check .

echo "== import contracts (layers, no loops; see docs/architecture.md)"
.venv/bin/lint-imports

echo "== the wheel, installed in a fresh venv, from another folder"
bash scripts/check_wheel.sh

echo "== tests on SQLite"
.venv/bin/python -m pytest "$@"

echo "== tests on PostgreSQL"
url="$(bash scripts/postgres.sh start)"
TEST_DATABASE_URL="$url" .venv/bin/python -m pytest "$@"
