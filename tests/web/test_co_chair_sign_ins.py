"""Co-chairs' web sign-ins: given, reset and taken away by a coordinator; the co-chair sets
their own password with a one-time link and then sees only what co-chairs may see."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.web.conftest import IsolatedClient
from tests.web.helpers import PASSWORD, csrf_from, post_form, sign_in
from voice_app import people
from voice_app.directory import add_user
from voice_app.extensions import db
from voice_app.models import AuditEntry, StaffRole, User

EMAIL = "ada.co-chair@example.org"
NEW_PASSWORD = "correct horse battery staple"
ONCE = re.compile(r'name="form_once" value="([^"]+)"')


@pytest.fixture
def co_chair_member(world):
    membership = world.a.resident.memberships[0]
    people.set_co_chair(membership, True, "test")
    db.session.commit()
    return membership


def _give(coordinator, world, email: str = EMAIL):
    page = f"/people/{world.a.resident.id}/sign-in/{world.a.group.id}"
    html = coordinator.get(page).get_data(as_text=True)
    data = {"csrf_token": csrf_from(html), "form_once": ONCE.search(html).group(1), "email": email}
    return page, data, coordinator.post(page, data=data)


def _link(coordinator, answer) -> str:
    html = coordinator.get(answer.location).get_data(as_text=True)
    return re.search(r'value="http://localhost(/set-password/[^"]+)"', html).group(1)


def _fresh(app):
    app.test_client_class = IsolatedClient
    try:
        return app.test_client()
    finally:
        app.test_client_class = None


def _choose(client, link: str, password: str = NEW_PASSWORD):
    html = client.get(link).get_data(as_text=True)
    data = {"csrf_token": csrf_from(html), "password": password, "again": password}
    return client.post(link, data=data)


def test_a_coordinator_gives_a_co_chair_a_sign_in_shown_once(
    app, coordinator, world, co_chair_member
):
    show = coordinator.get(f"/people/{world.a.resident.id}").get_data(as_text=True)
    assert f"/people/{world.a.resident.id}/sign-in/{world.a.group.id}" in show
    add_user("coordinator-a2@example.org", PASSWORD, [world.a.group])
    db.session.commit()
    page, data, answer = _give(coordinator, world)
    assert answer.status_code == 303 and "/link?sent=" in answer.location
    other = _fresh(app)  # another coordinator of the group cannot read it from the address
    sign_in(other, "coordinator-a2@example.org")
    assert "/set-password/" not in other.get(answer.location).get_data(as_text=True)
    link = _link(coordinator, answer)
    again = coordinator.get(answer.location).get_data(as_text=True)
    assert "/set-password/" not in again and "shown once" in again
    assert coordinator.post(page, data=data).status_code == 303  # a double click: one sign-in
    user = db.session.scalar(select(User).where(User.email == EMAIL))
    assert user.person_id == world.a.resident.id and not user.is_admin
    assert [(r.group_id, r.role) for r in user.group_roles] == [
        (world.a.group.id, StaffRole.CO_CHAIR)
    ]

    co_chair = _fresh(app)
    assert sign_in(co_chair, EMAIL, NEW_PASSWORD).status_code == 400  # no password yet
    assert _choose(co_chair, link).status_code == 302
    assert co_chair.get(link).status_code == 410  # the link worked once
    assert sign_in(co_chair, EMAIL, NEW_PASSWORD).status_code == 302
    resident_page = co_chair.get(f"/people/{world.a.resident.id}").get_data(as_text=True)
    assert world.a.resident.name in resident_page and "87654321" not in resident_page
    assert co_chair.get(f"/people/{world.a.resident.id}/pin").status_code == 403
    assert co_chair.get(f"/people/{world.b.resident.id}").status_code == 404
    assert co_chair.get(f"/groups/{world.a.group.id}/settings").status_code == 403
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"user.co_chair_sign_in_given", "user.password_changed"} <= actions
    log = coordinator.get(f"/audit?group={world.a.group.id}").get_data(as_text=True)
    assert "coordinator-a@example.org gave a co-chair a web sign-in: Resident A." in log


def test_reset_and_take_away_end_the_old_way_in(app, coordinator, world, co_chair_member):
    page, _, answer = _give(coordinator, world)
    first = _link(coordinator, answer)
    co_chair = _fresh(app)
    _choose(co_chair, first)
    assert sign_in(co_chair, EMAIL, NEW_PASSWORD).status_code == 302
    reset = post_form(coordinator, page, f"{page}/reset")
    assert reset.status_code == 303
    second = _link(coordinator, reset)
    assert co_chair.get("/").status_code == 302  # their open session ended
    assert sign_in(co_chair, EMAIL, NEW_PASSWORD).status_code == 400
    assert co_chair.get(first).status_code == 410
    assert _choose(co_chair, second, "a brand new long password").status_code == 302
    assert sign_in(co_chair, EMAIL, "a brand new long password").status_code == 302

    assert post_form(coordinator, page, f"{page}/remove").status_code == 302
    assert co_chair.get("/").status_code == 302
    assert sign_in(co_chair, EMAIL, "a brand new long password").status_code == 400
    assert "has no web sign-in yet" in coordinator.get(page).get_data(as_text=True)


def test_no_longer_co_chair_means_no_sign_in(coordinator, world, co_chair_member):
    _give(coordinator, world)
    people.set_co_chair(co_chair_member, False, "test")
    db.session.commit()
    user = db.session.scalar(select(User).where(User.email == EMAIL))
    assert user.group_roles == []


def test_clear_answers_for_wrong_requests(coordinator, world, co_chair_member):
    _, _, answer = _give(coordinator, world, "not an email")
    assert answer.status_code == 400
    assert "Enter an email address" in answer.get_data(as_text=True)
    _, _, answer = _give(coordinator, world, world.a.coordinator.email)
    assert answer.status_code == 400 and "already someone else" in answer.get_data(as_text=True)
    officer = f"/people/{world.a.officer.id}/sign-in/{world.a.group.id}"
    html = coordinator.get(officer).get_data(as_text=True)
    assert "Only co-chairs get a sign-in" in html
    answer = post_form(coordinator, officer, officer, {"email": "x@example.org"})
    assert answer.status_code == 400 and "is not a co-chair" in answer.get_data(as_text=True)
    assert (
        coordinator.get(f"/people/{world.b.resident.id}/sign-in/{world.b.group.id}").status_code
        == 404
    )
    assert coordinator.get("/set-password/forged.token").status_code == 410


def test_a_signed_in_coordinator_cannot_use_a_co_chairs_link(coordinator, world, co_chair_member):
    _, _, answer = _give(coordinator, world)
    link = _link(coordinator, answer)
    refused = coordinator.get(link)
    assert refused.status_code == 409 and "this link is for" in refused.get_data(as_text=True)
