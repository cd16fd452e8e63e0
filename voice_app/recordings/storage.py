"""Fetch a recording from Twilio, keep it safely in the store, then delete Twilio's copy.

Audio is streamed to a temporary file in the staging folder, checked to be a real WAV, then put
in the store (voice_app/storage), which never shows a half object under a real name. Twilio's copy
is deleted only once ours is stored and its checksum still matches, and not while the caller might
still ask to listen back to it. When the store cannot be reached the job fails and is retried:
Twilio still has the recording, so nothing is lost.
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
from voice_app.recordings.media_url import BadMediaReference, recording_media_url
from voice_app.speech.audio import AudioError, duration_seconds
from voice_app.storage import (
    RECORDINGS,
    ChecksumMismatch,
    NotStored,
    Stored,
    StoreError,
    current_store,
)

MAX_AUDIO_BYTES = 60 * 1024 * 1024  # far above 5 minutes of telephone audio
DOWNLOAD_DEADLINE_SECONDS = 600  # a trickle that takes longer than this is given up and retried
LIVE_CALL_STATUSES = {"queued", "ringing", "in-progress"}
LONGEST_CALL = timedelta(hours=4)


class MediaError(Exception):
    """Twilio's media API did not give us what we asked for; worth trying again later."""


class MediaRefused(MediaError):
    """The recording's SID or our settings cannot make a safe Twilio address; never retried."""


@dataclass
class MediaOptions:
    account_sid: str | None
    auth_token: str | None
    staging_dir: Path
    timeout_seconds: float
    delete_remote: bool
    api_base_url: str = "https://api.twilio.com"


def media_options() -> MediaOptions:
    """From the settings (a test may override the two RECORDING/DELETE keys in the app config)."""
    config = current_app.config
    settings = config["SETTINGS"]
    timeout = config.get("RECORDING_DOWNLOAD_TIMEOUT") or settings.recording_download_timeout
    delete = config.get("DELETE_TWILIO_RECORDINGS")
    if delete is None:
        delete = settings.delete_twilio_recordings
    return MediaOptions(
        settings.twilio_account_sid,
        settings.twilio_auth_token,
        settings.data_dir / "staging",
        float(timeout),
        bool(delete),
        settings.twilio_api_base_url,
    )


def _auth(options: MediaOptions) -> tuple[str, str]:
    if not options.account_sid or not options.auth_token:
        raise MediaError("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed to fetch recordings")
    return options.account_sid, options.auth_token


def media_url(recording_sid: str | None, options: MediaOptions, suffix: str) -> str:
    """Twilio's address for this recording, from its SID (never the callback's RecordingUrl)."""
    try:
        return recording_media_url(
            options.api_base_url, options.account_sid or "", recording_sid or "", suffix
        )
    except BadMediaReference as exc:
        raise MediaRefused(str(exc)) from None


def wav_seconds(path: Path) -> float:
    """The length of a real, non-empty WAV file; MediaError for anything else."""
    try:
        return duration_seconds(path)
    except AudioError as exc:
        raise MediaError(f"Twilio sent something that is not usable audio: {exc}") from None


def recording_key(recording: Recording) -> str:
    safe_sid = re.sub(r"[^A-Za-z0-9]", "", recording.recording_sid or "")
    return f"{RECORDINGS}/{recording.id}-{safe_sid}.wav"


def download(recording: Recording, options: MediaOptions) -> str:
    """Fetch the recording's WAV (by its SID, from Twilio's API host only) into the store and
    fill in the row (the caller commits)."""
    url = media_url(recording.recording_sid, options, ".wav")
    options.staging_dir.mkdir(parents=True, exist_ok=True)
    try:
        response = requests.get(
            url,
            auth=_auth(options),
            timeout=(10, options.timeout_seconds),
            stream=True,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise MediaError(f"could not fetch {url}: {type(exc).__name__}") from None
    with response:
        if response.status_code != 200:
            raise MediaError(f"Twilio answered {response.status_code} for {url}")
        key = recording_key(recording)
        temp_path, digest, size = _save_stream(response, options.staging_dir / key.rsplit("/")[-1])
    try:
        seconds = wav_seconds(temp_path)
        stored = keep_audio(key, temp_path)
    finally:
        temp_path.unlink(missing_ok=True)
    stem = key.rsplit("/")[-1].removesuffix(".wav")
    for stale in options.staging_dir.glob(f"{stem}.*.part"):  # left by a worker that died
        stale.unlink(missing_ok=True)
    if stored.sha256 != digest:
        raise MediaError(f"recording {recording.id} changed on its way into the store")
    recording.local_path = stored.key
    recording.sha256 = digest
    recording.size_bytes = size
    recording.duration_seconds = round(seconds, 2)
    recording.status = RecordingStatus.STORED
    recording.stored_at = utcnow()
    recording.error = None
    return stored.key


def keep_audio(key: str, path: Path) -> Stored:
    """Put the checked file in the store; a store that cannot take it now is worth a retry."""
    try:
        return current_store().put(key, path, content_type="audio/wav")
    except StoreError as exc:
        raise MediaError(f"the audio store cannot take the recording now: {exc}") from None


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
    """Our copy is in the store and is exactly what we downloaded (StoreError: cannot tell now)."""
    if recording.status != RecordingStatus.STORED or not recording.local_path:
        return False
    if not recording.sha256:
        return False
    try:
        current_store().get(recording.local_path, recording.sha256)
    except (NotStored, ChecksumMismatch):
        return False
    return True


def call_is_over(recording: Recording) -> bool:
    """The caller can no longer ask to listen back to Twilio's copy."""
    call = db.session.get(Call, recording.call_id) if recording.call_id else None
    if call is None or call.ended_at is not None or call.status not in LIVE_CALL_STATUSES:
        return True
    return utcnow() - call.started_at > LONGEST_CALL


def delete_remote(recording: Recording, options: MediaOptions) -> None:
    """Delete Twilio's copy of this recording (the caller commits)."""
    delete_remote_by_sid(recording.recording_sid, options)
    recording.remote_deleted_at = utcnow()


def delete_remote_by_sid(recording_sid: str | None, options: MediaOptions) -> None:
    """DELETE Twilio's `.json` for the SID; 404 means it is already gone. Needs no row, so an
    erasure can delete Twilio's copies after the rows are gone."""
    url = media_url(recording_sid, options, ".json")
    try:
        response = requests.delete(
            url, auth=_auth(options), timeout=(10, options.timeout_seconds), allow_redirects=False
        )
    except requests.RequestException as exc:
        raise MediaError(f"could not delete {url}: {type(exc).__name__}") from None
    if response.status_code not in (200, 204, 404):
        raise MediaError(f"Twilio answered {response.status_code} to deleting {url}")
