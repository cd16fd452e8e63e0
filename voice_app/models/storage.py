"""Where audio and documents live: the switches `voice-app storage migrate` recorded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from voice_app.extensions import db
from voice_app.models.base import UTCDateTime, utcnow


class StorageSwitch(db.Model):
    """The latest row names the store every process uses; it wins over VOICE_APP_STORAGE_URL."""

    __tablename__ = "storage_switches"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    previous_url: Mapped[str] = mapped_column(String(500))
    objects: Mapped[int] = mapped_column(Integer, default=0)
    switched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
