"""Web fixtures: two groups with their own coordinators, data in both, and signed-in clients."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.builders import make_group, make_meeting, make_person, one_commit
from tests.fakes.twilio_server import fake_twilio  # noqa: F401  (a fixture)
from tests.snapshots import built_once
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, serve, sign_in_with_the_form_by_request
from tests.web.helpers import PASSWORD, add_comment, sign_in
from voice_app.directory import add_user
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    AttendanceMethod,
    Comment,
    Group,
    Meeting,
    Payment,
    Person,
    Role,
    ShoppingItem,
    StaffRole,
    User,
    utcnow,
)


@dataclass
class Side:
    group: Group
    resident: Person
    officer: Person
    meeting: Meeting
    comment: Comment
    item: ShoppingItem
    payment: Payment
    coordinator: User


@dataclass
class World:
    a: Side
    b: Side
    co_chair: User
    admin: User


def _side(letter: str, data_dir: Path, phone_base: int) -> Side:
    group = make_group(f"Group {letter}")
    resident = make_person(group, f"Resident {letter}", f"+4477009{phone_base:05d}")
    officer = make_person(
        group, f"Officer {letter}", f"+4477009{phone_base + 1:05d}", role=Role.OFFICER
    )
    meeting = make_meeting(group, f"Meeting {letter}")
    comment = add_comment(group, resident, meeting, data_dir, f"comment-{letter}")
    item = ShoppingItem(group_id=group.id, person_id=resident.id, text=f"Step-free buses {letter}")
    past = make_meeting(group, f"Past meeting {letter}", starts_at=utcnow() - timedelta(days=3))
    db.session.add(item)
    db.session.add(
        Attendance(
            meeting_id=past.id,
            person_id=resident.id,
            method=AttendanceMethod.PHONE_CHECK_IN,
            minutes=120,
        )
    )
    payment = Payment(
        meeting_id=past.id,
        person_id=resident.id,
        amount_pence=4000,
        preference=resident.payment_preference,
    )
    db.session.add(payment)
    user = add_user(f"coordinator-{letter.lower()}@example.org", PASSWORD, [group])
    db.session.commit()
    return Side(group, resident, officer, meeting, comment, item, payment, user)


class IsolatedClient(FlaskClient):
    """Each request in its own app context, as in production: nothing leaks between requests
    through `g` (Flask-Login's user, Flask-WTF's token) from the test's own app context."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def client(app) -> FlaskClient:
    app.test_client_class = IsolatedClient
    try:
        return app.test_client()
    finally:
        app.test_client_class = None


def _build_world(data_dir: Path) -> World:
    with one_commit():
        a = _side("A", data_dir, 100)
        b = _side("B", data_dir, 200)
        co_chair = add_user("co-chair-a@example.org", PASSWORD, [a.group], role=StaffRole.CO_CHAIR)
        admin = add_user("admin@example.org", PASSWORD, [])
        a.resident.bank_sort_code, a.resident.bank_account_number = "123456", "87654321"
    return World(a, b, co_chair, admin)


@pytest.fixture
def world(app, data_dir) -> World:
    """Two groups, each with people, a meeting, a comment, a shopping item and a payment; a
    co-chair and an administrator. Built once a database, then copied in (tests/snapshots.py)."""
    return built_once("web world", lambda: _build_world(data_dir), data_dir)


@pytest.fixture
def coordinator(client, world) -> FlaskClient:
    """A client signed in as group A's coordinator."""
    assert sign_in(client, world.a.coordinator.email).status_code == 302
    return client


# Real Chromium (tests in *_browser.py). One browser a test session (each xdist worker has its
# own): launching Chromium takes 2-5 s. Each test still has its own context, so no cookies,
# storage or cache pass between tests.


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium headless shell through Playwright. Keep the name: tests/conftest.py leaves
    tests using `browser` on SQLite only."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (scripts/setup.sh)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(app, world):
    """The app served by werkzeug on 127.0.0.1 for this test alone."""
    yield from serve(app)


@pytest.fixture
def page(browser, site, world):
    """A tab in a fresh context, signed in as group A's coordinator (a blank page: go somewhere)."""
    context = browser.new_context(base_url=site, accept_downloads=True)
    sign_in_with_the_form_by_request(context, world.a.coordinator.email)
    yield context.new_page()
    context.close()
