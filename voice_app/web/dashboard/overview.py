"""What the dashboard shows: meetings and their papers, work to review, gaps in co-chairs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from voice_app.extensions import db
from voice_app.models import (
    Comment,
    Group,
    Meeting,
    Payment,
    PaymentStatus,
    Role,
    ShoppingItem,
    ShoppingStatus,
    utcnow,
)
from voice_app.papers.pictures import undescribed

UPCOMING_DAYS = 90


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


def upcoming(group_ids: list[int] | None, now: datetime | None = None) -> list[Meeting]:
    now = now or utcnow()
    query = (
        select(Meeting)
        .where(Meeting.ends_at >= now, Meeting.cancelled_at.is_(None))
        .where(Meeting.starts_at <= now + timedelta(days=UPCOMING_DAYS))
        .order_by(Meeting.starts_at)
    )
    if group_ids is not None:
        query = query.where(Meeting.group_id.in_(group_ids))
    return list(db.session.scalars(query))


def comments_to_review(group_ids: list[int] | None, limit: int = 5) -> tuple[int, list[Comment]]:
    query = select(Comment).where(Comment.reviewed_at.is_(None))
    if group_ids is not None:
        query = query.where(Comment.group_id.in_(group_ids))
    count = db.session.scalar(select(func.count()).select_from(query.subquery()))
    return count, list(db.session.scalars(query.order_by(Comment.created_at.desc()).limit(limit)))


def items_to_review(group_ids: list[int] | None, limit: int = 5) -> tuple[int, list[ShoppingItem]]:
    query = select(ShoppingItem).where(
        ShoppingItem.status == ShoppingStatus.PROPOSED, ShoppingItem.merged_into_id.is_(None)
    )
    if group_ids is not None:
        query = query.where(ShoppingItem.group_id.in_(group_ids))
    count = db.session.scalar(select(func.count()).select_from(query.subquery()))
    return count, list(
        db.session.scalars(query.order_by(ShoppingItem.created_at.desc()).limit(limit))
    )


def payments_awaiting_approval(group_ids: list[int] | None) -> int:
    query = (
        select(func.count())
        .select_from(Payment)
        .join(Meeting, Meeting.id == Payment.meeting_id)
        .where(Payment.status == PaymentStatus.PENDING)
    )
    if group_ids is not None:
        query = query.where(Meeting.group_id.in_(group_ids))
    return db.session.scalar(query) or 0


def co_chair_gaps(group: Group) -> list[str]:
    """What the group lacks: a resident co-chair, an officer co-chair, or both."""
    roles = {m.role for m in group.co_chairs()}
    gaps = []
    if Role.RESIDENT not in roles:
        gaps.append("resident co-chair")
    if Role.OFFICER not in roles:
        gaps.append("officer co-chair")
    return gaps
