"""Pictures in papers, and the descriptions people write for them (kept by content, per group)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice_app.extensions import db
from voice_app.models.base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from voice_app.models.meetings import Paper


class PaperPicture(db.Model):
    """One picture where it stands in a paper; its bytes are kept in the data folder by hash."""

    __tablename__ = "paper_pictures"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, ... in reading order
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    page: Mapped[int | None] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    stored_path: Mapped[str | None] = mapped_column(String(500))  # None: only linked, not in file
    author_description: Mapped[str | None] = mapped_column(Text)
    text_before: Mapped[str] = mapped_column(Text, default="")
    text_after: Mapped[str] = mapped_column(Text, default="")

    paper: Mapped[Paper] = relationship()


class PictureDescription(db.Model):
    """What a coordinator wrote for a picture: found again when the same picture comes back."""

    __tablename__ = "picture_descriptions"
    __table_args__ = (UniqueConstraint("group_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    short: Mapped[str | None] = mapped_column(Text)
    long: Mapped[str | None] = mapped_column(Text)
    decorative: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
