"""A real `voice-app worker` killed mid-download: another worker finishes the job once the dead
one's lease expires, and nothing is lost or done twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from tests.recordings.steps import end_call, status_callback
from voice_app.extensions import db
from voice_app.models import Comment, Job, JobStatus, Recording, RecordingStatus, Transcript

WORKTREE = Path(__file__).resolve().parents[2]
SID = "RE" + "5" * 32
LEASE_SECONDS = 3


def start_worker(environment: dict[str, str], data_dir: Path, log: Path) -> subprocess.Popen:
    """`voice-app worker` from this worktree, with a short lease so a dead one is noticed soon."""
    env = {
        **os.environ,
        **environment,
        "VOICE_APP_DATA_DIR": str(data_dir),
        "VOICE_APP_MODELS_DIR": str(data_dir / "no-models"),
        "VOICE_APP_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        "VOICE_APP_RECORDING_DOWNLOAD_TIMEOUT": "30",
    }
    env.pop("VOSK_MODEL_PATH", None)
    return subprocess.Popen(
        [sys.executable, "-c", "from voice_app.cli import main; main()", "worker"],
        cwd=WORKTREE,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_for(condition: Callable[[], object], seconds: float, what: str) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()  # see other processes' commits
        db.session.expire_all()
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_job_of_a_killed_worker_is_finished_by_another(
    app, environment, caller, twilio, twilio_media, phone_speech, tmp_path
):
    audio = phone_speech("Rear_Right")
    twilio_media.slow_seconds = 30  # the first download trickles in: time to kill the worker
    url = twilio_media.add(SID, audio, "slow")
    status_callback(twilio, caller, SID, url)
    end_call(caller)
    data_dir = tmp_path / "data"
    audio_dir = data_dir / "staging"  # where a download arrives before it goes in the store

    first = start_worker(environment, data_dir, tmp_path / "worker-1.log")
    try:
        wait_for(lambda: list(audio_dir.glob("*.part")), 60, "the first worker's download")
        job = db.session.scalar(select(Job).where(Job.kind == "recording.download"))
        assert job.status == JobStatus.RUNNING and job.locked_by.endswith(f":{first.pid}")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    assert list(audio_dir.glob("*.part"))  # it died mid-write

    second = start_worker(environment, data_dir, tmp_path / "worker-2.log")
    try:
        wait_for(lambda: count(Transcript) and SID in twilio_media.deleted, 90, "the second worker")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(30)

    download = db.session.scalar(select(Job).where(Job.kind == "recording.download"))
    assert download.status == JobStatus.DONE and download.attempts == 2
    assert download.locked_by.endswith(f":{second.pid}")
    recording = db.session.scalar(select(Recording))
    assert recording.status == RecordingStatus.STORED
    assert (data_dir / recording.local_path).read_bytes() == audio
    assert count(Recording) == 1 and count(Comment) == 1 and count(Transcript) == 1
    assert "right" in recording.transcript.text.split()
    assert db.session.scalar(select(Comment.status)) == "transcribed"
    assert [r.status for r in twilio_media.requests("GET", SID)] == [200, 200]
    assert len(twilio_media.requests("DELETE", SID)) == 1
    assert not list(audio_dir.glob("*.part"))
    assert all(job.status == JobStatus.DONE for job in db.session.scalars(select(Job)))
