#!/usr/bin/env bash
# The built wheel works on its own, from any folder: build it, install it into a fresh venv, then
# from an empty folder load the demo, serve it, make a signed call through the real webhooks with
# `voice-app call` and run one `voice-app worker --once` tick. Any 500 or traceback fails.
# The app comes from the wheel only; its dependencies are borrowed from .venv (already installed),
# so the check takes seconds, not a second download of every dependency.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

rm -rf "$repo/build"  # setuptools reuses build/lib: a file removed or renamed would still ship
# uv builds it in 3 s (pip wheel: 7 s, setting up its build environment); pip where uv is not.
if [ -x "$repo/.venv/bin/uv" ]; then
  "$repo/.venv/bin/uv" build -q --wheel -o "$work/dist" "$repo"
else
  "$repo/.venv/bin/python" -m pip wheel -q --no-deps -w "$work/dist" "$repo" \
    2> >(grep -v "^WARNING: Location" >&2)
fi
# Every file the package reads at run time (templates, prompts, static files, migrations) is in it.
"$repo/.venv/bin/python" - "$repo" "$work"/dist/voice_app-*.whl <<'PY'
import pathlib, sys, zipfile
repo, wheel = pathlib.Path(sys.argv[1]), sys.argv[2]
shipped = set(zipfile.ZipFile(wheel).namelist())
missing = [
    str(p.relative_to(repo)) for p in (repo / "voice_app").rglob("*")
    if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    and str(p.relative_to(repo)) not in shipped
]
if missing:
    sys.exit(f"check_wheel: not shipped in the wheel: {', '.join(sorted(missing)[:10])}")
stale = [n for n in shipped if n.startswith("voice_app/") and not (repo / n).is_file()]
if stale:
    sys.exit(f"check_wheel: in the wheel but not in the source: {', '.join(sorted(stale)[:10])}")
PY
# A venv without its own pip (making one took 8 s): .venv's pip installs into it.
python3 -m venv --without-pip "$work/venv"
purelib() { "$1" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
purelib "$repo/.venv/bin/python" > "$(purelib "$work/venv/bin/python")/voice_app_dependencies.pth"
if [ -x "$repo/.venv/bin/uv" ]; then
  "$repo/.venv/bin/uv" pip install -q --python "$work/venv/bin/python" --no-deps --compile-bytecode \
    "$work"/dist/voice_app-*.whl
else
  "$repo/.venv/bin/python" -m pip --python "$work/venv/bin/python" install -q --no-deps \
    "$work"/dist/voice_app-*.whl 2> >(grep -v "^WARNING: Location" >&2)
fi

mkdir "$work/elsewhere" && cd "$work/elsewhere"
app="$work/venv/bin/voice-app"
installed="$("$work/venv/bin/python" -c 'import voice_app; print(voice_app.__file__)')"
case "$installed" in "$work/venv/"*) ;; *) echo "check_wheel: voice_app came from $installed" >&2; exit 1;; esac

port="$("$work/venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export VOICE_APP_DATA_DIR="$work/data" PUBLIC_BASE_URL="http://127.0.0.1:$port" SECRET_KEY="wheel-check-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d " \n")" VOICE_APP_DEMO=1
unset DATABASE_URL TWILIO_AUTH_TOKEN TWILIO_ACCOUNT_SID VOICE_APP_PROMPTS_DIR VOICE_APP_MODELS_DIR
"$app" demo > "$work/demo.txt" 2>&1 || { tail -20 "$work/demo.txt" >&2; echo "check_wheel: voice-app demo failed (above)" >&2; exit 1; }
"$app" serve --port "$port" --workers 1 > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "$PUBLIC_BASE_URL/healthz" >/dev/null && break; sleep 0.2; done

# A whole signed call: the welcome, a menu key, silence, then hang up. A 500 stops `call` with exit 1.
printf '1\n\n9\nhang up\n' | "$app" call --from +447700900555 > "$work/call.txt"
grep -q "(call ended)" "$work/call.txt"
"$app" worker --once > "$work/worker.txt" 2>&1
if grep -nE '" 500 |Traceback|PromptError' "$work/serve.log" "$work/worker.txt"; then
  echo "check_wheel: the installed app failed (see above)" >&2; exit 1
fi
echo "check_wheel: wheel installed in a fresh venv; call ($(grep -c '^line:' "$work/call.txt" || true) lines heard) and worker tick ($(tail -1 "$work/worker.txt")) from another folder, no 500"
