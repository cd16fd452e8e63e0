"""Star in the meeting's conference: the meeting menu, straight back in, and what was missed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.builders import make_agenda_item, make_meeting
from tests.phone.conftest import KNOWN
from tests.phone.test_attendance_menu import amina
from voice_app.extensions import db
from voice_app.live import floor
from voice_app.models import HandRaise, MeetingSeat, utcnow


@pytest.fixture
def meeting(group):
    found = make_meeting(group, "Transport", starts_at=utcnow() - timedelta(minutes=20))
    make_agenda_item(found, "Buses", lead="Amina", expected_minutes=20)
    make_agenda_item(found, "Taxis", expected_minutes=15)
    return found


@pytest.fixture
def in_conference(phone, meeting):
    sim = phone(KNOWN)
    sim.start()
    sim.press("4")
    assert "PIN" in sim.press("3")  # known by caller ID alone: the PIN before joining
    sim.press("2468#")
    assert sim.waiting == "conference"
    return sim


def conference(sim):
    return sim.last_page.find("Dial/Conference")


def test_join_lets_star_lead_to_the_meeting_menu(in_conference):
    dial = in_conference.last_page.find("Dial")
    assert dial.get("hangupOnStar") == "true"
    assert dial.get("action").startswith("/voice/meeting/menu")
    assert conference(in_conference).get("muted") == "false"
    heard = in_conference.press("*")
    assert "Meeting menu. To raise or lower your hand, press 1." in heard
    assert "To go back into the meeting, press hash, or just wait." in heard


def test_raise_hand_and_straight_back_in(in_conference, meeting):
    in_conference.press("*")
    heard = in_conference.press("1")
    assert "Your hand is raised. You are number 1 to speak. Back to the meeting." in heard
    assert in_conference.waiting == "conference"
    assert conference(in_conference).get("beep") == "false"  # quiet for the others
    assert "Joining" not in heard  # quick: no welcome again
    hands = floor.raised_hands(meeting)
    assert [hand.person_id for hand in hands] == [amina().id]
    in_conference.press("*")
    assert "Your hand is raised." in " ".join(in_conference.transcript[-3:])
    assert "Your hand is lowered." in in_conference.press("1")
    assert floor.raised_hands(meeting) == []


def test_mute_myself_rejoins_muted(in_conference, meeting):
    in_conference.press("*")
    assert "You are now muted." in in_conference.press("2")
    assert conference(in_conference).get("muted") == "true"
    db.session.expire_all()
    assert db.session.query(MeetingSeat).one().muted is True
    in_conference.press("*")
    assert "You can now be heard." in in_conference.press("2")
    assert conference(in_conference).get("muted") == "false"


def test_hear_the_item_who_is_here_and_time_left(in_conference, meeting):
    in_conference.press("*")
    assert "The chair has not started an agenda item yet." in in_conference.press("3")
    items = sorted(meeting_items(meeting), key=lambda item: item.position)
    floor.set_current_item(meeting, items[1], "test")
    db.session.commit()
    assert "Now discussing item 2: Taxis." in in_conference.press("3")
    assert "Nobody else is here yet." in in_conference.press("4")
    heard = in_conference.press("5")
    assert "The meeting is planned to end in 100 minutes." in heard or "99 minutes" in heard


def meeting_items(meeting):
    from voice_app.live.agenda import agenda

    return agenda(meeting)


def test_silence_or_hash_goes_back_in_and_says_what_was_missed(in_conference, meeting):
    in_conference.press("*")
    in_conference.press("1")  # hand up, back in
    in_conference.press("*")  # out again: the chair acts meanwhile
    first = meeting_items(meeting)[0]
    floor.set_current_item(meeting, first, "test")
    floor.give_floor(meeting, amina().id, "test")
    db.session.commit()
    heard = in_conference.silence()
    assert "While you were out, the meeting moved on to item 1: Buses." in heard
    assert "the chair gave you the floor" in heard
    assert in_conference.waiting == "conference"
    in_conference.press("*")
    assert "moved on" not in in_conference.press("#")  # nothing new this time
    assert in_conference.waiting == "conference"


def test_a_wrong_key_says_the_valid_ones_and_0_is_a_person(in_conference):
    in_conference.press("*")
    heard = in_conference.press("9")
    assert "that is not one of the choices" in heard
    assert "Meeting menu." in heard
    heard = in_conference.press("0")
    assert "Putting you through to a person now" in heard
    assert "Your call with a person has ended." in heard
    assert in_conference.waiting == "conference"  # back in the meeting, not the main menu


def test_the_meeting_over_leads_back_to_the_main_menu(in_conference, meeting):
    meeting.ends_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    heard = in_conference.press("*")
    assert "The meeting has ended." in heard


def test_hand_raised_on_the_current_item(in_conference, meeting):
    first = meeting_items(meeting)[0]
    floor.set_current_item(meeting, first, "test")
    db.session.commit()
    in_conference.press("*")
    in_conference.press("1")
    db.session.expire_all()
    assert db.session.query(HandRaise).one().agenda_item_id == first.id


def test_upcoming_meetings_read_the_agenda(phone, group):
    later = make_meeting(group, "Housing", days_ahead=30)
    make_agenda_item(later, "Repairs", expected_minutes=25)
    sim = phone(KNOWN)
    sim.start()
    sim.press("4")
    heard = sim.press("1")
    assert "The agenda has 1 item. Item 1: Repairs, about 25 minutes." in heard


def test_silence_in_the_conference_stays_in_the_meeting(in_conference):
    assert in_conference.silence() == ""
    assert in_conference.waiting == "conference"
    assert "Meeting menu." in in_conference.press("*")
