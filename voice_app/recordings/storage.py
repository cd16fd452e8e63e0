"""Fetch a recording from Twilio, keep it safely in the data dir, then delete Twilio's copy.

Audio is written to a temporary file beside its final name, checked to be a real WAV, flushed to
disk and renamed into place, so a crash never leaves a half-file under a real name. Twilio's copy is
deleted only once ours is stored and its checksum still matches, and not while the caller might
still ask to listen back to it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import requests
from flask import current_app

from voice_app.extensions import db
from voice_app.models import Call, Recording, RecordingStatus, utcnow
from voice_app.speech.audio import AudioError, duration_seconds
from voice_app.telephony import media
from voice_app.telephony.media import MediaError

MAX_AUDIO_BYTES = 60 * 1024 * 1024  # far above 5 minutes of telephone audio
DOWNLOAD_DEADLINE_SECONDS = 600  # a trickle that takes longer than this is given up and retried
LIVE_CALL_STATUSES = {"queued", "ringing", "in-progress"}
LONGEST_CALL = timedelta(hours=4)


@dataclass
class MediaOptions:
    account_sid: str | None
    auth_token: str | None
    audio_dir: Path
    timeout_seconds: float
    delete_remote: bool


def media_options() -> MediaOptions:
    """Where recordings go and how they are fetched, from the app's Settings."""
    settings = current_app.config["SETTINGS"]
    return MediaOptions(
        settings.twilio_account_sid,
        settings.twilio_auth_token,
        settings.audio_dir / "recordings",
        float(settings.recording_download_timeout),
        bool(settings.delete_twilio_recordings),
    )


def wav_seconds(path: Path) -> float:
    """The length of a real, non-empty WAV file; MediaError for anything else."""
    try:
        return duration_seconds(path)
    except AudioError as exc:
        raise MediaError(f"Twilio sent something that is not usable audio: {exc}") from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _final_path(recording: Recording, options: MediaOptions) -> Path:
    safe_sid = re.sub(r"[^A-Za-z0-9]", "", recording.recording_sid or "")
    return options.audio_dir / f"{recording.id}-{safe_sid}.wav"


def download(recording: Recording, options: MediaOptions) -> Path:
    """Fetch `{RecordingUrl}.wav` into the data dir and fill in the row (the caller commits)."""
    if not recording.twilio_url or not recording.twilio_url.startswith(("http://", "https://")):
        raise MediaError(f"recording {recording.id} has no usable RecordingUrl")
    url = f"{recording.twilio_url}.wav"
    options.audio_dir.mkdir(parents=True, exist_ok=True)
    response = media.fetch(url, options.account_sid, options.auth_token, options.timeout_seconds)
    with response:
        final = _final_path(recording, options)
        temp_path, digest, size = _save_stream(response, final)
    try:
        seconds = wav_seconds(temp_path)
        os.replace(temp_path, final)
    finally:
        temp_path.unlink(missing_ok=True)
    for stale in final.parent.glob(f"{final.stem}.*.part"):  # left by a worker that died
        stale.unlink(missing_ok=True)
    recording.local_path = str(final)
    recording.sha256 = digest
    recording.size_bytes = size
    recording.duration_seconds = round(seconds, 2)
    recording.status = RecordingStatus.STORED
    recording.stored_at = utcnow()
    recording.error = None
    return final


def _save_stream(response: requests.Response, final: Path) -> tuple[Path, str, int]:
    """Write the body to a temporary file beside the final one: its path, sha256 and size."""
    deadline = time.monotonic() + DOWNLOAD_DEADLINE_SECONDS
    digest, size = hashlib.sha256(), 0
    handle = tempfile.NamedTemporaryFile(
        dir=final.parent, prefix=f"{final.stem}.", suffix=".part", delete=False
    )
    path = Path(handle.name)
    try:
        with handle:
            for chunk in response.iter_content(1 << 16):
                size += len(chunk)
                if size > MAX_AUDIO_BYTES or time.monotonic() > deadline:
                    raise MediaError("the recording is too large or too slow to arrive")
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
    except requests.RequestException as exc:
        path.unlink(missing_ok=True)
        raise MediaError(f"the download broke off: {type(exc).__name__}") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, digest.hexdigest(), size


def stored_safely(recording: Recording) -> bool:
    """Our copy is on disk and is exactly what we downloaded."""
    if recording.status != RecordingStatus.STORED or not recording.local_path:
        return False
    path = Path(recording.local_path)
    return path.is_file() and file_sha256(path) == recording.sha256


def call_is_over(recording: Recording) -> bool:
    """The caller can no longer ask to listen back to Twilio's copy."""
    call = db.session.get(Call, recording.call_id) if recording.call_id else None
    if call is None or call.ended_at is not None or call.status not in LIVE_CALL_STATUSES:
        return True
    return utcnow() - call.started_at > LONGEST_CALL


def delete_remote(recording: Recording, options: MediaOptions) -> None:
    """DELETE `{RecordingUrl}.json`; Twilio's 404 means it is already gone (the caller commits)."""
    url = f"{recording.twilio_url}.json"
    media.delete(url, options.account_sid, options.auth_token, options.timeout_seconds)
    recording.remote_deleted_at = utcnow()
