"""Where every stored byte lives: audio, rendered speech and documents (docs/interface.md).

Callers ask `current_store()` for the store and keep only keys and checksums in their rows. The
store is the one `voice-app storage migrate` last switched to (a row in the database, so every
process on every machine follows at once), else VOICE_APP_STORAGE_URL, else the data folder.
This is a low layer: it imports the database and settings, never phone/ or web/.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from voice_app.extensions import db
from voice_app.models import StorageSwitch
from voice_app.storage.base import (
    ChecksumMismatch,
    NotStored,
    Store,
    Stored,
    StoreError,
    clean_key,
)
from voice_app.storage.local import LocalStore

# The areas of the store, one per kind of thing kept (issue 16's pictures go under papers/).
RECORDINGS = "audio/recordings"
SPEECH = "tts-cache"
PAPERS = "papers"
PICTURES = "pictures"  # kept once by content hash, whichever papers show them
AREAS = (RECORDINGS, SPEECH, PAPERS, PICTURES)
PLAY_URL_SECONDS = 15 * 60  # long enough for Twilio to fetch a <Play>, short enough to leak little

__all__ = [
    "AREAS",
    "PAPERS",
    "PICTURES",
    "RECORDINGS",
    "SPEECH",
    "ChecksumMismatch",
    "NotStored",
    "Store",
    "StoreError",
    "Stored",
    "clean_key",
    "current_store",
    "open_store",
    "recorded_url",
]


def open_store(url: str, timeout: float = 10.0) -> Store:
    """The store a URL names: file:///absolute/path or s3://bucket/prefix; ValueError otherwise."""
    if url.startswith("file://"):
        path = url[len("file://") :]
        if not path.startswith("/"):
            raise ValueError(f"{url!r} is not a file:///absolute/path URL")
        return LocalStore(path)
    if url.startswith("s3://"):
        from voice_app.storage.s3 import S3Store

        return S3Store(url, timeout)
    raise ValueError(f"{url!r} is not a storage URL (file:///path or s3://bucket/prefix)")


def recorded_url() -> str | None:
    """The store `storage migrate` last switched to, if it ever did."""
    return db.session.scalar(select(StorageSwitch.url).order_by(StorageSwitch.id.desc()))


def configured_url() -> str:
    settings = current_app.config["SETTINGS"]
    return settings.storage_url or settings.data_dir.resolve().as_uri()


def current_store() -> Store:
    """The store every process uses now."""
    settings = current_app.config["SETTINGS"]
    return open_store(recorded_url() or configured_url(), settings.storage_timeout)
