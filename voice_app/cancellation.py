"""Cancelling a meeting: kept, not deleted, so its attendance and payments history stays.

Cancelling stops the calls and texts about it not yet made, tells the residents who had heard
about it (outreach/cancellations.py) and takes it off the phone line's upcoming meetings, where
callers hear that it is off instead. The plan is worked out first, so a coordinator can check
what will happen before it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from voice_app import audit
from voice_app.errors import InputError
from voice_app.models import Meeting, OutboundKind, Person
from voice_app.outreach import clock
from voice_app.outreach.cancellations import (
    pending_for,
    stop_pending,
    tell_cancelled,
    told_about,
    who_hears_how,
)

REASON_MAX = 500


@dataclass(frozen=True)
class CancelPlan:
    """What cancelling would do: calls and texts stopped, and who is told how."""

    stopping: int
    calls: list[Person]
    texts: list[Person]
    can_send: bool  # False when the group has no number to call or text from

    @property
    def told(self) -> int:
        return len(self.calls) + len(self.texts) if self.can_send else 0


def checked_reason(reason: str | None) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise InputError("Give the reason the meeting is cancelled: residents hear it.", "reason")
    if len(reason) > REASON_MAX:
        raise InputError(f"Keep the reason to {REASON_MAX} characters or fewer.", "reason")
    return reason


def check_can_cancel(meeting: Meeting, now: datetime) -> None:
    if meeting.cancelled_at is not None:
        raise InputError(f"{meeting.title} is already cancelled.", "meeting")
    if meeting.ends_at <= now:
        raise InputError(
            f"{meeting.title} has already happened, so it cannot be cancelled.", "meeting"
        )


def cancel_plan(meeting: Meeting) -> CancelPlan:
    routes = who_hears_how(told_about(meeting))
    return CancelPlan(
        stopping=len(pending_for(meeting)),
        calls=routes[OutboundKind.CALL],
        texts=routes[OutboundKind.SMS],
        can_send=bool(meeting.group.phone_number),
    )


def cancel_meeting(
    meeting: Meeting, reason: str, actor: audit.Actor, now: datetime | None = None
) -> CancelPlan:
    """Mark the meeting cancelled with its reason, stop its outreach and tell who heard of it."""
    now = now or clock.now()
    reason = checked_reason(reason)
    check_can_cancel(meeting, now)
    plan = cancel_plan(meeting)
    meeting.cancelled_at = now
    meeting.cancel_reason = reason
    stopped = stop_pending(meeting)
    told = tell_cancelled(meeting, now)
    audit.record(
        actor,
        "meeting.cancelled",
        entity="meeting",
        entity_id=meeting.id,
        group_id=meeting.group_id,
        reason=reason,
        stopped=stopped,
        told=told,
    )
    return plan
