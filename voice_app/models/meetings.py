"""Meetings and workshops, their papers, sections, rendered audio and reading positions."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice_app.extensions import db
from voice_app.models.base import UTCDateTime, str_enum, utcnow
from voice_app.models.people import Group
from voice_app.models.pictures import PaperPicture


class MeetingKind(enum.StrEnum):
    MEETING = "meeting"
    WORKSHOP = "workshop"


class Meeting(db.Model):
    """A meeting or a workshop on a specific issue."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind), default=MeetingKind.MEETING)
    title: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str | None] = mapped_column(String(300))
    phone_conference: Mapped[bool] = mapped_column(Boolean, default=True)
    short_notice_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group] = relationship(back_populates="meetings")
    papers: Mapped[list[Paper]] = relationship(
        back_populates="meeting",
        order_by="Paper.position",
        cascade="all, delete-orphan",
        primaryjoin="and_(Meeting.id == Paper.meeting_id, Paper.easy_read_of_id.is_(None))",
    )  # Easy Read companions are reached through their paper

    @property
    def papers_deadline(self) -> datetime:
        return self.starts_at - timedelta(days=self.group.papers_deadline_days)

    @property
    def conference_name(self) -> str:
        return f"voice-app-meeting-{self.id}"

    def notice_given(self) -> timedelta:
        return self.starts_at - self.created_at


class PaperStatus(enum.StrEnum):
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class Paper(db.Model):
    """A document for a meeting, split into sections to be read aloud."""

    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    source_filename: Mapped[str | None] = mapped_column(String(300))
    source_type: Mapped[str | None] = mapped_column(String(16))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    stored_path: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[PaperStatus] = mapped_column(
        str_enum(PaperStatus), default=PaperStatus.PROCESSING
    )
    error: Mapped[str | None] = mapped_column(Text)
    is_late: Mapped[bool] = mapped_column(Boolean, default=False)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Out to listeners though some pictures are not described yet: why, said to every caller.
    release_reason: Mapped[str | None] = mapped_column(Text)
    easy_read_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("papers.id", ondelete="CASCADE"), index=True
    )

    meeting: Mapped[Meeting] = relationship(back_populates="papers")
    easy_read: Mapped[Paper | None] = relationship(
        primaryjoin="Paper.id == foreign(Paper.easy_read_of_id)", uselist=False, viewonly=True
    )
    sections: Mapped[list[PaperSection]] = relationship(
        back_populates="paper", order_by="PaperSection.position", cascade="all, delete-orphan"
    )


class PaperSection(db.Model):
    """About a minute of speech: a heading's text, or one part of a long one."""

    __tablename__ = "paper_sections"
    __table_args__ = (UniqueConstraint("paper_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(String(300))
    part: Mapped[int] = mapped_column(Integer, default=1)
    parts: Mapped[int] = mapped_column(Integer, default=1)
    text: Mapped[str] = mapped_column(Text)
    spoken_text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    picture_id: Mapped[int | None] = mapped_column(
        ForeignKey("paper_pictures.id", ondelete="SET NULL")
    )

    paper: Mapped[Paper] = relationship(back_populates="sections")
    picture: Mapped[PaperPicture | None] = relationship()


class SpeechRendition(db.Model):
    """Telephone-ready audio of one text, cached by text, voice and rate."""

    __tablename__ = "speech_renditions"
    __table_args__ = (UniqueConstraint("text_sha256", "voice", "rate"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text_sha256: Mapped[str] = mapped_column(String(64))
    voice: Mapped[str] = mapped_column(String(64))
    rate: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(500))  # a storage key (voice_app/storage)
    sha256: Mapped[str | None] = mapped_column(String(64))
    duration_seconds: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReadingPosition(db.Model):
    """Where a person got to in a paper, so the next call resumes there."""

    __tablename__ = "reading_positions"
    __table_args__ = (UniqueConstraint("person_id", "paper_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"))
    section_position: Mapped[int] = mapped_column(Integer, default=0)
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ListeningTime(db.Model):
    """Seconds a person spent hearing a meeting's papers on one call: paid as preparation."""

    __tablename__ = "listening_times"
    __table_args__ = (UniqueConstraint("call_sid", "paper_id", "section_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    # A removed paper's time stays paid: the row keeps its meeting and loses only the paper.
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id", ondelete="SET NULL"))
    call_sid: Mapped[str] = mapped_column(String(64))
    section_position: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
