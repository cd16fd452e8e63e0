"""The speech engine missing on the worker's machine (espeak-ng's library and program hidden in a
private mount namespace, so pyttsx3's driver cannot load): the render job fails with a clear
reason and keeps being retried, the worker lives on, and the phone reads the paper with <Say>."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.resilience.conftest import CALL_SID, GROUP_NUMBER, KNOWN
from tests.resilience.worker_process import start_worker, stop_worker, wait_for
from tests.twiml import parse, spoken_text
from voice_app.extensions import db
from voice_app.models import Job, JobStatus, Paper, PaperStatus, SpeechRendition

# The speech engine missing; no database rule in it.
pytestmark = pytest.mark.one_database

ESPEAK_LIBRARY = Path("/usr/lib/x86_64-linux-gnu/libespeak-ng.so.1")


def hide_espeak() -> list[str]:
    """A command prefix: run inside a mount namespace where espeak-ng's files are empty."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not ESPEAK_LIBRARY.exists():
        pytest.skip("needs root, unshare and espeak-ng to hide the engine from one process")
    hidden = [ESPEAK_LIBRARY.resolve(), Path(shutil.which("espeak-ng")).resolve()]
    mounts = " && ".join(f"mount --bind /dev/null {path}" for path in hidden)
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a mount namespace here: {probe.stderr.decode().strip()}")
    return [
        "unshare",
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        f'{mounts} && exec "$@"',
        "-",
    ]


def test_no_speech_engine_fails_the_render_clearly_and_the_phone_still_reads(
    app, line, twilio, environment, tmp_path
):
    prefix = hide_espeak()
    worker = start_worker(environment, tmp_path / "worker.log", prefix=prefix)
    try:
        job = wait_for(
            lambda: db.session.scalar(
                select(Job).where(
                    Job.kind == "render_paper", Job.attempts >= 2, Job.last_error.is_not(None)
                )
            ),
            120,
            "two failed render attempts",
        )
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
    finally:
        stop_worker(worker)
    assert "Text-to-speech is not available" in job.last_error
    assert "eSpeak" in job.last_error or "espeak" in job.last_error
    assert job.status in (JobStatus.QUEUED, JobStatus.RUNNING)  # it will be tried again
    assert db.session.scalar(select(SpeechRendition)) is None
    paper = db.session.scalar(select(Paper))
    assert paper.status != PaperStatus.READY

    form = {"CallSid": CALL_SID, "From": KNOWN, "To": GROUP_NUMBER}
    root = parse(twilio.post("/voice/papers", form))
    assert root.find(".//Play") is None
    assert "The ramp on the number twelve is broken" in spoken_text(root)
