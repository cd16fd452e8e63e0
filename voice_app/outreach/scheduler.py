"""The worker's outreach tick: find what is due and enqueue it, cheaply and at most so often.

Everything it makes is keyed (reminder:week:<meeting>:<person>, papers-ready:<meeting>:<person>),
so two workers ticking at once make one message and one send job each, never two.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select

from voice_app.extensions import db
from voice_app.jobs.periodic import Periodic
from voice_app.models import (
    ContactPreference,
    Group,
    Meeting,
    Membership,
    OutboundKind,
    OutboundMessage,
    Paper,
    PaperStatus,
    Person,
    Role,
)
from voice_app.outreach import clock
from voice_app.outreach.messages import SENDABLE, enqueue_send, ensure_message
from voice_app.outreach.wording import papers_ready_text, reminder_text
from voice_app.papers.pictures import ready_for_listeners

log = logging.getLogger("voice_app.outreach")

REMINDERS = (("day", timedelta(days=1)), ("week", timedelta(days=7)))
LOOK_AHEAD = timedelta(days=120)  # papers-ready calls only for meetings this close


class OutreachScheduler(Periodic):
    """Worker.periodic: queue due reminders, papers-ready notices and retries every 30 s."""

    min_interval = 30.0

    def run(self) -> dict[str, int]:
        return run_tick(clock.now())


def run_tick(now: datetime) -> dict[str, int]:
    """Queue due reminders, papers-ready notices and retries; returns how many were new."""
    made = {"reminders": 0, "papers_ready": 0, "requeued": requeue_due(now)}
    meetings = db.session.scalars(
        select(Meeting)
        .join(Group, Meeting.group_id == Group.id)
        .where(
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at > now,
            Meeting.starts_at <= now + LOOK_AHEAD,
            Group.phone_number.is_not(None),
        )
        .order_by(Meeting.starts_at)
    ).all()
    for meeting in meetings:
        which = reminder_due(meeting, now)
        if which:
            made["reminders"] += queue_reminders(meeting, which, now)
        if papers_all_ready(meeting):
            made["papers_ready"] += queue_papers_ready(meeting, now)
    db.session.commit()
    return made


def reminder_due(meeting: Meeting, now: datetime) -> str | None:
    """Which reminder is due: "day" within a day of the start, "week" within a week."""
    for name, before in REMINDERS:
        if meeting.starts_at - before <= now < meeting.starts_at:
            return name
    return None


def papers_all_ready(meeting: Meeting) -> bool:
    """Every paper rendered (the papers area sets READY when a paper's audio is done) and its
    pictures described, or released by a coordinator with a reason."""
    counts = db.session.execute(
        select(
            func.count(Paper.id), func.count(Paper.id).filter(Paper.status == PaperStatus.READY)
        ).where(Paper.meeting_id == meeting.id, Paper.easy_read_of_id.is_(None))
    ).one()
    if not (counts[0] > 0 and counts[0] == counts[1]):
        return False
    return all(ready_for_listeners(paper) for paper in meeting.papers)


def residents(group: Group) -> list[Person]:
    return list(
        db.session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.group_id == group.id,
                Membership.active.is_(True),
                Membership.role == Role.RESIDENT,
                Person.erased_at.is_(None),
                Person.phone.is_not(None),
            )
            .order_by(Person.id)
        )
    )


def _known_keys(meeting: Meeting, prefix: str) -> set[str]:
    return set(
        db.session.scalars(
            select(OutboundMessage.dedupe_key).where(
                OutboundMessage.meeting_id == meeting.id,
                OutboundMessage.dedupe_key.startswith(prefix),
            )
        )
    )


def channel_for(person: Person) -> OutboundKind | None:
    if person.contact_preference == ContactPreference.CALL:
        return OutboundKind.CALL
    if person.contact_preference == ContactPreference.SMS and not person.sms_opt_out:
        return OutboundKind.SMS
    return None


def queue_reminders(meeting: Meeting, which: str, now: datetime) -> int:
    return queue_for_residents(
        meeting, f"reminder:{which}:{meeting.id}:", "reminder", reminder_text, now
    )


def queue_papers_ready(meeting: Meeting, now: datetime) -> int:
    return queue_for_residents(
        meeting,
        f"papers-ready:{meeting.id}:",
        "papers-ready",
        papers_ready_text,
        now,
        wants=lambda person: person.papers_ready_calls,
    )


def queue_for_residents(
    meeting: Meeting,
    prefix: str,
    purpose: str,
    words: Callable[[Meeting, OutboundKind], str],
    now: datetime,
    wants: Callable[[Person], bool] = lambda person: True,
) -> int:
    """One message per resident who wants it, keyed prefix + person id; returns how many new."""
    known = _known_keys(meeting, prefix)
    made = 0
    for person in residents(meeting.group):
        kind = channel_for(person)
        if kind is None or not wants(person) or f"{prefix}{person.id}" in known:
            continue
        _, created = ensure_message(
            person=person,
            group=meeting.group,
            kind=kind,
            purpose=purpose,
            dedupe_key=f"{prefix}{person.id}",
            body=words(meeting, kind),
            meeting_id=meeting.id,
            now=now,
        )
        made += created
    return made


def requeue_due(now: datetime, limit: int = 200) -> int:
    """Make sure every message due now has its send job (a no-op when the job exists)."""
    due = db.session.scalars(
        select(OutboundMessage)
        .where(OutboundMessage.status.in_(SENDABLE), OutboundMessage.next_attempt_at <= now)
        .order_by(OutboundMessage.next_attempt_at)
        .limit(limit)
    ).all()
    for message in due:
        enqueue_send(message, now)
    return len(due)
