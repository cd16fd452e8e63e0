"""Background jobs: download a recording, transcribe it, delete Twilio's copy.

Each job can be run again after a crash at any point and changes nothing twice: a stored file
whose checksum matches is not fetched again, a recording with a transcript is not transcribed
again, and follow-on jobs carry dedupe keys.
"""

from __future__ import annotations

from typing import Any

from voice_app.extensions import db
from voice_app.jobs import PermanentJobError, enqueue, handler
from voice_app.jobs.registry import on_give_up
from voice_app.models import Recording, RecordingPurpose, RecordingStatus
from voice_app.recordings.capture import DOWNLOAD_JOB
from voice_app.recordings.storage import (
    MediaOptions,
    call_is_over,
    delete_remote,
    download,
    media_options,
    stored_safely,
)
from voice_app.recordings.transcription import NotReady, mark_failed, transcribe
from voice_app.telephony.media import MediaError

TRANSCRIBE_JOB = "recording.transcribe"
DELETE_REMOTE_JOB = "recording.delete-remote"


def _recording(payload: dict[str, Any]) -> Recording:
    recording = db.session.get(Recording, int(payload.get("recording_id") or 0))
    if recording is None:
        raise PermanentJobError(f"there is no recording {payload.get('recording_id')!r}")
    if recording.status == RecordingStatus.ERASED:
        raise PermanentJobError(f"recording {recording.id} was erased")
    return recording


def _priority(recording: Recording) -> int:
    """Shopping-list items are read back during the call, so they go first."""
    return 10 if recording.purpose == RecordingPurpose.SHOPPING_ITEM else 50


def _after_stored(recording: Recording, options: MediaOptions) -> None:
    enqueue(
        TRANSCRIBE_JOB,
        {"recording_id": recording.id},
        dedupe_key=f"recording-transcribe:{recording.recording_sid}",
        priority=_priority(recording),
        max_attempts=3,
    )
    if options.delete_remote and recording.remote_deleted_at is None:
        enqueue(
            DELETE_REMOTE_JOB,
            {"recording_id": recording.id},
            dedupe_key=f"recording-delete-remote:{recording.recording_sid}",
            priority=200,
            max_attempts=12,
        )


@handler(DOWNLOAD_JOB)
def download_recording(payload: dict[str, Any]) -> dict[str, Any]:
    recording = _recording(payload)
    options = media_options()
    fetched = not stored_safely(recording)
    if fetched:
        download(recording, options)
    _after_stored(recording, options)
    db.session.commit()
    return {"path": recording.local_path, "bytes": recording.size_bytes, "fetched": fetched}


@on_give_up(DOWNLOAD_JOB)
def download_gave_up(payload: dict[str, Any], reason: str) -> None:
    recording = db.session.get(Recording, int(payload.get("recording_id") or 0))
    if recording is None or recording.status != RecordingStatus.PENDING:
        return
    recording.status = RecordingStatus.FAILED
    mark_failed(recording, f"download failed: {reason}")
    db.session.commit()


@handler(TRANSCRIBE_JOB)
def transcribe_recording(payload: dict[str, Any]) -> dict[str, Any]:
    recording = _recording(payload)
    try:
        transcript = transcribe(recording)
    except NotReady as exc:
        raise PermanentJobError(str(exc)) from None
    db.session.commit()
    return {"transcript_id": transcript.id, "engine": transcript.engine, "model": transcript.model}


@on_give_up(TRANSCRIBE_JOB)
def transcription_gave_up(payload: dict[str, Any], reason: str) -> None:
    recording = db.session.get(Recording, int(payload.get("recording_id") or 0))
    if recording is None:
        return
    mark_failed(recording, f"transcription failed: {reason}")
    db.session.commit()


@handler(DELETE_REMOTE_JOB)
def delete_twilio_copy(payload: dict[str, Any]) -> dict[str, Any]:
    recording = _recording(payload)
    if recording.remote_deleted_at is not None:
        return {"deleted": False, "already": True}
    if not stored_safely(recording):
        raise PermanentJobError(
            f"recording {recording.id} is not safely stored here; Twilio's copy is kept"
        )
    if not call_is_over(recording):
        raise MediaError("the call is still going on; the caller may listen back to it")
    delete_remote(recording, media_options())
    db.session.commit()
    return {"deleted": True}
