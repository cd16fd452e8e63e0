"""What Twilio tells us after a call or text: answered, a machine, busy, no answer, delivered.

Repeated status callbacks change nothing twice: an attempt's final outcome is written once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from voice_app import audit
from voice_app.extensions import db
from voice_app.models import Call, Group, OutboundMessage, Person
from voice_app.outreach.messages import FAILED_OUTCOMES, latest_attempt, schedule_retry

IN_FLIGHT = ("sending", "dialling", "sent", "queued", "ringing", "in-progress")
CALL_STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")
SMS_STATUSES = ("delivered", "undelivered", "failed")


def is_machine(answered_by: str | None) -> bool:
    """AnsweredBy for an answering machine or a fax (machine_start, machine_end_beep, ...)."""
    return bool(answered_by) and (answered_by.startswith("machine") or answered_by == "fax")


def message_for_sid(sid: str | None) -> OutboundMessage | None:
    if not sid:
        return None
    return db.session.scalar(select(OutboundMessage).where(OutboundMessage.twilio_sid == sid))


def record_call_status(
    call_sid: str, status: str, answered_by: str | None, duration: str | None, now: datetime
) -> str:
    """Settle the latest attempt of the message this call belongs to; retry when it failed."""
    message = message_for_sid(call_sid)
    if message is None or status not in CALL_STATUSES:
        return "ignored"
    _close_call_record(call_sid, status, duration, now)
    if answered_by:
        message.answered_by = answered_by
    outcome = "machine" if status == "completed" and is_machine(answered_by) else status
    return _settle_attempt(message, outcome, now)


def record_sms_status(message_sid: str, status: str, now: datetime) -> str:
    message = message_for_sid(message_sid)
    if message is None or status not in SMS_STATUSES:
        return "ignored"
    return _settle_attempt(message, status, now)


def _settle_attempt(message: OutboundMessage, outcome: str, now: datetime) -> str:
    attempt = latest_attempt(message)
    if attempt is None or attempt.outcome not in IN_FLIGHT:
        db.session.commit()
        return "already settled"
    attempt.outcome = outcome
    person = db.session.get(Person, message.person_id) if message.person_id else None
    group = db.session.get(Group, message.group_id) if message.group_id else None
    if outcome in FAILED_OUTCOMES or outcome == "undelivered":
        schedule_retry(message, group, person, now)
    else:
        message.status = {
            "completed": "answered",
            "machine": "voicemail",
            "canceled": "cancelled",
        }.get(outcome, outcome)
        message.next_attempt_at = None
    audit.record(
        "twilio",
        "outreach.outcome",
        entity="outbound_message",
        entity_id=message.id,
        group_id=message.group_id,
        outcome=outcome,
        status=message.status,
        answered_by=message.answered_by,
    )
    db.session.commit()
    return message.status


def _close_call_record(call_sid: str, status: str, duration: str | None, now: datetime) -> None:
    call = db.session.scalar(select(Call).where(Call.call_sid == call_sid))
    if call is None:
        return
    call.status = status
    call.ended_at = call.ended_at or now
    if duration and duration.isdigit():
        call.duration_seconds = int(duration)
