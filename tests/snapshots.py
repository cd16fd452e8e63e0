"""Fixture data built once a database and copied back in for each test that asks for it.

A web test's two-group world took 0.08 s to build on a quiet machine (0.14 s with the suite's
workers busy) through the builders and the ORM, over 460 tests a run. Its rows and files are
taken the first time it is built on each database, and each later test gets them back in a
few statements: one INSERT a table, the id counters set past them, and the same files. Times
move on with the clock, so a meeting three weeks ahead is still three weeks ahead. The value
handed to the test holds fresh objects of the test's own session, expired as a commit leaves
them, so they read what the database holds when the test first looks.

Only data built on an empty database is kept: where a test's other fixtures put rows in first,
the data is built again the slow way, and nothing is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Select, Table, func, inspect, select, text
from sqlalchemy.orm import make_transient_to_detached

from voice_app.extensions import db
from voice_app.models.base import UTCDateTime, utcnow

T = TypeVar("T")


@dataclass(frozen=True)
class _Handle:
    """Where an ORM object of the built value was: its class and primary key."""

    model: type
    identity: tuple


@dataclass
class _Snapshot:
    taken_at: datetime
    rows: list[tuple[Table, list[dict[str, Any]]]]
    times: dict[str, list[str]]  # a table's UTC datetime columns
    counters: str  # PostgreSQL: one statement that sets each id sequence past the rows
    files: dict[Path, bytes]
    value: Any  # the built value, its ORM objects as _Handles


_SNAPSHOTS: dict[tuple[str, ...], _Snapshot] = {}


def built_once(name: str, build: Callable[[], T], data_dir: Path) -> T:
    """`build()` on this test's (empty) database, or its rows and files copied back in."""
    from voice_app.models import people

    # A test marked real_hashes (production hashing) gets data hashed as production hashes.
    key = (name, str(db.engine.url), people.generate_password_hash.__name__)
    if not _empty():
        return build()
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is None:
        before = _files(data_dir)
        value = build()
        db.session.commit()
        _SNAPSHOTS[key] = _take(value, data_dir, before)
        return value
    return _restore(snapshot)


def _tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


_COUNTING: dict[str, str] = {}


def in_key_order(table: Table) -> Select:
    """Every row of the table by its primary key (by all its columns where it has none):
    unordered, PostgreSQL returns rows as they lie on disk, and a row added later can lie
    first."""
    return select(table).order_by(*(list(table.primary_key.columns) or list(table.columns)))


def row_counts() -> dict[Table, int]:
    """How many rows each table holds, in one query."""
    dialect = db.engine.dialect
    if dialect.name not in _COUNTING:
        counts = select(*(select(func.count()).select_from(t).scalar_subquery() for t in _tables()))
        _COUNTING[dialect.name] = str(counts.compile(dialect=dialect))
    return dict(
        zip(_tables(), db.session.execute(text(_COUNTING[dialect.name])).one(), strict=True)
    )


def _empty() -> bool:
    return not any(row_counts().values())


def _files(folder: Path) -> dict[Path, tuple[int, int]]:
    stats = {path: path.stat() for path in folder.rglob("*") if path.is_file()}
    return {path: (stat.st_size, stat.st_mtime_ns) for path, stat in stats.items()}


def _take(value: Any, data_dir: Path, before: dict[Path, tuple[int, int]]) -> _Snapshot:
    rows = []
    times = {}
    for table in _tables():
        # In key order, so rows go back in the order the builders added them.
        found = [dict(row) for row in db.session.execute(in_key_order(table)).mappings()]
        if found:
            rows.append((table, found))
            times[table.name] = [c.name for c in table.columns if isinstance(c.type, UTCDateTime)]
    after = _files(data_dir)
    files = {path: path.read_bytes() for path, seen in after.items() if before.get(path) != seen}
    return _Snapshot(utcnow(), rows, times, _counters(rows), files, _handles(value))


def _counters(rows: list[tuple[Table, list[dict[str, Any]]]]) -> str:
    if db.engine.dialect.name != "postgresql":
        return ""  # SQLite numbers a new row one past the highest id in the table
    settings = []
    for table, found in rows:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].autoincrement not in (True, "auto"):
            continue
        column = keys[0]
        sequence = db.session.scalar(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": column.name},
        )
        if sequence:
            highest = max(row[column.name] for row in found)
            settings.append(f"setval('{sequence}', {int(highest)})")
    return f"SELECT {', '.join(settings)}" if settings else ""


def _restore(snapshot: _Snapshot) -> Any:
    moved_on = utcnow() - snapshot.taken_at
    for table, found in snapshot.rows:
        times = snapshot.times[table.name]
        if times:
            found = [
                {k: (v + moved_on if k in times and v is not None else v) for k, v in row.items()}
                for row in found
            ]
        db.session.execute(table.insert(), found)
    if snapshot.counters:
        db.session.execute(text(snapshot.counters))
    db.session.commit()
    for path, data in snapshot.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return _load(snapshot.value)


def _handles(value: Any) -> Any:
    """The value with each ORM object replaced by a _Handle."""
    return _mapped(value, lambda leaf: _Handle(type(leaf), inspect(leaf).identity), _is_orm)


def _is_orm(value: Any) -> bool:
    return hasattr(type(value), "__mapper__")


def _load(value: Any) -> Any:
    attached: dict[_Handle, Any] = {}

    def attach(handle: _Handle) -> Any:
        if handle not in attached:
            attached[handle] = _attached(handle)
        return attached[handle]

    return _mapped(value, attach, lambda leaf: isinstance(leaf, _Handle))


def _attached(handle: _Handle) -> Any:
    """The object the handle names, in the test's session with every attribute expired, as a
    commit leaves objects: it reads its row when first used, and no query is made before."""
    mapper = inspect(handle.model)
    obj = mapper.class_manager.new_instance()
    for column, value in zip(mapper.primary_key, handle.identity, strict=True):
        setattr(obj, mapper.get_property_by_column(column).key, value)
    make_transient_to_detached(obj)  # every attribute but the key is marked expired
    db.session.add(obj)
    return obj


def _mapped(value: Any, change: Callable[[Any], Any], changes: Callable[[Any], bool]) -> Any:
    """The value rebuilt through its dataclasses, lists and tuples, with `change(leaf)` in place
    of each leaf that `changes`."""
    if changes(value):
        return change(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return type(value)(
            **{f.name: _mapped(getattr(value, f.name), change, changes) for f in fields}
        )
    if isinstance(value, list | tuple):
        return type(value)(_mapped(v, change, changes) for v in value)
    return value
