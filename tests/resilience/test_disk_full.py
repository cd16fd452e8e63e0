"""A full disk for audio: the recordings folder is a real 16 KiB tmpfs, too small for the
recording. The download fails and is retried, the Recording row and Twilio's copy are kept (no
DELETE), nothing half-written is left; with room again the work finishes by itself."""

from __future__ import annotations

import os
import subprocess

import pytest
from sqlalchemy import select

from tests.recordings.steps import end_call, run_jobs, status_callback
from voice_app.extensions import db
from voice_app.jobs.worker import Worker
from voice_app.models import Comment, Job, JobStatus, Recording, RecordingStatus

# Each clip decoded for real once a worker (tests/recordings/conftest.py). A full disk: the same
# on either database.
pytestmark = [pytest.mark.usefixtures("each_clip_decoded_once"), pytest.mark.one_database]

SID = "RE" + "9" * 32


@pytest.fixture
def full_disk(settings):
    """The recordings folder, on a filesystem with room for almost nothing."""
    folder = settings.audio_dir / "recordings"
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny filesystem needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "voice-app-full-disk", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")

    def free() -> None:
        subprocess.run(["umount", str(folder)], check=False)

    yield folder, free
    free()


def test_a_full_disk_keeps_everything_and_the_work_resumes(
    app,
    settings,
    caller,
    twilio,
    twilio_media,
    phone_speech,
    full_disk,
):
    folder, free = full_disk
    audio = phone_speech("Rear_Right")
    assert len(audio) > 16 * 1024
    url = twilio_media.add(SID, audio)
    status_callback(twilio, caller, SID, url)
    end_call(caller)

    assert Worker(app).run_one()  # the download, onto the full disk
    db.session.expire_all()
    job = db.session.scalar(select(Job).where(Job.kind == "recording.download"))
    assert job.status == JobStatus.QUEUED and job.attempts == 1  # to be tried again
    assert "No space left on device" in job.last_error
    recording = db.session.scalar(select(Recording))
    assert recording.status == RecordingStatus.PENDING and recording.twilio_url == url
    assert db.session.scalar(select(Comment)).recording_id == recording.id
    assert list(folder.iterdir()) == []  # no half-written file
    assert twilio_media.requests("DELETE") == [] and SID not in twilio_media.deleted

    free()  # a coordinator makes room
    run_jobs()
    recording = db.session.scalar(select(Recording))
    assert recording.status == RecordingStatus.STORED
    assert (settings.data_dir / recording.local_path).read_bytes() == audio
    assert recording.transcript is not None
    assert SID in twilio_media.deleted
