"""Whole calls through every menu, on the keypad and by speech, asserting on the TwiML as XML."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from tests.builders import add_before_on_disk, make_group, make_person
from tests.phone.conftest import COORDINATOR, KNOWN, UNKNOWN
from tests.phone.test_simulator_e2e import write_wav
from tests.twiml import spoken_text
from voice_app.extensions import db
from voice_app.models import Call, Comment, Guard, Person, Recording, ShoppingItem


def gather_path(sim) -> str:
    gather = sim.last_page.find("Gather")
    assert gather is not None, "the line should be waiting for the caller"
    return urlsplit(gather.get("action")).path


def call_record(sim) -> Call:
    db.session.expire_all()
    return db.session.scalar(select(Call).where(Call.call_sid == sim.call_sid))


def test_known_caller_walks_every_menu_on_the_keypad(group, phone, tmp_path):
    sim = phone(KNOWN)
    heard = sim.start()
    assert "Hello Amina Hassan. Welcome to Riverside." in heard
    assert gather_path(sim) == "/voice/menu/main"
    assert "no meeting coming up" in sim.press("1")  # papers: none yet, back to the main menu
    assert gather_path(sim) == "/voice/menu/main"
    assert "Before you record" in sim.press("2")  # a comment: consent first
    heard = sim.press("1")
    assert "Your agreement has been noted" in heard and "leave your comment" in heard
    assert sim.waiting == "record"
    assert "To keep it, press 1" in sim.record(write_wav(tmp_path / "comment.wav"))
    heard = sim.press("1")
    assert "Your comment has been kept" in heard and "For papers, press 1" in heard
    assert "Shopping list. To hear the list, press 1" in sim.press("3")
    assert gather_path(sim) == "/voice/menu/shopping"
    heard = sim.press("1")
    assert "no ideas on the shopping list" in heard and "For papers, press 1" in heard
    assert gather_path(sim) == "/voice/menu/main"
    sim.press("3")
    heard = sim.press("2")  # consent was given on this call: a reminder only
    assert "will be recorded" in heard and "Before you record" not in heard
    assert "say the idea" in heard and sim.waiting == "record"
    heard = sim.record(write_wav(tmp_path / "item.wav"))  # nobody transcribes it in time
    assert "keep it for the coordinator to read" in heard and "To say it again, press 2" in heard
    heard = sim.press("1")
    assert "kept for the group's shopping list" in heard and "For papers, press 1" in heard
    assert "Meetings. For upcoming meetings, press 1" in sim.press("4")
    expected = {"2": "no meeting to check in to", "3": "no meeting to join", "4": "PIN"}
    for key, words in expected.items():
        assert words in sim.press(key)
    assert "no payments" in sim.press("2468#")  # caller ID alone: the PIN before payments
    assert gather_path(sim) == "/voice/menu/meetings"
    assert "no meetings planned" in sim.press("1")
    assert "Help. For reading speed" in sim.press("0")
    assert "For papers, press 1" in sim.press("*")
    assert "For papers, press 1" in sim.press("*")  # star repeats the main menu
    sim.hang_up()
    record = call_record(sim)
    assert record.person.name == "Amina Hassan"
    assert record.menus[:3] == ["main", "papers", "main"]
    assert {"comment", "shopping", "shopping list", "shopping add", "meetings", "help"} <= set(
        record.menus
    )
    assert record.status == "completed" and record.ended_at is not None
    comment = db.session.scalar(select(Comment))
    item = db.session.scalar(select(ShoppingItem))
    assert comment.person_id == record.person_id and comment.recording.call_id == record.id
    assert item.person_id == record.person_id and item.confirmed_by_caller
    assert record.person.recording_consent and record.person.recording_consent_at is not None


def test_known_caller_walks_the_menus_by_speech(group, phone):
    sim = phone(KNOWN)
    sim.start()
    assert "Shopping list" in sim.say("Shopping list.")
    heard = sim.say("hear the list")
    assert "no ideas" in heard and "For papers, press 1" in heard
    assert "Before you record" in sim.say("I'd like to leave a comment")
    heard = sim.say("no thank you")
    assert "Nothing has been recorded" in heard and "For papers, press 1" in heard
    assert "Meetings." in sim.say("I want the meetings please")
    assert "PIN" in sim.say("four")  # digits spoken as words; the PIN before payments
    heard = sim.say("two four six eight")
    assert "You have no payments yet" in heard and "Meetings." in heard
    assert "Help. For reading speed" in sim.say("help")
    assert "Reading speed" in sim.say("reading speed")
    assert "For papers, press 1" not in sim.say("slower")
    assert "Help. For reading speed" in sim.say("back")
    assert "For papers, press 1" in sim.say("back")
    assert "no meeting coming up" in sim.say("papers")
    assert "For papers, press 1" in sim.say("repeat")
    record = call_record(sim)
    assert "please" not in json.dumps([record.state, record.menus])  # no words a caller said
    assert db.session.scalar(select(func.count()).select_from(Recording)) == 0
    db.session.refresh(record.person)
    assert record.person.recording_consent_at is None  # declining noted no consent


def test_menu_gathers_listen_for_keys_and_words_with_hints(group, phone):
    sim = phone(KNOWN)
    sim.start()
    gather = sim.last_page.find("Gather")
    assert gather.get("input") == "dtmf speech"
    assert gather.get("actionOnEmptyResult") == "true"
    assert {"papers", "comment", "shopping list", "meetings", "help", "repeat"} <= {
        hint.strip() for hint in gather.get("hints").split(",")
    }


def test_wrong_key_says_which_keys_are_valid(group, phone):
    sim = phone(KNOWN)
    sim.start()
    sim.press("3")
    heard = sim.press("7")
    assert "not one of the choices. You can press 1, 2, star, or 0." in heard
    assert gather_path(sim) == "/voice/menu/shopping"
    assert "not one of the choices" in sim.say("bananas")


def test_silence_repeats_then_says_a_kind_goodbye(group, phone):
    sim = phone(KNOWN)
    sim.start()
    first = sim.silence()
    assert "did not hear anything" in first and "For papers, press 1" in first
    assert "Are you still there?" in sim.silence()
    assert not sim.ended
    assert "Thank you for calling. Goodbye." in sim.silence()
    assert sim.ended
    assert sim.pages[-1].find("Hangup") is not None
    assert call_record(sim).ended_reason == "no input"


def test_silence_count_starts_again_after_any_key(group, phone):
    sim = phone(KNOWN)
    sim.start()
    sim.silence()
    sim.silence()
    sim.press("3")
    sim.silence()
    sim.silence()
    assert not sim.ended


def test_the_callers_own_rate_and_extra_time_are_used(group, phone):
    sim = phone("+447700900102")  # Derek: 70% speed, 10 extra seconds
    sim.start()
    gather = sim.last_page.find("Gather")
    assert int(gather.get("timeout")) == 8 + 10
    prosody = gather.find("Say/prosody")
    assert prosody is not None and prosody.get("rate") == "70%"


DIGIT_WORDS = "zero one two three four five six seven eight nine".split()


def amina_number() -> str:
    """Amina's member number: random, like every member's."""
    return db.session.scalar(select(Person.member_number).where(Person.name == "Amina Hassan"))


def test_unknown_caller_signs_in_with_member_number_and_pin(group, phone):
    sim = phone(UNKNOWN)
    heard = sim.start()
    assert "member number" in heard and "guest, press star" in heard
    number = amina_number()
    gather = sim.last_page.find("Gather")  # the first key alone: star and 0 act at once
    assert gather.get("numDigits") == "1"
    sim.press(number[0])
    rest = sim.last_page.find("Gather")  # the rest of the number, up to hash
    assert rest.get("finishOnKey") == "#" and rest.get("numDigits") is None
    assert "PIN" in sim.press(number[1:] + "#")
    heard = sim.press("2468#")
    assert "Thank you, Amina Hassan. You are signed in to Riverside." in heard
    assert gather_path(sim) == "/voice/menu/main"
    record = call_record(sim)
    assert record.authenticated and record.person.name == "Amina Hassan"


def test_unknown_caller_can_say_member_number_and_pin(group, phone):
    sim = phone(UNKNOWN)
    sim.start()
    sim.say(" ".join(DIGIT_WORDS[int(d)] for d in amina_number()))
    assert "signed in" in sim.say("two four six eight")


def test_wrong_pins_are_limited_per_call_with_a_way_on(group, phone):
    sim = phone(UNKNOWN)
    sim.start()
    sim.press(amina_number() + "#")
    for _attempt in range(2):
        assert "does not match" in sim.press("0000#")
        assert gather_path(sim) == "/voice/identify/pin"  # the PIN again, not the number
    heard = sim.press("0000#")
    assert "three times" in heard
    assert "guest, press star" in heard and "For a person, press 0" in heard
    assert gather_path(sim) == "/voice/identify/way-on"
    assert call_record(sim).pin_failures == 3
    assert "listening as a guest" in sim.press("*")
    assert call_record(sim).is_guest


def test_five_wrong_pins_in_a_row_lock_the_member_for_fifteen_minutes(group, phone):
    for _call in range(2):
        sim = phone(UNKNOWN)
        sim.start()
        sim.press(amina_number() + "#")
        for _ in range(3):
            heard = sim.press("9999#")
            if "paused" in heard or "three times" in heard:
                break
        sim.hang_up()
    assert "paused" in heard and "15 minutes" in heard
    sim = phone(UNKNOWN)
    sim.start()
    sim.press(amina_number() + "#")
    assert "paused" in sim.press("2468#")  # even the right PIN waits for the lock to end
    heard = sim.press("0")
    assert "Putting you through to a person" in heard
    assert sim.dialled == [COORDINATOR]
    assert "Your call with a person has ended." in heard


def test_right_pin_resets_the_run_of_failures(group, phone):
    sim = phone(UNKNOWN)
    sim.start()
    sim.press(amina_number() + "#")
    sim.press("0000#")
    sim.press("2468#")
    counted = select(Guard.failures).where(Guard.key.startswith("pin:member:"))
    assert db.session.scalars(counted).all() == [0]


def test_guest_where_the_group_allows(group, phone):
    sim = phone(UNKNOWN)
    sim.start()
    heard = sim.press("*")
    assert "You are listening as a guest" in heard
    assert gather_path(sim) == "/voice/menu/main"
    assert "Meetings." in sim.press("4")
    sim.press("*")
    sim.press("0")
    assert "calling as a guest of Riverside" in sim.press("2")


def test_no_guests_where_the_group_does_not_allow(app, phone):
    make_group("Closed", phone_number="+442070000000")
    sim = phone(UNKNOWN)
    heard = sim.start()
    assert "guest" not in heard
    assert "does not take guest calls" in sim.press("*")
    assert gather_path(sim) == "/voice/identify/number"


def test_resident_in_several_groups_chooses_the_group(app, phone):
    first = make_group("Alpha")
    second = make_group("Beta")
    person = make_person(first, "Sam Two-Groups", phone=KNOWN)
    from voice_app.models import Membership, Role

    db.session.add(Membership(person=person, group=second, role=Role.RESIDENT))
    db.session.commit()
    sim = phone(KNOWN, to_number="+449999999999")
    heard = sim.start()
    assert "more than one group" in heard
    assert "Press 1 for Alpha." in heard and "Press 2 for Beta." in heard
    assert "not one of the choices" in sim.press("7")
    assert "Hello Sam Two-Groups. Welcome to Beta." in sim.press("2")
    assert call_record(sim).group_id == second.id


def test_the_group_choices_keep_the_order_joined(app, phone):
    """Press 1 stays the first group joined. Unordered, PostgreSQL hands rows back in the order
    they lie on disk: here the second membership fills the space a deleted one left."""
    first = make_group("Alpha")
    second = make_group("Beta")
    other = make_person(first, "Someone Else")
    person = make_person(first, "Sam Two-Groups", phone=KNOWN)
    from voice_app.models import Membership, Role

    filler = db.session.scalar(select(Membership).where(Membership.person == other))
    add_before_on_disk(filler, Membership(person=person, group=second, role=Role.RESIDENT))
    db.session.expire_all()
    heard = phone(KNOWN, to_number="+449999999999").start()
    assert heard.index("Press 1 for Alpha.") < heard.index("Press 2 for Beta."), heard


def test_the_called_number_picks_the_group(app, phone):
    make_group("Alpha")
    beta = make_group("Beta", phone_number="+442070000042", guests_allowed=True)
    sim = phone(UNKNOWN, to_number="+442070000042")
    sim.start()
    assert "guest of Beta" in (sim.press("*"), sim.press("0"), sim.press("2"))[-1]
    assert call_record(sim).group_id == beta.id


def test_no_group_at_all_says_the_line_is_not_set_up(app, phone):
    sim = phone(UNKNOWN)
    assert "not set up yet" in sim.start()
    assert sim.ended


@pytest.mark.parametrize("speech", ["guest", "star"])
def test_guest_by_speech(group, phone, speech):
    sim = phone(UNKNOWN)
    sim.start()
    assert "guest" in sim.say(speech)


def test_step_numbers_make_each_visit_a_new_url(group, phone):
    sim = phone(KNOWN)
    sim.start()
    first = parse_qs(urlsplit(sim.last_page.find("Gather").get("action")).query)["n"]
    sim.press("*")
    second = parse_qs(urlsplit(sim.last_page.find("Gather").get("action")).query)["n"]
    assert first != second
    assert spoken_text(sim.last_page)
