"""Download, install and list Vosk models under ./models (Whisper ones: whisper_store.py).

Archives are unpacked into a hidden folder beside the destination and renamed
into place only once their checksum and layout check out, so the worker never
sees a half-installed model. Unsafe archives are refused (see archive.py).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import requests
from tqdm import tqdm

from voice_app.speech.archive import UnsafeArchive, safe_unzip
from voice_app.speech.model_catalogue import CATALOGUE, OFFICIAL_BASE_URL, CatalogueEntry
from voice_app.speech.model_layout import (
    is_whisper_folder,
    language_from_name,
    layout_problems,
    model_language,
    read_metadata,
    whisper_problems,
    write_metadata,
)

_CHUNK = 1 << 16


class ModelStoreError(RuntimeError):
    """A model could not be fetched or installed; the message says what to do instead."""


@dataclass(frozen=True)
class InstalledModel:
    """A folder under ./models, with what we know of it and anything wrong with it."""

    name: str
    path: Path
    language: str | None
    problems: tuple[str, ...]
    metadata: dict[str, Any]
    engine: str = "vosk"

    @property
    def usable(self) -> bool:
        return not self.problems


def list_models(models_dir: str | Path) -> list[InstalledModel]:
    """Every model folder under models_dir, broken ones included so they can be reported."""
    models_dir = Path(models_dir)
    if not models_dir.is_dir():
        return []
    return [
        InstalledModel(
            name=child.name,
            path=child,
            language=model_language(child),
            problems=tuple(
                whisper_problems(child) if is_whisper_folder(child) else layout_problems(child)
            ),
            metadata=read_metadata(child),
            engine="whisper" if is_whisper_folder(child) else "vosk",
        )
        for child in sorted(models_dir.iterdir())
        if child.is_dir() and not child.name.startswith(".")
    ]


def download(
    name: str,
    models_dir: str | Path,
    progress: bool = True,
    base_url: str = OFFICIAL_BASE_URL,
    catalogue: Mapping[str, CatalogueEntry] = CATALOGUE,
    timeout: float = 30.0,
) -> Path:
    """Fetch a catalogue model, check its size and checksum, and install it atomically."""
    entry = catalogue.get(name)
    if entry is None:
        raise ModelStoreError(f"unknown model {name!r}; known models: {', '.join(catalogue)}")
    models_dir = Path(models_dir)
    _refuse_existing(models_dir / name)
    models_dir.mkdir(parents=True, exist_ok=True)
    url = entry.url(base_url)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".download-") as tmp:
        archive = Path(tmp) / f"{name}.zip"
        sha256 = _fetch(url, archive, entry, progress, timeout)
        return _install_archive(
            archive,
            models_dir,
            name,
            {"name": name, "language": entry.language, "source": url, "sha256": sha256},
        )


def install(
    path: str | Path, models_dir: str | Path, name: str | None = None, language: str | None = None
) -> Path:
    """Install a model from a zip or a folder (for machines that cannot reach the internet)."""
    source = Path(path)
    models_dir = Path(models_dir)
    if source.is_dir():
        problems = layout_problems(source)
        if problems:
            raise ModelStoreError(f"{source} is not a Vosk model: {'; '.join(problems)}")
        name = name or source.name
        _refuse_existing(models_dir / name)
        models_dir.mkdir(parents=True, exist_ok=True)
        meta = _metadata(name, language, str(source.resolve()), None)
        with tempfile.TemporaryDirectory(dir=models_dir, prefix=".install-") as tmp:
            staged = Path(tmp) / name
            shutil.copytree(source, staged, symlinks=False)
            return _move_into_place(staged, models_dir / name, meta)
    if not zipfile.is_zipfile(source):
        raise ModelStoreError(f"{source} is neither a model folder nor a zip archive")
    models_dir.mkdir(parents=True, exist_ok=True)
    sha256 = sha256_file(source)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".unpack-") as tmp:
        unpacked = _mkdir(Path(tmp) / "unpacked")
        root = _unzip(source, unpacked)
        # Official zips hold one folder named after the model: that name beats the file's.
        if name is None:
            name = source.name.removesuffix(".zip") if root == unpacked.resolve() else root.name
        meta = _metadata(name, language, str(source.resolve()), sha256)
        return _move_into_place(root, models_dir / name, meta)


def _metadata(name: str, language: str | None, source: str, sha256: str | None) -> dict:
    entry = CATALOGUE.get(name)
    language = language or (entry.language if entry else None)
    return {"name": name, "language": language, "source": source, "sha256": sha256}


def _refuse_existing(target: Path) -> None:
    if target.exists():
        raise ModelStoreError(f"{target} already exists; remove it first to reinstall")


def _fetch(url: str, archive: Path, entry: CatalogueEntry, progress: bool, timeout: float) -> str:
    host = urlparse(url).netloc or url
    try:
        response = requests.get(url, stream=True, timeout=timeout)
    except requests.RequestException as exc:
        raise ModelStoreError(
            f"cannot reach {host} ({type(exc).__name__}); copy a model zip to this machine "
            "and run: voice-app models install PATH"
        ) from exc
    with response:
        if response.status_code != 200:
            raise ModelStoreError(f"{url} answered HTTP {response.status_code}")
        total = entry.size_bytes or int(response.headers.get("Content-Length", 0)) or None
        sha256, md5, received = hashlib.sha256(), hashlib.md5(), 0
        bar = tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            desc=entry.name,
            disable=not progress,
            file=sys.stderr,
        )
        try:
            with bar, archive.open("wb") as out:
                for chunk in response.iter_content(_CHUNK):
                    out.write(chunk)
                    sha256.update(chunk)
                    md5.update(chunk)
                    received += len(chunk)
                    bar.update(len(chunk))
        except requests.RequestException as exc:
            raise ModelStoreError(f"download from {host} broke off after {received} bytes") from exc
    if entry.size_bytes is not None and received != entry.size_bytes:
        raise ModelStoreError(
            f"{entry.name}: got {received} bytes, expected {entry.size_bytes}; not installed"
        )
    for label, expected, got in (("SHA-256", entry.sha256, sha256), ("MD5", entry.md5, md5)):
        if expected and got.hexdigest() != expected.lower():
            raise ModelStoreError(
                f"{entry.name}: {label} {got.hexdigest()} does not match {expected}; not installed"
            )
    return sha256.hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _unzip(archive: Path, dest: Path) -> Path:
    try:
        return safe_unzip(archive, dest)
    except UnsafeArchive as exc:
        raise ModelStoreError(str(exc)) from exc


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _install_archive(archive: Path, models_dir: Path, name: str, meta: dict) -> Path:
    target = models_dir / name
    _refuse_existing(target)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".unpack-") as tmp:
        root = _unzip(archive, _mkdir(Path(tmp) / "unpacked"))
        return _move_into_place(root, target, meta)


def _move_into_place(staged: Path, target: Path, meta: dict) -> Path:
    problems = layout_problems(staged)
    if problems:
        raise ModelStoreError(f"{meta['name']} is not a Vosk model: {'; '.join(problems)}")
    meta = {**meta, "installed_at": datetime.now(UTC).isoformat(timespec="seconds")}
    meta["language"] = (
        meta.get("language") or model_language(staged) or language_from_name(target.name)
    )
    write_metadata(staged, meta)
    _refuse_existing(target)
    staged.rename(target)  # same filesystem: atomic
    return target
