"""Meetings menu 1: upcoming meetings in short chunks, with next, repeat and back."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.builders import make_meeting
from tests.phone.conftest import KNOWN
from voice_app.extensions import db
from voice_app.models import MeetingKind, Paper, PaperStatus, utcnow

LONDON = ZoneInfo("Europe/London")


def add_paper(meeting, title: str, late: bool = False, status=PaperStatus.READY) -> None:
    db.session.add(Paper(meeting=meeting, title=title, is_late=late, status=status))
    db.session.commit()


def future_2pm(days: int) -> datetime:
    day = (utcnow().astimezone(LONDON)).date().toordinal() + days
    return datetime.combine(datetime.fromordinal(day).date(), datetime.min.time(), LONDON).replace(
        hour=14
    )


def test_upcoming_meetings_are_read_one_at_a_time(group, phone):
    first = make_meeting(group, "Transport", starts_at=future_2pm(21), location="Riverside Hall")
    add_paper(first, "Bus routes")
    add_paper(first, "Taxi cards", late=True)
    second = make_meeting(
        group,
        "Easy read letters",
        starts_at=future_2pm(30),
        kind=MeetingKind.WORKSHOP,
        phone_conference=False,
    )
    sim = phone(KNOWN)
    sim.start()
    sim.press("4")
    heard = sim.press("1")
    when = first.starts_at.astimezone(LONDON)
    assert "Meeting 1 of 2: Transport." in heard
    assert f"It is on {when:%A} {when.day} {when:%B} at 2 pm." in heard
    assert "It is at Riverside Hall." in heard
    assert "join by phone" in heard
    assert "The papers are out. There are 2 of them." in heard
    assert "Late paper: Taxi cards." in heard
    assert "For the next meeting, press 1" in heard
    assert "Easy read letters" not in heard
    heard = sim.press("1")
    assert "Workshop 2 of 2: Easy read letters." in heard
    assert "The place is not decided yet." in heard
    assert "join by phone" not in heard
    assert "The papers are not out yet. They are due by" in heard
    assert "That was the last meeting." in heard
    assert "Workshop 2 of 2" in sim.press("2")
    assert "not one of the choices. You can press 2, star, or 0." in sim.press("1")
    assert "Meetings. For upcoming meetings, press 1" in sim.press("*")
    assert second.id


def test_short_notice_reason_is_read_out(group, phone):
    make_meeting(group, "Urgent budget", days_ahead=3, short_notice_reason="The council moved it")
    sim = phone(KNOWN)
    sim.start()
    sim.say("meetings")
    heard = sim.say("upcoming meetings")
    assert "called at short notice. The reason given is: The council moved it." in heard
    assert "Meeting 1 of 1" in sim.say("repeat")
    assert "Help. For reading speed" in sim.say("help")


def test_papers_being_prepared(group, phone):
    meeting = make_meeting(group, "Transport")
    add_paper(meeting, "Bus routes", status=PaperStatus.PROCESSING)
    sim = phone(KNOWN)
    sim.start()
    sim.press("4")
    assert "being prepared" in sim.press("1")


def test_silence_while_hearing_meetings_repeats_the_keys(group, phone):
    make_meeting(group, "Transport")
    sim = phone(KNOWN)
    sim.start()
    sim.press("4")
    sim.press("1")
    heard = sim.silence()
    assert "did not hear anything" in heard and "To hear it again, press 2" in heard
