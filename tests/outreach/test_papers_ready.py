"""Papers-ready calls: who is called, what they hear, and each of their three choices."""

from datetime import UTC, datetime, time, timedelta
from itertools import count

from sqlalchemy import select

from tests.builders import make_meeting, make_person
from tests.outreach.conftest import end_call, make_paper, messages, run_worker
from tests.twiml import parse, spoken_text, without_step
from voice_app.extensions import db
from voice_app.models import Call, ContactPreference, Person
from voice_app.outreach.timing import spoken_date


def meeting_with_ready_papers(group, clock, ready=True):
    starts = clock.now() + timedelta(days=16)
    meeting = make_meeting(group, "Transport", starts_at=starts.replace(hour=13, minute=0))
    make_paper(meeting, "Bus routes", ["First part about buses.", "Second part."], ready=ready)
    return meeting


def answered(twilio, fake_twilio, call, **extra):
    return parse(twilio.post("/voice/outreach/papers-ready", fake_twilio.answered_params(call)))


TURNS = count(1)


def choose(twilio, fake_twilio, call, digits):
    """A choice posted to the menu's action, as Twilio does: each turn has its own step number
    (the same request posted twice is a retry, and is answered with the same TwiML)."""
    params = dict(fake_twilio.answered_params(call), Digits=digits)
    root = parse(twilio.post(f"/voice/outreach/papers-ready/choice?n={next(TURNS)}", params))
    redirect = root.find("Redirect")
    if redirect is not None and "/voice/outreach/" in redirect.text:  # Twilio follows it
        return parse(twilio.post(redirect.text, fake_twilio.answered_params(call)))
    return root


def test_phone_residents_are_called_when_all_papers_are_ready(
    app, twilio, fake_twilio, clock, group, resident
):
    make_person(group, "Text Person", phone="+447700900002", contact_preference="sms")
    make_person(group, "No Calls", phone="+447700900003", papers_ready_calls=False)
    make_person(group, "Leave Me", phone="+447700900004", contact_preference="none")
    meeting = meeting_with_ready_papers(group, clock)
    run_worker(app, tick=True)
    [call] = fake_twilio.calls
    assert call.to == resident.phone and call.form["MachineDetection"] == "Enable"
    assert call.form["Url"].endswith("/voice/outreach/papers-ready")
    [text] = fake_twilio.messages
    assert text["To"] == "+447700900002" and "PAPERS" in text["Body"]

    root = answered(twilio, fake_twilio, call)
    said = spoken_text(root)
    date = spoken_date(meeting.starts_at, group)
    assert f"The papers for the meeting on {date} are ready." in said
    assert "To hear them now, press 1" in said and "To stop these calls, press 3" in said
    action = root.find("Gather").get("action")
    assert action.split("?")[0].endswith("/voice/outreach/papers-ready/choice")

    run_worker(app, tick=True)  # the next tick: nobody is called twice
    assert len(fake_twilio.calls) == 1 and len(fake_twilio.messages) == 1


def test_no_call_while_a_paper_is_still_being_rendered(app, fake_twilio, clock, group, resident):
    meeting_with_ready_papers(group, clock, ready=False)
    run_worker(app, tick=True)
    assert fake_twilio.calls == [] and messages() == []


def test_pressing_1_walks_into_the_papers_menu(app, twilio, fake_twilio, clock, group, resident):
    meeting_with_ready_papers(group, clock)
    run_worker(app, tick=True)
    call = fake_twilio.calls[0]
    answered(twilio, fake_twilio, call)
    target = choose(twilio, fake_twilio, call, "1").find("Redirect").text
    assert without_step(target) == "/voice/papers"
    papers = parse(twilio.post(target, fake_twilio.answered_params(call)))
    said = spoken_text(papers)
    assert "Papers for Transport" in said and "Bus routes" in said  # no PIN asked: we rang them
    assert "member number" not in said
    assert papers.find("Reject") is None  # our own call is never mistaken for a callback request
    record = db.session.scalar(select(Call).where(Call.call_sid == call.sid))
    assert record.person_id == resident.id and record.group_id == group.id
    assert record.direction == "outbound" and "papers" in record.menus


def test_pressing_2_calls_back_in_two_hours(app, twilio, fake_twilio, clock, group, resident):
    meeting_with_ready_papers(group, clock)
    run_worker(app, tick=True)
    call = fake_twilio.calls[0]
    root = choose(twilio, fake_twilio, call, "2")
    assert "call you back at about 1pm today" in spoken_text(root)
    assert root.find("Hangup") is not None
    choose(twilio, fake_twilio, call, "2")  # pressed again: still one call planned
    later = [m for m in messages() if m.dedupe_key.startswith("papers-ready-later")]
    assert len(later) == 1 and later[0].status == "waiting"
    end_call(twilio, fake_twilio, call)
    clock.advance(timedelta(hours=1))
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 1
    clock.advance(timedelta(hours=1, minutes=1))
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 2


def test_call_back_later_respects_quiet_hours(app, twilio, fake_twilio, clock, group, resident):
    clock.set_local(time(19, 0))
    meeting_with_ready_papers(group, clock)
    run_worker(app, tick=True)
    root = choose(twilio, fake_twilio, fake_twilio.calls[0], "2")
    assert "call you back at about 9am tomorrow" in spoken_text(root)


def test_pressing_3_stops_these_calls(app, twilio, fake_twilio, clock, group, resident):
    meeting_with_ready_papers(group, clock)
    run_worker(app, tick=True)
    root = choose(twilio, fake_twilio, fake_twilio.calls[0], "3")
    assert "You will not get any more calls when papers are ready" in spoken_text(root)
    assert db.session.get(Person, resident.id).papers_ready_calls is False
    make_paper(
        make_meeting(group, "Housing", starts_at=clock.now() + timedelta(days=30)),
        "Homes",
        ["Text."],
    )
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 1


def test_silence_asks_again_twice_then_says_goodbye(
    app, twilio, fake_twilio, clock, group, resident
):
    meeting_with_ready_papers(group, clock)
    run_worker(app, tick=True)
    call = fake_twilio.calls[0]
    first = choose(twilio, fake_twilio, call, "")
    assert first.find("Gather") is not None and "did not hear" in spoken_text(first)
    second = choose(twilio, fake_twilio, call, "")  # three silences, as in every menu
    assert second.find("Gather") is not None and "still there" in spoken_text(second)
    third = choose(twilio, fake_twilio, call, "")
    assert third.find("Hangup") is not None and third.find("Gather") is None
    wrong = choose(twilio, fake_twilio, call, "7")
    assert "not one of the choices" in spoken_text(wrong) and wrong.find("Gather") is not None


def test_answering_machine_gets_a_short_message(app, twilio, fake_twilio, clock, group, resident):
    fake_twilio.answer(resident.phone, "machine")
    meeting_with_ready_papers(group, clock)
    run_worker(app, tick=True)
    call = fake_twilio.calls[0]
    root = answered(twilio, fake_twilio, call)
    assert root.find("Gather") is None and root.find("Hangup") is not None
    assert group.phone_number in spoken_text(root)
    end_call(twilio, fake_twilio, call)
    [message] = messages(purpose="papers-ready")
    assert message.status == "voicemail" and message.answered_by == "machine_start"
    clock.advance(timedelta(hours=5))
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 1  # a message was left: no retry


def test_unknown_call_sid_gets_the_main_menu(app, twilio):
    params = {"CallSid": "CA" + "5" * 32, "From": "+442070000000", "To": "+447700900001"}
    root = parse(twilio.post("/voice/outreach/papers-ready", params))
    assert root.find("Redirect").text.endswith("/voice/incoming")


def test_meeting_in_the_past_gets_no_call(app, fake_twilio, clock, group, resident):
    meeting = make_meeting(group, starts_at=datetime(2020, 1, 1, 12, tzinfo=UTC))
    make_paper(meeting, "Old", ["Old text."])
    resident.contact_preference = ContactPreference.CALL
    db.session.commit()
    run_worker(app, tick=True)
    assert fake_twilio.calls == []


def test_the_choices_are_an_ordinary_menu(app, twilio, fake_twilio, clock, group, resident):
    """Cleaned input, words, a retried request answered with the very same TwiML, 0 for help."""
    meeting_with_ready_papers(group, clock)
    run_worker(app, tick=True)
    call = fake_twilio.calls[0]
    root = answered(twilio, fake_twilio, call)
    action = root.find("Gather").get("action")
    assert "hear them now" in root.find("Gather").get("hints")
    params = dict(fake_twilio.answered_params(call), SpeechResult="later please\x00")
    first = twilio.post(action, params)
    again = twilio.post(action, params)  # Twilio retried: the same answer, nothing done twice
    assert first.get_data() == again.get_data()
    follow = parse(first).find("Redirect").text
    assert "call you back" in spoken_text(parse(twilio.post(follow, params)))
    assert "Help." in spoken_text(choose(twilio, fake_twilio, call, "0"))
