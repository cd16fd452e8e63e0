"""Cancelling a meeting with the keyboard alone in real Chromium; axe-core on every new page."""

from __future__ import annotations

import pytest

from tests.web.browser import every_rule_findings, sideways_overflow, tab_to_named
from voice_app.extensions import db
from voice_app.models import AccessNeed, Meeting
from voice_app.papers.store import add_paper

pytestmark = pytest.mark.slow
REASON = "The hall is closed for repairs."


def test_cancel_a_meeting_with_the_keyboard(page, world):  # noqa: F811
    meeting = world.a.meeting
    db.session.add(AccessNeed(person_id=world.a.resident.id, kind="BSL interpreter"))
    db.session.commit()
    page.goto(f"/meetings/{meeting.id}")
    assert every_rule_findings(page) == []
    tab_to_named(page, "Cancel the meeting")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Cancel Meeting A"
    assert every_rule_findings(page) == []

    tab_to_named(page, "Continue")  # with no reason: the error summary, then the field
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "There is a problem" in page.inner_text("main")
    assert every_rule_findings(page) == []
    page.get_by_label("Why is it cancelled?").focus()
    page.keyboard.type(REASON)
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    main = page.inner_text("main")
    assert "Check before cancelling Meeting A" in main and REASON in main
    assert every_rule_findings(page) == []
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).cancelled_at is None

    tab_to_named(page, "Cancel the meeting")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    main = page.inner_text("main")
    assert "Meeting A is cancelled." in main and f"Reason: {REASON}" in main
    assert every_rule_findings(page) == []
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).cancel_reason == REASON


@pytest.mark.parametrize("width", [1280, 320])
def test_paper_pages_and_the_access_summary_pass_axe(page, world, width):  # noqa: F811
    meeting = world.a.meeting
    paper = add_paper(meeting, b"# Buses\n\n## Routes\n\nThe 12 bus is late.\n", "buses.md")
    db.session.add(AccessNeed(person_id=world.a.resident.id, kind="Step-free access"))
    db.session.commit()
    page.set_viewport_size({"width": width, "height": 900})
    for url in [
        f"/meetings/{meeting.id}",
        f"/meetings/{meeting.id}/cancel",
        f"/meetings/{meeting.id}/papers/{paper.id}/remove",
        f"/meetings/{meeting.id}/papers/{paper.id}/replace",
    ]:
        page.goto(url)
        assert every_rule_findings(page) == [], url
        if "/papers/" in url or url.endswith("/cancel"):  # these pages reflow: no sideways scroll
            assert sideways_overflow(page) == 0, url
