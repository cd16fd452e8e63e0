"""Run every benchmark and gather their results in benchmarks/RESULTS.md.

Usage: .venv/bin/python benchmarks/run_all.py [name ...]
Each benchmarks/bench_NAME.py writes benchmarks/results/NAME.md; this collects them in one file.
Benchmarks are run by hand, never by the test suite: figures depend on the machine.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from machine import describe  # noqa: E402


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names]
    failures = 0
    for script in scripts:
        started = time.monotonic()
        print(f"== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        print(f"   {script.name}: exit {result.returncode} in {time.monotonic() - started:.0f} s")
        failures += result.returncode != 0
    sections = [
        "# Benchmark results\n",
        f"Collected by `benchmarks/run_all.py`. {describe()}\n",
        "Each section below names the machine and settings of its own run.\n",
    ]
    for path in sorted((HERE / "results").glob("*.md")):
        sections.append(path.read_text().strip() + "\n")
    (HERE / "RESULTS.md").write_text("\n".join(sections))
    print(f"wrote {HERE / 'RESULTS.md'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
