"""The storage seam: bytes in, bytes out, by key, the same on every backend.

A key is a relative, slash-separated name such as ``audio/recordings/12-RE1.wav``: the same key
names the same object in the local folder and in a bucket, so switching stores never rewrites a
row. Every write is atomic (no half object under a real name) and reads check the checksum the
caller recorded, so a damaged or swapped object is never served as if it were good.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

KEY_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_KEY_LENGTH = 400
CHUNK = 1 << 16


class StoreError(Exception):
    """The store could not do what was asked (unreachable, slow, full): worth trying again."""


class NotStored(StoreError):
    """There is no object under that key (or the key itself is not acceptable)."""


class ChecksumMismatch(StoreError):
    """The object is there but is not the bytes that were stored under that key."""


@dataclass(frozen=True)
class Stored:
    """What a put kept: record the sha256 beside the key and hand it back on every read."""

    key: str
    sha256: str
    size: int


def clean_key(key: str | None) -> str:
    """The key when it is a plain relative name; NotStored for '..', '/x', '' and the like."""
    if not key or len(key) > MAX_KEY_LENGTH or "\\" in key:
        raise NotStored(f"{key!r} is not a storage key")
    parts = PurePosixPath(key).parts
    if not parts or not all(KEY_PART.match(part) for part in parts):
        raise NotStored(f"{key!r} is not a storage key")
    return "/".join(parts)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def check(key: str, data: bytes, sha256: str | None) -> bytes:
    """The data, when it matches the recorded checksum (None: nothing was recorded)."""
    if sha256 and sha256_of(data) != sha256:
        raise ChecksumMismatch(f"{key} does not match its recorded checksum")
    return data


class Store(ABC):
    """One place for audio and documents: a local folder or an S3-compatible bucket."""

    url: str

    def key_for(self, value: str | None) -> str:
        """The key a row's stored value names (NotStored when it names no acceptable key)."""
        return clean_key(value)

    @abstractmethod
    def put(self, key: str, source: bytes | Path, content_type: str | None = None) -> Stored:
        """Keep bytes (or a file's bytes) under key, atomically; replaces what was there."""

    @abstractmethod
    def get(self, key: str, sha256: str | None = None) -> bytes:
        """The bytes under key, checked against sha256 when given."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """Whether there is an object under key (StoreError when the store cannot say)."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the object; a key with nothing under it is already deleted."""

    @abstractmethod
    def list(self, prefix: str = "") -> Iterator[str]:
        """Every key under prefix (a folder-like 'audio/'), in no promised order."""

    def play_url(self, key: str, seconds: int) -> str | None:
        """A short-lived URL Twilio can fetch directly; None means serve it through the web."""
        return None

    @contextmanager
    def local_file(self, key: str, sha256: str | None = None) -> Iterator[Path]:
        """A checked copy as a file on this machine, for tools that want a path; removed after."""
        data = self.get(key, sha256)
        with tempfile.TemporaryDirectory(prefix="voice-app-") as folder:
            path = Path(folder) / PurePosixPath(clean_key(key)).name
            path.write_bytes(data)
            yield path
