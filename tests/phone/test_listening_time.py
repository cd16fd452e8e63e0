"""Listening time: what a resident heard of each section, once per call and section."""

from __future__ import annotations

from sqlalchemy import select

from tests.phone.conftest import GROUP_NUMBER, KNOWN, UNKNOWN
from tests.phone.reading_builders import meeting_with_papers, papers_of
from tests.twiml import parse
from voice_app.extensions import db
from voice_app.models import Call, ListeningTime
from voice_app.papers.progress import seconds_listened
from voice_app.phone.listening import MARKER

# Section 1 of the review has 14 spoken words: 5.25 seconds at 160 words a minute.
FIRST_SECTION_SECONDS = 5


def rows() -> list[ListeningTime]:
    db.session.expire_all()
    return list(db.session.scalars(select(ListeningTime).order_by(ListeningTime.id)))


def heard_for(sim, seconds: float) -> None:
    """As if the section being played had been playing this long already."""
    db.session.expire_all()
    call = db.session.scalar(select(Call).where(Call.call_sid == sim.call_sid))
    marker = dict(call.state[MARKER])
    marker["at"] -= seconds
    call.state = {**call.state, MARKER: marker}
    db.session.commit()


def test_time_heard_is_recorded_per_section_and_capped_at_its_length(group, phone):
    meeting = meeting_with_papers(group)
    review = papers_of(meeting)[0]
    sim = phone(KNOWN)
    sim.start()
    sim.press("1")
    assert rows() == []  # nothing counted until the next request of the call
    heard_for(sim, 3)
    sim.press("3")  # skipped on after about three seconds
    heard_for(sim, 600)  # section 2 played through, and then some
    sim.silence()
    recorded = rows()
    assert [(r.paper_id, r.section_position) for r in recorded] == [(review.id, 1), (review.id, 2)]
    assert recorded[0].seconds == 3
    assert 0 < recorded[1].seconds < 600  # capped at the section's own length
    assert {r.call_sid for r in recorded} == {sim.call_sid}
    assert {r.meeting_id for r in recorded} == {meeting.id}
    assert seconds_listened(meeting.id, recorded[0].person_id) == 3 + recorded[1].seconds


def test_hearing_a_section_again_adds_to_its_row(group, phone):
    meeting_with_papers(group)
    sim = phone(KNOWN)
    sim.start()
    sim.press("1")
    heard_for(sim, 2)
    sim.press("5")
    heard_for(sim, 600)
    sim.press("3")
    (row, *_rest) = rows()
    assert row.section_position == 1
    assert row.seconds == 2 + FIRST_SECTION_SECONDS


def test_a_retried_webhook_counts_once(group, phone, twilio):
    meeting_with_papers(group)
    sim = phone(KNOWN)
    sim.start()
    sim.press("1")
    heard_for(sim, 4)
    action = sim.last_page.find("Gather").get("action")
    form = {"CallSid": sim.call_sid, "From": KNOWN, "To": GROUP_NUMBER, "Digits": "3"}
    first = twilio.post(action, form)
    retry = twilio.post(action, form)  # Twilio did not hear our answer in time, and asks again
    assert first.get_data() == retry.get_data()
    parse(retry)
    recorded = rows()
    assert len(recorded) == 1 and recorded[0].seconds == 4


def test_hanging_up_counts_the_section_being_heard_once(group, phone, twilio):
    meeting_with_papers(group)
    sim = phone(KNOWN)
    sim.start()
    sim.press("1")
    heard_for(sim, 2)
    sim.hang_up()
    recorded = rows()
    assert [(r.section_position, r.seconds) for r in recorded] == [(1, 2)]
    status = {"CallSid": sim.call_sid, "CallStatus": "completed", "CallDuration": "30"}
    assert twilio.post("/voice/status", status).status_code == 200  # the callback again
    assert [(r.section_position, r.seconds) for r in rows()] == [(1, 2)]


def test_an_unsigned_status_callback_counts_nothing(group, phone, twilio):
    meeting_with_papers(group)
    sim = phone(KNOWN)
    sim.start()
    sim.press("1")
    heard_for(sim, 2)
    forged = {"CallSid": sim.call_sid, "CallStatus": "completed"}
    assert twilio.post("/voice/status", forged, signature="forged").status_code == 403
    assert rows() == []


def test_guests_listening_is_not_recorded(group, phone):
    meeting_with_papers(group)
    sim = phone(UNKNOWN)
    sim.start()
    sim.press("*")
    sim.press("1")
    heard_for(sim, 3)
    sim.press("3")
    assert rows() == []
