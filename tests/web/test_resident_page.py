"""A resident's own page over HTTP: a single-use link, then the PIN; reading, commenting and
adding to the list, scoped to their group; CSRF, no-store and the same review queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.web.helpers import csrf_from, post_form, sign_in
from voice_app.extensions import db
from voice_app.models import (
    AuditEntry,
    Comment,
    ContactRequest,
    ContactSource,
    Paper,
    PaperSection,
    Person,
    ResidentLink,
    ShoppingItem,
    utcnow,
)
from voice_app.pins import pin_locked
from voice_app.resident_access import issue_link

PIN = "1234"


def link_for(side) -> str:
    token = issue_link(side.resident, side.group, "test")
    db.session.commit()
    return f"/me/link/{token}"


def signed_in(client, side):
    answer = client.get(link_for(side))
    assert answer.status_code == 302 and answer.location.endswith("/me/pin")
    answer = post_form(client, "/me/pin", "/me/pin", {"pin": PIN})
    assert answer.status_code == 302 and answer.location.endswith("/me/")
    return client


@pytest.fixture
def paper(world):
    found = Paper(meeting_id=world.a.meeting.id, position=1, title="Transport review")
    for n, text in enumerate(["Buses must have working ramps.", "Taxis take wheelchairs."], 1):
        found.sections.append(
            PaperSection(position=n, heading=f"Part {n}", text=text, spoken_text=text)
        )
    db.session.add(found)
    db.session.commit()
    return found


def test_link_then_pin_then_the_page(client, world):
    signed_in(client, world.a)
    page = client.get("/me/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Hello Resident A" in html
    assert page.headers["Cache-Control"] == "no-store"
    assert "Meeting A" in html and "Step-free buses A" in html
    assert "Meeting B" not in html and "Step-free buses B" not in html
    assert "Past meeting A" in html and "120 minutes" in html and "40 pounds" in html
    assert "87654321" not in html and "123456" not in html


def test_a_used_link_and_an_expired_link_are_refused(client, world):
    address = link_for(world.a)
    assert client.get(address).status_code == 302
    again = client.get(address)
    assert again.status_code == 410 and "cannot be used" in again.get_data(as_text=True)
    old = link_for(world.a)
    link = db.session.scalars(select(ResidentLink).order_by(ResidentLink.id.desc())).first()
    link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(old).status_code == 410
    assert client.get("/me/link/forged-token").status_code == 410
    assert client.get("/me/").status_code == 401  # no page without the PIN


def test_a_wrong_pin_counts_and_pauses_as_on_the_phone(client, world):
    client.get(link_for(world.a))
    for _ in range(5):
        answer = post_form(client, "/me/pin", "/me/pin", {"pin": "0000"})
        assert answer.status_code == 400
    assert "paused" in answer.get_data(as_text=True)
    answer = post_form(client, "/me/pin", "/me/pin", {"pin": PIN})
    assert answer.status_code == 400  # even the right PIN, during the pause
    resident = db.session.get(Person, world.a.resident.id)
    assert pin_locked(resident, utcnow(), "web:127.0.0.1")
    assert not pin_locked(resident, utcnow(), resident.phone)  # their own phone still works


def test_reading_and_commenting_land_in_the_review_queue(client, world, paper):
    signed_in(client, world.a)
    html = client.get(f"/me/papers/{paper.id}").get_data(as_text=True)
    assert "Buses must have working ramps." in html and 'id="section-2"' in html
    answer = post_form(
        client, f"/me/papers/{paper.id}", f"/me/papers/{paper.id}", {"text": "More ramps please"}
    )
    assert answer.status_code == 302
    answer = post_form(
        client,
        f"/me/meetings/{world.a.meeting.id}",
        f"/me/meetings/{world.a.meeting.id}",
        {"text": "Start at 10"},
    )
    assert answer.status_code == 302
    written = db.session.scalars(select(Comment).where(Comment.recording_id.is_(None))).all()
    assert {(c.text, c.paper_id) for c in written} == {
        ("More ramps please", paper.id),
        ("Start at 10", None),
    }
    coordinator = client.application.test_client()
    sign_in(coordinator, world.a.coordinator.email)
    queue = coordinator.get("/comments?status=unreviewed").get_data(as_text=True)
    assert "More ramps please" in queue and "Start at 10" in queue
    empty = post_form(client, f"/me/papers/{paper.id}", f"/me/papers/{paper.id}", {"text": " "})
    assert empty.status_code == 400 and "Write your comment" in empty.get_data(as_text=True)


def test_the_shopping_list_call_me_and_preferences(client, world):
    signed_in(client, world.a)
    answer = post_form(client, "/me/", "/me/shopping", {"text": "Benches in the park"})
    assert answer.status_code == 302
    item = db.session.scalar(select(ShoppingItem).where(ShoppingItem.source == "web"))
    assert item.text == "Benches in the park" and item.group_id == world.a.group.id
    assert "Benches in the park" in client.get("/me/").get_data(as_text=True)
    assert post_form(client, "/me/", "/me/call-me").status_code == 302
    request = db.session.scalar(select(ContactRequest))
    assert request.source == ContactSource.WEB and request.person_id == world.a.resident.id
    answer = post_form(
        client, "/me/preferences", "/me/preferences", {"contact": "sms", "relay": "y"}
    )
    assert answer.status_code == 302
    db.session.expire_all()
    person = db.session.get(Person, world.a.resident.id)
    assert person.uses_relay_uk and person.sms_opt_out and person.contact_preference == "sms"
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"resident_link.used", "resident.signed_in", "person.preferences"} <= actions


def test_other_groups_and_forms_without_csrf_are_refused(client, world, paper):
    signed_in(client, world.a)
    assert client.get(f"/me/meetings/{world.b.meeting.id}").status_code == 404
    other = Paper(meeting_id=world.b.meeting.id, position=1, title="B's paper")
    db.session.add(other)
    db.session.commit()
    assert client.get(f"/me/papers/{other.id}").status_code == 404
    answer = client.post("/me/shopping", data={"text": "no token"})
    assert answer.status_code == 400
    assert db.session.scalar(select(ShoppingItem).where(ShoppingItem.source == "web")) is None


def test_a_coordinator_makes_a_link_on_the_persons_page(coordinator, world, client):
    page = coordinator.get(f"/people/{world.a.resident.id}").get_data(as_text=True)
    assert "Make a sign-in link" in page
    action = f"/me/issue/{world.a.resident.id}/{world.a.group.id}"
    answer = coordinator.post(action, data={"csrf_token": csrf_from(page)})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "/me/link/" in html
    assert coordinator.post(
        f"/me/issue/{world.b.resident.id}/{world.b.group.id}", data={"csrf_token": csrf_from(page)}
    ).status_code in (403, 404)


def test_erasing_a_person_removes_their_links(client, world):
    from voice_app.privacy import erase_person

    address = link_for(world.a)
    erase_person(world.a.resident, "test")
    db.session.commit()
    assert db.session.scalar(select(ResidentLink.id)) is None
    assert client.get(address).status_code == 410
