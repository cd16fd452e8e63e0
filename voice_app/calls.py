"""Call records: found or made from Twilio's CallSid, so repeated webhooks change nothing twice."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from voice_app.extensions import db
from voice_app.models import Call, CallDirection, Person

CALL_SID_PATTERN = re.compile(r"^[A-Za-z0-9]{1,64}$")


def safe_call_sid(raw: str | None) -> str:
    """Twilio's CallSid as is; anything else becomes a stable stand-in that fits the column."""
    if raw and CALL_SID_PATTERN.match(raw):
        return raw
    return "XX" + hashlib.sha256((raw or "").encode("utf-8", "replace")).hexdigest()[:32]


def find_person_by_phone(number: str | None) -> Person | None:
    if not number:
        return None
    return db.session.scalar(
        select(Person).where(Person.phone == number, Person.erased_at.is_(None))
    )


def find_call(call_sid: str) -> Call | None:
    return db.session.scalar(select(Call).where(Call.call_sid == call_sid))


def get_or_start_call(call_sid: str, from_number: str | None, to_number: str | None) -> Call:
    """The call with this sid, created on first sight (safe against a concurrent duplicate)."""
    call_sid = safe_call_sid(call_sid)
    call = find_call(call_sid)
    if call is not None:
        return call
    person = find_person_by_phone(from_number)
    call = Call(
        call_sid=call_sid,
        direction=CallDirection.INBOUND,
        from_number=(from_number or None) and from_number[:32],
        to_number=(to_number or None) and to_number[:32],
        person=person,
        authenticated=person is not None,
        state={},
        menus=[],
    )
    try:
        with db.session.begin_nested():
            db.session.add(call)
    except IntegrityError:
        call = find_call(call_sid)
    return call
