"""Changing a meeting keeps the residents' notice rule: moving it close needs a reason."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from voice_app import audit
from voice_app.errors import InputError
from voice_app.meetings import checked_title_and_times, notice_shortfall
from voice_app.models import Group, Meeting, MeetingKind, utcnow


def in_group_time(value: datetime, group: Group) -> datetime:
    """A time typed into the form is the group's local time."""
    return value.replace(tzinfo=ZoneInfo(group.timezone)) if value.tzinfo is None else value


def update_meeting(
    meeting: Meeting,
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    kind: MeetingKind,
    topic: str | None,
    location: str | None,
    phone_conference: bool,
    short_notice_reason: str | None,
    actor: str,
) -> Meeting:
    title = checked_title_and_times(title, starts_at, ends_at)
    now = utcnow()
    moved = starts_at != meeting.starts_at
    if moved and starts_at <= now:
        raise InputError("The meeting must start in the future.", "starts")
    reason = (short_notice_reason or "").strip() or None
    if moved and notice_shortfall(meeting.group, starts_at, now) and not reason:
        days = (starts_at - now).days
        raise InputError(
            f"The new time gives {days} days' notice; the group asks for at least "
            f"{meeting.group.min_notice_days}. Give a reason for the short notice.",
            "short_notice_reason",
        )
    changes = {
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "kind": kind,
        "topic": (topic or "").strip() or None,
        "location": (location or "").strip() or None,
        "phone_conference": phone_conference,
        "short_notice_reason": reason or meeting.short_notice_reason,
    }
    changed = [name for name, value in changes.items() if getattr(meeting, name) != value]
    for name in changed:
        setattr(meeting, name, changes[name])
    audit.record(
        actor,
        "meeting.updated",
        entity="meeting",
        entity_id=meeting.id,
        group_id=meeting.group_id,
        changed=changed,
    )
    return meeting
