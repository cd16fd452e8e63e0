#!/usr/bin/env bash
# Check the installed Python packages against known vulnerabilities (pip-audit, PyPI's data).
# Fails on a known vulnerability; never fails for lack of network or data: then it says so on
# one line and exits 0. Time-boxed, so a slow network cannot hold up the tests.
set -uo pipefail
cd "$(dirname "$0")/.."
AUDIT_SECONDS="${AUDIT_SECONDS:-180}"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT

if [ ! -x .venv/bin/pip-audit ]; then
  echo "== dependency audit: skipped (pip-audit is not installed; run scripts/setup.sh)"
  exit 0
fi
timeout "$AUDIT_SECONDS" .venv/bin/pip-audit --skip-editable --progress-spinner off \
  --format json --output "$report" >/dev/null 2>&1
status=$?
if [ "$status" -eq 124 ]; then
  echo "== dependency audit: skipped (no answer within ${AUDIT_SECONDS} s)"
  exit 0
fi
.venv/bin/python - "$report" "$status" <<'PY'
import json
import sys

path, status = sys.argv[1], int(sys.argv[2])
try:
    deps = json.load(open(path)).get("dependencies", [])
except (OSError, ValueError):
    print(f"== dependency audit: skipped (pip-audit gave no report, exit {status}: offline?)")
    sys.exit(0)
audited = [d for d in deps if "skip_reason" not in d]
if not audited:
    print("== dependency audit: skipped (no vulnerability data could be had for any package)")
    sys.exit(0)
found = [(d["name"], d["version"], v["id"]) for d in audited for v in d.get("vulns", [])]
for name, version, vuln in found:
    print(f"== dependency audit: {name} {version} has {vuln}")
print(f"== dependency audit: {len(audited)} packages checked, {len(found)} known vulnerabilities")
sys.exit(1 if found else 0)
PY
