"""Adapter to attendance and payments (voice_app.attendance, voice_app.payments).

Until those modules land, a minimal stand-in updates the rows itself and audits each change.
The stand-in goes when they are merged; the views only ever call the names here."""

from __future__ import annotations

from datetime import datetime

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    AttendanceMethod,
    Meeting,
    Payment,
    PaymentStatus,
    Person,
    User,
    utcnow,
)

try:  # pragma: no cover - depends on what has been merged
    from voice_app.attendance import mark_in_person, running_totals  # type: ignore[attr-defined]
    from voice_app.payments import (  # type: ignore[attr-defined]
        approve,
        calculate_for_meeting,
        correct,
        mark_paid,
    )
except ImportError:  # the stand-in below

    def _audit(user: User, action: str, payment: Payment, **detail) -> None:
        audit.record(
            f"user:{user.id}",
            action,
            entity="payment",
            entity_id=payment.id,
            group_id=db.session.get(Meeting, payment.meeting_id).group_id,
            **detail,
        )

    def mark_in_person(
        meeting: Meeting, person: Person, user: User, minutes: int | None = None
    ) -> Attendance:
        whole = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
        row = (
            db.session.query(Attendance)
            .filter_by(meeting_id=meeting.id, person_id=person.id)
            .one_or_none()
        )
        if row is None:
            row = Attendance(meeting_id=meeting.id, person_id=person.id)
            db.session.add(row)
        row.method = AttendanceMethod.IN_PERSON
        row.minutes = minutes or whole
        row.checked_in_at = utcnow()
        row.marked_by_user_id = user.id
        db.session.flush()
        audit.record(
            f"user:{user.id}",
            "attendance.in_person",
            entity="attendance",
            entity_id=row.id,
            group_id=meeting.group_id,
            minutes=row.minutes,
        )
        return row

    def running_totals(person: Person) -> dict:
        payments = db.session.query(Payment).filter_by(person_id=person.id).all()
        return {
            "paid_pence": sum(p.amount_pence for p in payments if p.status == PaymentStatus.PAID),
            "owed_pence": sum(p.amount_pence for p in payments if p.status != PaymentStatus.PAID),
        }

    def calculate_for_meeting(meeting: Meeting) -> list[Payment]:
        """Hourly at the default rate, rounded up to 15 minutes; the real policy replaces this."""
        made = []
        for row in db.session.query(Attendance).filter_by(meeting_id=meeting.id):
            person = row.person
            if not person.is_resident():
                continue
            payment = (
                db.session.query(Payment)
                .filter_by(meeting_id=meeting.id, person_id=person.id)
                .one_or_none()
            )
            if payment is not None and payment.status != PaymentStatus.PENDING:
                continue
            quarters = -(-row.minutes // 15)
            amount = max(2000, quarters * 500)
            if payment is None:
                payment = Payment(
                    meeting_id=meeting.id, person_id=person.id, preference=person.payment_preference
                )
                db.session.add(payment)
            payment.attendance_pence = payment.amount_pence = amount
            made.append(payment)
        db.session.flush()
        return made

    def approve(payment: Payment, user: User) -> Payment:
        if payment.status != PaymentStatus.PENDING:
            raise InputError("Only a payment waiting for approval can be approved.", "payment")
        payment.status = PaymentStatus.APPROVED
        payment.approved_by_user_id, payment.approved_at = user.id, utcnow()
        _audit(user, "payment.approved", payment, amount_pence=payment.amount_pence)
        return payment

    def mark_paid(payment: Payment, user: User, at: datetime | None = None) -> Payment:
        if payment.status != PaymentStatus.APPROVED:
            raise InputError("A payment must be approved before it is paid.", "payment")
        payment.status = PaymentStatus.PAID
        payment.paid_by_user_id, payment.paid_at = user.id, at or utcnow()
        _audit(user, "payment.paid", payment, amount_pence=payment.amount_pence)
        return payment

    def correct(payment: Payment, amount_pence: int, reason: str, user: User) -> Payment:
        reason = (reason or "").strip()
        if not reason:
            raise InputError("Give a reason for the correction.", "reason")
        if amount_pence < 0:
            raise InputError("An amount cannot be less than nothing.", "amount")
        if payment.status == PaymentStatus.PAID:
            raise InputError("This payment has been paid; record a new one instead.", "amount")
        previous = payment.amount_pence
        payment.amount_pence = amount_pence
        payment.correction_reason = reason
        payment.status = PaymentStatus.PENDING
        _audit(user, "payment.corrected", payment, previous=previous, amount_pence=amount_pence)
        return payment


__all__ = [
    "approve",
    "calculate_for_meeting",
    "correct",
    "mark_in_person",
    "mark_paid",
    "running_totals",
]
