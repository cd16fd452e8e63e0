"""Moving a payment on: pending, approved, paid. Each step records who and when, and is audited.

Rules: only a coordinator of the group (or an admin) acts; nobody approves or pays their own
payment; a payment is approved before it is paid; a paid payment never changes; a correction
needs a reason and sends an approved payment back for approval. A £0.00 worked-out payment
(a resident who declined payment and claimed no costs) has nothing to pay: it needs no approving.
"""

from __future__ import annotations

from datetime import datetime

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import Meeting, Payment, PaymentStatus, User, utcnow
from voice_app.permissions import require_coordinator

MAX_PAYMENT_PENCE = 1_000_000
# Payments with money still to go out: the "not paid yet" list and the payment run.
NOT_PAID_YET = (PaymentStatus.PENDING, PaymentStatus.APPROVED)


def worked_out_status(amount_pence: int) -> PaymentStatus:
    """The status of a freshly worked-out payment: nothing to approve when nothing goes out."""
    return PaymentStatus.NOTHING_TO_PAY if amount_pence == 0 else PaymentStatus.PENDING


def follows_evidence(payment: Payment) -> bool:
    """Whether working out payments again may change this one: not once approved, paid or
    corrected by hand."""
    return payment.correction_reason is None and payment.status in (
        PaymentStatus.PENDING,
        PaymentStatus.NOTHING_TO_PAY,
    )


def _check_staff(payment: Payment, user: User) -> int:
    group_id = db.session.get(Meeting, payment.meeting_id).group_id
    require_coordinator(user, group_id)
    if user.person_id is not None and user.person_id == payment.person_id:
        raise InputError("Someone else must approve or pay your own payment.", "user")
    return group_id


def _audit(payment: Payment, user: User, action: str, group_id: int, **detail) -> None:
    audit.record(
        user,
        action,
        entity="payment",
        entity_id=payment.id,
        group_id=group_id,
        meeting_id=payment.meeting_id,
        person_id=payment.person_id,
        amount_pence=payment.amount_pence,
        **detail,
    )


def approve(payment: Payment, user: User, at: datetime | None = None) -> Payment:
    group_id = _check_staff(payment, user)
    if payment.status == PaymentStatus.NOTHING_TO_PAY:
        raise InputError("This payment is £0.00: there is nothing to approve.", "status")
    if payment.status != PaymentStatus.PENDING:
        raise InputError(f"This payment is already {payment.status}.", "status")
    payment.status = PaymentStatus.APPROVED
    payment.approved_by_user_id = user.id
    payment.approved_at = at or utcnow()
    db.session.flush()
    _audit(payment, user, "payment.approved", group_id)
    return payment


def mark_paid(payment: Payment, user: User, at: datetime | None = None) -> Payment:
    group_id = _check_staff(payment, user)
    if payment.status == PaymentStatus.NOTHING_TO_PAY:
        raise InputError("This payment is £0.00: there is nothing to pay.", "status")
    if payment.status == PaymentStatus.PENDING:
        raise InputError("Approve this payment before marking it paid.", "status")
    if payment.status == PaymentStatus.PAID:
        raise InputError("This payment is already marked paid.", "status")
    at = at or utcnow()
    if payment.approved_at is not None and at < payment.approved_at:
        raise InputError("A payment cannot be paid before it was approved.", "paid_at")
    payment.status = PaymentStatus.PAID
    payment.paid_by_user_id = user.id
    payment.paid_at = at
    db.session.flush()
    _audit(payment, user, "payment.paid", group_id, paid_at=at.isoformat())
    return payment


def correct(payment: Payment, amount_pence: int, reason: str, user: User) -> Payment:
    """Set the amount by hand; recalculation leaves a corrected payment alone."""
    group_id = _check_staff(payment, user)
    reason = " ".join((reason or "").split())
    if not reason:
        raise InputError("Say why the payment is being corrected.", "reason")
    if isinstance(amount_pence, bool) or not isinstance(amount_pence, int):
        raise InputError("The amount is a whole number of pence.", "amount_pence")
    if not 0 <= amount_pence <= MAX_PAYMENT_PENCE:
        raise InputError(
            f"The amount must be between 0 and {MAX_PAYMENT_PENCE} pence.", "amount_pence"
        )
    if payment.status == PaymentStatus.PAID:
        raise InputError("This payment has been paid and cannot be changed.", "status")
    before = payment.amount_pence
    was = payment.status
    payment.amount_pence = amount_pence
    payment.correction_reason = reason
    if was != PaymentStatus.PENDING:  # a changed sum needs approving (again)
        payment.status = PaymentStatus.PENDING
        payment.approved_by_user_id = None
        payment.approved_at = None
    db.session.flush()
    _audit(
        payment,
        user,
        "payment.corrected",
        group_id,
        previous_amount_pence=before,
        previous_status=str(was),
        reason=reason,
    )
    return payment
