"""A cancelled meeting and a changed paper, as callers meet them on the line."""

from __future__ import annotations

from sqlalchemy import select

from tests.builders import make_meeting
from tests.phone.conftest import KNOWN
from tests.phone.reading_builders import TRANSPORT, meeting_with_papers, papers_of
from voice_app.cancellation import cancel_meeting
from voice_app.extensions import db
from voice_app.models import Person, ReadingPosition
from voice_app.paper_changes import remove_paper, replace_paper
from voice_app.papers.store import add_paper

REASON = "The hall is closed for repairs."
NEW_TRANSPORT = TRANSPORT.replace("The number 12 bus is often late.", "The new bus runs hourly.")


def listen(phone):
    sim = phone(KNOWN)
    sim.start()
    return sim


def cancel(meeting) -> None:
    cancel_meeting(meeting, REASON, actor="test")
    db.session.commit()


def test_the_upcoming_meetings_say_a_cancelled_one_is_off(group, phone):
    make_meeting(group, "Transport forum", days_ahead=21)
    cancel(make_meeting(group, "Budget meeting", days_ahead=14))
    sim = listen(phone)
    sim.press("4")
    heard = sim.press("1")
    assert heard.startswith("Please note: Budget meeting, which was to be on ")
    assert f"has been cancelled. The reason given is: {REASON}" in heard
    assert "Meeting 1 of 1: Transport forum." in heard
    assert "Meeting 1 of 2" not in heard


def test_only_a_cancelled_meeting_ahead_is_said_then_none_planned(group, phone):
    cancel(make_meeting(group, "Budget meeting", days_ahead=14))
    sim = listen(phone)
    sim.press("4")
    heard = sim.press("1")
    assert "Budget meeting, which was to be on" in heard
    assert "There are no meetings planned at the moment." in heard


def test_papers_of_a_cancelled_meeting_are_not_read(group, phone):
    meeting = meeting_with_papers(group)
    sim = listen(phone)
    sim.press("1")  # reading the first paper
    cancel(meeting)
    heard = sim.press("3")
    assert heard.startswith("That meeting has been cancelled, so its papers are no longer read")
    assert "There is no meeting coming up" in heard
    again = listen(phone).press("1")
    assert again.startswith("Please note: Day services board, which was to be on ")


def test_a_removed_paper_under_the_caller_starts_again_from_the_top(group, phone):
    meeting = meeting_with_papers(group)
    first, second = papers_of(meeting)
    sim = listen(phone)
    sim.press("1")
    sim.press("9")  # into the second paper
    remove_paper(second, actor="test")
    db.session.commit()
    heard = sim.press("3")
    assert heard.startswith("That paper has been taken away or replaced with a new version")
    assert "There is one paper." in heard
    assert "Paper 1 of 1: Day opportunities review. Section 1 of 3: Background." in heard
    assert [p.id for p in papers_of(meeting)] == [first.id]


def test_a_replaced_paper_is_heard_new_from_its_start(group, phone):
    meeting = meeting_with_papers(group)
    old = papers_of(meeting)[1]
    sim = listen(phone)
    sim.press("1")
    sim.press("9")
    sim.press("3")  # section 2 of the old transport paper
    sim.hang_up()
    new = replace_paper(old, NEW_TRANSPORT.encode(), "transport-v2.md", actor="test")
    db.session.commit()
    assert [p.title for p in papers_of(meeting)] == ["Day opportunities review", old.title]
    assert papers_of(meeting)[1].id == new.id
    amina = db.session.scalar(select(Person).where(Person.phone == KNOWN))
    positions = db.session.scalars(
        select(ReadingPosition).where(ReadingPosition.person_id == amina.id)
    ).all()
    assert [p.paper_id for p in positions] == [papers_of(meeting)[0].id]
    again = listen(phone)
    heard = again.press("1")  # the old bookmark has gone with the old version: from the top
    assert heard.startswith("Papers for Day services board")
    assert "Paper 2 of 2: Community transport. Section 1 of 2: Buses." in again.press("9")
    assert "The new bus runs hourly." in again.press("5")


def test_a_paper_added_then_removed_before_anyone_heard_it(group, phone):
    meeting = make_meeting(group, "Spring meeting", days_ahead=30)
    paper = add_paper(meeting, TRANSPORT.encode(), "transport.md")
    db.session.commit()
    remove_paper(paper, actor="test")
    db.session.commit()
    heard = listen(phone).press("1")
    assert heard.startswith("The papers are not out yet.")
