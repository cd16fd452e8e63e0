"""Free callback: reject unanswered, ring straight back into the normal menu."""

from datetime import timedelta

from sqlalchemy import select

from tests.builders import make_person
from tests.outreach.conftest import GROUP_NUMBER, end_call, messages, run_worker
from tests.twiml import parse, spoken_text
from voice_app.extensions import db
from voice_app.models import AuditEntry, Call, CallDirection

RING = {
    "CallSid": "CA" + "7" * 32,
    "From": "+447700900001",
    "To": GROUP_NUMBER,
    "Direction": "inbound",
    "CallStatus": "ringing",
    "AccountSid": "AC" + "0" * 32,
}


def ring(twilio, **changes):
    return parse(twilio.post("/voice/incoming", dict(RING, **changes)))


def test_resident_is_rejected_free_and_called_back_into_the_menu(
    app, twilio, fake_twilio, clock, group, resident
):
    group.free_callback = True
    db.session.commit()
    root = ring(twilio)
    reject = root.find("Reject")
    assert reject is not None and reject.get("reason") == "busy"
    assert root.find("Gather") is None  # not answered: the resident pays nothing
    assert fake_twilio.calls == []  # we ring back a few seconds later, from the worker

    clock.advance(timedelta(seconds=10))
    run_worker(app)
    [call] = fake_twilio.calls_to(resident.phone)
    assert call.form["From"] == GROUP_NUMBER
    assert call.form["Url"].endswith("/voice/incoming")
    assert "MachineDetection" not in call.form
    record = db.session.scalar(select(Call).where(Call.call_sid == call.sid))
    assert record.direction == CallDirection.OUTBOUND and record.state["callback"] is True

    menu = parse(twilio.post("/voice/incoming", fake_twilio.answered_params(call)))
    assert "Hello Amina Hassan" in spoken_text(menu)
    assert menu.find("Gather") is not None
    end_call(twilio, fake_twilio, call)
    [message] = messages(purpose="callback")
    assert message.status == "answered"
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"outreach.callback_offered", "outreach.call_placed", "outreach.outcome"} <= actions


def test_no_callback_unless_the_group_pays_for_it(app, twilio, fake_twilio, clock, resident):
    root = ring(twilio)
    assert root.find("Reject") is None and root.find("Gather") is not None
    assert messages() == []


def test_resident_who_opted_out_is_answered_as_usual(app, twilio, fake_twilio, clock, group):
    group.free_callback = True
    make_person(group, "Ben Okafor", phone=RING["From"], free_callback_opt_out=True)
    assert ring(twilio).find("Reject") is None


def test_unknown_numbers_are_never_called_back(app, twilio, fake_twilio, clock, group):
    group.free_callback = True
    db.session.commit()
    root = ring(twilio, From="+447700900999")
    assert root.find("Reject") is None and root.find("Gather") is not None
    assert messages() == []


def test_not_twice_within_a_few_minutes(app, twilio, fake_twilio, clock, group, resident):
    group.free_callback = True
    db.session.commit()
    assert ring(twilio).find("Reject") is not None
    assert ring(twilio).find("Reject") is not None  # the same ring, posted again
    clock.advance(timedelta(minutes=2))
    again = ring(twilio, CallSid="CA" + "8" * 32)
    assert again.find("Reject") is None and again.find("Gather") is not None
    clock.advance(timedelta(minutes=1))
    run_worker(app)
    assert len(fake_twilio.calls) == 1
    assert len(messages(purpose="callback")) == 1
    clock.advance(timedelta(minutes=10))
    assert ring(twilio, CallSid="CA" + "9" * 32).find("Reject") is not None


def test_daily_cap_reached_means_the_call_is_answered(
    app, twilio, fake_twilio, clock, group, resident
):
    group.free_callback = True
    group.outbound_daily_cap = 1
    db.session.commit()
    ring(twilio)
    clock.advance(timedelta(minutes=10))
    run_worker(app)
    later = ring(twilio, CallSid="CA" + "8" * 32)
    assert later.find("Reject") is None and later.find("Gather") is not None


def test_callback_is_not_retried_when_missed(app, twilio, fake_twilio, clock, group, resident):
    group.free_callback = True
    db.session.commit()
    fake_twilio.answer(resident.phone, "no-answer")
    ring(twilio)
    clock.advance(timedelta(seconds=10))
    run_worker(app)
    end_call(twilio, fake_twilio, fake_twilio.calls[0])
    assert messages(purpose="callback")[0].status == "gave up"
