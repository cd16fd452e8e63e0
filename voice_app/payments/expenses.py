"""Travel and care costs a resident claims for a meeting they attended: refunds, paid on top."""

from __future__ import annotations

from sqlalchemy import select

from voice_app import audit
from voice_app.attendance import find_attendance
from voice_app.directory import residents_of
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import ExpenseClaim, Meeting, Payment, Person, User
from voice_app.payments.status import follows_evidence
from voice_app.permissions import require_coordinator

EXPENSE_KINDS = ("travel", "care")
MOST_CLAIM_PENCE = 100_000  # £1,000 for one meeting
LONGEST_NOTE = 500


def add_expense_claim(
    meeting: Meeting,
    person: Person,
    kind: str,
    amount_pence: int,
    note: str | None,
    user: User,
) -> ExpenseClaim:
    """Record a claim for a resident who attended; working out payments again includes it."""
    require_coordinator(user, meeting.group_id)
    if kind not in EXPENSE_KINDS:
        raise InputError("A claim is for travel or care.", "kind")
    if isinstance(amount_pence, bool) or not isinstance(amount_pence, int):
        raise InputError("Enter the amount in pounds, like 12.50.", "amount")
    if not 0 < amount_pence <= MOST_CLAIM_PENCE:
        raise InputError("A claim is more than £0 and at most £1,000 for one meeting.", "amount")
    note = (note or "").strip() or None
    if note and len(note) > LONGEST_NOTE:
        raise InputError(f"Keep the note to {LONGEST_NOTE} characters.", "note")
    if person.id not in residents_of(meeting) or find_attendance(meeting, person) is None:
        raise InputError(
            f"{person.name} is not recorded as a resident who attended this meeting. "
            "Mark their attendance first.",
            "person",
        )
    payment = db.session.scalar(
        select(Payment).where(Payment.meeting_id == meeting.id, Payment.person_id == person.id)
    )
    if payment is not None and not follows_evidence(payment):
        raise InputError(
            f"{person.name}'s payment for this meeting is already {payment.status} or corrected, "
            "so it will not change. Correct that payment to add the claim.",
            "person",
        )
    claim = ExpenseClaim(
        meeting_id=meeting.id,
        person_id=person.id,
        kind=kind,
        amount_pence=amount_pence,
        note=note,
    )
    db.session.add(claim)
    db.session.flush()
    audit.record(
        user,
        "expense_claim.added",
        entity="expense_claim",
        entity_id=claim.id,
        group_id=meeting.group_id,
        meeting_id=meeting.id,
        person_id=person.id,
        kind=kind,
        amount_pence=amount_pence,
    )
    return claim


def claims_for_meeting(meeting: Meeting) -> list[ExpenseClaim]:
    return list(
        db.session.scalars(
            select(ExpenseClaim)
            .where(ExpenseClaim.meeting_id == meeting.id)
            .order_by(ExpenseClaim.id)
        )
    )
