"""Counters that slow down guessing: PINs on the phone and passwords on the web."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from voice_app.extensions import db
from voice_app.models.base import UTCDateTime, utcnow


class Guard(db.Model):
    """Failures counted under one key (a member and a calling number, a calling number, the
    whole line, a web client); the rules that read and change it live in voice_app/pins.py and
    voice_app/web/auth/views.py. Keys hold member numbers and hashes, never a phone number or
    email."""

    __tablename__ = "guards"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pauses: Mapped[int] = mapped_column(Integer, default=0)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
