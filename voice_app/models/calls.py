"""Phone calls, their recordings, transcripts, comments and shopping-list items."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice_app.extensions import db
from voice_app.models.base import JSONType, UTCDateTime, str_enum, utcnow
from voice_app.models.people import Person


class CallDirection(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Call(db.Model):
    """One phone call: who, when, which menus, how it ended. No audio from menus is kept."""

    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    direction: Mapped[CallDirection] = mapped_column(
        str_enum(CallDirection), default=CallDirection.INBOUND
    )
    from_number: Mapped[str | None] = mapped_column(String(32))
    to_number: Mapped[str | None] = mapped_column(String(32))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    is_guest: Mapped[bool] = mapped_column(Boolean, default=False)
    authenticated: Mapped[bool] = mapped_column(Boolean, default=False)
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    # Where the caller is: menu, paper, section, speed. Webhooks read and write it.
    state: Mapped[dict] = mapped_column(JSONType, default=dict)
    menus: Mapped[list] = mapped_column(JSONType, default=list)
    status: Mapped[str] = mapped_column(String(32), default="in-progress")
    ended_reason: Mapped[str | None] = mapped_column(String(64))
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person | None] = relationship()


class RecordingPurpose(enum.StrEnum):
    COMMENT = "comment"
    SHOPPING_ITEM = "shopping item"
    MESSAGE = "message"  # for a person: left when the coordinator did not answer


class RecordingStatus(enum.StrEnum):
    PENDING = "pending"  # Twilio has it; we have a row and a download job
    STORED = "stored"  # the audio is in our data dir
    FAILED = "failed"  # download gave up; the row and Twilio's copy are kept
    ERASED = "erased"  # deleted on request or by the retention policy


class Recording(db.Model):
    """Audio a caller left. The row exists before any download, so nothing is lost."""

    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    purpose: Mapped[RecordingPurpose] = mapped_column(str_enum(RecordingPurpose))
    twilio_url: Mapped[str | None] = mapped_column(String(500))
    local_path: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    status: Mapped[RecordingStatus] = mapped_column(
        str_enum(RecordingStatus), default=RecordingStatus.PENDING
    )
    error: Mapped[str | None] = mapped_column(Text)
    stored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    remote_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    transcripts: Mapped[list[Transcript]] = relationship(
        back_populates="recording", order_by="Transcript.id", cascade="all, delete-orphan"
    )

    @property
    def transcript(self) -> Transcript | None:
        """The current transcript: the latest edit, or else the machine's."""
        return self.transcripts[-1] if self.transcripts else None


class Transcript(db.Model):
    """Words heard in a recording, by a named engine and model, or a person's correction."""

    __tablename__ = "transcripts"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    # [{"word": str, "conf": float, "start": float, "end": float}, ...]
    words: Mapped[list] = mapped_column(JSONType, default=list)
    engine: Mapped[str] = mapped_column(String(64))  # "whisper", "vosk", "pocketsphinx", "human"
    model: Mapped[str | None] = mapped_column(String(200))
    revision: Mapped[str | None] = mapped_column(String(64))  # the model's pinned revision
    # Mean word confidence, 0..1; None for a person's text or when nothing was heard.
    confidence: Mapped[float | None] = mapped_column(Float)
    language: Mapped[str | None] = mapped_column(String(16))
    real_time_factor: Mapped[float | None] = mapped_column(Float)
    edited_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recording: Mapped[Recording] = relationship(back_populates="transcripts")


class FeedbackStatus(enum.StrEnum):
    PENDING = "pending"
    TRANSCRIBED = "transcribed"
    FAILED = "failed"


class Comment(db.Model):
    """A spoken (or typed) comment on a meeting or one of its papers."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id", ondelete="SET NULL"))
    section_position: Mapped[int | None] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    phone: Mapped[str | None] = mapped_column(String(32))
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="SET NULL"), unique=True
    )
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[FeedbackStatus] = mapped_column(
        str_enum(FeedbackStatus), default=FeedbackStatus.PENDING
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recording: Mapped[Recording | None] = relationship()
    person: Mapped[Person | None] = relationship()


class ShoppingStatus(enum.StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed aim"
    IN_PROGRESS = "in progress"
    ACHIEVED = "achieved"
    NOT_POSSIBLE = "not possible"


class ShoppingItem(db.Model):
    """Something residents want the group to achieve."""

    __tablename__ = "shopping_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="SET NULL"), unique=True
    )
    text: Mapped[str | None] = mapped_column(Text)
    original_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ShoppingStatus] = mapped_column(
        str_enum(ShoppingStatus), default=ShoppingStatus.PROPOSED
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="phone")
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("shopping_items.id", ondelete="SET NULL")
    )
    confirmed_by_caller: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    recording: Mapped[Recording | None] = relationship()
    person: Mapped[Person | None] = relationship()
