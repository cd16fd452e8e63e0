"""What the chair does in a live meeting, carried to the phone line as well as recorded.

Muting and giving the floor reach Twilio first and are recorded only when Twilio took them (a
person in the room needs no Twilio). A new item is recorded, then announced to each phone
participant; an announcement that fails is counted, never lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from voice_app.attendance import is_member
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.live import floor, participants
from voice_app.models import AgendaItem, HandRaise, Meeting, Person, User
from voice_app.telephony.twilio_rest import TwilioUnavailable


@dataclass(frozen=True)
class Announced:
    item: AgendaItem
    reached: int
    failed: int


MAX_ID = 2**31 - 1  # what every database's integer key holds


def _person(meeting: Meeting, person_id: int) -> Person:
    person = db.session.get(Person, person_id) if 0 < person_id <= MAX_ID else None
    if person is None or not is_member(person, meeting):
        raise InputError("That person is not in this meeting's group.", "person")
    return person


def _phone_seat(meeting: Meeting, person_id: int) -> floor.PhoneSeat | None:
    return next((s for s in floor.on_the_phone(meeting) if s.person.id == person_id), None)


def _reach(place: floor.PhoneSeat, **options) -> None:
    try:
        participants.update(place.conference_sid, place.call_sid, **options)
    except TwilioUnavailable as exc:
        raise InputError(
            f"The phone line did not take it, so nothing was changed ({exc}). Try again.", "twilio"
        ) from exc


def give_floor(meeting: Meeting, person_id: int, user: User) -> HandRaise:
    person = _person(meeting, person_id)
    place = _phone_seat(meeting, person.id)
    if place is not None:
        announce = url_for("phone.meeting_announce", floor=1, rate=person.speech_rate)
        _reach(place, muted=False, announce_path=announce)
    return floor.give_floor(meeting, person.id, user)


def set_muted(meeting: Meeting, person_id: int, muted: bool, user: User) -> None:
    person = _person(meeting, person_id)
    place = _phone_seat(meeting, person.id)
    if place is not None:
        _reach(place, muted=muted)
    floor.set_muted(meeting, person.id, muted, user)


def lower_hand(meeting: Meeting, person_id: int, user: User) -> None:
    floor.lower_hand(meeting, _person(meeting, person_id).id, floor.BY_CHAIR, user)


def start_item(meeting: Meeting, item_id: int, user: User) -> Announced:
    item = db.session.get(AgendaItem, item_id) if 0 < item_id <= MAX_ID else None
    if item is None or item.meeting_id != meeting.id:
        raise InputError("Choose one of this meeting's agenda items.", "item")
    floor.set_current_item(meeting, item, user)
    reached = failed = 0
    for place in floor.on_the_phone(meeting):
        path = url_for("phone.meeting_announce", item=item.id, rate=place.person.speech_rate)
        try:
            participants.update(place.conference_sid, place.call_sid, announce_path=path)
            reached += 1
        except TwilioUnavailable:
            failed += 1
    return Announced(item, reached, failed)
