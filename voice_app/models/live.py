"""Live meetings: the agenda, each person's seat in the meeting, and the hands raised."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice_app.extensions import db
from voice_app.models.base import UTCDateTime, utcnow
from voice_app.models.calls import ShoppingItem
from voice_app.models.meetings import Meeting, Paper
from voice_app.models.people import Person


class AgendaItem(db.Model):
    """One item of a meeting's agenda; the item most recently started is being discussed."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id", ondelete="SET NULL"))
    shopping_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("shopping_items.id", ondelete="SET NULL")
    )
    lead: Mapped[str | None] = mapped_column(String(200))
    expected_minutes: Mapped[int] = mapped_column(Integer, default=10)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship()
    paper: Mapped[Paper | None] = relationship()
    shopping_item: Mapped[ShoppingItem | None] = relationship()


class MeetingSeat(db.Model):
    """A person's place in a live meeting: muted or not, and what they knew when they stepped
    out to the meeting menu (so they can be told what they missed)."""

    __tablename__ = "meeting_seats"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    stepped_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    item_at_step_out_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    hand_at_step_out_id: Mapped[int | None] = mapped_column(
        ForeignKey("hand_raises.id", ondelete="SET NULL")
    )

    person: Mapped[Person] = relationship()


class HandRaise(db.Model):
    """A hand raised in a meeting, until lowered or until the chair gives the floor."""

    __tablename__ = "hand_raises"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    floor_given_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lowered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lowered_by: Mapped[str | None] = mapped_column(String(16))  # self, chair

    person: Mapped[Person] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()

    @property
    def is_up(self) -> bool:
        return self.floor_given_at is None and self.lowered_at is None
