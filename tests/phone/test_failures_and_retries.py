"""Failures, retries and strangers: always valid TwiML, and nothing happens twice."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import func, select

from tests.phone.conftest import COORDINATOR, GROUP_NUMBER, KNOWN, UNKNOWN
from tests.twiml import parse, spoken_text
from voice_app.extensions import db
from voice_app.models import Call, Person

SID = "CA" + "7" * 32


def form(**fields: str) -> dict[str, str]:
    return {
        "CallSid": SID,
        "From": KNOWN,
        "To": GROUP_NUMBER,
        "CallStatus": "in-progress",
        **fields,
    }


def explode(*args, **kwargs):
    raise RuntimeError("the database fell over")


def test_an_exception_inside_a_webhook_still_answers_with_an_apology(group, twilio, monkeypatch):
    parse(twilio.post("/voice/incoming", form()))
    monkeypatch.setattr("voice_app.phone.menus.heard_key", explode)
    root = parse(twilio.post("/voice/menu/main?n=1", form(Digits="3")))
    assert "Sorry, something went wrong on our side" in spoken_text(root)
    gather = root.find("Gather")
    assert urlsplit(gather.get("action")).path == "/voice/menu/main"
    assert "after_error=1" in gather.get("action")
    assert "For help or a person, press 0" in spoken_text(root)
    assert "something went wrong" in " ".join(gather.itertext())  # inside: keys act at once


def test_a_second_failure_in_a_row_puts_the_caller_through_to_a_person(group, twilio, monkeypatch):
    parse(twilio.post("/voice/incoming", form()))
    monkeypatch.setattr("voice_app.phone.menus.heard_key", explode)
    root = parse(twilio.post("/voice/menu/main?after_error=1", form(Digits="3")))
    assert root.find("Dial/Number").text == COORDINATOR
    assert root.find("Hangup") is not None
    assert "Goodbye" in spoken_text(root)


def test_the_line_works_again_after_a_failure(group, twilio, monkeypatch):
    parse(twilio.post("/voice/incoming", form()))
    with monkeypatch.context() as patch:
        patch.setattr("voice_app.phone.menus.heard_key", explode)
        parse(twilio.post("/voice/menu/main?n=1", form(Digits="3")))
    root = parse(twilio.post("/voice/menu/main?after_error=1", form(Digits="3")))
    assert "Shopping list" in spoken_text(root)
    assert urlsplit(root.find("Gather").get("action")).path == "/voice/menu/shopping"


def test_unsigned_requests_still_get_403_not_an_apology(client):
    assert client.post("/voice/menu/main", data=form(Digits="1")).status_code == 403


def test_a_retried_request_changes_nothing_twice(group, twilio):
    parse(twilio.post("/voice/incoming", form()))
    first = twilio.post("/voice/help/more-time?n=4", form())
    again = twilio.post("/voice/help/more-time?n=4", form())
    assert first.get_data() == again.get_data()
    call = db.session.scalar(select(Call))
    db.session.refresh(call)
    assert call.state["more_time"] == 30  # given once, not twice


def test_a_retried_wrong_pin_counts_once(group, twilio):
    amina = db.session.scalar(select(Person).where(Person.phone == KNOWN))
    unknown = {**form(), "From": UNKNOWN}
    parse(twilio.post("/voice/incoming", unknown))
    parse(twilio.post("/voice/identify/number?n=1", {**unknown, "Digits": amina.member_number}))
    for _ in range(3):
        parse(twilio.post("/voice/identify/pin?n=2", {**unknown, "Digits": "0000"}))
    call = db.session.scalar(select(Call).where(Call.call_sid == SID))
    db.session.refresh(call)
    assert call.pin_failures == 1


def test_a_gather_action_for_a_call_we_never_saw_starts_it_properly(group, twilio):
    root = parse(twilio.post("/voice/menu/shopping?n=9", form(Digits="1")))
    assert "Hello Amina Hassan" in spoken_text(root)
    assert urlsplit(root.find("Gather").get("action")).path == "/voice/menu/main"
    assert db.session.scalar(select(func.count()).select_from(Call)) == 1


def test_an_unknown_caller_mid_call_is_asked_who_they_are(group, twilio):
    root = parse(twilio.post("/voice/meetings/upcoming", {**form(), "From": UNKNOWN}))
    assert "member number" in spoken_text(root)
    assert urlsplit(root.find("Gather").get("action")).path == "/voice/identify/number"


def test_out_of_order_status_before_any_webhook(group, twilio):
    twilio.post("/voice/status", form(CallStatus="completed", CallDuration="31"))
    root = parse(twilio.post("/voice/incoming", form()))
    assert root.find("Gather") is not None
    call = db.session.scalar(select(Call).where(Call.call_sid == SID))
    assert call.status == "completed"
