"""Outreach when plans change: stop what is no longer true, and tell who was told.

A cancelled meeting's reminders and papers-ready calls not yet made are settled as cancelled (the
rows stay, as history); everyone who had heard about it is called or texted, by their chosen
route, to say it is off. A paper removed or replaced puts back the papers-ready calls not yet
made, so the scheduler makes them again, with the right words, once every paper is ready.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from voice_app import audit
from voice_app.extensions import db
from voice_app.models import (
    Meeting,
    OutboundKind,
    OutboundMessage,
    Paper,
    Person,
    ReadingPosition,
)
from voice_app.outreach.messages import SENDABLE
from voice_app.outreach.scheduler import channel_for, queue_for_residents, residents
from voice_app.outreach.wording import cancellation_text

CANCELLATION = "cancellation"


def pending_for(meeting: Meeting) -> list[OutboundMessage]:
    """The calls and texts about this meeting that have not been made yet."""
    return list(
        db.session.scalars(
            select(OutboundMessage).where(
                OutboundMessage.meeting_id == meeting.id,
                OutboundMessage.status.in_(SENDABLE),
                OutboundMessage.purpose != CANCELLATION,
            )
        )
    )


def stop_pending(meeting: Meeting) -> int:
    """Settle every call and text not yet made about this meeting as cancelled; how many."""
    stopped = pending_for(meeting)
    for message in stopped:
        message.status = "cancelled"
        message.next_attempt_at = None
        audit.record(
            "system",
            "outreach.cancelled",
            entity="outbound_message",
            entity_id=message.id,
            group_id=message.group_id,
            purpose=message.purpose,
            reason="the meeting was cancelled",
        )
    return len(stopped)


def told_about(meeting: Meeting) -> list[Person]:
    """Residents who have heard about this meeting: a call or text about it was tried, or they
    listened to its papers. Only they need to hear that it is off."""
    tried = set(
        db.session.scalars(
            select(OutboundMessage.person_id).where(
                OutboundMessage.meeting_id == meeting.id,
                OutboundMessage.attempts > 0,
                OutboundMessage.purpose != CANCELLATION,
            )
        )
    )
    listened = set(
        db.session.scalars(
            select(ReadingPosition.person_id)
            .join(Paper, ReadingPosition.paper_id == Paper.id)
            .where(Paper.meeting_id == meeting.id)
        )
    )
    heard = tried | listened
    return [person for person in residents(meeting.group) if person.id in heard]


def who_hears_how(people: list[Person]) -> dict[OutboundKind, list[Person]]:
    """The people split by their chosen route; those who asked for no contact are left out."""
    routes: dict[OutboundKind, list[Person]] = {OutboundKind.CALL: [], OutboundKind.SMS: []}
    for person in people:
        kind = channel_for(person)
        if kind is not None:
            routes[kind].append(person)
    return routes


def tell_cancelled(meeting: Meeting, now: datetime) -> int:
    """One cancellation call or text per resident who had heard about it; how many new."""
    if not meeting.group.phone_number:
        return 0  # nothing to call or text from: the web view says so before cancelling
    heard = {person.id for person in told_about(meeting)}
    return queue_for_residents(
        meeting,
        f"{CANCELLATION}:{meeting.id}:",
        CANCELLATION,
        cancellation_text,
        now,
        wants=lambda person: person.id in heard,
    )


def unmake_papers_ready(meeting: Meeting) -> int:
    """Remove papers-ready calls and texts not yet tried, so the scheduler makes them afresh
    when the changed papers are all ready; how many. Ones already tried are left as they are."""
    result = db.session.execute(
        delete(OutboundMessage)
        .where(
            OutboundMessage.meeting_id == meeting.id,
            OutboundMessage.dedupe_key.startswith(f"papers-ready:{meeting.id}:"),
            OutboundMessage.status.in_(SENDABLE),
            OutboundMessage.attempts == 0,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
