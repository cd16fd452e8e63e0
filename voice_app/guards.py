"""Counting failures under a key, with pauses that grow and, where a rule asks, a hold that only
a person can lift. The rules (which keys, how many tries) live with their callers:
voice_app/pins.py for PINs, voice_app/web/auth/views.py for web sign-in.

Functions change the session and flush; the caller commits (a failure must be committed even
when the answer is a refusal).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from voice_app.extensions import db
from voice_app.models import Guard


@dataclass(frozen=True)
class Limit:
    """`failures` within `window` trip a pause; pauses grow through `pauses`. With `hold_after`,
    the trip after that many pauses is a hold instead, until someone lifts it."""

    failures: int
    window: timedelta
    pauses: tuple[timedelta, ...]
    hold_after: int | None = None


@dataclass(frozen=True)
class Trip:
    """After a failure: the block it caused (if any), and failures left before the next one."""

    block: Block | None
    left: int


@dataclass(frozen=True)
class Block:
    held: bool
    until: datetime | None = None

    def minutes_left(self, at: datetime) -> int:
        if self.until is None:
            return 0
        return max(1, int((self.until - at).total_seconds() + 59) // 60)


def pseudonym(kind: str, value: str) -> str:
    """A stable stand-in for a phone number or address in a key: keyed with SECRET_KEY, so the
    table never holds the number itself and cannot be reversed by trying every number."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def _row(key: str, at: datetime) -> Guard:
    guard = db.session.scalar(select(Guard).where(Guard.key == key))
    if guard is not None:
        return guard
    try:
        with db.session.begin_nested():
            guard = Guard(key=key, failures=0, pauses=0, window_started_at=at, updated_at=at)
            db.session.add(guard)
    except IntegrityError:  # another request made it first
        guard = db.session.scalar(select(Guard).where(Guard.key == key))
    return guard


def blocked(key: str, at: datetime) -> Block | None:
    guard = db.session.scalar(select(Guard).where(Guard.key == key))
    if guard is None:
        return None
    if guard.held_at is not None:
        return Block(held=True)
    if guard.paused_until is not None and guard.paused_until > at:
        return Block(held=False, until=guard.paused_until)
    return None


def fail(key: str, limit: Limit, at: datetime) -> Trip:
    """Count one failure: the block it caused, if this one tripped the limit."""
    guard = _row(key, at)
    if at - guard.window_started_at > limit.window:
        guard.failures, guard.window_started_at = 0, at
    guard.failures += 1
    guard.updated_at = at
    if guard.failures < limit.failures:
        db.session.flush()
        return Trip(None, limit.failures - guard.failures)
    guard.failures, guard.window_started_at = 0, at
    if limit.hold_after is not None and guard.pauses >= limit.hold_after:
        guard.held_at = at
        db.session.flush()
        return Trip(Block(held=True), limit.failures)
    guard.paused_until = at + limit.pauses[min(guard.pauses, len(limit.pauses) - 1)]
    guard.pauses += 1
    db.session.flush()
    return Trip(Block(held=False, until=guard.paused_until), limit.failures)


def succeed(key: str) -> None:
    """The right answer: forget the failures and the pauses (a hold is not reached here)."""
    db.session.execute(
        update(Guard)
        .where(Guard.key == key, Guard.held_at.is_(None))
        .values(failures=0, pauses=0, paused_until=None)
    )


def lift(prefix: str) -> int:
    """A person lifts every hold and pause under keys starting with `prefix`."""
    result = db.session.execute(
        update(Guard)
        .where(Guard.key.startswith(prefix, autoescape=True))
        .where((Guard.held_at.is_not(None)) | (Guard.paused_until.is_not(None)))
        .values(failures=0, pauses=0, paused_until=None, held_at=None)
    )
    return result.rowcount or 0


def held_keys(prefix: str) -> list[str]:
    return list(
        db.session.scalars(
            select(Guard.key).where(
                Guard.key.startswith(prefix, autoescape=True), Guard.held_at.is_not(None)
            )
        )
    )


def forget(prefix: str) -> None:
    """Drop every counter under a prefix (an erasure)."""
    db.session.execute(
        Guard.__table__.delete().where(Guard.key.startswith(prefix, autoescape=True))
    )
