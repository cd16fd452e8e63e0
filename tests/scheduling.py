"""The order tests are handed out in: the longest first, as measured (tests/durations.json).

scripts/test.sh runs xdist with `--maxschedchunk 1`: each worker is handed the next test in this
order as it finishes one, so the order is the schedule. Longest first, the classic greedy
schedule, keeps every core busy to the end. In collection order the minute-long browser sweep and
the speech-accuracy tests (tests/web, tests/speech) came last, and for the last 40 s of a pass one
or two workers idled while another finished them.

Tests shorter than STORE_FROM are not in the file and keep their collection order after the
long ones; so does a test the file does not know yet. A stale file costs minutes, never a
result: `pytest --store-durations` (with TEST_DATABASE_URL set, as in scripts/test.sh) writes it
again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

DURATIONS = Path(__file__).with_name("durations.json")
STORE_FROM = 0.5  # seconds (setup, call and teardown together)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--store-durations",
        action="store_true",
        help=f"write how long each test of {STORE_FROM} s or more took to {DURATIONS.name}",
    )


def _known() -> dict[str, float]:
    try:
        return json.loads(DURATIONS.read_text())
    except (OSError, ValueError):
        return {}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    known = _known()
    items.sort(key=lambda item: -known.get(item.nodeid, 0.0))  # stable: the rest keep their order


class DurationRecorder:
    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid] += report.duration

    def pytest_sessionfinish(self) -> None:
        long = {test: round(s, 1) for test, s in self.seconds.items() if s >= STORE_FROM}
        DURATIONS.write_text(json.dumps(dict(sorted(long.items())), indent=0) + "\n")


def pytest_configure(config: pytest.Config) -> None:
    # Reports reach the controller from every xdist worker; a worker itself stores nothing.
    if config.getoption("store_durations") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(DurationRecorder(), "store-durations")
