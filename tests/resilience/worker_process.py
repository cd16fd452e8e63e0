"""A real `voice-app worker` in its own process, for faults that must be real (a missing engine,
a corrupt model), and a way to wait for what it does."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import update

from voice_app.extensions import db
from voice_app.models import Job, JobStatus, utcnow

WORKTREE = Path(__file__).resolve().parents[2]
WORKER = [sys.executable, "-c", "from voice_app.cli import main; main()", "worker"]


def start_worker(
    environment: dict[str, str], log: Path, prefix: list[str] | None = None, **extra: str
) -> subprocess.Popen:
    """`voice-app worker` from this worktree; `prefix` runs it inside another command."""
    env = {**os.environ, **environment, "VOICE_APP_JOB_LEASE_SECONDS": "30", **extra}
    if not extra.get("VOSK_MODEL_PATH"):
        env.pop("VOSK_MODEL_PATH", None)
    return subprocess.Popen(
        [*(prefix or []), *WORKER],
        cwd=WORKTREE,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        worker.wait(30)


def wait_for(condition: Callable[[], object], seconds: float, what: str) -> object:
    """Poll the database (another process writes it), making retries due at once."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.execute(
            update(Job).where(Job.status == JobStatus.QUEUED).values(run_after=utcnow())
        )
        db.session.commit()
        db.session.expire_all()
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")
