"""A meeting's agenda: items with a title, who leads, the minutes expected, and a link to one
of the meeting's papers or to one of the group's shopping-list aims.

Functions here change the session and flush; the caller commits. Bad input raises InputError.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AgendaItem, Meeting, Paper, PaperStatus, ShoppingItem

MAX_TITLE = 200
MAX_LEAD = 200
MAX_MINUTES = 600
SUMMARY_WORDS = 40  # what the phone reads of an item's paper: about fifteen seconds


@dataclass(frozen=True)
class ItemFields:
    """An agenda item as a person typed it (ids as given; checked against the meeting)."""

    title: str
    lead: str | None = None
    expected_minutes: int = 10
    paper_id: int | None = None
    shopping_item_id: int | None = None


def agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def _checked(meeting: Meeting, fields: ItemFields) -> dict:
    title = " ".join((fields.title or "").split())
    if not title or len(title) > MAX_TITLE:
        raise InputError(f"Give the item a title of 1 to {MAX_TITLE} characters.", "title")
    lead = " ".join((fields.lead or "").split()) or None
    if lead is not None and len(lead) > MAX_LEAD:
        raise InputError(f"Who leads can be at most {MAX_LEAD} characters.", "lead")
    if not 1 <= int(fields.expected_minutes) <= MAX_MINUTES:
        raise InputError(f"Expected minutes must be between 1 and {MAX_MINUTES}.", "minutes")
    if fields.paper_id is not None:
        paper = db.session.get(Paper, fields.paper_id)
        if paper is None or paper.meeting_id != meeting.id:
            raise InputError("That paper is not one of this meeting's papers.", "paper")
    if fields.shopping_item_id is not None:
        aim = db.session.get(ShoppingItem, fields.shopping_item_id)
        if aim is None or aim.group_id != meeting.group_id:
            raise InputError("That aim is not on this group's shopping list.", "shopping_item")
    return {
        "title": title,
        "lead": lead,
        "expected_minutes": int(fields.expected_minutes),
        "paper_id": fields.paper_id,
        "shopping_item_id": fields.shopping_item_id,
    }


def add_item(meeting: Meeting, fields: ItemFields, actor: audit.Actor) -> AgendaItem:
    values = _checked(meeting, fields)
    last = db.session.scalar(
        select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
    )
    item = AgendaItem(meeting_id=meeting.id, position=(last or 0) + 1, **values)
    db.session.add(item)
    db.session.flush()
    _audit(actor, "agenda.item_added", item, meeting)
    return item


def update_item(item: AgendaItem, fields: ItemFields, actor: audit.Actor) -> AgendaItem:
    for name, value in _checked(item.meeting, fields).items():
        setattr(item, name, value)
    db.session.flush()
    _audit(actor, "agenda.item_changed", item, item.meeting)
    return item


def remove_item(item: AgendaItem, actor: audit.Actor) -> None:
    meeting = item.meeting
    _audit(actor, "agenda.item_removed", item, meeting)
    db.session.delete(item)
    db.session.flush()
    for position, rest in enumerate(agenda(meeting), start=1):
        rest.position = position


def item_number(item: AgendaItem) -> int:
    return next(
        (n for n, other in enumerate(agenda(item.meeting), start=1) if other.id == item.id), 1
    )


def paper_summary(item: AgendaItem) -> str | None:
    """The start of the linked paper's first section, for a caller who wants the gist."""
    paper = item.paper
    if paper is None or paper.status != PaperStatus.READY or not paper.sections:
        return None
    words = paper.sections[0].spoken_text.split()
    text = " ".join(words[:SUMMARY_WORDS])
    return text + (" ..." if len(words) > SUMMARY_WORDS else "")


def _audit(actor: audit.Actor, action: str, item: AgendaItem, meeting: Meeting) -> None:
    audit.record(
        actor,
        action,
        entity="agenda_item",
        entity_id=item.id,
        group_id=meeting.group_id,
        meeting_id=meeting.id,
        title=item.title,
    )
