"""A whole call through a paper with pictures: a described picture read where it stands, its
longer description on key 5, an undescribed one announced, "where am I" counting pictures, and an
Easy Read version offered first to residents who need it."""

from tests.builders import make_meeting
from tests.phone.conftest import KNOWN
from voice_app.extensions import db
from voice_app.models import AccessNeed, Paper, PaperStatus, Person
from voice_app.papers.pictures import describe, release
from voice_app.papers.store import add_paper

PAPER = b"""# Library plans

## The entrance

The entrance moves to the square.

![Floor plan of the ground floor, the new entrance on the left](plan.png)

Seats go in the corridor.

![](corridor.png)
"""
EASY = b"""# Library plans, Easy Read

## The door

The door is moving. It will be easier to get in.
"""


def picture_meeting(group) -> Paper:
    meeting = make_meeting(group, "Library board", days_ahead=10)
    paper = add_paper(meeting, PAPER, "library.md")
    db.session.commit()
    return paper


def test_a_call_hears_the_described_picture_in_place_and_the_undescribed_one_announced(
    group, phone
):
    picture_meeting(group)
    sim = phone(KNOWN)
    sim.start()
    heard = sim.press("1")
    assert "Section 1 of 4: The entrance, part 1 of 4." in heard
    assert "moves to the square" in heard
    heard = sim.silence()
    assert heard.startswith("Next section. Section 2 of 4: The entrance, part 2 of 4.")
    assert "Picture: Floor plan of the ground floor, the new entrance on the left." in heard
    assert "press 5" not in heard  # no longer description to offer
    assert "Seats go in the corridor" in sim.silence()
    heard = sim.silence()
    assert "There is a drawing here that has not been described yet." in heard
    where = sim.press("#")
    assert "This paper has 2 pictures, and 0 of them are still to come." in where


def test_a_long_description_is_offered_not_forced(group, phone):
    paper = picture_meeting(group)
    second = paper.sections[3].picture
    describe(second, "Photo of the corridor", "The corridor is two metres wide, with seats "
             "every ten metres on the left.", "coord@example.org")  # fmt: skip
    db.session.commit()
    sim = phone(KNOWN)
    sim.start()
    sim.press("1")
    for _ in range(3):
        heard = sim.press("3")
    assert "Picture: Photo of the corridor." in heard
    assert "For the longer description of this picture, press 5." in heard
    assert "two metres wide" not in heard
    heard = sim.press("5")
    assert "The longer description: The corridor is two metres wide" in heard


def test_easy_read_is_offered_first_to_those_who_need_it_and_to_all_by_key(group, phone):
    paper = picture_meeting(group)
    add_paper(paper.meeting, EASY, "easy.md", easy_read_of=paper)
    db.session.commit()
    sim = phone(KNOWN)
    sim.start()
    heard = sim.press("1")
    assert "There is an Easy Read version of this paper." in heard
    assert "For the Easy Read version, press 5 now." in heard
    heard = sim.press("5")
    assert "This is the Easy Read version." in heard and "The door is moving." in heard
    assert "moves to the square" in sim.press("5")  # 5 again: back to the full paper

    person = db.session.query(Person).filter_by(phone=KNOWN).one()
    db.session.add(AccessNeed(person=person, kind="Easy Read", detail="papers"))
    db.session.commit()
    sim = phone(KNOWN)
    sim.start()
    heard = sim.press("1")
    if "carry on" in heard.lower():
        heard = sim.press("2")
    assert "This is the Easy Read version. For the full paper, press 5 now." in heard
    assert "The door is moving." in heard


def test_papers_are_not_out_while_a_picture_waits_unless_released(group, phone):
    paper = picture_meeting(group)
    paper.status = PaperStatus.READY
    db.session.commit()
    sim = phone(KNOWN)
    sim.start()
    sim.press("4")
    heard = sim.press("1")
    assert "some pictures still need describing" in heard and "papers are out" not in heard

    release(paper, "The corridor photo comes on Monday.", "coord@example.org")
    db.session.commit()
    sim = phone(KNOWN)
    sim.start()
    sim.press("4")
    assert "The paper is out." in sim.press("1")
    sim = phone(KNOWN)
    sim.start()
    heard = sim.press("1")
    assert (
        "Some pictures in this paper have not been described yet. Your coordinator says: "
        "The corridor photo comes on Monday." in heard
    )
