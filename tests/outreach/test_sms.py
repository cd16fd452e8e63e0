"""The text line: papers, sections, the shopping list, ideas, STOP and START, by signed webhook."""

from datetime import timedelta
from xml.etree import ElementTree

from sqlalchemy import select

from tests.builders import make_meeting
from tests.outreach.conftest import make_paper
from voice_app.extensions import db
from voice_app.models import Person, ShoppingItem, ShoppingStatus
from voice_app.outreach.sms_texts import ONE_TEXT, compose

LONG = " ".join(f"word{n}" for n in range(120))


def text(twilio, body, sid="SM1", sender="+447700900001"):
    params = {"MessageSid": sid, "From": sender, "To": "+442070000000", "Body": body}
    response = twilio.post("/sms/incoming", params)
    assert response.status_code == 200 and response.mimetype == "text/xml"
    root = ElementTree.fromstring(response.get_data())
    return [el.text or "" for el in root.iter("Message")]


def test_unsigned_texts_are_refused(client):
    assert client.post("/sms/incoming", data={"Body": "PAPERS"}).status_code == 403


def test_papers_then_a_paper_then_more(app, twilio, clock, group, resident):
    meeting = make_meeting(group, "Transport", starts_at=clock.now() + timedelta(days=16))
    make_paper(meeting, "Bus routes", [LONG, "The second part."])
    make_paper(meeting, "Taxis", ["Taxi text."])
    listing = text(twilio, "papers", sid="SM1")
    assert "Papers for Transport" in listing[0] and "1. Bus routes" in listing[0]
    assert "2. Taxis" in " ".join(listing)

    [first] = text(twilio, "PAPER 1", sid="SM2")  # one text, however many parts Twilio joins
    assert first.startswith("Bus routes, part 1 of 2") and LONG in first
    assert len(first) <= ONE_TEXT and first.endswith("Text MORE for the next part.")
    [second] = text(twilio, "more", sid="SM3")
    assert "The second part." in second and "end of Bus routes" in second
    assert "end of Bus routes" in text(twilio, "MORE", sid="SM4")[0]
    assert "no paper 9" in text(twilio, "PAPER 9", sid="SM5")[0]


def test_shopping_list_and_adding_an_idea_once(app, twilio, clock, group, resident):
    db.session.add_all(
        [
            ShoppingItem(group_id=group.id, text="Step-free buses", status=ShoppingStatus.AGREED),
            ShoppingItem(group_id=group.id, text="Just an idea", status=ShoppingStatus.PROPOSED),
        ]
    )
    db.session.commit()
    listing = text(twilio, "LIST", sid="SM1")
    assert "1. Step-free buses" in listing[0] and "Just an idea" not in " ".join(listing)
    reply = text(twilio, "ADD more benches in the park", sid="SM2")
    again = text(twilio, "ADD more benches in the park", sid="SM2")  # Twilio retried
    assert reply == again and "more benches in the park" in reply[0]
    [item] = db.session.scalars(select(ShoppingItem).where(ShoppingItem.source == "sms")).all()
    assert item.person_id == resident.id and item.status == ShoppingStatus.PROPOSED
    assert "ADD followed by your idea" in text(twilio, "ADD", sid="SM3")[0]


def test_stop_and_start(app, twilio, clock, resident):
    assert "no more texts" in text(twilio, "STOP", sid="SM1")[0]
    assert db.session.get(Person, resident.id).sms_opt_out is True
    assert "on again" in text(twilio, "start", sid="SM2")[0]
    db.session.expire_all()
    assert db.session.get(Person, resident.id).sms_opt_out is False


def test_help_and_unknown_words_and_numbers(app, twilio, clock, resident):
    assert "PAPERS" in " ".join(text(twilio, "what can I do?", sid="SM1"))
    assert "do not know this phone number" in text(twilio, "PAPERS", sid="SM2", sender="+4477")[0]


def test_no_meeting_yet(app, twilio, clock, resident):
    assert "no meeting coming up" in text(twilio, "PAPERS")[0]


def test_a_long_reply_is_split_between_sentences_and_numbered():
    sentences = [f"Sentence number {n} says something useful." for n in range(90)]
    parts = compose(" ".join(sentences))
    assert len(parts) == 3 and all(len(part) <= ONE_TEXT for part in parts)
    assert [part.split(" ", 1)[0] for part in parts] == ["(1/3)", "(2/3)", "(3/3)"]
    assert all(part.endswith("useful.") for part in parts)  # never cut mid-sentence
    joined = " ".join(part.split(" ", 1)[1] for part in parts)
    assert joined == " ".join(sentences)
    assert compose("a" * 2000 + " end.")[0].startswith("(1/2) ")  # a huge word still fits
