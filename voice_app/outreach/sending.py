"""Sending one outbound message: checks, the daily cap, the Twilio request, and what came of it.

Two workers can never send one message twice: the move from a sendable status to "sending" is a
compare-and-set on the row, made while holding the group's row lock (so the daily cap is counted
by one worker at a time, on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from voice_app import audit
from voice_app.extensions import db
from voice_app.models import (
    Call,
    CallDirection,
    ContactPreference,
    Group,
    OutboundAttempt,
    OutboundKind,
    OutboundMessage,
    Person,
)
from voice_app.outreach import timing
from voice_app.outreach.messages import (
    CALLBACK,
    SENDABLE,
    attempts_today,
    enqueue_send,
    schedule_retry,
)
from voice_app.telephony import twilio_rest

# Where Twilio fetches TwiML when each kind of call is answered.
CALL_PATHS = {
    CALLBACK: "/voice/incoming",  # straight into the normal menu
    "papers-ready": "/voice/outreach/papers-ready",
    "reminder": "/voice/outreach/reminder",
}


def why_not_send(message: OutboundMessage, person: Person | None, group: Group | None) -> str:
    """A reason this message must not go out any more, or "" when it may."""
    if person is None or person.erased_at is not None or not person.phone:
        return "no such person or number"
    if message.kind == OutboundKind.SMS and person.sms_opt_out:
        return "texted STOP"
    if message.purpose == CALLBACK:
        if person.free_callback_opt_out or group is None or not group.free_callback:
            return "free callback is off"
        return ""
    if person.contact_preference == ContactPreference.NONE:
        return "asked not to be contacted"
    if message.purpose == "papers-ready" and not person.papers_ready_calls:
        return "asked for no papers-ready calls"
    return ""


def send_message(message_id: int, now: datetime) -> str:
    """Try to send one message now; returns what happened, in a word or two."""
    message = db.session.get(OutboundMessage, message_id)
    if message is None or message.status not in SENDABLE:
        return "nothing to do"
    person = db.session.get(Person, message.person_id) if message.person_id else None
    group = db.session.get(Group, message.group_id) if message.group_id else None
    reason = why_not_send(message, person, group)
    if reason:
        return _settle(message, "cancelled", reason)
    if group is None or not group.phone_number:
        return _settle(message, "failed", "the group has no phone number to call or text from")
    if message.purpose != CALLBACK and not timing.is_allowed(now, person, group):
        return _defer(message, timing.next_allowed(now, person, group), "quiet hours", now)
    # Hold the group's row: the count and the claim below are one worker's at a time.
    db.session.execute(update(Group).where(Group.id == group.id).values(id=Group.id))
    if attempts_today(group.id, now, group) >= group.outbound_daily_cap:
        later = timing.next_allowed(timing.start_of_next_day(now, group), person, group)
        return _defer(message, later, "daily cap reached", now)
    claimed = db.session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == message.id, OutboundMessage.status.in_(SENDABLE))
        .values(status="sending", attempts=OutboundMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return "nothing to do"
    attempt = OutboundAttempt(message_id=message.id, at=now, outcome="sending")
    db.session.add(attempt)
    db.session.commit()
    db.session.refresh(message)
    return _try(message, attempt, person, group, now)


def _try(
    message: OutboundMessage, attempt: OutboundAttempt, person: Person, group: Group, now: datetime
) -> str:
    try:
        if message.kind == OutboundKind.CALL:
            sent = twilio_rest.place_call(
                person.phone,
                group.phone_number,
                CALL_PATHS.get(message.purpose, CALL_PATHS["reminder"]),
                detect_machine=message.purpose != CALLBACK,
            )
        else:
            sent = twilio_rest.send_sms(person.phone, group.phone_number, message.body or "")
    except twilio_rest.TwilioUnavailable as exc:
        attempt.outcome = "error"
        attempt.detail = str(exc)[:2000]
        retrying = schedule_retry(message, group, person, now)
        _audit(message, "outreach.attempt_failed", error=attempt.detail, retrying=retrying)
        db.session.commit()
        return "error"
    message.twilio_sid = sent.sid
    attempt.detail = sent.sid
    if message.kind == OutboundKind.CALL:
        attempt.outcome = message.status = "dialling"
        _remember_call(message, sent.sid, group)
        _audit(message, "outreach.call_placed", sid=sent.sid, attempt=message.attempts)
    else:
        attempt.outcome = message.status = "sent"
        _audit(message, "outreach.sms_sent", sid=sent.sid, body=message.body)
    db.session.commit()
    return attempt.outcome


def _remember_call(message: OutboundMessage, sid: str, group: Group) -> None:
    """The Call row for our outbound call, so its webhooks know who is on the line."""
    call = db.session.scalar(select(Call).where(Call.call_sid == sid))
    if call is None:
        call = Call(call_sid=sid, state={}, menus=[])
        db.session.add(call)
    call.direction = CallDirection.OUTBOUND
    call.from_number = group.phone_number
    call.to_number = message.to_number
    call.person_id = message.person_id
    call.group_id = message.group_id
    call.authenticated = True  # we rang the number we hold for them
    call.state = {
        **(call.state or {}),
        "outreach": message.purpose,
        "message_id": message.id,
        "callback": message.purpose == CALLBACK,
    }


def _settle(message: OutboundMessage, status: str, reason: str) -> str:
    message.status = status
    message.next_attempt_at = None
    _audit(message, f"outreach.{status}", reason=reason)
    db.session.commit()
    return status


def _defer(message: OutboundMessage, until: datetime, reason: str, now: datetime) -> str:
    message.status = "waiting"
    message.next_attempt_at = until
    enqueue_send(message, now)
    _audit(message, "outreach.deferred", reason=reason, until=until.isoformat())
    db.session.commit()
    return "waiting"


def _audit(message: OutboundMessage, action: str, **detail: object) -> None:
    audit.record(
        "system",
        action,
        entity="outbound_message",
        entity_id=message.id,
        group_id=message.group_id,
        to=message.to_number,
        kind=str(message.kind),
        purpose=message.purpose,
        **detail,
    )
