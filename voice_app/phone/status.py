"""Twilio's call status callback: how and when a call ended. Safe to receive twice or first."""

from __future__ import annotations

from datetime import datetime

from voice_app.calls import get_or_start_call
from voice_app.models import Call, utcnow

ENDED_STATUSES = {"completed", "busy", "failed", "no-answer", "canceled"}


def parse_seconds(raw: str | None) -> int | None:
    try:
        seconds = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return seconds if 0 <= seconds < 10**7 else None


def record_status(
    call_sid: str,
    from_number: str | None,
    to_number: str | None,
    status: str,
    duration: str | None,
    now: datetime | None = None,
) -> Call:
    """Set the call's status, end time and duration; an unknown CallSid makes a record."""
    call = get_or_start_call(call_sid, from_number, to_number)
    status = (status or "").strip().lower()[:32]
    if not status:
        return call
    if call.status in ENDED_STATUSES and status not in ENDED_STATUSES:
        return call  # a late "ringing" or "in-progress" after the end changes nothing
    call.status = status
    if status in ENDED_STATUSES:
        call.ended_at = call.ended_at or now or utcnow()
        seconds = parse_seconds(duration)
        if seconds is not None:
            call.duration_seconds = seconds
        call.ended_reason = call.ended_reason or ("hung up" if status == "completed" else status)
    return call
