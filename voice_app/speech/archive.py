"""Unpack a model archive without letting it write outside its folder.

Python's zipfile quietly rewrites `..` and absolute names on extract; a model
archive that contains them is not a model archive, so it is refused outright,
as are symbolic links and archives that would unpack to more than 8 GiB.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path, PurePosixPath

_CHUNK = 1 << 16
_MAX_UNPACKED_BYTES = 8 << 30


class UnsafeArchive(ValueError):
    """The archive is corrupt or has members that would land outside its folder."""


def safe_unzip(archive: Path, dest: Path) -> Path:
    """Unpack a zip into dest, refusing unsafe members; return the model's root folder."""
    dest = dest.resolve()
    unpacked = 0
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            for info in members:
                _check_member(info)
                unpacked += info.file_size
                if unpacked > _MAX_UNPACKED_BYTES:
                    raise UnsafeArchive(f"{archive.name} unpacks to more than 8 GiB; refused")
            for info in members:
                target = (dest / info.filename).resolve()
                if not target.is_relative_to(dest):
                    raise UnsafeArchive(f"{archive.name}: {info.filename!r} escapes the folder")
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, target.open("wb") as out:
                    shutil.copyfileobj(src, out, _CHUNK)
    except zipfile.BadZipFile as exc:
        raise UnsafeArchive(f"{archive.name} is not a valid zip archive: {exc}") from exc
    entries = [p for p in dest.iterdir() if not p.name.startswith(".")]
    # Official archives hold one top folder named after the model.
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else dest


def _check_member(info: zipfile.ZipInfo) -> None:
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or (parts and ":" in parts[0]) or ".." in parts:
        raise UnsafeArchive(f"unsafe path in archive: {info.filename!r}; refused")
    if (info.external_attr >> 16) & 0o170000 == 0o120000:
        raise UnsafeArchive(f"symbolic link in archive: {info.filename!r}; refused")
