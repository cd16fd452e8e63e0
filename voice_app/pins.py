"""Residents' PINs: one rule wherever a PIN is keyed (signing in by phone, checking in).

Five wrong PINs in a row pause the PIN for fifteen minutes, with an audit entry; a right one
clears the count. During the pause even the right PIN is refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from voice_app import audit
from voice_app.models import Person

PIN_FAILURES_TO_LOCK = 5
PIN_LOCK = timedelta(minutes=15)


def pin_locked(person: Person, at: datetime) -> bool:
    return person.pin_locked_until is not None and person.pin_locked_until > at


def verify_pin(person: Person, pin: str, at: datetime) -> bool:
    """Check a PIN and count the failure; the caller checks `pin_locked` first."""
    if person.check_pin(pin or ""):
        person.pin_failures = 0
        person.pin_locked_until = None
        return True
    person.pin_failures = (person.pin_failures or 0) + 1
    if person.pin_failures >= PIN_FAILURES_TO_LOCK:
        person.pin_locked_until = at + PIN_LOCK
        person.pin_failures = 0
        audit.record(f"person:{person.id}", "pin.locked", entity="person", entity_id=person.id)
    return False
