"""Job kinds and the functions that run them. Each area registers its own in a `tasks` module."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

JobHandler = Callable[[dict[str, Any]], dict[str, Any] | None]

_HANDLERS: dict[str, JobHandler] = {}
GiveUpHandler = Callable[[dict[str, Any], str], None]
_GIVE_UP: dict[str, GiveUpHandler] = {}

# Modules whose import registers handlers; the worker imports them all at start.
TASK_MODULES: list[str] = [
    "voice_app.jobs.builtin_tasks",
    "voice_app.housekeeping",
    "voice_app.papers.tasks",
    "voice_app.payments.tasks",
    "voice_app.outreach.tasks",
    # recordings: download, transcribe, delete Twilio's copy
    "voice_app.recordings.tasks",
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


def on_give_up(kind: str) -> Callable[[GiveUpHandler], GiveUpHandler]:
    """Register what to do when a job of this kind has failed for good (payload, reason)."""

    def register(func: GiveUpHandler) -> GiveUpHandler:
        _GIVE_UP[kind] = func
        return func

    return register


def give_up_handler(kind: str) -> GiveUpHandler | None:
    return _GIVE_UP.get(kind)
