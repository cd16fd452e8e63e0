"""What an answered outreach call can do: find what it is about, call back later, stop calls.

Plain functions for the webhooks in voice_app/phone/outreach.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from voice_app import audit
from voice_app.extensions import db
from voice_app.models import Group, Meeting, OutboundKind, OutboundMessage, Person
from voice_app.outreach.cancellations import CANCELLATION
from voice_app.outreach.messages import ensure_message
from voice_app.outreach.status import message_for_sid
from voice_app.outreach.timing import spoken_time
from voice_app.outreach.wording import cancellation_text, day_phrase

CALL_BACK_AFTER = timedelta(hours=2)


@dataclass
class OutreachCall:
    message: OutboundMessage
    person: Person | None
    group: Group | None


def outreach_call(call_sid: str) -> OutreachCall | None:
    message = message_for_sid(call_sid)
    if message is None:
        return None
    person = db.session.get(Person, message.person_id) if message.person_id else None
    group = db.session.get(Group, message.group_id) if message.group_id else None
    return OutreachCall(message, person, group)


def overtaken(call: OutreachCall) -> bool:
    """A call about a meeting that was cancelled while it rang: the news is the cancellation."""
    meeting_id = call.message.meeting_id
    meeting = db.session.get(Meeting, meeting_id) if meeting_id else None
    return bool(meeting and meeting.cancelled_at and call.message.purpose != CANCELLATION)


def words_now(call: OutreachCall) -> str:
    """What the call says: its message, or that the meeting is off when it has been overtaken."""
    if overtaken(call):
        meeting = db.session.get(Meeting, call.message.meeting_id)
        return cancellation_text(meeting, OutboundKind.CALL)
    return call.message.body or ""


def note_answered_by(call: OutreachCall, answered_by: str | None) -> None:
    if answered_by and call.message.answered_by != answered_by:
        call.message.answered_by = answered_by
        db.session.commit()


def call_back_later(call: OutreachCall, call_sid: str, now: datetime) -> tuple[str, str]:
    """Plan a new papers-ready call in about two hours (or when quiet hours end).

    Returns the time and day to tell the resident, e.g. ("4pm", "today"). Keyed by this call,
    so pressing 2 twice (or a repeated webhook) plans one call.
    """
    original = call.message
    later, _ = ensure_message(
        person=call.person,
        group=call.group,
        kind=OutboundKind.CALL,
        purpose=original.purpose,
        dedupe_key=f"{original.purpose}-later:{original.meeting_id}:{original.person_id}:{call_sid}",
        body=original.body,
        meeting_id=original.meeting_id,
        now=now,
        not_before=now + CALL_BACK_AFTER,
    )
    audit.record(
        f"phone:{original.to_number}",
        "outreach.call_back_later",
        entity="outbound_message",
        entity_id=later.id,
        group_id=original.group_id,
        at=later.next_attempt_at.isoformat() if later.next_attempt_at else None,
    )
    db.session.commit()
    when = later.next_attempt_at or now
    return spoken_time(when, call.group), day_phrase(when, now, call.group)


def stop_papers_ready_calls(call: OutreachCall) -> None:
    """The resident pressed 3: no more papers-ready calls (their other calls are unchanged)."""
    person = call.person
    if person is not None and person.papers_ready_calls:
        person.papers_ready_calls = False
        audit.record(
            f"phone:{person.phone}",
            "person.papers_ready_calls_off",
            entity="person",
            entity_id=person.id,
            group_id=call.message.group_id,
        )
    db.session.commit()
