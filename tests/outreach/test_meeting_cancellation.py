"""Cancelling a meeting: calls and texts not yet made stop; who heard of it is told it is off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.builders import make_meeting, make_person
from tests.outreach.conftest import make_paper, messages, run_worker
from tests.outreach.test_sms_commands import Texter
from tests.twiml import parse, spoken_text
from voice_app.cancellation import cancel_meeting, cancel_plan
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AuditEntry, Meeting, ReadingPosition
from voice_app.outreach.scheduler import run_tick
from voice_app.outreach.timing import spoken_date, spoken_time

REASON = "The hall is closed for repairs."


def meeting_with_ready_papers(group, clock) -> Meeting:
    starts = (clock.now() + timedelta(days=16)).replace(hour=13, minute=0)
    meeting = make_meeting(group, "Transport", starts_at=starts)
    make_paper(meeting, "Bus routes", ["First part about buses.", "Second part."])
    return meeting


def test_queued_calls_stop_and_those_told_hear_it_is_cancelled(
    app, twilio, fake_twilio, clock, group, resident
):
    texter = make_person(group, "Text Person", phone="+447700900002", contact_preference="sms")
    meeting = meeting_with_ready_papers(group, clock)
    run_worker(app, tick=True)  # papers-ready: a call to Amina, a text to Text Person
    assert len(fake_twilio.calls) == 1 and len(fake_twilio.messages) == 1

    newcomer = make_person(group, "Bea Newcomer", phone="+447700900005")
    run_tick(clock.now())  # Bea's papers-ready call is queued, not yet made
    [waiting] = messages(person_id=newcomer.id)
    assert waiting.status == "queued"

    plan = cancel_plan(meeting)
    assert (plan.stopping, plan.told) == (1, 2)
    cancel_meeting(meeting, f"  {REASON} ", actor="test")
    db.session.commit()

    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).cancel_reason == REASON
    assert messages(person_id=newcomer.id)[0].status == "cancelled"
    run_worker(app, tick=True)
    run_worker(app, tick=True)  # and again: nothing more is made for a cancelled meeting

    assert [call.to for call in fake_twilio.calls] == [resident.phone, resident.phone]
    told_by_call = fake_twilio.calls[1]
    assert told_by_call.form["Url"].endswith("/voice/outreach/reminder")
    [_, text] = fake_twilio.messages
    date = spoken_date(meeting.starts_at, group)
    assert text["To"] == texter.phone
    time = spoken_time(meeting.starts_at, group)
    assert (
        text["Body"] == f"Riverside: Transport on {date} at {time} is cancelled. Reason: {REASON}"
    )
    assert not [call for call in fake_twilio.calls if call.to == newcomer.phone]

    root = parse(twilio.post("/voice/outreach/reminder", fake_twilio.answered_params(told_by_call)))
    heard = spoken_text(root)
    assert f"Transport on {date} at" in heard and "has been cancelled." in heard
    assert f"The reason given is: {REASON}" in heard
    assert "To hear this again, press 1." in heard
    actions = [entry.action for entry in db.session.scalars(select(AuditEntry))]
    assert "meeting.cancelled" in actions and "outreach.cancelled" in actions


def test_a_resident_who_listened_to_the_papers_is_told(app, fake_twilio, clock, group, resident):
    group.phone_number = None  # no papers-ready calls: the only way they heard was by listening
    db.session.commit()
    meeting = meeting_with_ready_papers(group, clock)
    db.session.add(
        ReadingPosition(person_id=resident.id, paper_id=meeting.papers[0].id, section_position=1)
    )
    db.session.commit()
    plan = cancel_plan(meeting)
    assert plan.calls == [resident] and not plan.can_send and plan.told == 0

    group.phone_number = "+442070000000"
    db.session.commit()
    cancel_meeting(meeting, REASON, actor="test")
    db.session.commit()
    [told] = messages(purpose="cancellation")
    assert told.person_id == resident.id and "has been cancelled" in told.body


@pytest.mark.parametrize(
    ("reason", "setup", "message"),
    [
        ("   ", None, "Give the reason"),
        ("x" * 501, None, "500 characters"),
        (REASON, "cancelled", "already cancelled"),
        (REASON, "past", "already happened"),
    ],
)
def test_bad_input_changes_nothing(app, clock, group, resident, reason, setup, message):
    meeting = meeting_with_ready_papers(group, clock)
    if setup == "cancelled":
        cancel_meeting(meeting, REASON, actor="test")
        db.session.commit()
    if setup == "past":
        meeting.starts_at = clock.now() - timedelta(hours=3)
        meeting.ends_at = clock.now() - timedelta(hours=1)
        db.session.commit()
    before = db.session.get(Meeting, meeting.id).cancelled_at
    with pytest.raises(InputError, match=message):
        cancel_meeting(meeting, reason, actor="test")
    db.session.rollback()
    assert db.session.get(Meeting, meeting.id).cancelled_at == before


def test_a_call_answered_after_the_meeting_was_cancelled_says_so(
    app, twilio, fake_twilio, clock, group, resident
):
    meeting = meeting_with_ready_papers(group, clock)
    run_worker(app, tick=True)
    [ringing] = fake_twilio.calls  # the papers-ready call, ringing as the meeting is cancelled
    cancel_meeting(meeting, REASON, actor="test")
    db.session.commit()
    root = parse(twilio.post("/voice/outreach/papers-ready", fake_twilio.answered_params(ringing)))
    heard = spoken_text(root)
    assert "has been cancelled." in heard and REASON in heard
    assert "are ready" not in heard and "To hear this again, press 1." in heard
    assert (
        root.find("Gather").get("action").split("?")[0].endswith("/voice/outreach/reminder/choice")
    )


def test_texting_meetings_lists_a_cancelled_one_as_cancelled(app, twilio, clock, group, resident):
    make_meeting(group, "Next month", starts_at=clock.now() + timedelta(days=30))
    cancel_meeting(meeting_with_ready_papers(group, clock), REASON, actor="test")
    db.session.commit()
    [listing] = Texter(twilio)("MEETINGS")
    assert "Next month" in listing
    assert "Cancelled: Transport, " in listing
    assert listing.index("Next month") < listing.index("Cancelled: Transport")
