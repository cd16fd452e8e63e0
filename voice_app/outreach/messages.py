"""Outbound messages: one row per call or text we mean to send, keyed so none is made twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from voice_app.extensions import db
from voice_app.jobs import enqueue
from voice_app.models import (
    Group,
    OutboundAttempt,
    OutboundKind,
    OutboundMessage,
    Person,
)
from voice_app.outreach import timing

SEND_JOB = "outreach_send"
CALLBACK = "callback"
# A message in one of these states may still be sent; the others are settled or in flight.
SENDABLE = ("queued", "waiting", "retry")
FAILED_OUTCOMES = ("busy", "no-answer", "failed", "error")


def ensure_message(
    *,
    person: Person,
    group: Group | None,
    kind: OutboundKind,
    purpose: str,
    dedupe_key: str,
    body: str | None,
    now: datetime,
    meeting_id: int | None = None,
    quiet_hours: bool = True,
    not_before: datetime | None = None,
) -> tuple[OutboundMessage, bool]:
    """The message with this key, made and queued the first time (True) and found after."""
    existing = db.session.scalar(
        select(OutboundMessage).where(OutboundMessage.dedupe_key == dedupe_key)
    )
    if existing is not None:
        return existing, False
    send_at = max(now, not_before or now)
    if quiet_hours:
        send_at = timing.next_allowed(send_at, person, group)
    message = OutboundMessage(
        group_id=group.id if group else None,
        person_id=person.id,
        meeting_id=meeting_id,
        kind=kind,
        purpose=purpose,
        to_number=person.phone,
        body=body,
        dedupe_key=dedupe_key,
        status="queued" if send_at <= now else "waiting",
        attempts=0,
        next_attempt_at=send_at,
        created_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:  # another worker made it first
        existing = db.session.scalar(
            select(OutboundMessage).where(OutboundMessage.dedupe_key == dedupe_key)
        )
        if existing is None:
            raise
        return existing, False
    enqueue_send(message, now)
    return message, True


def enqueue_send(message: OutboundMessage, now: datetime) -> None:
    """Queue the job that sends this message at its next_attempt_at (once per planned try)."""
    at = message.next_attempt_at or now
    enqueue(
        SEND_JOB,
        {"message_id": message.id},
        dedupe_key=f"outreach:send:{message.id}:{message.attempts + 1}:{int(at.timestamp())}",
        delay=max(timedelta(0), at - now),
        priority=10 if message.purpose == CALLBACK else 60,
        max_attempts=3,
    )


def retry_schedule(group: Group | None) -> list[int]:
    """Minutes to wait after each failed try: Group.outbound_retry_minutes, e.g. "15,60,240"."""
    text = group.outbound_retry_minutes if group else ""
    return [int(part) for part in (text or "").replace(" ", "").split(",") if part.isdigit()]


def schedule_retry(
    message: OutboundMessage, group: Group | None, person: Person | None, now: datetime
) -> bool:
    """After a busy, unanswered or failed try: plan the next, or give up. True if planned."""
    schedule = retry_schedule(group)
    if message.purpose == CALLBACK or message.attempts > len(schedule):
        message.status = "gave up"
        message.next_attempt_at = None
        return False
    wait = timedelta(minutes=schedule[message.attempts - 1])
    message.status = "retry"
    message.next_attempt_at = timing.next_allowed(now + wait, person, group)
    enqueue_send(message, now)
    return True


def attempts_today(group_id: int, now: datetime, group: Group | None) -> int:
    """Calls and texts tried for this group since local midnight: the daily cap counts these."""
    return db.session.scalar(
        select(func.count(OutboundAttempt.id))
        .join(OutboundMessage, OutboundAttempt.message_id == OutboundMessage.id)
        .where(
            OutboundMessage.group_id == group_id,
            OutboundAttempt.at >= timing.start_of_day(now, group),
        )
    )


def latest_attempt(message: OutboundMessage) -> OutboundAttempt | None:
    return db.session.scalar(
        select(OutboundAttempt)
        .where(OutboundAttempt.message_id == message.id)
        .order_by(OutboundAttempt.id.desc())
        .limit(1)
    )


def recent_outbound(group_ids: Iterable[int] | None, limit: int = 50) -> list[dict]:
    """The latest calls and texts, newest first, for the web view (None: every group)."""
    query = (
        select(OutboundMessage, Person.name)
        .outerjoin(Person, OutboundMessage.person_id == Person.id)
        .order_by(OutboundMessage.created_at.desc(), OutboundMessage.id.desc())
        .limit(max(1, min(limit, 500)))
    )
    if group_ids is not None:
        query = query.where(OutboundMessage.group_id.in_(list(group_ids)))
    rows = []
    for message, name in db.session.execute(query):
        attempt = latest_attempt(message)
        rows.append(
            {
                "id": message.id,
                "created_at": message.created_at,
                "group_id": message.group_id,
                "person": name,
                "to_number": message.to_number,
                "kind": str(message.kind),
                "purpose": message.purpose,
                "meeting_id": message.meeting_id,
                "status": message.status,
                "attempts": message.attempts,
                "last_outcome": attempt.outcome if attempt else None,
                "last_attempt_at": attempt.at if attempt else None,
                "answered_by": message.answered_by,
                "next_attempt_at": message.next_attempt_at,
                "body": message.body,
            }
        )
    return rows
