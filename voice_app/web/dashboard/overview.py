"""How the dashboard says things: meetings' notice and papers in words, gaps in co-chairs.

What counts as waiting work is decided in voice_app.waiting_work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for

from voice_app import waiting_work
from voice_app.models import Group, Meeting, Role, utcnow
from voice_app.papers.pictures import undescribed


@dataclass
class Status:
    """A status said in words (never colour alone) and a kind for styling: ok, due, late."""

    text: str
    kind: str


def notice_status(meeting: Meeting) -> Status:
    days = (meeting.starts_at - meeting.created_at).days
    if meeting.short_notice_reason:
        return Status(f"Short notice ({days} days): {meeting.short_notice_reason}", "late")
    return Status(f"{days} days' notice", "ok")


def papers_status(meeting: Meeting, now: datetime | None = None) -> Status:
    now = now or utcnow()
    papers = meeting.papers
    waiting = sum(len(undescribed(p)) for p in papers if not p.release_reason)
    if waiting:
        one = waiting == 1
        return Status(f"Not ready: {waiting} picture{'' if one else 's'} to describe", "late")
    late = [p for p in papers if p.is_late]
    if late:
        return Status(f"Late: {len(late)} of {len(papers)} papers after the deadline", "late")
    if papers:
        return Status(f"On time: {len(papers)} papers", "ok")
    if meeting.papers_deadline > now:
        return Status("Due: no papers yet", "due")
    return Status("Late: no papers yet, the deadline has passed", "late")


def co_chair_gaps(group: Group) -> list[str]:
    """What the group lacks: a resident co-chair, an officer co-chair, or both."""
    roles = {m.role for m in group.co_chairs()}
    gaps = []
    if Role.RESIDENT not in roles:
        gaps.append("resident co-chair")
    if Role.OFFICER not in roles:
        gaps.append("officer co-chair")
    return gaps


CARD_TITLES = {
    waiting_work.ATTENDANCE: "Ended meetings needing attendance",
    waiting_work.PAYMENTS: "Ended meetings needing payments",
    waiting_work.APPROVED: "Payments approved, not yet paid",
    waiting_work.COMMENTS: "Comments to review",
    waiting_work.SHOPPING: "Shopping-list items to decide",
    waiting_work.CALL_BACKS: "Asked for a call back",
    waiting_work.LATE_PAPERS: "Upcoming meetings with late papers",
    waiting_work.SHORT_NOTICE: "Upcoming short-notice meetings",
}
CARD_HINTS = {
    waiting_work.ATTENDANCE: "Nobody's attendance recorded yet.",
    waiting_work.PAYMENTS: "Payments to calculate or approve.",
    waiting_work.APPROVED: "Ready for the payment run.",
    waiting_work.LATE_PAPERS: "Papers not out by the group's deadline.",
    waiting_work.SHORT_NOTICE: "Called with less notice than the group's rule.",
}


def card_url(kind: str) -> str:
    """The filtered list behind a card."""
    if kind == waiting_work.COMMENTS:
        return url_for("comments.index", status="unreviewed")
    if kind == waiting_work.SHOPPING:
        return url_for("shopping.index", status="proposed")
    if kind == waiting_work.CALL_BACKS:
        return url_for("contact.index")
    return url_for("dashboard.waiting", kind=kind)
