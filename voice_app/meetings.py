"""Meetings and workshops, with the residents' rule: no meetings at short notice."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import Group, Meeting, MeetingKind, utcnow


def parse_local_time(value: str, group: Group, field: str) -> datetime:
    """An ISO date-time; without a zone it is the group's local time (Europe/London)."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InputError(
            f"{value!r} is not a date and time (try 2026-12-15T14:00).", field
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(group.timezone))
    return parsed


def notice_shortfall(group: Group, starts_at: datetime, now: datetime | None = None) -> int:
    """Days short of the group's minimum notice (0 when enough notice is given)."""
    now = now or utcnow()
    given = starts_at - now
    needed = timedelta(days=group.min_notice_days)
    return 0 if given >= needed else max(1, (needed - given).days)


def checked_title_and_times(title: str, starts_at: datetime, ends_at: datetime) -> str:
    """The title, tidied; InputError for an empty title or impossible times."""
    title = " ".join((title or "").split())
    if not title or len(title) > 200:
        raise InputError("A meeting needs a title of 1 to 200 characters.", "title")
    if ends_at <= starts_at:
        raise InputError("The meeting must end after it starts.", "ends")
    if ends_at - starts_at > timedelta(hours=12):
        raise InputError("A meeting can last at most 12 hours.", "ends")
    return title


def _checked_notice(
    group: Group, starts_at: datetime, reason: str | None, now: datetime, verb: str
) -> str | None:
    """The residents' rule for a new or moved time: in the future, and enough notice or a reason."""
    if starts_at <= now:
        raise InputError("The meeting must start in the future.", "starts")
    reason = (reason or "").strip() or None
    if notice_shortfall(group, starts_at, now) and not reason:
        days = (starts_at - now).days
        raise InputError(
            f"This meeting {verb} {days} days' notice; the group asks for at least "
            f"{group.min_notice_days}. Give a reason for the short notice.",
            "short_notice_reason",
        )
    return reason


def add_meeting(
    group: Group,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    *,
    location: str | None = None,
    kind: MeetingKind = MeetingKind.MEETING,
    topic: str | None = None,
    short_notice_reason: str | None = None,
    phone_conference: bool = True,
    actor: audit.Actor = "system",
) -> Meeting:
    title = checked_title_and_times(title, starts_at, ends_at)
    now = utcnow()
    short_notice_reason = _checked_notice(group, starts_at, short_notice_reason, now, "is at")
    meeting = Meeting(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        kind=kind,
        topic=topic,
        short_notice_reason=short_notice_reason,
        phone_conference=phone_conference,
        created_at=now,
    )
    db.session.add(meeting)
    db.session.flush()
    audit.record(
        actor,
        "meeting.created",
        entity="meeting",
        entity_id=meeting.id,
        group_id=group.id,
        short_notice_reason=short_notice_reason,
    )
    return meeting


def in_group_time(value: datetime, group: Group) -> datetime:
    """A time typed without a zone is the group's local time."""
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
    actor: audit.Actor,
) -> Meeting:
    """Change a meeting; moving it keeps the notice rule (a move too close needs a reason).
    A cancelled meeting is history: it is not changed (residents were told it is off)."""
    if meeting.cancelled_at is not None:
        raise InputError("That meeting is cancelled, so its details cannot change.", "title")
    title = checked_title_and_times(title, starts_at, ends_at)
    reason = (short_notice_reason or "").strip() or None
    if starts_at != meeting.starts_at:
        reason = _checked_notice(meeting.group, starts_at, reason, utcnow(), "would give")
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


def find_meeting(ref: str | int) -> Meeting:
    meeting = db.session.get(Meeting, int(ref)) if str(ref).strip().isdigit() else None
    if meeting is None:
        raise InputError(f"There is no meeting {ref!r}.", "meeting")
    return meeting


def upcoming_meetings(group: Group, now: datetime | None = None) -> list[Meeting]:
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.group_id == group.id, Meeting.ends_at >= now, Meeting.cancelled_at.is_(None)
            )
            .order_by(Meeting.starts_at)
        )
    )


def cancelled_ahead(group: Group, now: datetime | None = None) -> list[Meeting]:
    """Cancelled meetings that would still have been ahead: callers are told they are off."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.group_id == group.id,
                Meeting.cancelled_at.is_not(None),
                Meeting.ends_at >= now,
            )
            .order_by(Meeting.starts_at)
        )
    )
