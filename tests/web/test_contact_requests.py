"""Residents asking for a person: one open request each, shown to their group's coordinators."""

from __future__ import annotations

import pytest

from tests.web.helpers import csrf_from, sign_in
from voice_app import contact_requests
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AuditEntry, ContactRequest, ContactSource


def _ask(side, **kw):
    kw.setdefault("source", ContactSource.PHONE)
    kw.setdefault("reason", "nobody answered")
    request = contact_requests.ask_for_person(side.group.id, person=side.resident, **kw)
    db.session.commit()
    return request


def test_asking_again_while_open_adds_to_the_same_request(world):
    first = _ask(world.a)
    again = _ask(world.a, source=ContactSource.TEXT, reason="texted CALL ME", message="after 3pm")
    assert again.id == first.id
    assert (again.source, again.reason, again.message) == (
        ContactSource.TEXT,
        "texted CALL ME",
        "after 3pm",
    )
    assert contact_requests.open_requests([world.a.group.id])[0] == 1
    assert contact_requests.open_requests([world.b.group.id])[0] == 0


def test_an_unknown_caller_is_kept_by_number_and_needs_one(world):
    request = contact_requests.ask_for_person(
        world.a.group.id,
        source=ContactSource.PHONE,
        reason="nobody answered",
        phone="+447700900999",
    )
    assert request.person_id is None and request.phone == "+447700900999"
    with pytest.raises(InputError):
        contact_requests.ask_for_person(world.a.group.id, source=ContactSource.PHONE, reason="x")


def test_audit_names_the_person_not_their_number(world):
    _ask(world.a)
    entry = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "contact.requested")
    ).one()
    assert entry.actor == f"person:{world.a.resident.id}"
    assert world.a.resident.phone not in repr(entry.detail)


def test_coordinator_sees_own_group_and_marks_done(coordinator, world):
    request = _ask(world.a, message="About the buses")
    other = _ask(world.b)
    dashboard = coordinator.get("/").get_data(as_text=True)
    assert "Asked for a call back" in dashboard
    page = coordinator.get("/call-backs").get_data(as_text=True)
    assert "Resident A" in page and "About the buses" in page and "Resident B" not in page
    assert "1 person is waiting." in page

    token = csrf_from(page)
    answer = coordinator.post(f"/call-backs/{other.id}/done", data={"csrf_token": token})
    assert answer.status_code == 404
    assert coordinator.post(f"/call-backs/{request.id}/done", data={}).status_code in (302, 400)
    assert db.session.get(ContactRequest, request.id).done_at is None

    answer = coordinator.post(f"/call-backs/{request.id}/done", data={"csrf_token": token})
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(ContactRequest, request.id).done_by_user_id == world.a.coordinator.id
    assert "Nobody is waiting for a call back." in coordinator.get("/call-backs").get_data(
        as_text=True
    )


def test_co_chair_sees_requests_of_their_group(client, world):
    _ask(world.a)
    sign_in(client, world.co_chair.email)
    assert "Resident A" in client.get("/call-backs").get_data(as_text=True)
