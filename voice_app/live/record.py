"""A short record for the minutes: who attended how, and per agenda item whose hands went up
and who was given the floor. It is read from the rows the live meeting left, never stored twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from voice_app.extensions import db
from voice_app.live.agenda import agenda
from voice_app.live.floor import FLOOR_UNASKED
from voice_app.models import Attendance, HandRaise, Meeting

NO_ITEM = "Before the first item"


@dataclass
class ItemRecord:
    title: str
    hands: list[str] = field(default_factory=list)  # names, in the order raised
    floor: list[str] = field(default_factory=list)  # names, in the order given the floor


@dataclass(frozen=True)
class Attendee:
    name: str
    method: str
    minutes: int


@dataclass(frozen=True)
class MinutesRecord:
    attendees: list[Attendee]
    items: list[ItemRecord]


def _hands(meeting_id: int) -> list[HandRaise]:
    return list(
        db.session.scalars(
            select(HandRaise)
            .where(HandRaise.meeting_id == meeting_id)
            .order_by(HandRaise.raised_at, HandRaise.id)
        )
    )


def minutes_record(meeting: Meeting) -> MinutesRecord:
    attendance = db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id)
    ).all()
    attendees = sorted(
        (Attendee(row.person.name, str(row.method), row.minutes) for row in attendance),
        key=lambda a: a.name,
    )
    by_item = {item.id: ItemRecord(item.title) for item in agenda(meeting)}
    before = ItemRecord(NO_ITEM)
    hands = _hands(meeting.id)
    for hand in hands:
        target = by_item.get(hand.agenda_item_id, before)
        if hand.lowered_by != FLOOR_UNASKED:
            target.hands.append(hand.person.name)
    for hand in sorted((h for h in hands if h.floor_given_at), key=lambda h: h.floor_given_at):
        by_item.get(hand.agenda_item_id, before).floor.append(hand.person.name)
    items = ([before] if before.hands or before.floor else []) + list(by_item.values())
    return MinutesRecord(attendees, items)


@dataclass(frozen=True)
class PersonFloor:
    hands_raised: int = 0
    given_floor: int = 0
    floor_items: str = ""  # titles of the items they were given the floor on, "; " between


def floor_by_person(meeting_ids: set[int]) -> dict[tuple[int, int], PersonFloor]:
    """(meeting id, person id) -> their hands and floor, for the attendance export."""
    counts: dict[tuple[int, int], list] = defaultdict(lambda: [0, 0, []])
    if not meeting_ids:
        return {}
    hands = db.session.scalars(
        select(HandRaise)
        .where(HandRaise.meeting_id.in_(meeting_ids))
        .order_by(HandRaise.raised_at, HandRaise.id)
    )
    for hand in hands:
        entry = counts[(hand.meeting_id, hand.person_id)]
        entry[0] += hand.lowered_by != FLOOR_UNASKED
        if hand.floor_given_at is not None:
            entry[1] += 1
            title = hand.agenda_item.title if hand.agenda_item else NO_ITEM
            if title not in entry[2]:
                entry[2].append(title)
    return {key: PersonFloor(a, b, "; ".join(c)) for key, (a, b, c) in counts.items()}
