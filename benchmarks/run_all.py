"""Run every benchmark and gather their results in benchmarks/RESULTS.md.

Usage: python benchmarks/run_all.py [name ...]
Each benchmarks/bench_NAME.py writes benchmarks/results/NAME.md; this collects them in one file,
after a table of how long each took and how busy the machine was meanwhile (the load average,
sampled every few seconds). Benchmarks are run by hand, never by the test suite: figures depend
on the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from machine import BUSY_PER_CORE, describe, load_average  # noqa: E402

SAMPLE_SECONDS = 5
RUNS_FILE = HERE / "results" / "runs.json"  # the summary row of each benchmark's last run
# The order of RESULTS.md: callers first, then the workers behind them, then speech.
ORDER = ["webhooks", "pipeline", "recognition", "tts", "papers_phone", "storage"]
TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (not idle, not waiting for disk)."""
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICKS


def our_cpu_seconds() -> float:
    """CPU seconds of this process's finished children: the benchmarks and all they started."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_sampled(script: Path) -> dict:
    """Run one benchmark, sampling the load average while it runs."""
    samples = [load_average()]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_SECONDS):
            samples.append(load_average())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started, busy, ours = time.monotonic(), machine_busy_seconds(), our_cpu_seconds()
    result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
    done.set()
    sampler.join()
    elapsed = time.monotonic() - started
    others = (machine_busy_seconds() - busy) - (our_cpu_seconds() - ours)
    return {
        "when": f"{datetime.now(UTC):%H:%M}",
        "others": max(0.0, others) / (elapsed * (os.cpu_count() or 1)),
        "name": script.stem.removeprefix("bench_"),
        "exit": result.returncode,
        "seconds": elapsed,
        "load": (samples[0], sum(samples) / len(samples), max(samples)),
    }


def summary(runs: list[dict]) -> list[str]:
    cores = os.cpu_count() or 1
    lines = [
        "| benchmark | ended (UTC) | exit | minutes | load at start | mean load | highest load | "
        "CPU used by others |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        start, mean, high = run["load"]
        lines.append(
            f"| {run['name']} | {run['when']} | {run['exit']} | {run['seconds'] / 60:.1f} | "
            f"{start:.1f} | "
            f"{mean:.1f} | {high:.1f} | {run['others']:.0%} |"
        )
    busy = [run["name"] for run in runs if run["others"] > BUSY_PER_CORE / 2]
    lines += [
        "",
        "The load average counts the benchmark's own processes too: a benchmark that keeps both "
        f"cores busy shows about {cores}. *CPU used by others* is the share of the {cores} "
        "cores' time, while the benchmark ran, spent by processes it did not start (from "
        "/proc/stat less the benchmark's own CPU time): other engineers' test runs on this "
        "shared machine, and the shared PostgreSQL server, which the benchmarks do use.",
    ]
    if busy:
        lines.append(
            f"**Others used over {BUSY_PER_CORE / 2:.0%} of the machine during: "
            f"{', '.join(busy)}. Those figures were disturbed by other work and are "
            "pessimistic.**"
        )
    return lines


def in_order(items: list, name_of) -> list:
    def rank(item) -> tuple[int, str]:
        name = name_of(item)
        return (ORDER.index(name) if name in ORDER else len(ORDER), name)

    return sorted(items, key=rank)


def main(names: list[str]) -> int:
    scripts = in_order(list(HERE.glob("bench_*.py")), lambda p: p.stem.removeprefix("bench_"))
    if names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names]
    # A benchmark run alone (run_all.py NAME) keeps the other benchmarks' rows from before.
    previous = json.loads(RUNS_FILE.read_text()) if names and RUNS_FILE.exists() else {}
    runs = {}
    for script in scripts:
        print(f"== {script.name}", flush=True)
        run = run_sampled(script)
        runs[run["name"]] = run
        print(f"   {script.name}: exit {run['exit']} in {run['seconds']:.0f} s")
    runs = {**previous, **runs}
    RUNS_FILE.write_text(json.dumps(runs, indent=1) + "\n")
    runs = in_order(list(runs.values()), lambda run: run["name"])
    total = sum(run["seconds"] for run in runs) / 60
    sections = [
        "# Benchmark results\n",
        f"Collected by `python benchmarks/run_all.py` ({total:.0f} minutes of benchmarks). "
        f"{describe()}\n",
        "\n".join(summary(runs)) + "\n",
        "Each section below names the machine and the load average of its own run.\n",
    ]
    for path in in_order(list((HERE / "results").glob("*.md")), lambda p: p.stem):
        sections.append(path.read_text().strip() + "\n")
    (HERE / "RESULTS.md").write_text("\n".join(sections))
    print(f"wrote {HERE / 'RESULTS.md'}")
    return 1 if any(run["exit"] for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
