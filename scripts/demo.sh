#!/usr/bin/env bash
# Set everything up, load the demo group and run the product: web view, webhooks and a worker.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export VOICE_APP_DATA_DIR="${VOICE_APP_DATA_DIR:-$PWD/instance}"
export VOICE_APP_DEMO=1  # trust the demo's own Twilio token file (never set this on a real line)
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
# Twilio signs the URL it calls: it must be the address the app is reached at.
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://$HOST:$PORT}"
VA=.venv/bin/voice-app

# scripts/setup.sh installed Whisper tiny.en (checked file by file); say which engine will listen.
echo "demo: comments and shopping items are transcribed offline by: $($VA models which)"

$VA init-db
$VA demo
$VA worker &
worker_pid=$!
trap 'kill $worker_pid 2>/dev/null || true' EXIT
echo "demo: web view at http://$HOST:$PORT/ ; try the phone line with: $VA call --from +447700900101"
$VA serve --host "$HOST" --port "$PORT"
