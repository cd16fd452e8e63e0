"""A whole phone participant's meeting through the real app, with the chair's live page:
the phone line through the call simulator, Twilio's conference callbacks signed for real, the
chair's buttons reaching the fake Twilio server through the real twilio client."""

from __future__ import annotations

import json
from datetime import timedelta
from email.utils import format_datetime
from urllib.parse import urlsplit

import pytest

from tests.builders import make_agenda_item, make_meeting
from tests.conftest import AUTH_TOKEN, BASE_URL
from tests.phone.conftest import client_transport
from tests.twiml import parse, spoken_text
from tests.web.helpers import csrf_from, post_form
from voice_app.attendance import find_attendance
from voice_app.exports import export
from voice_app.extensions import db
from voice_app.live import floor
from voice_app.models import AttendanceMethod, HandRaise, utcnow
from voice_app.simulator.call import CallSimulator

CONFERENCE = "CF" + "c" * 32


@pytest.fixture
def live(world):
    meeting = make_meeting(world.a.group, "Transport", starts_at=utcnow() - timedelta(minutes=20))
    make_agenda_item(meeting, "Buses", lead="Resident A", expected_minutes=30)
    make_agenda_item(meeting, "Taxis", expected_minutes=20)
    return meeting


class Conference:
    """Twilio's conference callbacks for one call, signed with the real validator."""

    def __init__(self, twilio, fake, meeting, call_sid: str, person_id: int):
        self.twilio, self.fake, self.meeting = twilio, fake, meeting
        self.call_sid, self.person_id = call_sid, person_id
        self.sequence = 0

    def post(self, event: str, minutes_ago: float) -> None:
        self.sequence += 1
        params = {
            "AccountSid": "AC" + "0" * 32,
            "ConferenceSid": CONFERENCE,
            "FriendlyName": self.meeting.conference_name,
            "StatusCallbackEvent": event,
            "Timestamp": format_datetime(utcnow() - timedelta(minutes=minutes_ago)),
            "SequenceNumber": str(self.sequence),
            "CallSid": self.call_sid,
            "ParticipantLabel": f"person-{self.person_id}",
        }
        assert self.twilio.post("/voice/conference", params).status_code == 200
        if event == "participant-join":
            self.fake.add_participant(CONFERENCE, self.call_sid, f"person-{self.person_id}")
        else:
            self.fake.remove_participant(CONFERENCE, self.call_sid)
        db.session.expire_all()


def announced(twilio, update: dict) -> str:
    """Fetch an AnnounceUrl as Twilio would (signed POST) and return what it says."""
    url = urlsplit(update["AnnounceUrl"])
    assert f"{url.scheme}://{url.netloc}" == BASE_URL
    return spoken_text(parse(twilio.post(f"{url.path}?{url.query}", {})))


def test_a_phone_participants_whole_meeting(coordinator, client, twilio, fake_twilio, world, live):
    page = f"/meetings/{live.id}/live"
    buses, taxis = (item.id for item in floor_items(live))
    # the chair opens the meeting on the first item: nobody on the phone yet
    answer = post_form(coordinator, page, f"{page}/item", {"item": buses}, follow_redirects=True)
    assert "Now discussing: Buses." in answer.get_data(as_text=True)

    sim = CallSimulator(
        BASE_URL, AUTH_TOKEN, world.a.resident.phone, transport=client_transport(client)
    )
    sim.start()
    sim.press("4")
    assert "PIN" in sim.press("3")  # known by caller ID alone: the PIN before joining
    assert "Joining Transport now" in sim.press("1234#")
    assert sim.waiting == "conference"
    calls = Conference(twilio, fake_twilio, live, sim.call_sid, world.a.resident.id)
    calls.post("participant-join", minutes_ago=15)

    # star, raise my hand, straight back in (Twilio reports the short step out as legs)
    assert "Meeting menu." in sim.press("*")
    calls.post("participant-leave", minutes_ago=14)
    assert "You are number 1 to speak" in sim.press("1")
    calls.post("participant-join", minutes_ago=12)
    assert sim.waiting == "conference"

    # the chair's page shows the hand, and the chair gives the floor
    html = coordinator.get(page).get_data(as_text=True)
    assert "Raised hands (1)" in html and "Give the floor to Resident A" in html
    assert "On the phone (1)" in html
    answer = post_form(coordinator, page, f"{page}/floor/{world.a.resident.id}")
    assert answer.status_code == 303
    update = fake_twilio.participant_updates[-1]
    assert update["CallSid"] == sim.call_sid and update["ConferenceSid"] == CONFERENCE
    assert update["Muted"] == "false"
    assert "floor" in announced(twilio, update)
    assert fake_twilio.conferences[CONFERENCE][sim.call_sid]["muted"] is False
    assert "No hands raised." in coordinator.get(page).get_data(as_text=True)

    # the item changes: every phone participant hears it
    before = len(fake_twilio.participant_updates)
    answer = post_form(coordinator, page, f"{page}/item", {"item": taxis}, follow_redirects=True)
    assert "1 on the phone heard it announced" in answer.get_data(as_text=True)
    update = fake_twilio.participant_updates[before]
    assert update["CallSid"] == sim.call_sid and "Muted" not in update
    assert "Now discussing item 2: Taxis." in announced(twilio, update)

    # the caller asks what is being discussed, goes back in, and later hangs up
    sim.press("*")
    calls.post("participant-leave", minutes_ago=11)
    assert "Now discussing item 2: Taxis." in sim.press("3")
    sim.press("#")
    calls.post("participant-join", minutes_ago=10)
    calls.post("participant-leave", minutes_ago=2)

    attendance = find_attendance(live, world.a.resident)
    assert attendance.method == AttendanceMethod.PHONE_CONFERENCE
    assert attendance.minutes == 13  # 15 to 2 minutes ago: the steps out count
    rows = json.loads(export("attendance", "json", only=None))
    row = next(r for r in rows if r["meeting_id"] == live.id)
    assert (row["minutes"], row["hands_raised"], row["given_floor"]) == (13, 1, 1)
    assert row["floor_items"] == "Buses"
    assert list(row)[:6] == ["id", "person", "meeting_id", "method", "checked_in_at", "minutes"]
    html = coordinator.get(page).get_data(as_text=True)
    assert "Hands raised: Resident A. Given the floor: Resident A." in html


def floor_items(meeting):
    from voice_app.live.agenda import agenda

    return agenda(meeting)


def test_chair_mutes_and_unmutes_a_phone_participant(coordinator, twilio, fake_twilio, world, live):
    calls = Conference(twilio, fake_twilio, live, "CA" + "5" * 32, world.a.resident.id)
    calls.post("participant-join", minutes_ago=5)
    page = f"/meetings/{live.id}/live"
    post_form(coordinator, page, f"{page}/mute/{world.a.resident.id}", {"muted": "1"})
    assert fake_twilio.participant_updates[-1]["Muted"] == "true"
    html = coordinator.get(page).get_data(as_text=True)
    assert "Unmute Resident A" in html
    assert floor.seat(live, world.a.resident).muted is True


def test_twilio_refusing_changes_nothing_and_says_so(coordinator, twilio, fake_twilio, world, live):
    calls = Conference(twilio, fake_twilio, live, "CA" + "6" * 32, world.a.resident.id)
    calls.post("participant-join", minutes_ago=5)
    floor.raise_hand(live, world.a.resident)
    db.session.commit()
    fake_twilio.fail_next(1)
    page = f"/meetings/{live.id}/live"
    answer = post_form(
        coordinator, page, f"{page}/floor/{world.a.resident.id}", follow_redirects=True
    )
    assert "The phone line did not take it, so nothing was changed" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert [hand.person_id for hand in floor.raised_hands(live)] == [world.a.resident.id]


def test_mark_present_in_the_room(coordinator, world, live):
    page = f"/meetings/{live.id}/live"
    answer = post_form(
        coordinator, page, f"{page}/room", {"person": world.a.officer.id}, follow_redirects=True
    )
    html = answer.get_data(as_text=True)
    assert "Officer A is marked present in the room." in html
    assert "In the room (1)" in html
    attendance = find_attendance(live, world.a.officer)
    assert attendance.method == AttendanceMethod.IN_PERSON


def test_other_groups_see_nothing_and_forms_need_their_token(client, world, live):
    from tests.web.helpers import sign_in

    sign_in(client, world.b.coordinator.email)
    assert client.get(f"/meetings/{live.id}/live").status_code == 404
    assert client.get(f"/meetings/{live.id}/agenda").status_code == 404
    page = client.get(f"/meetings/{world.b.meeting.id}/live").get_data(as_text=True)
    token = csrf_from(page)
    answer = client.post(
        f"/meetings/{live.id}/live/floor/{world.a.resident.id}", data={"csrf_token": token}
    )
    assert answer.status_code == 404
    answer = client.post(f"/meetings/{world.b.meeting.id}/live/floor/{world.b.resident.id}")
    assert answer.status_code == 400  # no CSRF token
    assert db.session.query(HandRaise).count() == 0


def test_agenda_add_change_remove_and_bad_input(coordinator, world, live):
    page = f"/meetings/{live.id}/agenda"
    answer = post_form(
        coordinator,
        page,
        page,
        {"title": "Trains", "lead": "Officer A", "minutes": "15", "paper": "0"}
        | {"shopping_item": str(world.a.item.id)},
        follow_redirects=True,
    )
    html = answer.get_data(as_text=True)
    assert "Item added: Trains." in html and "Aim: Step-free buses A" in html
    answer = post_form(coordinator, page, page, {"title": "", "minutes": "0"})
    assert answer.status_code == 400
    assert "Give the item a title." in answer.get_data(as_text=True)
    answer = post_form(
        coordinator, page, page, {"title": "X", "minutes": "5", "shopping_item": world.b.item.id}
    )
    assert answer.status_code == 400  # another group's aim is not a choice
    trains = floor_items(live)[-1]
    edit = f"/meetings/{live.id}/agenda/{trains.id}/edit"
    post_form(coordinator, edit, edit, {"title": "Trains and trams", "minutes": "25"})
    db.session.expire_all()
    assert floor_items(live)[-1].title == "Trains and trams"
    post_form(coordinator, page, f"/meetings/{live.id}/agenda/{trains.id}/remove")
    db.session.expire_all()
    assert [item.title for item in floor_items(live)] == ["Buses", "Taxis"]
