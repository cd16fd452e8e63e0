"""The group's own words, given to the recogniser so names come out spelled the group's way.

Whisper takes a short text prompt as if it had just heard it; names in it are
far more likely to be written as written there ("Civic Campus", not "civic
compass"). Recent and coming meetings come first, because the prompt is short.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import select

from voice_app.extensions import db
from voice_app.models import Group, Meeting, Membership, Person, Pronunciation, utcnow

MAX_MEETINGS = 6
RECENT_DAYS = 30
MAX_PEOPLE = 40


def group_words(group_id: int | None, extra: Iterable[str] = ()) -> list[str]:
    """Group name, its meetings and papers, places it meets, its people, then extra words."""
    words: list[str] = []
    group = db.session.get(Group, group_id) if group_id else None
    if group is not None:
        words.append(group.name)
        meetings = db.session.scalars(
            select(Meeting)
            .where(
                Meeting.group_id == group.id,
                Meeting.starts_at >= utcnow() - timedelta(days=RECENT_DAYS),
            )
            .order_by(Meeting.starts_at)
            .limit(MAX_MEETINGS)
        ).all()
        for meeting in meetings:
            words.append(meeting.title)
            if meeting.location:
                words.append(meeting.location)
            words.extend(paper.title for paper in meeting.papers)
        words.extend(
            db.session.scalars(  # in the order entered: the prompt keeps its first words
                select(Pronunciation.written)
                .where(Pronunciation.group_id == group.id)
                .order_by(Pronunciation.id)
            )
        )
        words.extend(
            db.session.scalars(
                select(Person.name)
                .join(Membership, Membership.person_id == Person.id)
                .where(Membership.group_id == group.id, Membership.active.is_(True))
                .order_by(Person.name)
                .limit(MAX_PEOPLE)
            )
        )
    words.extend(extra)
    return [w for w in dict.fromkeys(" ".join(w.split()) for w in words if w) if w]
