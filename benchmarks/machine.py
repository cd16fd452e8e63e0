"""What machine a benchmark ran on, and how busy it was: every figure is written beside this."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime

BUSY_PER_CORE = 0.5  # a load average above this per core means others were using the machine


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib() -> float:
    try:
        with open("/proc/meminfo") as handle:
            kib = int(handle.readline().split()[1])
        return round(kib / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        return 0.0


def postgres_version() -> str:
    try:
        out = subprocess.run(["psql", "--version"], capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "not installed"


def describe() -> str:
    """A Markdown sentence naming the machine and software of this run."""
    return (
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {cpu_model()}, {os.cpu_count()} cores, "
        f"{memory_gib()} GiB memory; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {postgres_version()}."
    )


def load_average() -> float:
    """The one-minute load average: how many processes wanted a core, on average."""
    return os.getloadavg()[0]


def load_note(before: float, after: float) -> str:
    """One sentence on how busy the machine was, with a warning when others were using it."""
    cores = os.cpu_count() or 1
    text = f"Load average (1 min): {before:.1f} when the run began, {after:.1f} when it ended."
    if before > BUSY_PER_CORE * cores:
        text += (
            f" **The machine was already busy with other work when this began ({before:.1f} on "
            f"{cores} cores), so these figures are likely pessimistic.**"
        )
    return text


def header(title: str, script: str) -> list[str]:
    """The first lines of every results file: title, script, machine."""
    return [f"## {title}", "", f"`python benchmarks/{script}`. {describe()}", ""]
