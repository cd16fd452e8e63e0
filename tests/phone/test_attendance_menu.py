"""Meetings 2, 3 and 4 on the phone: check in with a PIN, join by phone, hear my payments."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from tests.builders import make_meeting
from tests.phone.conftest import COORDINATOR, KNOWN, UNKNOWN
from tests.phone.test_call_flows import gather_path
from voice_app.attendance import meeting_now, meeting_to_check_in
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    AttendanceMethod,
    Payment,
    PaymentPreference,
    PaymentStatus,
    Person,
    utcnow,
)

PIN = "2468"  # Amina's


def meeting_happening_now(group, title="Transport", **fields):
    return make_meeting(group, title, starts_at=utcnow() - timedelta(minutes=20), **fields)


def amina() -> Person:
    db.session.expire_all()
    return db.session.scalar(select(Person).where(Person.phone == KNOWN))


def in_meetings_menu(phone):
    sim = phone(KNOWN)
    sim.start()
    sim.press("4")
    return sim


def test_check_in_with_the_right_pin(group, phone):
    meeting = meeting_happening_now(group)
    sim = in_meetings_menu(phone)
    assert "To check in to Transport, please key in your PIN" in sim.press("2")
    gather = sim.last_page.find("Gather")
    assert gather.get("finishOnKey") == "#" and gather.get("numDigits") is None
    assert int(gather.get("timeout")) >= 12  # a number takes longer to key
    heard = sim.press(PIN + "#")
    assert "Thank you. You are checked in to Transport." in heard
    assert gather_path(sim) == "/voice/menu/meetings"
    attendance = db.session.scalar(select(Attendance))
    assert attendance.meeting_id == meeting.id and attendance.person_id == amina().id
    assert attendance.method == AttendanceMethod.PHONE_CHECK_IN
    sim.press("2")
    assert "already checked in to Transport" in sim.press(PIN + "#")
    assert len(db.session.scalars(select(Attendance)).all()) == 1


def test_check_in_by_saying_the_pin(group, phone):
    meeting_happening_now(group)
    sim = in_meetings_menu(phone)
    sim.say("check in")
    assert "checked in to Transport" in sim.say("two four six eight")


def test_wrong_pin_says_the_tries_left_and_asks_again(group, phone):
    meeting_happening_now(group)
    sim = in_meetings_menu(phone)
    sim.press("2")
    heard = sim.press("1111#")
    assert "that PIN is not right. You have 4 more tries." in heard
    assert "key in your PIN" in heard and gather_path(sim) == "/voice/meetings/check-in/pin"
    assert "checked in" in sim.press(PIN + "#")
    assert amina().pin_failures == 0


def test_a_pin_of_the_wrong_length_is_not_counted_as_a_try(group, phone):
    meeting_happening_now(group)
    sim = in_meetings_menu(phone)
    sim.press("2")
    heard = sim.press("12#")
    assert "a PIN has 4 to 6 numbers" in heard and "key in your PIN" in heard
    assert amina().pin_failures == 0
    assert db.session.scalar(select(Attendance)) is None


def test_five_wrong_pins_lock_it_and_offer_a_person(group, phone):
    meeting_happening_now(group)
    sim = in_meetings_menu(phone)
    sim.press("2")
    for tries_left in (4, 3, 2):
        assert f"You have {tries_left} more tries" in sim.press("9999#")
    assert "You have 1 more try." in sim.press("9999#")
    heard = sim.press("9999#")
    assert "paused for 15 minutes" in heard
    assert "For a person, press 0. To go back to meetings, press star." in heard
    heard = sim.press("0")
    assert "Putting you through to a person" in heard and sim.dialled == [COORDINATOR]
    assert db.session.scalar(select(Attendance)) is None


def test_silence_at_the_pin_asks_again_then_says_goodbye(group, phone):
    meeting_happening_now(group)
    sim = in_meetings_menu(phone)
    sim.press("2")
    heard = sim.silence()
    assert "did not hear anything" in heard and "key in your PIN" in heard
    sim.silence()
    assert "Goodbye" in sim.silence() and sim.ended


def test_no_meeting_today_is_said_plainly(group, phone):
    make_meeting(group, "Next month", days_ahead=30)
    sim = in_meetings_menu(phone)
    assert "There is no meeting to check in to today." in sim.press("2")
    assert gather_path(sim) == "/voice/menu/meetings"


def test_too_early_says_when_check_in_opens(group, phone):
    # At the next noon in the group's zone: a meeting 40 minutes ahead is still today's, at
    # whatever hour the suite runs (after 23:20 it was tomorrow's, and the test was skipped).
    zone = ZoneInfo(group.timezone)
    noon = utcnow().astimezone(zone).replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon if noon > utcnow() else noon + timedelta(days=1), tick=True):
        starts = (utcnow() + timedelta(minutes=40)).replace(second=0, microsecond=0)
        make_meeting(group, "Housing", starts_at=starts)
        sim = in_meetings_menu(phone)
        sim.press("2")
        heard = sim.press(PIN + "#")
    assert "Check-in for Housing opens at 12:10" in heard, heard
    assert "half an hour before it starts" in heard
    assert db.session.scalar(select(Attendance)) is None


def test_which_meeting_is_happening_now(group):
    now = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    soon = make_meeting(
        group, "Soon", starts_at=now + timedelta(minutes=25), phone_conference=False
    )
    later = make_meeting(group, "Later today", starts_at=now + timedelta(hours=5))
    make_meeting(group, "Tomorrow", starts_at=now + timedelta(days=1))
    make_meeting(group, "Cancelled", starts_at=now, cancelled_at=now)
    assert meeting_now(group, now) == soon
    assert meeting_now(group, now - timedelta(minutes=10)) is None  # 35 minutes before: closed
    assert meeting_now(group, now + timedelta(hours=2, minutes=25)) == soon  # until its end
    assert meeting_to_check_in(group, now - timedelta(minutes=10)) == soon
    assert meeting_to_check_in(group, now + timedelta(hours=3)) == later
    assert meeting_now(group, now, by_phone=True) is None


def test_join_the_meeting_by_phone(group, phone):
    meeting = meeting_happening_now(group, phone_conference=True)
    sim = in_meetings_menu(phone)
    assert "PIN" in sim.press("3")  # known by caller ID alone: the PIN first, once a call
    sim.press("2468#")
    dial = sim.pages[-1].find("Dial")
    conference = dial.find("Conference")
    assert conference.text == f"voice-app-meeting-{meeting.id}"
    assert conference.get("participantLabel") == f"person-{amina().id}"
    assert conference.get("statusCallback").endswith("/voice/conference")
    assert "Joining Transport now" in " ".join(sim.transcript)


def test_no_meeting_by_phone_leads_back_to_the_meetings_menu(group, phone):
    meeting_happening_now(group, phone_conference=False)
    sim = in_meetings_menu(phone)
    heard = sim.press("3")
    assert "There is no meeting to join by phone just now" in heard
    assert gather_path(sim) == "/voice/menu/meetings"


def test_hear_my_payments_in_short_sentences(group, phone):
    person = amina()
    paid_at = utcnow() - timedelta(days=20)
    for days, status, pence in ((60, PaymentStatus.PAID, 4000), (30, PaymentStatus.PENDING, 1250)):
        past = make_meeting(group, f"{days} days ago", starts_at=utcnow() - timedelta(days=days))
        db.session.add(
            Payment(
                person_id=person.id,
                meeting_id=past.id,
                amount_pence=pence,
                preference=PaymentPreference.BANK_TRANSFER,
                status=status,
                paid_at=paid_at if status == PaymentStatus.PAID else None,
            )
        )
    db.session.commit()
    sim = in_meetings_menu(phone)
    assert "PIN" in sim.press("4")  # known by caller ID alone: the PIN first, once a call
    heard = sim.press("2468#")
    assert "You have been paid 40 pounds." in heard
    assert "12 pounds 50 is waiting to be approved." in heard
    assert "approved and waiting to be paid" not in heard  # a zero amount is not read
    assert "Your last payment was 40 pounds, on" in heard
    assert gather_path(sim) == "/voice/menu/meetings"
    says = sim.last_page.findall("Say")
    assert len(says) >= 3  # one sentence at a time (a zero amount is not read)


@pytest.mark.parametrize(
    ("key", "words"),
    [("2", "Checking in is for members"), ("3", "Joining a meeting by phone is for members"),
     ("4", "Payments are for members")],
)  # fmt: skip
def test_guests_hear_these_are_for_members(group, phone, key, words):
    meeting_happening_now(group, phone_conference=True)
    sim = phone(UNKNOWN)
    sim.start()
    sim.press("*")
    sim.press("4")
    assert words in sim.press(key)
    assert gather_path(sim) == "/voice/menu/meetings"
    assert sim.pages[-1].find("Dial") is None
