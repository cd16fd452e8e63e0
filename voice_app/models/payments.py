"""Attendance, the group's payment policy, expense claims and payments (all money in pence)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice_app.extensions import db
from voice_app.models.base import UTCDateTime, str_enum, utcnow
from voice_app.models.people import PaymentPreference, Person


class AttendanceMethod(enum.StrEnum):
    PHONE_CHECK_IN = "phone check-in"
    PHONE_CONFERENCE = "phone conference"
    IN_PERSON = "in person"


class Attendance(db.Model):
    """One person's attendance at one meeting, however they came."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    method: Mapped[AttendanceMethod] = mapped_column(str_enum(AttendanceMethod))
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    marked_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    person: Mapped[Person] = relationship()


class RegisterAbsence(db.Model):
    """Someone the register marked absent. Kept so the register shows it was taken for them,
    not left unmarked; any attendance outranks it (voice_app/register.py)."""

    __tablename__ = "register_absences"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    marked_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConferenceLeg(db.Model):
    """One join of the meeting's phone conference; several legs add up to real minutes."""

    __tablename__ = "conference_legs"
    __table_args__ = (UniqueConstraint("conference_sid", "call_sid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    conference_sid: Mapped[str] = mapped_column(String(64))
    call_sid: Mapped[str] = mapped_column(String(64))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PolicyKind(enum.StrEnum):
    HOURLY = "hourly"
    SESSION = "session"


class PaymentPolicy(db.Model):
    """How a group pays residents. Defaults are documented in the README."""

    __tablename__ = "payment_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[PolicyKind] = mapped_column(str_enum(PolicyKind), default=PolicyKind.HOURLY)
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    hourly_rate_pence: Mapped[int] = mapped_column(Integer, default=2000)
    rounding_minutes: Mapped[int] = mapped_column(Integer, default=15)
    rounding_mode: Mapped[str] = mapped_column(String(8), default="up")  # up, nearest, down
    minimum_pence: Mapped[int] = mapped_column(Integer, default=2000)
    half_day_pence: Mapped[int] = mapped_column(Integer, default=7500)
    full_day_pence: Mapped[int] = mapped_column(Integer, default=15000)
    half_day_max_minutes: Mapped[int] = mapped_column(Integer, default=240)
    pay_preparation: Mapped[bool] = mapped_column(Boolean, default=True)
    preparation_cap_minutes: Mapped[int] = mapped_column(Integer, default=60)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ExpenseClaim(db.Model):
    """Travel or care costs a resident claims for one meeting."""

    __tablename__ = "expense_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))  # travel, care
    amount_pence: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    PAID = "paid"
    # A £0.00 payment (a resident who declined payment and claimed no costs): nothing goes out,
    # so there is nothing to approve or pay.
    NOTHING_TO_PAY = "nothing to pay"


class Payment(db.Model):
    """What one resident is owed for one meeting, and where it is in approval."""

    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("person_id", "meeting_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    attendance_pence: Mapped[int] = mapped_column(Integer, default=0)
    preparation_pence: Mapped[int] = mapped_column(Integer, default=0)
    expenses_pence: Mapped[int] = mapped_column(Integer, default=0)
    amount_pence: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    preference: Mapped[PaymentPreference] = mapped_column(str_enum(PaymentPreference))
    status: Mapped[PaymentStatus] = mapped_column(
        str_enum(PaymentStatus), default=PaymentStatus.PENDING
    )
    correction_reason: Mapped[str | None] = mapped_column(Text)
    approved_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    person: Mapped[Person | None] = relationship()
