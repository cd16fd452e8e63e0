"""The worker loop: claim a job, run its handler, record the outcome; repeat."""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask

from voice_app.extensions import db
from voice_app.jobs.queue import DEFAULT_LEASE, claim_next, finish, record_failure
from voice_app.jobs.registry import PermanentJobError, give_up_handler, handlers
from voice_app.models import JobStatus

log = logging.getLogger("voice_app.worker")


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def lease_from_settings(app: Flask) -> timedelta:
    """Settings.job_lease_seconds: how long a dead worker's job waits before another takes it."""
    settings = app.config.get("SETTINGS")
    return timedelta(seconds=settings.job_lease_seconds) if settings else DEFAULT_LEASE


class Worker:
    """Runs jobs until told to stop (SIGTERM/SIGINT finish the current job first)."""

    def __init__(
        self,
        app: Flask,
        poll_seconds: float = 1.0,
        kinds: list[str] | None = None,
        lease: timedelta | None = None,
    ):
        self.app = app
        self.lease = lease or lease_from_settings(app)
        self.poll_seconds = poll_seconds
        self.kinds = kinds
        self.identity = worker_id()
        self.stopping = False
        self.handlers = handlers()
        # Scheduled checks (reminders, retention) run between jobs, inside an app context.
        self.periodic: list[Callable[[], None]] = []

    def stop(self, *_args: Any) -> None:
        self.stopping = True

    def run_one(self) -> bool:
        """Claim and run one job; False when there was nothing to do."""
        with self.app.app_context():
            job = claim_next(self.identity, self.kinds, lease=self.lease)
            if job is None:
                return False
            func = self.handlers.get(job.kind)
            log.info("job %s (%s) attempt %s", job.id, job.kind, job.attempts)
            try:
                if func is None:
                    raise PermanentJobError(f"no handler for job kind {job.kind!r}")
                result = func(dict(job.payload or {}))
            except PermanentJobError as exc:
                record_failure(job, exc, permanent=True)
                self._after_failure(job)
            except Exception as exc:  # noqa: BLE001 - a job's failure must not stop the worker
                log.exception("job %s failed", job.id)
                record_failure(job, exc)
                self._after_failure(job)
            else:
                finish(job, result)
            return True

    def _after_failure(self, job: Any) -> None:
        """When a job has failed for good, let its area record why (its rows say "failed")."""
        on_give_up = give_up_handler(job.kind)
        if job.status != JobStatus.FAILED or on_give_up is None:
            return
        try:
            on_give_up(dict(job.payload or {}), job.last_error or "")
        except Exception:  # noqa: BLE001 - the job is already marked failed with its reason
            log.exception("give-up handler for job %s failed", job.id)
            db.session.rollback()

    def run(self, once: bool = False) -> int:
        """Loop over jobs. With once, drain what is runnable now and return how many ran."""
        if not once:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        ran = 0
        while not self.stopping:
            for tick in self.periodic:
                with self.app.app_context():
                    tick()
            if self.run_one():
                ran += 1
                continue
            if once:
                break
            time.sleep(self.poll_seconds)
        return ran
