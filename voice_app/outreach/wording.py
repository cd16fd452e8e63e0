"""The words of each call and text, from prompts/ (every word the app says lives there)."""

from __future__ import annotations

from datetime import datetime, timedelta

from voice_app.models import Group, Meeting, OutboundKind
from voice_app.outreach.timing import spoken_date, spoken_time
from voice_app.papers.pictures import undescribed
from voice_app.prompts import language_of, say


def _about(meeting: Meeting) -> dict[str, str]:
    """The group, title, date and time that reminders and cancellations name."""
    group = meeting.group
    return {
        "group": group.name,
        "title": meeting.title,
        "date": spoken_date(meeting.starts_at, group),
        "time": spoken_time(meeting.starts_at, group),
    }


def reminder_text(meeting: Meeting, kind: OutboundKind) -> str:
    values = _about(meeting)
    prefix = "sms_" if kind == OutboundKind.SMS else ""
    parts = [
        say(
            f"{prefix}reminder" if prefix else "reminder_call",
            **values,
            language=meeting.group.language,
        )
    ]
    if meeting.location:
        parts.append(
            say(
                f"{prefix}reminder_place",
                location=meeting.location,
                language=meeting.group.language,
            )
        )
    if kind == OutboundKind.SMS:
        parts.append(say("sms_reminder_help", language=meeting.group.language))
    elif meeting.phone_conference:
        parts.append(say("reminder_by_phone", language=meeting.group.language))
    return " ".join(parts)


def papers_ready_text(meeting: Meeting, kind: OutboundKind) -> str:
    """The announcement, then why any paper went out with pictures not yet described."""
    date = spoken_date(meeting.starts_at, meeting.group)
    released = [
        say(
            "papers_ready_released",
            title=paper.title,
            reason=paper.release_reason,
            language=meeting.group.language,
        )
        for paper in meeting.papers
        if paper.release_reason and undescribed(paper)
    ]
    if kind == OutboundKind.SMS:
        text = say(
            "sms_papers_ready",
            group=meeting.group.name,
            date=date,
            number=meeting.group.phone_number or "",
            language=meeting.group.language,
        )
    else:
        text = say("papers_ready_announce", date=date, language=meeting.group.language)
    return " ".join([text, *released])


def day_phrase(at: datetime, now: datetime, group: Group | None) -> str:
    """'today', 'tomorrow' or 'on Friday 13 December', in the group's time."""
    day, today = spoken_date(at, group), spoken_date(now, group)
    if day == today:
        return say("day_today", language=language_of(group))
    if day == spoken_date(now + timedelta(days=1), group):
        return say("day_tomorrow", language=language_of(group))
    return say("day_on", date=day, language=language_of(group))


def money(pence: int, currency: str = "GBP") -> str:
    """£12.50, £20 (other currencies by code: 12.50 EUR)."""
    pounds, rest = divmod(abs(pence), 100)
    amount = f"{pounds}.{rest:02d}" if rest else f"{pounds}"
    return f"£{amount}" if currency == "GBP" else f"{amount} {currency}"


def cancellation_text(meeting: Meeting, kind: OutboundKind) -> str:
    """What was cancelled and when it was to be, then the reason the coordinator gave."""
    prefix = "sms_" if kind == OutboundKind.SMS else ""
    parts = [say(f"{prefix}meeting_cancelled", **_about(meeting), language=meeting.group.language)]
    if meeting.cancel_reason:
        parts.append(
            say(
                f"{prefix}meeting_cancelled_reason",
                reason=meeting.cancel_reason,
                language=meeting.group.language,
            )
        )
    return " ".join(parts)
