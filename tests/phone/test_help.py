"""Help. For reading speed: reading speed kept on the person, my details, and a way to a person."""

from __future__ import annotations

from sqlalchemy import select

from tests.builders import make_group, make_person
from tests.phone.conftest import COORDINATOR, KNOWN, UNKNOWN
from voice_app.extensions import db
from voice_app.models import Person
from voice_app.phone.help import FASTEST, SLOWEST, new_rate


def amina() -> Person:
    db.session.expire_all()
    return db.session.scalar(select(Person).where(Person.phone == KNOWN))


def test_new_rate_steps_within_limits():
    assert new_rate(100, "slower") == 90
    assert new_rate(100, "faster") == 110
    assert new_rate(SLOWEST, "slower") == SLOWEST
    assert new_rate(FASTEST, "faster") == FASTEST
    assert new_rate(70, "normal") == 100


def test_reading_speed_change_is_kept_for_the_next_call(group, phone):
    sim = phone(KNOWN)
    sim.start()
    sim.press("0")
    sim.press("1")
    assert "PIN" in sim.press("1")  # changing a setting: the PIN first (caller ID alone)
    heard = sim.press("2468#")
    assert "This is your reading speed now." in heard
    prosody = sim.last_page.find("Say/prosody")
    assert prosody is not None and prosody.get("rate") == "90%"
    sim.press("1")
    sim.hang_up()
    assert amina().speech_rate == 80
    again = phone(KNOWN)
    again.start()
    assert again.last_page.find("Gather/Say/prosody").get("rate") == "80%"


def test_speed_back_to_normal_and_limit(group, phone):
    sim = phone(KNOWN)
    sim.start()
    sim.press("0")
    sim.press("1")
    sim.press("3")
    sim.press("2468#")
    assert amina().speech_rate == 100
    for _ in range(5):
        sim.press("2")
    assert "as far as the speed goes" in sim.press("2")
    assert amina().speech_rate == FASTEST


def test_guest_speed_is_kept_for_the_call_only(group, phone):
    sim = phone(UNKNOWN)
    sim.start()
    sim.press("*")
    sim.press("0")
    sim.press("1")
    sim.press("1")
    assert sim.last_page.find("Say/prosody").get("rate") == "90%"


def test_my_details_are_read_back(group, phone):
    sim = phone(KNOWN)
    sim.start()
    sim.press("0")
    assert "PIN" in sim.press("2")
    heard = sim.press("2468#")
    number = " ".join(db.session.scalar(select(Person.member_number).where(Person.phone == KNOWN)))
    assert f"You are Amina Hassan. Your member number is {number}." in heard
    assert "100 percent of normal" in heard and "extra seconds" not in heard
    assert sim.last_page.find("Gather").get("action").startswith("/voice/menu/help")


def test_speak_to_a_person_dials_the_coordinator_then_comes_back(group, phone):
    sim = phone(KNOWN)
    sim.start()
    sim.press("0")
    heard = sim.press("3")
    dial = next(page.find("Dial") for page in sim.pages if page.find("Dial") is not None)
    assert dial is not None and dial.find("Number").text == COORDINATOR
    assert dial.get("action").startswith("/voice/person/done")
    assert "Putting you through" in heard and "Your call with a person has ended." in heard
    assert "For papers, press 1" in heard


def test_unanswered_dial_is_explained(group, phone):
    sim = phone(KNOWN)
    sim.dial_status = "no-answer"
    sim.start()
    sim.press("0")
    assert "nobody could answer" in sim.say("speak to a person")


def test_no_coordinator_phone_means_an_apology_and_a_way_back(app, phone):
    make_person(make_group("Quiet"), "Amina Hassan", phone=KNOWN)
    sim = phone(KNOWN)
    sim.start()
    sim.press("0")
    heard = sim.press("3")
    assert "nobody to put you through to" in heard
    assert sim.dialled == []
    assert sim.last_page.find("Gather").get("action").startswith("/voice/menu/main")
