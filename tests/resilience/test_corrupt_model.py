"""A corrupt Vosk model folder (the right file names, junk inside) on a real worker process:
found under the models folder it is skipped for PocketSphinx; named by VOSK_MODEL_PATH (outside
that folder) it fails
the transcription with a reason naming it. Either way the worker lives on and the audio is kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.recordings.steps import end_call, status_callback
from tests.resilience.worker_process import start_worker, stop_worker, wait_for
from voice_app.extensions import db
from voice_app.models import Comment, Job, JobStatus, Recording, RecordingStatus
from voice_app.storage import current_store

# A damaged model file and the worker's survival; no database rule in it.
pytestmark = pytest.mark.one_database

SID = "RE" + "6" * 32


def junk_model(folder: Path) -> Path:
    """Every file a Vosk model needs, each full of random bytes."""
    for name in ("am/final.mdl", "conf/mfcc.conf", "conf/model.conf", "graph/HCLG.fst",
                 "graph/words.txt", "ivector/final.ie"):  # fmt: skip
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(4096))
    return folder


@pytest.mark.parametrize("where", ["models folder", "VOSK_MODEL_PATH"])
def test_a_corrupt_model_never_kills_the_worker_or_loses_audio(
    app,
    environment,
    caller,
    twilio,
    twilio_media,
    phone_speech,
    tmp_path,
    where,
):
    models = tmp_path / "models"
    junk_model(models / "vosk-model-small-en-us-0.15")  # a download gone wrong
    model = junk_model(tmp_path / "elsewhere" / "vosk-model-en-us-0.22")  # named by hand
    audio = phone_speech("Rear_Right")
    status_callback(twilio, caller, SID, twilio_media.add(SID, audio))
    end_call(caller)
    worker = start_worker(
        environment,
        tmp_path / "worker.log",
        VOICE_APP_MODELS_DIR=str(models),
        VOSK_MODEL_PATH=str(model) if where == "VOSK_MODEL_PATH" else "",
        VOICE_APP_RECORDING_DOWNLOAD_TIMEOUT="10",
    )
    try:
        job = wait_for(
            lambda: db.session.scalar(
                select(Job).where(
                    Job.kind == "recording.transcribe",
                    Job.status.in_([JobStatus.DONE, JobStatus.FAILED]),
                )
            ),
            120,
            "the transcription to finish or fail",
        )
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-2000:]
    finally:
        stop_worker(worker)
    recording = db.session.scalar(select(Recording))
    assert recording.status == RecordingStatus.STORED
    # the audio is kept either way
    assert current_store().get(recording.local_path, recording.sha256) == audio
    comment = db.session.scalar(select(Comment))
    if where == "models folder":
        assert job.status == JobStatus.DONE
        assert recording.transcript.engine == "pocketsphinx"
        assert comment.status == "transcribed"
    else:
        assert job.status == JobStatus.FAILED and job.attempts == job.max_attempts
        assert "VOSK_MODEL_PATH" in recording.error or str(model) in recording.error
        assert comment.status == "failed"
