"""pin_locked and verify_pin, for callers that ask before checking (texts, a resident's own
page): the same policy and counters as the phone line."""

from __future__ import annotations

from tests.resilience.conftest import KNOWN
from voice_app.extensions import db
from voice_app.models import utcnow
from voice_app.pins import PIN_FAILURES_TO_PAUSE, pin_locked, verify_pin


def test_the_questions_follow_the_same_policy(line):
    person, now, stranger = line.resident, utcnow(), "+447700900888"
    for _ in range(PIN_FAILURES_TO_PAUSE):
        assert not verify_pin(person, "9999", now, stranger)
    db.session.commit()
    assert pin_locked(person, now, stranger)
    assert not verify_pin(person, "2468", now, stranger)  # paused: even the right PIN
    assert not pin_locked(person, now, KNOWN)  # her own phone is not stopped
    assert verify_pin(person, "2468", now, KNOWN)
