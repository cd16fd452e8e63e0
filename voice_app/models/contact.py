"""Requests from residents to be contacted by a person: a call back, or a message left."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice_app.extensions import db
from voice_app.models.base import UTCDateTime, str_enum, utcnow
from voice_app.models.calls import Recording
from voice_app.models.people import Person


class ContactSource(enum.StrEnum):
    PHONE = "phone"
    TEXT = "text"
    WEB = "web"


class ContactRequest(db.Model):
    """Somebody asked for a person: shown to the group's coordinators until marked done.

    A caller whose call to the coordinator went unanswered, a resident who texted CALL ME, or one
    who asked on their own page. A voice message left on the line is linked as a recording; a
    written one is kept as text.
    """

    __tablename__ = "contact_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    phone: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[ContactSource] = mapped_column(str_enum(ContactSource))
    reason: Mapped[str] = mapped_column(String(200))
    message: Mapped[str | None] = mapped_column(Text)
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    person: Mapped[Person | None] = relationship()
    recording: Mapped[Recording | None] = relationship()
