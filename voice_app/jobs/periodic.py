"""Checks the worker runs between jobs (reminders, retention, replaying kept callbacks).

Each runs at most every `min_interval` seconds per worker process, and a failing check is logged
and rolled back, never allowed to stop the worker's jobs. Checks only enqueue or replay keyed work,
so many workers ticking at once do each thing once.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from voice_app.extensions import db

log = logging.getLogger("voice_app.worker")


class Periodic:
    """A callable for Worker.periodic; subclasses say what to do in `run`."""

    min_interval: float = 60.0

    def __init__(self, min_interval: float | None = None):
        if min_interval is not None:
            self.min_interval = min_interval
        self._last: float | None = None

    def __call__(self) -> Any:
        now = time.monotonic()
        if self._last is not None and now - self._last < self.min_interval:
            return None
        self._last = now
        try:
            return self.run()
        except Exception:  # noqa: BLE001 - a bad check must not stop the worker's jobs
            log.exception("%s failed", type(self).__name__)
            db.session.rollback()
            return None

    def run(self) -> Any:
        raise NotImplementedError
