"""The live meeting's rules: hands in the order raised, the floor, mute, the current item, who
is here, time left, and what a caller missed while they stepped out to the meeting menu.

A hand stays up until its owner lowers it, the chair lowers it, or the chair gives that person the
floor; a person has at most one hand up. The item being discussed is the one started last.
Functions here change the session and flush; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from voice_app import audit
from voice_app.extensions import db
from voice_app.models import (
    AgendaItem,
    Attendance,
    AttendanceMethod,
    ConferenceLeg,
    HandRaise,
    Meeting,
    MeetingSeat,
    Person,
    utcnow,
)

# How a hand came down (HandRaise.lowered_by).
BY_SELF, BY_CHAIR, BY_FLOOR, FLOOR_UNASKED = "self", "chair", "floor", "unasked"


@dataclass(frozen=True)
class PhoneSeat:
    """Someone in the phone conference now, and how to reach their participant at Twilio."""

    person: Person
    conference_sid: str
    call_sid: str
    muted: bool


@dataclass(frozen=True)
class Missed:
    """What changed while a caller was in the meeting menu."""

    item: AgendaItem | None = None  # the item now discussed, when it changed
    hand: str | None = None  # BY_FLOOR or BY_CHAIR when the chair took their hand


def _seat(meeting: Meeting, person_id: int) -> MeetingSeat | None:
    return db.session.scalar(
        select(MeetingSeat).where(
            MeetingSeat.meeting_id == meeting.id, MeetingSeat.person_id == person_id
        )
    )


def seat(meeting: Meeting, person: Person | int) -> MeetingSeat:
    """The person's seat, made on first use."""
    person_id = person if isinstance(person, int) else person.id
    found = _seat(meeting, person_id)
    if found is None:
        found = MeetingSeat(meeting_id=meeting.id, person_id=person_id, muted=False)
        db.session.add(found)
        db.session.flush()
    return found


def current_item(meeting: Meeting) -> AgendaItem | None:
    return db.session.scalar(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id, AgendaItem.started_at.is_not(None))
        .order_by(AgendaItem.started_at.desc(), AgendaItem.id.desc())
        .limit(1)
    )


def set_current_item(meeting: Meeting, item: AgendaItem, actor: audit.Actor) -> AgendaItem:
    item.started_at = utcnow()
    db.session.flush()
    _audit(actor, "live.item_started", meeting, agenda_item_id=item.id)
    return item


def _hands_up(meeting: Meeting):
    return (
        select(HandRaise)
        .where(
            HandRaise.meeting_id == meeting.id,
            HandRaise.floor_given_at.is_(None),
            HandRaise.lowered_at.is_(None),
        )
        .order_by(HandRaise.raised_at, HandRaise.id)
    )


def open_hand(meeting: Meeting, person_id: int) -> HandRaise | None:
    return db.session.scalar(_hands_up(meeting).where(HandRaise.person_id == person_id).limit(1))


def raised_hands(meeting: Meeting) -> list[HandRaise]:
    """Hands up now, first raised first."""
    return list(db.session.scalars(_hands_up(meeting)))


def raise_hand(meeting: Meeting, person: Person) -> HandRaise:
    """Raise the person's hand (a hand already up stays where it is in the queue)."""
    hand = open_hand(meeting, person.id)
    if hand is None:
        item = current_item(meeting)
        hand = HandRaise(
            meeting_id=meeting.id,
            person_id=person.id,
            agenda_item_id=item.id if item else None,
            raised_at=utcnow(),
        )
        db.session.add(hand)
        db.session.flush()
        _audit(f"person:{person.id}", "live.hand_raised", meeting, person_id=person.id)
    return hand


def place_in_queue(meeting: Meeting, hand: HandRaise) -> int:
    return next((n for n, up in enumerate(raised_hands(meeting), start=1) if up.id == hand.id), 0)


def lower_hand(meeting: Meeting, person_id: int, by: str, actor: audit.Actor) -> HandRaise | None:
    hand = open_hand(meeting, person_id)
    if hand is not None:
        hand.lowered_at = utcnow()
        hand.lowered_by = by
        db.session.flush()
        _audit(actor, "live.hand_lowered", meeting, person_id=person_id)
    return hand


def give_floor(meeting: Meeting, person_id: int, actor: audit.Actor) -> HandRaise:
    """The person may speak: their hand (or, unasked, a new record) is marked and they are
    unmuted. The caller tells Twilio (see participants.py)."""
    hand = open_hand(meeting, person_id)
    now = utcnow()
    if hand is None:
        item = current_item(meeting)
        hand = HandRaise(
            meeting_id=meeting.id,
            person_id=person_id,
            agenda_item_id=item.id if item else None,
            raised_at=now,
            lowered_by=FLOOR_UNASKED,
        )
        db.session.add(hand)
    else:
        hand.lowered_by = BY_FLOOR
    hand.floor_given_at = now
    seat(meeting, person_id).muted = False
    db.session.flush()
    _audit(actor, "live.floor_given", meeting, person_id=person_id)
    return hand


def set_muted(meeting: Meeting, person_id: int, muted: bool, actor: audit.Actor) -> MeetingSeat:
    place = seat(meeting, person_id)
    place.muted = muted
    db.session.flush()
    _audit(actor, "live.muted" if muted else "live.unmuted", meeting, person_id=person_id)
    return place


def on_the_phone(meeting: Meeting) -> list[PhoneSeat]:
    """Everyone whose conference leg is open now, by name; one entry per person."""
    legs = db.session.scalars(
        select(ConferenceLeg)
        .where(
            ConferenceLeg.meeting_id == meeting.id,
            ConferenceLeg.left_at.is_(None),
            ConferenceLeg.person_id.is_not(None),
        )
        .order_by(ConferenceLeg.joined_at)
    ).all()
    latest = {leg.person_id: leg for leg in legs}
    seats = []
    for person_id, leg in latest.items():
        person = db.session.get(Person, person_id)
        call_sid = leg.call_sid.split("#", 1)[0]  # later legs of a call carry a #sequence
        place = _seat(meeting, person_id)  # read only: the chair's page must not write
        seats.append(PhoneSeat(person, leg.conference_sid, call_sid, bool(place and place.muted)))
    return sorted(seats, key=lambda s: s.person.name)


def in_the_room(meeting: Meeting) -> list[Person]:
    return list(
        db.session.scalars(
            select(Person)
            .join(Attendance, Attendance.person_id == Person.id)
            .where(
                Attendance.meeting_id == meeting.id,
                Attendance.method == AttendanceMethod.IN_PERSON,
            )
            .order_by(Person.name)
        )
    )


def who_is_here(meeting: Meeting) -> tuple[list[str], list[str]]:
    """Names on the phone and in the room (someone in both counts as in the room)."""
    room = [person.name for person in in_the_room(meeting)]
    phone = [s.person.name for s in on_the_phone(meeting) if s.person.name not in room]
    return phone, room


def minutes_left(meeting: Meeting, at: datetime | None = None) -> int:
    """Whole minutes until the meeting's planned end (0 once it is over)."""
    seconds = (meeting.ends_at - (at or utcnow())).total_seconds()
    return max(0, int(seconds + 59) // 60)


def step_out(meeting: Meeting, person: Person) -> MeetingSeat:
    """Note what the caller knew as they left the conference for the meeting menu."""
    place = seat(meeting, person)
    item, hand = current_item(meeting), open_hand(meeting, person.id)
    place.stepped_out_at = utcnow()  # each star starts afresh (a call dropped in the menu too)
    place.item_at_step_out_id = item.id if item else None
    place.hand_at_step_out_id = hand.id if hand else None
    db.session.flush()
    return place


def come_back(meeting: Meeting, person: Person) -> Missed:
    """What changed since the caller stepped out; the step-out is then forgotten."""
    place = seat(meeting, person)
    if place.stepped_out_at is None:
        return Missed()
    item = current_item(meeting)
    changed = item if item is not None and item.id != place.item_at_step_out_id else None
    hand = db.session.get(HandRaise, place.hand_at_step_out_id or 0)
    taken = hand.lowered_by if hand is not None else None
    taken = taken if taken in (BY_FLOOR, BY_CHAIR) else None
    place.stepped_out_at = place.item_at_step_out_id = place.hand_at_step_out_id = None
    db.session.flush()
    return Missed(item=changed, hand=taken)


def _audit(actor: audit.Actor, action: str, meeting: Meeting, **detail) -> None:
    audit.record(
        actor, action, entity="meeting", entity_id=meeting.id, group_id=meeting.group_id, **detail
    )
