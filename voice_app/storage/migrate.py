"""`voice-app storage migrate --to URL`: copy every stored object, check it, then switch.

Safe to stop at any point and run again: an object already in the new store with the right
checksum is not copied twice, and nothing is switched until every copy has been read back and
checked. The switch is a row in storage_switches, so every process on every machine uses the new
store from its next request; a last sweep then copies anything written to the old store while the
switch happened (running the command again repeats that sweep, harmlessly).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select

from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import Paper, PaperPicture, Recording, SpeechRendition, StorageSwitch
from voice_app.storage import (
    AREAS,
    ChecksumMismatch,
    NotStored,
    Store,
    StoreError,
    current_store,
    open_store,
)
from voice_app.storage.base import sha256_of

PROBE_KEY = "voice-app-probe/written-by-storage-migrate"
# (model, column holding the key, column holding the sha256 of the stored bytes)
RECORDS = (
    (Recording, "local_path", "sha256"),
    (SpeechRendition, "path", "sha256"),
    (Paper, "stored_path", "source_sha256"),
    (PaperPicture, "stored_path", "sha256"),
)


@dataclass
class Report:
    copied: int = 0
    already: int = 0
    missing: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    switched: bool = False
    done: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.copied + self.already


def target_store(url: str, timeout: float) -> Store:
    """The store to move to, checked writable and readable now; InputError otherwise."""
    try:
        target = open_store(url.strip(), timeout)
        target.put(PROBE_KEY, b"ok")
        target.get(PROBE_KEY, sha256_of(b"ok"))
        target.delete(PROBE_KEY)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    except StoreError as exc:
        raise InputError(f"cannot use {url}: {exc}") from None
    return target


def _normalise_rows(source: Store) -> dict[str, str | None]:
    """Rows written before the seam held absolute paths: make them keys. key -> recorded sha256."""
    expected: dict[str, str | None] = {}
    for model, key_column, sha_column in RECORDS:
        for row in db.session.scalars(select(model).where(getattr(model, key_column).is_not(None))):
            try:
                key = source.key_for(getattr(row, key_column))
            except NotStored:
                continue  # names nothing we can copy; the row says so already
            setattr(row, key_column, key)
            expected[key] = getattr(row, sha_column)
    db.session.commit()
    return expected


def _keys(source: Store, expected: dict[str, str | None]) -> Iterator[str]:
    seen = set()
    for area in AREAS:
        for key in source.list(area):
            seen.add(key)
            yield key
    yield from (key for key in expected if key not in seen)


def copy_one(source: Store, target: Store, key: str, sha256: str | None, report: Report) -> None:
    """Copy key unless the target has it right already; read the copy back to check it."""
    report.done.add(key)
    try:
        data = source.get(key, sha256)
    except ChecksumMismatch:
        report.damaged.append(key)
        return
    except NotStored:
        if not target.exists(key):
            report.missing.append(key)
        return
    digest = sha256_of(data)
    try:
        target.get(key, digest)
        report.already += 1
        return
    except (NotStored, ChecksumMismatch):
        pass
    target.put(key, data)
    target.get(key, digest)  # read back: a copy is only counted once it checks out
    report.copied += 1


def _fill_rendition_checksums(store: Store) -> None:
    """Renditions made before checksums were recorded get theirs now, from the checked copy."""
    for rendition in db.session.scalars(
        select(SpeechRendition).where(SpeechRendition.sha256.is_(None))
    ):
        try:
            rendition.sha256 = sha256_of(store.get(rendition.path))
        except NotStored:
            continue
    db.session.commit()


def migrate(url: str, timeout: float, say: Callable[[str], None] = print) -> Report:
    """Copy everything to the store at url, check every copy, then switch every process to it."""
    target = target_store(url, timeout)
    source = current_store()
    last = db.session.scalar(select(StorageSwitch).order_by(StorageSwitch.id.desc()))
    if source.url == target.url:
        if last is None or last.previous_url == target.url:
            raise InputError(f"{target.url} is already the store in use")
        source = open_store(last.previous_url, timeout)  # a re-run: sweep up late writes
        say(f"already switched to {target.url}; copying anything left in {source.url}")
    report = Report()
    expected = _normalise_rows(source)
    for key in _keys(source, expected):
        copy_one(source, target, key, expected.get(key), report)
    if last is None or last.url != target.url:
        db.session.add(StorageSwitch(url=target.url, previous_url=source.url, objects=report.total))
        db.session.commit()
        report.switched = True
    for key in _keys(source, {}):  # written to the old store while the switch happened
        if key not in report.done:
            copy_one(source, target, key, None, report)
    _fill_rendition_checksums(target)
    return report
