"""The chair's live page in a real Chromium: axe-core, keyboard only, without JavaScript (it
refreshes itself) and with it (it updates in place, keeping the focus)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.builders import make_agenda_item, make_meeting
from tests.web.browser import every_rule_findings, loaded, tab_to
from tests.web.test_browser import _screenshot
from voice_app.extensions import db
from voice_app.live import floor
from voice_app.models import ConferenceLeg, utcnow
from voice_app.web.meetings import live as live_views

pytestmark = pytest.mark.slow
CONFERENCE, CALL = "CF" + "d" * 32, "CA" + "d" * 32


@pytest.fixture
def live(world, fake_twilio):
    """A meeting under way: an agenda, Resident A on the phone with a hand up."""
    meeting = make_meeting(world.a.group, "Transport", starts_at=utcnow() - timedelta(minutes=20))
    make_agenda_item(meeting, "Buses", expected_minutes=30)
    make_agenda_item(meeting, "Taxis", expected_minutes=20)
    db.session.add(
        ConferenceLeg(
            meeting_id=meeting.id,
            person_id=world.a.resident.id,
            conference_sid=CONFERENCE,
            call_sid=CALL,
            joined_at=utcnow() - timedelta(minutes=10),
        )
    )
    floor.raise_hand(meeting, world.a.resident)
    db.session.commit()
    fake_twilio.add_participant(CONFERENCE, CALL, f"person-{world.a.resident.id}")
    return meeting


def test_the_live_page_passes_axe(page, world, live):  # noqa: F811
    page.goto(f"/meetings/{live.id}/live")
    assert page.title() == "Live: Transport – voice-app"
    assert page.locator("h1").count() == 1
    assert every_rule_findings(page) == []
    _screenshot(page, "live-page")
    page.goto(f"/meetings/{live.id}/agenda")
    assert every_rule_findings(page) == []
    page.get_by_role("button", name="Add the item").click()
    loaded(page)  # a click returns before the next page has loaded
    assert page.title().startswith("Error: ")
    assert every_rule_findings(page) == []


def test_keyboard_only_floor_and_item(page, world, live, fake_twilio):  # noqa: F811
    person = world.a.resident
    page.goto(f"/meetings/{live.id}/live")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    tab_to(page, f"#floor-{person.id}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Resident A has the floor and can be heard." in page.inner_text("main")
    assert fake_twilio.participant_updates[-1]["Muted"] == "false"
    tab_to(page, "#item")
    page.keyboard.press("ArrowDown")  # Buses -> Taxis
    tab_to(page, "#start-item")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Now discussing: Taxis." in page.inner_text("main")
    assert "item=" in fake_twilio.participant_updates[-1]["AnnounceUrl"]


def test_with_javascript_it_updates_in_place(page, world, live, monkeypatch):  # noqa: F811
    monkeypatch.setattr(live_views, "REFRESH_SECONDS", 1)
    page.goto(f"/meetings/{live.id}/live")
    page.focus(f"#floor-{world.a.resident.id}")
    page.evaluate("window.__same_page = true")
    floor.raise_hand(live, world.a.officer)
    db.session.commit()
    page.locator("#hands", has_text="(2)").wait_for(timeout=10000)
    assert page.evaluate("window.__same_page") is True  # no reload
    assert page.evaluate("document.activeElement.id") == f"floor-{world.a.resident.id}"
    assert "2 hands raised" in page.inner_text("#live-status")


def test_without_javascript_it_refreshes_and_can_be_stopped(
    browser,  # noqa: F811
    site,  # noqa: F811
    world,
    live,
    monkeypatch,
):
    from tests.web.helpers import PASSWORD

    monkeypatch.setattr(live_views, "REFRESH_SECONDS", 1)
    context = browser.new_context(base_url=site, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/login")
    tab.get_by_label("Email address").fill(world.a.coordinator.email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.goto(f"/meetings/{live.id}/live")
    assert "Raised hands (1)" in tab.inner_text("main")
    floor.raise_hand(live, world.a.officer)
    db.session.commit()
    tab.locator("#hands", has_text="(2)").wait_for(timeout=10000)
    tab.get_by_role("link", name="Stop the updates").click()
    assert "Updates are off." in tab.inner_text("main")
    assert tab.locator("meta[http-equiv=refresh]").count() == 0
    tab.get_by_role("button", name="Give the floor to Officer A").click()
    assert "Officer A has the floor" in tab.inner_text("main")
    assert "Updates are off." in tab.inner_text("main")  # the choice lasts
    tab.get_by_role("link", name="Turn updates on").click()
    assert "This page updates itself" in tab.inner_text("main")
    context.close()
