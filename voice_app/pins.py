"""Residents' PINs: one policy wherever a PIN is keyed (signing in by phone, checking in).

Guessing is limited at three levels, each counted in voice_app/guards.py:
- a member number from one calling number: 5 wrong PINs pause it for 15 minutes, then 1 hour,
  then 4 hours; the next 5 put it on hold until a coordinator lifts it (web or
  `voice-app pins lift`). The coordinator is told in the audit log and on the dashboard.
- one calling number, whatever member numbers it tries: 20 wrong PINs in a day pause it a day.
- the whole line: 100 wrong PINs in an hour pause PIN entry from strangers' numbers for an hour.
A member calling from their own phone number has a route of their own that strangers' guesses
never count against (and the number- and line-wide limits do not apply to it), so someone
guessing cannot stop a resident checking in and being paid.

A member number that does not exist is answered exactly like a real one with a wrong PIN, in
the same time: the same counters, and a PIN hash checked either way.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash

from voice_app import audit, guards
from voice_app.extensions import db
from voice_app.models import Person
from voice_app.models import people as people_model

PIN_FAILURES_TO_PAUSE = 5
MEMBER_LIMIT = guards.Limit(
    failures=PIN_FAILURES_TO_PAUSE,
    window=timedelta(days=1),
    pauses=(timedelta(minutes=15), timedelta(hours=1), timedelta(hours=4)),
    hold_after=3,
)
CALLER_LIMIT = guards.Limit(failures=20, window=timedelta(days=1), pauses=(timedelta(days=1),))
LINE_LIMIT = guards.Limit(failures=100, window=timedelta(hours=1), pauses=(timedelta(hours=1),))
LINE_KEY = "pin:line"
NEW_PIN_DIGITS = 6
_DUMMY_HASHES: dict[object, str] = {}


def _dummy_pin_hash() -> str:
    """Checked when the member number does not exist, so that answer takes as long as a real
    one: made once, the same way Person.set_pin makes real PIN hashes."""
    make = people_model.generate_password_hash
    if make not in _DUMMY_HASHES:
        _DUMMY_HASHES[make] = make("not a PIN")
    return _DUMMY_HASHES[make]


class PinOutcome(enum.StrEnum):
    RIGHT = "right"
    WRONG = "wrong"
    PAUSED = "paused"
    HELD = "held"


@dataclass(frozen=True)
class PinResult:
    outcome: PinOutcome
    tries_left: int = 0
    minutes: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == PinOutcome.RIGHT


def member_prefix(member_number: str) -> str:
    return f"pin:member:{member_number}:"


def _route(person: Person | None, calling_number: str | None) -> str:
    if person is not None and person.phone and calling_number == person.phone:
        return "own"
    return guards.pseudonym("phone", calling_number or "withheld")


def _refused(block: guards.Block, at: datetime) -> PinResult:
    if block.held:
        return PinResult(PinOutcome.HELD)
    return PinResult(PinOutcome.PAUSED, minutes=block.minutes_left(at))


def _tell_coordinators(person: Person | None, action: str, route: str, **detail) -> None:
    """An audit entry per group of the person (so each coordinator sees it), with no number."""
    where = "their own phone" if route == "own" else "another number"
    groups = [m.group_id for m in person.memberships if m.active] if person else []
    for group_id in groups or [None]:
        audit.record(
            "phone",
            action,
            entity="person" if person else None,
            entity_id=person.id if person else None,
            group_id=group_id,
            calling_from=where,
            **detail,
        )


def check_pin(
    person: Person | None, member_number: str, pin: str, calling_number: str | None, at: datetime
) -> PinResult:
    """Check a PIN keyed for a member number (person None: no such member) and count a wrong
    one. The caller commits, whatever the outcome."""
    route = _route(person, calling_number)
    member_key = member_prefix(member_number) + route
    caller_key = "pin:caller:" + guards.pseudonym("phone", calling_number or "withheld")
    wider = [] if route == "own" else [(caller_key, CALLER_LIMIT), (LINE_KEY, LINE_LIMIT)]
    real = person is not None and bool(person.pin_hash)
    right = check_password_hash(person.pin_hash if real else _dummy_pin_hash(), pin or "")
    for key in [*(k for k, _ in wider), member_key]:
        if block := guards.blocked(key, at):
            return _refused(block, at)
    if right and real:
        guards.succeed(member_key)
        return PinResult(PinOutcome.RIGHT)
    trip = guards.fail(member_key, MEMBER_LIMIT, at)
    blocks = [trip.block] if trip.block is not None else []
    if trip.block is not None:
        action = "pin.held" if trip.block.held else "pin.paused"
        _tell_coordinators(person, action, route, minutes=trip.block.minutes_left(at) or None)
    for key, limit in wider:
        tripped = guards.fail(key, limit, at).block
        if tripped is not None:
            name = "pin.line_paused" if key == LINE_KEY else "pin.number_paused"
            audit.record("phone", name, minutes=tripped.minutes_left(at))
            blocks.append(tripped)
    if blocks:  # the strictest block this failure caused
        return _refused(max(blocks, key=lambda b: (b.held, b.until or at)), at)
    return PinResult(PinOutcome.WRONG, tries_left=trip.left)


def pin_locked(person: Person, at: datetime, calling_number: str | None = None) -> bool:
    """Is PIN entry refused for this person now (paused or on hold), by the same policy? For
    callers that ask before checking (texts, a resident's own page); pass the calling number
    where there is one, so the member's own phone keeps its own route."""
    route = _route(person, calling_number)
    keys = [member_prefix(person.member_number) + route]
    if route != "own":
        keys += ["pin:caller:" + guards.pseudonym("phone", calling_number or "withheld"), LINE_KEY]
    return any(guards.blocked(key, at) for key in keys)


def verify_pin(person: Person, pin: str, at: datetime, calling_number: str | None = None) -> bool:
    """check_pin for a known person, as a yes or no (pin_locked then says why not)."""
    return check_pin(person, person.member_number, pin, calling_number, at).ok


def held_members() -> list[Person]:
    """People with a PIN on hold, for the coordinators' dashboard."""
    numbers = {key.split(":")[2] for key in guards.held_keys("pin:member:")}
    if not numbers:
        return []
    return list(
        db.session.scalars(
            select(Person).where(Person.member_number.in_(numbers), Person.erased_at.is_(None))
        )
    )


def lift_hold(person: Person, actor: audit.Actor) -> int:
    """A coordinator lifts every hold and pause on this member's PIN (the caller commits)."""
    lifted = guards.lift(member_prefix(person.member_number))
    audit.record(actor, "pin.hold_lifted", entity="person", entity_id=person.id, routes=lifted)
    return lifted
