"""Guessing PINs on the phone: the lock holds across calls and caller IDs, and a member number
that does not exist is answered exactly like a real one with a wrong PIN."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.resilience.conftest import GROUP_NUMBER
from tests.twiml import parse, spoken_text
from voice_app.extensions import db
from voice_app.models import Call, Person, utcnow

REAL = "1001"  # Amina's member number (the first person made)
MISSING = "1999"


class Guesser:
    """One call from a stranger's phone, keying member numbers and PINs."""

    def __init__(self, twilio, call_sid: str, from_number: str):
        self.twilio = twilio
        self.form = {"CallSid": call_sid, "From": from_number, "To": GROUP_NUMBER}
        self.step = 0

    def post(self, path: str, digits: str | None = None) -> str:
        self.step += 1
        form = {**self.form, **({"Digits": digits} if digits is not None else {})}
        return self.twilio.post(f"{path}?n={self.step}", form).get_data(as_text=True)

    def start(self) -> str:
        return self.post("/voice/incoming")

    def guess(self, member_number: str, pin: str) -> str:
        self.post("/voice/identify/number", member_number + "#")
        return self.post("/voice/identify/pin", pin + "#")


def amina() -> Person:
    db.session.expire_all()
    return db.session.scalar(select(Person).where(Person.member_number == REAL))


def test_the_lock_holds_across_calls_and_caller_ids(line, twilio):
    assert line.resident.member_number == REAL
    heard = []
    for call in range(2):
        guesser = Guesser(twilio, f"CA{call:032d}", f"+44770090{call:04d}")
        guesser.start()
        for _ in range(3 - call):  # three on the first call, two on the next: five in a row
            heard.append(spoken_text(parse_text(guesser.guess(REAL, "9999"))))
    assert "paused" in heard[-1] and "15 minutes" in heard[-1]
    assert amina().pin_locked_until > utcnow()

    later = Guesser(twilio, "CA" + "d" * 32, "+447700900777")
    later.start()
    answer = spoken_text(parse_text(later.guess(REAL, "2468")))  # the right PIN
    assert "paused" in answer
    call = db.session.scalar(select(Call).where(Call.call_sid == "CA" + "d" * 32))
    assert not call.authenticated and call.person_id is None

    person = amina()
    person.pin_locked_until = utcnow() - timedelta(seconds=1)  # the quarter of an hour is up
    db.session.commit()
    after = Guesser(twilio, "CA" + "e" * 32, "+447700900778")
    after.start()
    assert "signed in" in spoken_text(parse_text(after.guess(REAL, "2468")))


def test_a_missing_member_number_is_answered_like_a_wrong_pin(line, twilio):
    """Every try up to the lock (three on one call, one on the next) sounds the same."""
    answers = {}
    for number in (REAL, MISSING):
        guesser = Guesser(twilio, f"CA{number:0>32}", "+447700900555")
        first = guesser.start()
        tries = [guesser.guess(number, pin) for pin in ("0000", "1111", "2222")]
        again = Guesser(twilio, f"CB{number:0>32}", "+447700900556")
        again.start()
        answers[number] = [first, *tries, again.guess(number, "3333")]
    assert answers[REAL] == answers[MISSING]
    assert "does not match" in spoken_text(parse_text(answers[MISSING][1]))
    assert "three times" in spoken_text(parse_text(answers[MISSING][3]))


def test_many_member_numbers_guessed_on_one_call_stop_after_three(line, twilio):
    guesser = Guesser(twilio, "CA" + "f" * 32, "+447700900555")
    guesser.start()
    for number in ("1001", "1002", "1003"):
        answer = guesser.guess(number, "0000")
    assert "three times" in spoken_text(parse_text(answer))
    followed = guesser.guess("1001", "2468")  # keying on anyway is not a way in
    call = db.session.scalar(select(Call).where(Call.call_sid == "CA" + "f" * 32))
    db.session.refresh(call)
    assert not call.authenticated and "signed in" not in followed


def parse_text(body: str):
    class Answer:
        status_code = 200
        mimetype = "text/xml"

        @staticmethod
        def get_data():
            return body.encode()

    return parse(Answer)
