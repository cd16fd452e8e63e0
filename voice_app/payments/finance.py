"""What finance needs about each payment: a reference, the meeting, who approved it, and the
fee (income, which can affect benefits) apart from travel and care costs (refunds), in pounds."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from voice_app.extensions import db
from voice_app.models import Meeting, Payment, User
from voice_app.payments.amounts import pence_text
from voice_app.payments.summary import split


def payment_reference(payment: Payment) -> str:
    """A reference for the bank or voucher run that stays the same however often it is exported."""
    return f"PAY-{payment.id:06d}"


def finance_fields(payment: Payment) -> dict[str, Any]:
    """The finance columns of the payments export for one payment."""
    meeting = db.session.get(Meeting, payment.meeting_id)
    person = payment.person if payment.person and payment.person.erased_at is None else None
    approver = (
        db.session.get(User, payment.approved_by_user_id) if payment.approved_by_user_id else None
    )
    fee, expenses = split(payment)
    return {
        "meeting_title": meeting.title,
        "meeting_date": meeting.starts_at.astimezone(ZoneInfo(meeting.group.timezone))
        .date()
        .isoformat(),
        "member_number": person.member_number if person else None,
        "fee_pounds": pence_text(fee),
        "expenses_pounds": pence_text(expenses),
        "total_pounds": pence_text(payment.amount_pence),
        "payment_id": payment_reference(payment),
        "approved_by": approver.email if approver else None,
        "approved_at": payment.approved_at.isoformat() if payment.approved_at else None,
    }
