"""Payments for one meeting, from attendance, preparation, expense claims and the policy.

Only the group's residents are paid (officers are paid by their employer). Recalculating is safe
at any time: pending payments follow the evidence; approved, paid or corrected ones never change.
A £0.00 payment (a resident who declined, with no costs) has nothing to pay and needs no approving.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from voice_app import audit
from voice_app.directory import residents_of
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    ExpenseClaim,
    ListeningTime,
    Meeting,
    Payment,
    PaymentPolicy,
    PaymentPreference,
    Person,
)
from voice_app.payments.policy import fee_pence, policy_for
from voice_app.payments.status import follows_evidence, worked_out_status


@dataclass(frozen=True)
class Breakdown:
    minutes: int
    preparation_minutes: int
    attendance_pence: int
    preparation_pence: int
    expenses_pence: int
    amount_pence: int


def preparation_minutes(policy: PaymentPolicy, meeting: Meeting, person_id: int) -> int:
    """Minutes spent hearing the meeting's papers by phone, up to the group's cap."""
    if not policy.pay_preparation:
        return 0
    seconds = db.session.scalar(
        select(func.coalesce(func.sum(ListeningTime.seconds), 0)).where(
            ListeningTime.meeting_id == meeting.id, ListeningTime.person_id == person_id
        )
    )
    return min((int(seconds) + 30) // 60, policy.preparation_cap_minutes)


def expenses_pence(meeting: Meeting, person_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(ExpenseClaim.amount_pence), 0)).where(
                ExpenseClaim.meeting_id == meeting.id, ExpenseClaim.person_id == person_id
            )
        )
    )


def breakdown(policy: PaymentPolicy, attendance: Attendance, person: Person) -> Breakdown:
    """What this attendance earns, and the amount after the resident's own choice.

    Preparation is time too: it is added before rounding (hourly) or before choosing half or
    full day (session). Travel and care costs are refunds, not income: they are paid on top,
    even when the fee is declined or lowered.
    """
    meeting = db.session.get(Meeting, attendance.meeting_id)
    prep = preparation_minutes(policy, meeting, person.id)
    attendance_fee = fee_pence(policy, attendance.minutes)
    total_fee = fee_pence(policy, attendance.minutes + prep) if attendance.minutes > 0 else 0
    fee = total_fee
    if person.payment_preference == PaymentPreference.DECLINED:
        fee = 0
    elif (
        person.payment_preference == PaymentPreference.LOWER_AMOUNT
        and person.payment_lower_amount_pence is not None
    ):
        fee = min(fee, person.payment_lower_amount_pence)
    costs = expenses_pence(meeting, person.id)
    return Breakdown(
        minutes=attendance.minutes,
        preparation_minutes=prep if attendance.minutes > 0 else 0,
        attendance_pence=attendance_fee,
        preparation_pence=total_fee - attendance_fee,
        expenses_pence=costs,
        amount_pence=fee + costs,
    )


def calculate_for_meeting(meeting: Meeting) -> list[Payment]:
    """Make or refresh each resident's payment for the meeting; returns them all."""
    policy = policy_for(meeting.group_id)
    residents = residents_of(meeting)
    existing = {
        p.person_id: p
        for p in db.session.scalars(select(Payment).where(Payment.meeting_id == meeting.id))
    }
    attendances = db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id).order_by(Attendance.id)
    ).all()
    results: list[Payment] = []
    for attendance in attendances:
        if attendance.person_id not in residents:
            continue
        payment = existing.pop(attendance.person_id, None)
        if payment is not None and not follows_evidence(payment):
            results.append(payment)
            continue
        figures = breakdown(policy, attendance, attendance.person)
        if figures.minutes == 0 and figures.expenses_pence == 0:
            if payment is not None:  # nothing to pay (yet): a leave heard before its join
                _withdraw(meeting, payment)
            continue
        results.append(_store(meeting, policy, attendance.person, payment, figures))
    for payment in existing.values():
        if not follows_evidence(payment):
            results.append(payment)
        else:
            _withdraw(meeting, payment)
    db.session.flush()
    return sorted(results, key=lambda p: p.id)


def _store(
    meeting: Meeting,
    policy: PaymentPolicy,
    person: Person,
    payment: Payment | None,
    figures: Breakdown,
) -> Payment:
    values = {
        "attendance_pence": figures.attendance_pence,
        "preparation_pence": figures.preparation_pence,
        "expenses_pence": figures.expenses_pence,
        "amount_pence": figures.amount_pence,
        "currency": policy.currency,
        "preference": person.payment_preference,
        "status": worked_out_status(figures.amount_pence),
    }
    if payment is None:
        payment = Payment(person_id=person.id, meeting_id=meeting.id, **values)
        try:
            with db.session.begin_nested():
                db.session.add(payment)
        except IntegrityError:  # another worker made it first; theirs is the same sum
            return db.session.scalar(
                select(Payment).where(
                    Payment.meeting_id == meeting.id, Payment.person_id == person.id
                )
            )
        changed = True
    else:
        changed = any(getattr(payment, k) != v for k, v in values.items())
        for key, value in values.items():
            setattr(payment, key, value)
        db.session.flush()
    if changed:
        _audit("payment.calculated", meeting, payment, **asdict(figures))
    return payment


def _withdraw(meeting: Meeting, payment: Payment) -> None:
    """A pending payment whose attendance (or resident membership) is gone."""
    _audit("payment.withdrawn", meeting, payment, amount_pence=payment.amount_pence)
    db.session.delete(payment)


def _audit(action: str, meeting: Meeting, payment: Payment, **detail: int) -> None:
    audit.record(
        "system",
        action,
        entity="payment",
        entity_id=payment.id,
        group_id=meeting.group_id,
        meeting_id=meeting.id,
        person_id=payment.person_id,
        preference=str(payment.preference),
        **detail,
    )
