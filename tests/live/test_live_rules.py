"""The live meeting's rules without HTTP: hands in order, the floor, what a caller missed, the
record for the minutes, minutes across a step out, and Twilio's participant list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.builders import make_agenda_item, make_group, make_held_meeting, make_person
from voice_app.attendance import conference_minutes
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.live import floor, participants
from voice_app.live.agenda import ItemFields, add_item, paper_summary
from voice_app.live.record import NO_ITEM, floor_by_person, minutes_record
from voice_app.models import ConferenceLeg, Paper, PaperSection, PaperStatus, utcnow

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def meeting(app):
    group = make_group("Riverside")
    return make_held_meeting(group, utcnow() - timedelta(minutes=30), minutes=120)


@pytest.fixture
def people(meeting):
    return [
        make_person(meeting.group, name, phone=f"+4477009003{n:02d}")
        for n, name in enumerate(["Amina", "Derek", "Sam"])
    ]


def test_hands_in_the_order_raised_and_one_each(meeting, people):
    amina, derek, sam = people
    for person in (derek, amina, sam, derek):
        floor.raise_hand(meeting, person)
    assert [hand.person.name for hand in floor.raised_hands(meeting)] == ["Derek", "Amina", "Sam"]
    assert floor.place_in_queue(meeting, floor.open_hand(meeting, sam.id)) == 3
    floor.lower_hand(meeting, derek.id, floor.BY_SELF, "test")
    assert floor.place_in_queue(meeting, floor.open_hand(meeting, sam.id)) == 2


def test_the_floor_unmutes_and_is_recorded_per_item(meeting, people):
    amina, derek, _ = people
    buses = make_agenda_item(meeting, "Buses")
    floor.raise_hand(meeting, amina)  # before any item
    floor.set_current_item(meeting, buses, "test")
    floor.set_muted(meeting, derek.id, True, "test")
    floor.raise_hand(meeting, derek)
    floor.give_floor(meeting, derek.id, "test")
    floor.give_floor(meeting, amina.id, "test")  # her hand from before the item
    floor.give_floor(meeting, amina.id, "test")  # and again, unasked
    assert floor.seat(meeting, derek).muted is False
    record = minutes_record(meeting)
    by_title = {entry.title: entry for entry in record.items}
    assert by_title[NO_ITEM].hands == ["Amina"] and by_title[NO_ITEM].floor == ["Amina"]
    assert by_title["Buses"].hands == ["Derek"]  # an unasked floor is not a raised hand
    assert by_title["Buses"].floor == ["Derek", "Amina"]
    counts = floor_by_person({meeting.id})
    assert counts[(meeting.id, amina.id)].hands_raised == 1
    assert counts[(meeting.id, amina.id)].given_floor == 2
    assert counts[(meeting.id, amina.id)].floor_items == f"{NO_ITEM}; Buses"


def test_what_a_caller_missed_while_stepped_out(meeting, people):
    amina = people[0]
    first, second = make_agenda_item(meeting, "One"), make_agenda_item(meeting, "Two")
    floor.set_current_item(meeting, first, "test")
    floor.raise_hand(meeting, amina)
    floor.step_out(meeting, amina)
    assert floor.come_back(meeting, amina) == floor.Missed()  # nothing changed
    floor.step_out(meeting, amina)
    floor.set_current_item(meeting, second, "test")
    floor.lower_hand(meeting, amina.id, floor.BY_CHAIR, "test")
    missed = floor.come_back(meeting, amina)
    assert missed.item.id == second.id and missed.hand == floor.BY_CHAIR
    assert floor.come_back(meeting, amina) == floor.Missed()  # told once


def test_agenda_checks_links_and_reads_a_papers_gist(meeting):
    other = make_held_meeting(meeting.group, START)
    paper = Paper(meeting_id=other.id, title="Elsewhere", status=PaperStatus.READY)
    db.session.add(paper)
    db.session.flush()
    with pytest.raises(InputError, match="not one of this meeting's papers"):
        add_item(meeting, ItemFields("Buses", paper_id=paper.id), "test")
    with pytest.raises(InputError, match="between 1 and"):
        add_item(meeting, ItemFields("Buses", expected_minutes=0), "test")
    with pytest.raises(InputError, match="title"):
        add_item(meeting, ItemFields("   "), "test")
    ours = Paper(meeting_id=meeting.id, title="Buses paper", status=PaperStatus.READY)
    words = " ".join(f"word{n}" for n in range(60))
    ours.sections.append(PaperSection(position=1, heading="Intro", text=words, spoken_text=words))
    db.session.add(ours)
    db.session.flush()
    item = add_item(meeting, ItemFields("Buses", paper_id=ours.id), "test")
    assert paper_summary(item) == " ".join(f"word{n}" for n in range(40)) + " ..."


def _leg(meeting, person, call_sid, start, end):
    db.session.add(
        ConferenceLeg(
            meeting_id=meeting.id,
            person_id=person.id,
            conference_sid="CF" + "e" * 32,
            call_sid=call_sid,
            joined_at=start,
            left_at=end,
        )
    )
    db.session.flush()


def test_a_short_step_out_counts_a_long_absence_does_not(meeting, people):
    amina, derek, _ = people
    at = meeting.starts_at
    _leg(meeting, amina, "CA1", at, at + timedelta(minutes=10))
    _leg(meeting, amina, "CA1#3", at + timedelta(minutes=12), at + timedelta(minutes=30))
    assert conference_minutes(meeting, amina.id) == 30
    _leg(meeting, derek, "CA2", at, at + timedelta(minutes=10))
    _leg(meeting, derek, "CA2#3", at + timedelta(minutes=20), at + timedelta(minutes=30))
    assert conference_minutes(meeting, derek.id) == 20


def test_participants_listed_and_missing_ones_are_an_error(app, fake_twilio):
    fake_twilio.add_participant("CF" + "1" * 32, "CA" + "1" * 32, "person-1", muted=True)
    listed = participants.listed("CF" + "1" * 32)
    assert [(p.call_sid, p.label, p.muted) for p in listed] == [("CA" + "1" * 32, "person-1", True)]
    participants.update("CF" + "1" * 32, "person-1", muted=False)  # by label, as Twilio allows
    assert fake_twilio.conferences["CF" + "1" * 32]["CA" + "1" * 32]["muted"] is False
    with pytest.raises(participants.TwilioUnavailable):
        participants.update("CF" + "1" * 32, "CA" + "9" * 32, muted=True)


def test_the_demo_meeting_has_an_agenda_linked_to_its_papers(app):
    from voice_app.demo import load_demo
    from voice_app.live.agenda import agenda
    from voice_app.meetings import upcoming_meetings

    demo = load_demo()
    items = agenda(upcoming_meetings(demo["group"])[0])
    assert [item.title for item in items][0] == "Welcome and apologies"
    assert [item.paper.title for item in items if item.paper] == [
        paper.title for paper in items[1].meeting.papers
    ]
