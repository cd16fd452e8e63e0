"""Texts confirming attendance and payments, for the payments area to call.

Each enqueues (the worker sends, in allowed hours) and is keyed, so calling twice sends once. The
caller commits.
"""

from __future__ import annotations

from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    ContactPreference,
    Meeting,
    OutboundKind,
    OutboundMessage,
    Payment,
    PaymentPreference,
    PaymentStatus,
    Person,
)
from voice_app.outreach import clock
from voice_app.outreach.messages import ensure_message
from voice_app.outreach.timing import spoken_date
from voice_app.outreach.wording import money
from voice_app.prompts import say


def _textable(person: Person | None) -> bool:
    return (
        person is not None
        and person.erased_at is None
        and bool(person.phone)
        and not person.sms_opt_out
        and person.contact_preference != ContactPreference.NONE
    )


def confirm_attendance(attendance: Attendance) -> OutboundMessage | None:
    """Text the person that their attendance is recorded (None when they get no texts)."""
    person = attendance.person or db.session.get(Person, attendance.person_id)
    meeting = db.session.get(Meeting, attendance.meeting_id)
    if not _textable(person) or meeting is None:
        return None
    return _confirm(
        person,
        meeting,
        "attendance confirmation",
        f"confirm:attendance:{attendance.id}",
        "sms_attendance_confirmed",
    )


def confirm_payment(payment: Payment) -> OutboundMessage | None:
    """Text the person that their payment is approved, or paid: one text for each."""
    person = payment.person or (
        db.session.get(Person, payment.person_id) if payment.person_id else None
    )
    meeting = db.session.get(Meeting, payment.meeting_id)
    if (
        not _textable(person)
        or meeting is None
        or payment.preference == PaymentPreference.DECLINED
        or payment.status not in (PaymentStatus.APPROVED, PaymentStatus.PAID)
    ):
        return None
    return _confirm(
        person,
        meeting,
        "payment confirmation",
        f"confirm:payment:{payment.id}:{payment.status}",
        "sms_payment_paid" if payment.status == PaymentStatus.PAID else "sms_payment_approved",
        amount=money(payment.amount_pence, payment.currency),
    )


def _confirm(
    person: Person, meeting: Meeting, purpose: str, key: str, prompt_id: str, **values: str
) -> OutboundMessage:
    body = say(
        prompt_id,
        group=meeting.group.name,
        title=meeting.title,
        date=spoken_date(meeting.starts_at, meeting.group),
        **values,
        language=meeting.group.language,
    )
    message, _ = ensure_message(
        person=person,
        group=meeting.group,
        kind=OutboundKind.SMS,
        purpose=purpose,
        dedupe_key=key,
        body=body,
        meeting_id=meeting.id,
        now=clock.now(),
    )
    return message
