"""Groups, people, memberships, access needs and web logins."""

from __future__ import annotations

import enum
from datetime import datetime, time

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, Time, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from voice_app.extensions import db
from voice_app.models.base import UTCDateTime, str_enum, utcnow


class Role(enum.StrEnum):
    RESIDENT = "resident"
    OFFICER = "officer"
    COORDINATOR = "coordinator"


class PaymentPreference(enum.StrEnum):
    BANK_TRANSFER = "bank transfer"
    VOUCHER = "voucher"
    LOWER_AMOUNT = "lower amount"
    CHARITY = "charity"
    DECLINED = "declined"


class ContactPreference(enum.StrEnum):
    CALL = "call"
    SMS = "sms"
    NONE = "none"


class Group(db.Model):
    """A co-production group. Its notice rules, payment policy and phone settings live here."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    language: Mapped[str] = mapped_column(String(16), default="en-GB")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    guests_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    coordinator_phone: Mapped[str | None] = mapped_column(String(32))
    phone_number: Mapped[str | None] = mapped_column(String(32))
    papers_deadline_days: Mapped[int] = mapped_column(Integer, default=7)
    min_notice_days: Mapped[int] = mapped_column(Integer, default=14)
    free_callback: Mapped[bool] = mapped_column(Boolean, default=False)
    outbound_retry_minutes: Mapped[str] = mapped_column(String(100), default="15,60,240")
    outbound_daily_cap: Mapped[int] = mapped_column(Integer, default=200)
    weekly_payment_limit_pence: Mapped[int | None] = mapped_column(Integer)
    monthly_payment_limit_pence: Mapped[int | None] = mapped_column(Integer)
    # Days to keep each kind of record (None: the default in voice_app/retention.py).
    transcript_retention_days: Mapped[int | None] = mapped_column(Integer)
    call_retention_days: Mapped[int | None] = mapped_column(Integer)
    text_retention_days: Mapped[int | None] = mapped_column(Integer)
    audit_retention_days: Mapped[int | None] = mapped_column(Integer)
    # The phone line's one voice (a Twilio en-GB voice: speech/phone_voices.py), and whether papers
    # are read in that voice by <Say> instead of the offline rendering (the default).
    phone_voice: Mapped[str] = mapped_column(
        String(64), default="Polly.Amy-Neural", server_default="Polly.Amy-Neural"
    )
    papers_by_say: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Ordered as joined: unordered, PostgreSQL returns rows as they lie on disk, and a
    # caller's "press 1 for ..." could change from one call to the next.
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="group", order_by="Membership.id"
    )
    meetings: Mapped[list[Meeting]] = relationship(  # noqa: F821
        back_populates="group", order_by="Meeting.starts_at"
    )

    def co_chairs(self) -> list[Membership]:
        return [m for m in self.memberships if m.co_chair and m.active]


class Person(db.Model):
    """Someone in one or more groups: a resident, an officer or a coordinator."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    member_number: Mapped[str] = mapped_column(String(16), unique=True)
    pin_hash: Mapped[str | None] = mapped_column(String(256))
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    pin_locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Phone preferences: speech rate as a percentage of normal, and extra seconds to answer.
    speech_rate: Mapped[int] = mapped_column(Integer, default=100)
    extra_time_seconds: Mapped[int] = mapped_column(Integer, default=0)
    # Calls through Relay UK (text relay): long answer times, no hang-up on silence.
    uses_relay_uk: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Keys only while a paper is read: voices in the room cannot interrupt it.
    keys_only_while_reading: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    contact_preference: Mapped[ContactPreference] = mapped_column(
        str_enum(ContactPreference), default=ContactPreference.CALL
    )
    papers_ready_calls: Mapped[bool] = mapped_column(Boolean, default=True)
    free_callback_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    # Texted STOP: no texts at all (reminders, confirmations) until they text START.
    sms_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    quiet_hours_start: Mapped[time | None] = mapped_column(Time, default=time(20, 0))
    quiet_hours_end: Mapped[time | None] = mapped_column(Time, default=time(9, 0))
    recording_consent: Mapped[bool] = mapped_column(Boolean, default=True)
    recording_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    payment_preference: Mapped[PaymentPreference] = mapped_column(
        str_enum(PaymentPreference), default=PaymentPreference.BANK_TRANSFER
    )
    payment_lower_amount_pence: Mapped[int | None] = mapped_column(Integer)
    payment_charity: Mapped[str | None] = mapped_column(String(200))
    # Bank details are shown only to coordinators and admins, never to co-chairs.
    bank_account_name: Mapped[str | None] = mapped_column(String(200))
    bank_sort_code: Mapped[str | None] = mapped_column(String(8))
    bank_account_number: Mapped[str | None] = mapped_column(String(8))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", order_by="Membership.id"
    )
    access_needs: Mapped[list[AccessNeed]] = relationship(
        back_populates="person", order_by="AccessNeed.id", cascade="all, delete-orphan"
    )

    def set_pin(self, pin: str) -> None:
        self.pin_hash = generate_password_hash(pin)
        self.pin_failures = 0
        self.pin_locked_until = None

    def check_pin(self, pin: str) -> bool:
        return bool(self.pin_hash) and check_password_hash(self.pin_hash, pin)

    def groups(self) -> list[Group]:
        return [m.group for m in self.memberships if m.active]

    def is_resident(self) -> bool:
        return any(m.role == Role.RESIDENT for m in self.memberships if m.active)


class Membership(db.Model):
    """A person's place in a group: their role, and whether they co-chair it."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("person_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    co_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person] = relationship(back_populates="memberships")
    group: Mapped[Group] = relationship(back_populates="memberships")


class AccessNeed(db.Model):
    """Something a person needs to take part as an equal (large print, BSL, a quiet room, ...)."""

    __tablename__ = "access_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(100))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person] = relationship(back_populates="access_needs")


class MeetingAccessCheck(db.Model):
    """Whether one access need has been arranged for one meeting."""

    __tablename__ = "meeting_access_checks"
    __table_args__ = (UniqueConstraint("meeting_id", "access_need_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    access_need_id: Mapped[int] = mapped_column(ForeignKey("access_needs.id", ondelete="CASCADE"))
    arranged: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class User(UserMixin, db.Model):
    """A web sign-in: coordinators, co-chairs and admins."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped on sign-out and password change: every session made before stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group_roles: Mapped[list[UserGroup]] = relationship(
        back_populates="user", order_by="UserGroup.id", cascade="all, delete-orphan"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class StaffRole(enum.StrEnum):
    COORDINATOR = "coordinator"
    CO_CHAIR = "co-chair"


class UserGroup(db.Model):
    """Which groups a web user may see, and as what."""

    __tablename__ = "user_groups"
    __table_args__ = (UniqueConstraint("user_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    role: Mapped[StaffRole] = mapped_column(str_enum(StaffRole), default=StaffRole.COORDINATOR)

    user: Mapped[User] = relationship(back_populates="group_roles")
    group: Mapped[Group] = relationship()


class Pronunciation(db.Model):
    """A group's own way of saying a word or abbreviation aloud."""

    __tablename__ = "pronunciations"
    __table_args__ = (UniqueConstraint("group_id", "written"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    written: Mapped[str] = mapped_column(String(100))
    spoken: Mapped[str] = mapped_column(String(200))
