"""What counts as waiting work: a meeting's cycle from its end to the payment run, and before it."""

from __future__ import annotations

from datetime import timedelta

from tests.builders import make_coordinator, make_group, make_meeting, make_person
from voice_app import waiting_work
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    AttendanceMethod,
    Comment,
    Paper,
    PaperStatus,
    Role,
    utcnow,
)
from voice_app.payments.calculate import calculate_for_meeting
from voice_app.payments.status import approve, mark_paid


def _counts(group_ids, managed_ids=None) -> dict[str, int]:
    managed = group_ids if managed_ids is None else managed_ids
    return {c.kind: c.count for c in waiting_work.cards(group_ids, managed)}


def _attend(meeting, person, minutes=120):
    db.session.add(
        Attendance(
            meeting_id=meeting.id,
            person_id=person.id,
            method=AttendanceMethod.IN_PERSON,
            minutes=minutes,
        )
    )
    db.session.commit()


def test_an_ended_meeting_moves_from_attendance_to_payments_to_the_payment_run(app):
    group = make_group("Housing forum")
    resident = make_person(group, "Rita Resident", "+447700900301")
    coordinator = make_coordinator(group)
    ended = make_meeting(group, "March meeting", starts_at=utcnow() - timedelta(days=2))
    ids = [group.id]
    counts = _counts(ids)
    assert (counts["attendance"], counts["payments"], counts["approved-not-paid"]) == (1, 0, 0)

    _attend(ended, resident)
    counts = _counts(ids)  # attended, nothing calculated yet
    assert (counts["attendance"], counts["payments"], counts["approved-not-paid"]) == (0, 1, 0)

    [payment] = calculate_for_meeting(ended)
    db.session.commit()
    assert _counts(ids)["payments"] == 1  # to approve

    approve(payment, coordinator)
    db.session.commit()
    counts = _counts(ids)
    assert (counts["payments"], counts["approved-not-paid"]) == (0, 1)
    assert list(db.session.scalars(waiting_work.approved_not_paid(ids))) == [payment]

    mark_paid(payment, coordinator)
    db.session.commit()
    assert _counts(ids)["approved-not-paid"] == 0


def test_what_is_not_waiting(app):
    group = make_group("Transport panel")
    officer = make_person(group, "Olu Officer", "+447700900302", role=Role.OFFICER)
    past = utcnow() - timedelta(days=5)
    make_meeting(group, "Cancelled", starts_at=past, cancelled_at=utcnow() - timedelta(days=6))
    make_meeting(group, "Not yet held", days_ahead=30)
    officers_only = make_meeting(group, "Officers only", starts_at=past)
    _attend(officers_only, officer)  # officers are not paid: no payment to wait for
    counts = _counts([group.id])
    assert counts["attendance"] == 0 and counts["payments"] == 0


def test_other_groups_and_co_chairs(app):
    ours, theirs = make_group("Ours"), make_group("Theirs")
    make_meeting(theirs, "Their meeting", starts_at=utcnow() - timedelta(days=2))
    assert _counts([ours.id])["attendance"] == 0
    assert _counts(None)["attendance"] == 1  # an admin sees every group
    co_chair = _counts([theirs.id], managed_ids=[])
    assert not {"attendance", "payments", "approved-not-paid"} & co_chair.keys()
    assert {"comments", "shopping", "call-backs", "late-papers", "short-notice"} <= co_chair.keys()


def test_late_papers_and_short_notice(app):
    group = make_group("Papers group", papers_deadline_days=7)
    soon = make_meeting(group, "In three days", days_ahead=3, short_notice_reason="Urgent vote")
    later = make_meeting(group, "In a month", days_ahead=30)
    assert waiting_work.with_late_papers([group.id]) == [soon]  # deadline passed, no papers
    assert waiting_work.short_notice([group.id]) == [soon]

    db.session.add(Paper(meeting_id=later.id, title="Agenda", status=PaperStatus.READY))
    db.session.add(
        Paper(meeting_id=soon.id, title="Budget", status=PaperStatus.READY, is_late=True)
    )
    db.session.commit()
    assert waiting_work.papers_late(soon) and not waiting_work.papers_late(later)
    db.session.add(Paper(meeting_id=later.id, title="Still rendering"))
    db.session.commit()
    db.session.refresh(later)
    assert not waiting_work.papers_late(later)  # before the deadline, being made is fine
    assert waiting_work.papers_late(later, now=later.papers_deadline + timedelta(hours=1))
    counts = _counts([group.id])
    assert (counts["late-papers"], counts["short-notice"]) == (1, 1)


def test_next_comment_to_review_goes_oldest_first_and_wraps(app):
    group, other = make_group("Comments"), make_group("Other")
    start = utcnow() - timedelta(hours=5)
    made = []
    for hours, group_id in [(0, group.id), (1, group.id), (2, other.id), (3, group.id)]:
        comment = Comment(
            group_id=group_id, text="words", created_at=start + timedelta(hours=hours)
        )
        db.session.add(comment)
        made.append(comment)
    db.session.commit()
    first, second, elsewhere, third = made
    assert waiting_work.next_comment_to_review(first) == second
    assert waiting_work.next_comment_to_review(second) == third  # not the other group's
    assert waiting_work.next_comment_to_review(third) == first  # round to the oldest
    for comment in (first, second):
        comment.reviewed_at = utcnow()
    db.session.commit()
    assert waiting_work.next_comment_to_review(third) is None
