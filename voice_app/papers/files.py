"""A paper's files in the store: the uploaded original and anything taken out of it (pictures).

Keys live under papers/<paper id>/... so one paper's files are listed and removed together.
`keep` returns what to record on the row (key and sha256); `fetch` checks that sha256 on the way
back. Every process, web or worker, on any machine, sees the same files.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from voice_app.storage import PAPERS, Stored, current_store

SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def paper_key(paper_id: int, name: str) -> str:
    """papers/<id>/<name>, with the name made safe (no folders, no odd characters)."""
    safe = SAFE_NAME.sub("-", PurePath(name).name).lstrip(".-") or "file"
    return f"{PAPERS}/{paper_id}/{safe[:120]}"


def keep(paper_id: int, name: str, data: bytes, content_type: str | None = None) -> Stored:
    """Store one of a paper's files atomically (StoreError when the store cannot take it)."""
    return current_store().put(paper_key(paper_id, name), data, content_type=content_type)


def fetch(key: str, sha256: str | None = None) -> bytes:
    """A paper's file back, checked against the sha256 recorded when it was kept."""
    return current_store().get(key, sha256)


def original_name(filename: str) -> str:
    """The name the uploaded original is kept under, keeping its type."""
    return f"original{PurePath(filename).suffix.lower()[:8]}"
