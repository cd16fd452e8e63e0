"""A resident's own page in real Chromium: link and PIN, reading a paper with its audio beside,
commenting and adding to the shopping list by keyboard alone, axe-core clean on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.web.browser import every_rule_findings, loaded, tab_to
from tests.web.helpers import csrf_from
from tests.web.test_browser import _screenshot, paper  # noqa: F401  (a fixture)
from voice_app.extensions import db
from voice_app.models import Comment, ResidentLink, ShoppingItem, utcnow
from voice_app.resident_access import issue_link

pytestmark = pytest.mark.slow
PIN = "1234"


@pytest.fixture
def tab(browser, site):  # noqa: F811
    context = browser.new_context(base_url=site)
    page = context.new_page()
    yield page
    context.close()


def new_link(world) -> str:
    token = issue_link(world.a.resident, world.a.group, "test")
    db.session.commit()
    return f"/me/link/{token}"


def assert_accessible(tab) -> None:
    assert every_rule_findings(tab) == [], tab.url


def sign_in_by_keyboard(tab, world) -> None:
    tab.goto(new_link(world))
    assert tab.url.endswith("/me/pin")
    assert_accessible(tab)
    tab_to(tab, "#pin")
    tab.keyboard.type(PIN)
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.get_by_role("heading", level=1).inner_text() == "Hello Resident A"


def sign_in_by_request(context, world) -> None:
    """Open a fresh link and send the PIN form (with its CSRF token) through the context's own
    cookie jar: the requests the keyboard sign-in sends, without drawing the pages. For tests of
    other pages; the sign-in itself is tested by keyboard below."""
    pin_page = context.request.get(new_link(world))
    assert pin_page.url.endswith("/me/pin")
    answer = context.request.post(
        "/me/pin",
        form={"pin": PIN, "csrf_token": csrf_from(pin_page.text())},
        max_redirects=0,
    )
    assert answer.status == 302 and answer.headers["location"] == "/me/", answer.status


def test_sign_in_read_comment_and_add_by_keyboard(tab, world, paper):  # noqa: F811
    sign_in_by_keyboard(tab, world)
    assert_accessible(tab)
    _screenshot(tab, "resident-home")
    assert "Step-free buses A" in tab.inner_text("main") and "Group B" not in tab.content()

    tab_to(tab, f"a[href='/me/meetings/{world.a.meeting.id}']")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert_accessible(tab)
    tab_to(tab, f"a[href='/me/papers/{paper.id}']")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert_accessible(tab)
    _screenshot(tab, "resident-paper")
    assert tab.get_by_role("heading", name="Part 1", level=2).count() == 1
    assert "Buses must have working ramps." in tab.inner_text("#main")
    listen = tab.locator("a[href^='/me/audio/']")
    assert listen.count() == 1  # only the first part has its audio yet
    assert listen.text_content() == "Listen to this part: Part 1"
    audio = tab.request.get(listen.get_attribute("href"))
    assert audio.status == 200 and audio.headers["content-type"].startswith("audio/")

    tab_to(tab, "#text")
    tab.keyboard.type("Ramps at every stop, please.")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Send my comment"
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert "Your comment on Transport review is with the group" in tab.inner_text("main")
    assert_accessible(tab)
    comment = db.session.scalar(select(Comment).where(Comment.recording_id.is_(None)))
    assert comment.text == "Ramps at every stop, please." and comment.paper_id == paper.id

    tab.goto("/me/")
    tab_to(tab, "#text")
    tab.keyboard.type("Benches by the bus stop")
    tab.keyboard.press("Tab")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert "on the shopping list" in tab.inner_text("main")
    assert "Benches by the bus stop" in tab.inner_text("#main")
    item = db.session.scalar(select(ShoppingItem).where(ShoppingItem.source == "web"))
    assert item.person_id == world.a.resident.id

    tab.goto("/me/preferences")
    assert_accessible(tab)
    tab.get_by_role("button", name="Sign out").click()
    assert "You have signed out" in tab.inner_text("main")
    assert_accessible(tab)


def test_a_reused_or_expired_link_is_refused(tab, world):
    address = new_link(world)
    tab.goto(address)
    assert tab.url.endswith("/me/pin")
    response = tab.goto(address)
    assert response.status == 410 and "This link cannot be used" in tab.inner_text("h1")
    assert_accessible(tab)
    expired = new_link(world)
    link = db.session.scalars(select(ResidentLink).order_by(ResidentLink.id.desc())).first()
    link.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert tab.goto(expired).status == 410
    response = tab.goto("/me/")
    assert response.status == 401 and "text LINK" in tab.inner_text("main")
    assert_accessible(tab)


def test_a_wrong_pin_is_explained(tab, world):
    tab.goto(new_link(world))
    tab.get_by_label("Your PIN").fill("0000")
    tab.get_by_role("button", name="Continue").click()
    assert "That PIN is not right" in tab.inner_text(".error-summary")
    loaded(tab)  # a click returns before the next page has loaded
    assert tab.title().startswith("Error:")
    assert_accessible(tab)
