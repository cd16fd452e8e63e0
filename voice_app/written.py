"""Written comments and shopping-list ideas, from the text line and a resident's own page.

A written comment is a Comment with text and no recording, so it waits in the same review queue
as spoken ones. An idea is a proposed ShoppingItem, as one added by phone. Both are audited, and
both are limited per person per hour so that a stuck phone or a pasted loop cannot flood the group.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import (
    Comment,
    FeedbackStatus,
    Group,
    Meeting,
    Paper,
    Person,
    ShoppingItem,
    ShoppingStatus,
    utcnow,
)

MAX_COMMENT = 2000
MAX_IDEA = 500
PER_HOUR = 20  # written comments, or ideas, one person may add in an hour


def add_comment(
    person: Person,
    group: Group,
    text: str,
    *,
    source: str,
    meeting: Meeting | None = None,
    paper: Paper | None = None,
    at: datetime | None = None,
) -> Comment:
    """A written comment on a paper or a meeting of the person's group, for review."""
    at = at or utcnow()
    text = " ".join((text or "").split())
    if not text:
        raise InputError("Write your comment.", "text")
    if len(text) > MAX_COMMENT:
        raise InputError(f"A comment can be at most {MAX_COMMENT} characters.", "text")
    if paper is not None:
        meeting = paper.meeting
    if meeting is not None and meeting.group_id != group.id:
        raise InputError("That meeting is not one of your group's.", "text")
    _check_rate(Comment, person, at)
    comment = Comment(
        group_id=group.id,
        meeting_id=meeting.id if meeting else None,
        paper_id=paper.id if paper else None,
        person_id=person.id,
        phone=person.phone,
        text=text,
        status=FeedbackStatus.TRANSCRIBED,
        created_at=at,
    )
    db.session.add(comment)
    db.session.flush()
    _audit(person, "comment.written", "comment", comment.id, group, source)
    return comment


def add_idea(person: Person, group: Group, text: str, *, source: str) -> ShoppingItem:
    """An idea for the shopping list, proposed for the group to discuss."""
    text = " ".join((text or "").split())
    if not text:
        raise InputError("Write your idea.", "text")
    if len(text) > MAX_IDEA:
        raise InputError(f"An idea can be at most {MAX_IDEA} characters.", "text")
    _check_rate(ShoppingItem, person, utcnow())
    item = ShoppingItem(
        group_id=group.id,
        person_id=person.id,
        text=text,
        original_text=text,
        source=source,
        status=ShoppingStatus.PROPOSED,
        confirmed_by_caller=True,
    )
    db.session.add(item)
    db.session.flush()
    _audit(person, "shopping_item.added", "shopping_item", item.id, group, source)
    return item


def _check_rate(model, person: Person, at: datetime) -> None:
    recent = db.session.scalar(
        select(func.count(model.id)).where(
            model.person_id == person.id, model.created_at >= at - timedelta(hours=1)
        )
    )
    if recent >= PER_HOUR:
        raise InputError("You have sent a lot in the last hour. Please try again later.", "text")


def _audit(person: Person, action: str, entity: str, entity_id: int, group: Group, source: str):
    audit.record(
        f"person:{person.id}",
        action,
        entity=entity,
        entity_id=entity_id,
        group_id=group.id,
        source=source,
    )
