"""Forms already acted on: a token per rendered form, so sending it twice changes nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from voice_app.extensions import db
from voice_app.models.base import UTCDateTime, utcnow


class FormSubmission(db.Model):
    """One creating form that was sent and acted on, and the page it led to. A second send of
    the same form (a double click, a refresh that posts again) is led to that page instead."""

    __tablename__ = "form_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    result_url: Mapped[str] = mapped_column(String(500))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Something to show its sender once (a new PIN, a set-password link), sealed with a key from
    # SECRET_KEY and wiped as it is shown: never kept in the clear, never shown twice.
    sealed: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
