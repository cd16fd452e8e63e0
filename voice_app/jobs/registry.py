"""Job kinds and the functions that run them. Each area registers its own in a `tasks` module."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

JobHandler = Callable[[dict[str, Any]], dict[str, Any] | None]

_HANDLERS: dict[str, JobHandler] = {}

# Modules whose import registers handlers; the worker imports them all at start.
TASK_MODULES: list[str] = [
    "voice_app.jobs.builtin_tasks",
    "voice_app.papers.tasks",
    "voice_app.payments.tasks",
]


class PermanentJobError(Exception):
    """A failure that retrying cannot fix (bad payload, a file that will never parse)."""


def handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    def register(func: JobHandler) -> JobHandler:
        _HANDLERS[kind] = func
        return func

    return register


def handlers() -> dict[str, JobHandler]:
    for module in TASK_MODULES:
        importlib.import_module(module)
    return dict(_HANDLERS)
