"""Whole text conversations over the signed webhook: every command, typed as people type them.

Each reply is checked for what a reader needs: one text when it fits (at most 1,600 characters,
which Twilio joins), numbered parts otherwise, and never a PIN or bank details.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.builders import make_coordinator, make_held_meeting, make_meeting, make_person
from tests.outreach.conftest import GROUP_NUMBER, make_paper
from tests.outreach.test_sms import text
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    AttendanceMethod,
    AuditEntry,
    Comment,
    ContactRequest,
    ContactSource,
    FeedbackStatus,
    OutboundMessage,
    ResidentLink,
    ShoppingItem,
)
from voice_app.outreach.sms_parse import parse
from voice_app.outreach.sms_texts import ONE_TEXT

PIN = "1234"
SORT_CODE, ACCOUNT = "112233", "44556677"
PART = re.compile(r"^\((\d+)/(\d+)\) ")


class Texter:
    """One resident's side of a conversation: each text gets a new MessageSid."""

    def __init__(self, twilio, sender: str = "+447700900001"):
        self.twilio, self.sender, self.count = twilio, sender, 0

    def __call__(self, body: str) -> list[str]:
        self.count += 1
        replies = text(
            self.twilio, body, sid=f"SM{self.sender[-4:]}{self.count:04d}", sender=self.sender
        )
        check_readable(replies)
        return replies


def check_readable(replies: list[str]) -> None:
    assert replies and all(0 < len(reply) <= ONE_TEXT for reply in replies)
    if len(replies) > 1:  # numbered in order, so texts arriving out of order can be put right
        numbers = [PART.match(reply) for reply in replies]
        assert all(numbers), replies
        assert [(int(m[1]), int(m[2])) for m in numbers] == [
            (n, len(replies)) for n in range(1, len(replies) + 1)
        ]
    joined = " ".join(replies)
    assert PIN not in joined and SORT_CODE not in joined and ACCOUNT not in joined


@pytest.fixture
def banked(resident):
    resident.bank_sort_code, resident.bank_account_number = SORT_CODE, ACCOUNT
    db.session.commit()
    return resident


@pytest.mark.parametrize(
    ("body", "name", "number", "rest"),
    [
        ("paper one", "PAPER", 1, ""),
        ("PAPER 2.", "PAPER", 2, ""),
        ("Paper two!", "PAPER", 2, ""),
        ("papers?", "PAPERS", None, ""),
        ("Add: more benches", "ADD", None, "more benches"),
        ("add - more benches.", "ADD", None, "more benches."),
        ("comment 1: the buses need ramps", "COMMENT", 1, "the buses need ramps"),
        ("Comment two - too long", "COMMENT", 2, "too long"),
        ("here 1234", "HERE", None, "1234"),
        ("Call me please", "CALL ME", None, "please"),
        ("CALL ME.", "CALL ME", None, ""),
        ("who?", "WHO", None, ""),
        ("Meetings", "MEETINGS", None, ""),
        ("link!", "LINK", None, ""),
        ("what can I do?", "", None, ""),
    ],
)
def test_commands_are_read_forgivingly(body, name, number, rest):
    command = parse(body)
    assert (command.name, command.number, command.text) == (name, number, rest)


def test_reading_and_commenting_on_a_paper(app, twilio, clock, group, banked):
    meeting = make_meeting(group, "Transport", starts_at=clock.now() + timedelta(days=16))
    long_text = " ".join(f"Sentence {n} of the bus review is here." for n in range(30))
    very_long = " ".join(f"Taxi point {n} matters to many of us." for n in range(90))
    bus = make_paper(meeting, "Bus routes", [long_text, "The second part."])
    make_paper(meeting, "Taxis", [very_long])
    say = Texter(twilio)
    [listing] = say("Papers.")
    assert "1. Bus routes" in listing and "2. Taxis" in listing
    [first] = say("paper one")
    assert first.startswith("Bus routes, part 1 of 2") and long_text in first
    assert "part 2 of 2" in say("MORE")[0]
    taxis = say("PAPER 2.")  # too long for one text: numbered parts, whole sentences
    assert len(taxis) == 3 and taxis[0].startswith("(1/3) Taxis, part 1 of 1"), taxis[0][:80]
    assert all(part.endswith(".") for part in taxis)
    reply = say("Comment 1: the buses need ramps at every stop")
    assert "Your comment on Bus routes is with the group" in reply[0]
    assert "COMMENT, the paper's number" in say("comment")[0]
    assert "no paper 7" in say("COMMENT 7 hello")[0]
    [comment] = db.session.scalars(select(Comment)).all()
    assert comment.text == "the buses need ramps at every stop" and comment.recording_id is None
    assert comment.paper_id == bus.id and comment.person_id == banked.id
    assert comment.status == FeedbackStatus.TRANSCRIBED and comment.reviewed_at is None


def test_shopping_list_and_ideas_with_separators(app, twilio, clock, group, resident):
    say = Texter(twilio)
    assert "more benches" in say("Add: more benches")[0]
    assert "step-free buses" in say("add - step-free buses")[0]
    assert "ADD followed by your idea" in say("ADD:")[0]
    ideas = db.session.scalars(select(ShoppingItem.text).order_by(ShoppingItem.id)).all()
    assert ideas == ["more benches", "step-free buses"]
    assert "no agreed aims" in say("list")[0]


def test_meetings_and_checking_in_with_a_pin(app, twilio, clock, group, banked):
    now_meeting = make_held_meeting(group, clock.now() - timedelta(minutes=10), title="Today")
    make_meeting(group, "Next month", starts_at=clock.now() + timedelta(days=30), location="Hall")
    say = Texter(twilio)
    [listing] = say("meetings")
    assert "Today" in listing and "Next month" in listing and "At Hall." in listing
    assert "text HERE, a space, then your PIN" in say("HERE")[0]
    assert "not right. You have 4 more tries" in say("here 9999")[0]
    assert "checked in to Today" in say(f"Here: {PIN}.")[0]
    assert "already checked in" in say(f"HERE {PIN}")[0]
    attendance = db.session.scalar(select(Attendance).where(Attendance.person_id == banked.id))
    assert attendance.meeting_id == now_meeting.id
    assert attendance.method == AttendanceMethod.PHONE_CHECK_IN
    audit_texts = db.session.scalars(select(AuditEntry.detail)).all()
    assert PIN not in repr(audit_texts) and "9999" not in repr(audit_texts)
    stored = db.session.scalars(select(OutboundMessage.body)).all()
    assert not any(PIN in body for body in stored)


def test_here_with_no_meeting_and_too_early(app, twilio, clock, group, resident):
    say = Texter(twilio)
    assert "no meeting happening now" in say(f"HERE {PIN}")[0]
    make_held_meeting(group, clock.now() + timedelta(hours=2), title="Later")
    assert "opens at" in say(f"HERE {PIN}")[0]


def test_a_pin_is_paused_after_wrong_tries_by_text_too(app, twilio, clock, group, resident):
    make_held_meeting(group, clock.now(), title="Now")
    say = Texter(twilio)
    for _ in range(5):
        reply = say("HERE 0000")[0]
    assert "paused" in reply
    assert "paused" in say(f"HERE {PIN}")[0]  # even the right PIN, during the pause
    assert "paused" in say(f"PAID {PIN}")[0]


def test_paid_needs_the_pin_and_says_no_bank_details(app, twilio, clock, group, banked):
    say = Texter(twilio)
    assert "text PAID, a space, then your PIN" in say("paid")[0]
    assert "not right" in say("PAID 4321")[0]
    [reply] = say(f"Paid - {PIN}")
    assert "no payments yet" in reply


def test_call_me_uses_the_one_contact_request(app, twilio, clock, group, resident):
    say = Texter(twilio)
    assert "call you back" in say("Call me please")[0]
    assert "call you back" in say("CALL ME.")[0]
    [request] = db.session.scalars(select(ContactRequest)).all()  # one open request, not two
    assert request.source == ContactSource.TEXT and request.person_id == resident.id


def test_who_names_the_coordinator_and_how_to_reach_them(app, twilio, clock, group, resident):
    group.coordinator_phone = "+442079460000"
    coordinator = make_person(group, "Sam Coordinator", phone="+447700900555", pin="5555")
    user = make_coordinator(group)
    user.person_id = coordinator.id
    db.session.commit()
    [reply] = Texter(twilio)("Who?")
    assert "Sam Coordinator" in reply and "020 7946 0000" in reply
    assert "18001 020 7946 0000" in reply and "CALL ME" in reply


def test_link_sends_a_single_use_link(app, client, twilio, clock, group, resident):
    [reply] = Texter(twilio)("link")
    [address] = re.findall(r"http\S+/me/link/\S+", reply)
    assert db.session.scalar(select(ResidentLink.person_id)) == resident.id
    assert "PIN" in reply and address.startswith("http://")
    path = urlsplit(address).path
    assert client.get(path).location.endswith("/me/pin")  # then the PIN
    assert client.get(path).status_code == 410  # once only


def test_an_unknown_number_is_told_how_to_join_and_nothing_personal(
    app, twilio, clock, group, resident
):
    meeting = make_meeting(group, "Secret plans", starts_at=clock.now() + timedelta(days=16))
    make_paper(meeting, "Private paper", ["Hidden words."])
    stranger = Texter(twilio, sender="+447700900999")
    for body in ("PAPERS", "paper one", "who", "LINK", "here 1234", "hello"):
        [reply] = stranger(body)
        assert "do not know this phone number" in reply
        assert "To join Riverside, call 020 7000 0000" in reply
        for private in ("Secret plans", "Private paper", "Amina", "Hidden"):
            assert private not in reply
    assert db.session.scalar(select(ResidentLink.id)) is None
    assert GROUP_NUMBER


def test_help_lists_every_command(app, twilio, clock, group, resident):
    [reply] = Texter(twilio)("help!")
    for command in ("PAPERS", "COMMENT", "MEETINGS", "HERE", "PAID", "CALL ME", "WHO", "LINK"):
        assert command in reply
