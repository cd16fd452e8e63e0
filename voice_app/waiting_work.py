"""Work waiting for a person: what counts as waiting, for the dashboard's cards and their lists.

A meeting's cycle is: it ends, its attendance is recorded, payments are calculated and approved,
then paid. Each step that has not happened is waiting work. Before a meeting, papers that are not
out to listeners by the group's deadline and meetings called at short notice are counted too.

Every function takes the groups to look in (None: every group) so the caller decides who may act.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, exists, func, or_, select

from voice_app import contact_requests
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    Comment,
    Meeting,
    Membership,
    Payment,
    PaymentStatus,
    RegisterAbsence,
    Role,
    ShoppingItem,
    ShoppingStatus,
    utcnow,
)
from voice_app.papers.pictures import ready_for_listeners

UPCOMING_DAYS = 90

# Kinds of waiting work, in the order the dashboard shows them. Money and attendance are for the
# people who run a group (coordinators and admins); the rest for anyone who may see the group.
ATTENDANCE = "attendance"
PAYMENTS = "payments"
APPROVED = "approved-not-paid"
COMMENTS = "comments"
SHOPPING = "shopping"
CALL_BACKS = "call-backs"
LATE_PAPERS = "late-papers"
SHORT_NOTICE = "short-notice"
MANAGER_KINDS = (ATTENDANCE, PAYMENTS, APPROVED)
MEETING_KINDS = (ATTENDANCE, PAYMENTS, LATE_PAPERS, SHORT_NOTICE)


@dataclass(frozen=True)
class Card:
    kind: str
    count: int


def _in_groups(query: Select, column, group_ids: list[int] | None) -> Select:
    return query if group_ids is None else query.where(column.in_(group_ids))


def count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _ended(group_ids: list[int] | None, now: datetime) -> Select:
    query = select(Meeting).where(Meeting.ends_at < now, Meeting.cancelled_at.is_(None))
    return _in_groups(query, Meeting.group_id, group_ids).order_by(Meeting.starts_at.desc())


def needing_attendance(group_ids: list[int] | None, now: datetime | None = None) -> Select:
    """Ended meetings with nobody's attendance recorded: no phone check-in, no register (a
    register that marked everyone absent was taken all the same)."""
    attended = exists().where(Attendance.meeting_id == Meeting.id)
    marked_absent = exists().where(RegisterAbsence.meeting_id == Meeting.id)
    return _ended(group_ids, now or utcnow()).where(~attended, ~marked_absent)


def needing_payments(group_ids: list[int] | None, now: datetime | None = None) -> Select:
    """Ended meetings where a resident's payment waits: to be calculated, or to be approved.

    To calculate: a resident of the group attended for some time and no payment exists yet.
    """
    pending = exists().where(
        Payment.meeting_id == Meeting.id, Payment.status == PaymentStatus.PENDING
    )
    resident_attended = exists(
        select(Attendance.id)
        .join(Membership, Membership.person_id == Attendance.person_id)
        .where(
            Attendance.meeting_id == Meeting.id,
            Attendance.minutes > 0,
            Membership.group_id == Meeting.group_id,
            Membership.role == Role.RESIDENT,
            Membership.active.is_(True),
        )
    )
    no_payments = ~exists().where(Payment.meeting_id == Meeting.id)
    return _ended(group_ids, now or utcnow()).where(
        or_(pending, and_(resident_attended, no_payments))
    )


def approved_not_paid(group_ids: list[int] | None) -> Select:
    """Payments approved and waiting for the payment run, oldest meeting first."""
    query = (
        select(Payment)
        .join(Meeting, Meeting.id == Payment.meeting_id)
        .where(Payment.status == PaymentStatus.APPROVED)
    )
    return _in_groups(query, Meeting.group_id, group_ids).order_by(Meeting.starts_at, Payment.id)


def awaiting_approval(group_ids: list[int] | None) -> Select:
    query = (
        select(Payment)
        .join(Meeting, Meeting.id == Payment.meeting_id)
        .where(Payment.status == PaymentStatus.PENDING)
    )
    return _in_groups(query, Meeting.group_id, group_ids)


def comments_to_review(group_ids: list[int] | None) -> Select:
    query = select(Comment).where(Comment.reviewed_at.is_(None))
    return _in_groups(query, Comment.group_id, group_ids).order_by(Comment.created_at.desc())


def items_to_decide(group_ids: list[int] | None) -> Select:
    """Proposed shopping-list items that are not merged into another: each needs a decision."""
    query = select(ShoppingItem).where(
        ShoppingItem.status == ShoppingStatus.PROPOSED, ShoppingItem.merged_into_id.is_(None)
    )
    return _in_groups(query, ShoppingItem.group_id, group_ids).order_by(
        ShoppingItem.created_at.desc()
    )


def upcoming(group_ids: list[int] | None, now: datetime | None = None) -> list[Meeting]:
    """Meetings not yet over and not cancelled, in the next three months, soonest first."""
    now = now or utcnow()
    query = select(Meeting).where(
        Meeting.ends_at >= now,
        Meeting.cancelled_at.is_(None),
        Meeting.starts_at <= now + timedelta(days=UPCOMING_DAYS),
    )
    return list(
        db.session.scalars(
            _in_groups(query, Meeting.group_id, group_ids).order_by(Meeting.starts_at)
        )
    )


def papers_late(meeting: Meeting, now: datetime | None = None) -> bool:
    """A paper went out after the deadline, or the deadline has passed and papers are not out
    (none yet, still being made, or waiting for pictures to be described)."""
    if any(p.is_late for p in meeting.papers):
        return True
    if meeting.papers_deadline > (now or utcnow()):
        return False
    return not meeting.papers or not all(ready_for_listeners(p) for p in meeting.papers)


def with_late_papers(group_ids: list[int] | None, now: datetime | None = None) -> list[Meeting]:
    now = now or utcnow()
    return [m for m in upcoming(group_ids, now) if papers_late(m, now)]


def short_notice(group_ids: list[int] | None, now: datetime | None = None) -> list[Meeting]:
    """Upcoming meetings called with less notice than the group's rule (a reason was given)."""
    return [m for m in upcoming(group_ids, now) if m.short_notice_reason]


def meetings(kind: str, group_ids: list[int] | None, now: datetime | None = None) -> list[Meeting]:
    """The meetings behind a meeting card."""
    if kind == ATTENDANCE:
        return list(db.session.scalars(needing_attendance(group_ids, now)))
    if kind == PAYMENTS:
        return list(db.session.scalars(needing_payments(group_ids, now)))
    if kind == LATE_PAPERS:
        return with_late_papers(group_ids, now)
    if kind == SHORT_NOTICE:
        return short_notice(group_ids, now)
    raise ValueError(f"not a meeting kind: {kind}")


def cards(
    group_ids: list[int] | None,
    managed_ids: list[int] | None,
    now: datetime | None = None,
) -> list[Card]:
    """Every kind of waiting work the person can act on, with its count.

    group_ids: the groups they may see; managed_ids: those they run (None: all, for an admin).
    Money and attendance cards are left out for someone who runs no group (a co-chair).
    """
    now = now or utcnow()
    found = []
    if managed_ids is None or managed_ids:
        found += [
            Card(ATTENDANCE, count(needing_attendance(managed_ids, now))),
            Card(PAYMENTS, count(needing_payments(managed_ids, now))),
            Card(APPROVED, count(approved_not_paid(managed_ids))),
        ]
    found += [
        Card(COMMENTS, count(comments_to_review(group_ids))),
        Card(SHOPPING, count(items_to_decide(group_ids))),
        Card(CALL_BACKS, contact_requests.open_requests(group_ids, limit=0)[0]),
    ]
    coming = upcoming(group_ids, now)
    found += [
        Card(LATE_PAPERS, sum(papers_late(m, now) for m in coming)),
        Card(SHORT_NOTICE, sum(bool(m.short_notice_reason) for m in coming)),
    ]
    return found


def next_comment_to_review(comment: Comment) -> Comment | None:
    """The next comment in the same group still to be reviewed, oldest first, wrapping round."""
    waiting = select(Comment).where(
        Comment.group_id == comment.group_id,
        Comment.reviewed_at.is_(None),
        Comment.id != comment.id,
    )
    later = waiting.where(
        or_(
            Comment.created_at > comment.created_at,
            and_(Comment.created_at == comment.created_at, Comment.id > comment.id),
        )
    )
    order = (Comment.created_at, Comment.id)
    return (
        db.session.scalars(later.order_by(*order).limit(1)).first()
        or db.session.scalars(waiting.order_by(*order).limit(1)).first()
    )
