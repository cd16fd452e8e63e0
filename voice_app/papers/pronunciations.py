"""A group's own pronunciations (written form -> how to say it), as papers are spoken; changed
by coordinators through voice_app/pronunciations.py."""

from __future__ import annotations

from sqlalchemy import select

from voice_app.extensions import db
from voice_app.models import Pronunciation


def group_pronunciations(group_id: int) -> dict[str, str]:
    # In the order entered: of two spellings that differ only in case, the later one wins, on
    # PostgreSQL too (which, unordered, returns rows as they lie on disk).
    rows = db.session.scalars(
        select(Pronunciation).where(Pronunciation.group_id == group_id).order_by(Pronunciation.id)
    )
    return {row.written: row.spoken for row in rows}
