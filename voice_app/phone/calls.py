"""Call records: found or made from Twilio's CallSid, so repeated webhooks change nothing twice."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from voice_app.extensions import db
from voice_app.models import Call, CallDirection, Person


def find_person_by_phone(number: str | None) -> Person | None:
    if not number:
        return None
    return db.session.scalar(
        select(Person).where(Person.phone == number, Person.erased_at.is_(None))
    )


def get_or_start_call(call_sid: str, from_number: str | None, to_number: str | None) -> Call:
    """The call with this sid, created on first sight (safe against a concurrent duplicate)."""
    call = db.session.scalar(select(Call).where(Call.call_sid == call_sid))
    if call is not None:
        return call
    person = find_person_by_phone(from_number)
    call = Call(
        call_sid=call_sid,
        direction=CallDirection.INBOUND,
        from_number=from_number,
        to_number=to_number,
        person=person,
        authenticated=person is not None,
        state={},
        menus=[],
    )
    if person is not None and len(person.groups()) == 1:
        call.group_id = person.groups()[0].id
    try:
        with db.session.begin_nested():
            db.session.add(call)
    except IntegrityError:
        call = db.session.scalar(select(Call).where(Call.call_sid == call_sid))
    return call


def note_menu(call: Call, menu: str) -> None:
    """Record that the caller reached a menu (names only: no audio is kept from menus)."""
    call.menus = [*(call.menus or []), menu]
