"""Reviewing transcripts and the dashboard's waiting work in real Chromium: keyboard only, axe."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.web.browser import every_rule_findings, sideways_overflow, tab_to
from tests.web.helpers import add_comment
from tests.web.test_browser import _screenshot
from voice_app.extensions import db
from voice_app.models import Comment

pytestmark = pytest.mark.slow


def _focus_is_in_main(page) -> bool:  # noqa: F811
    return page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_review_two_comments_by_keyboard(page, world, data_dir):  # noqa: F811
    first = world.a.comment
    later = add_comment(world.a.group, world.a.resident, world.a.meeting, data_dir, "later")
    later.created_at = first.created_at + timedelta(minutes=5)
    heard = later.recording.transcript
    heard.words = [{**w, "conf": 0.3 if w["word"] in "bus ramp is" else 0.9} for w in heard.words]
    db.session.commit()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/comments/{first.id}")
    _screenshot(page, "review-wide")
    assert every_rule_findings(page) == []
    listen = page.locator(".listen-beside").bounding_box()
    words = page.locator("#read-title").bounding_box()
    assert listen["x"] + listen["width"] <= words["x"]  # beside, not above
    assert abs(listen["y"] - words["y"]) < 40

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    assert tab_to(page, "textarea") <= 10  # two links, then the player's own controls
    page.keyboard.press("Control+A")
    page.keyboard.type("The bus ramp is broken again.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Save and mark reviewed"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/comments/{first.id}#main")
    assert "Saved and marked reviewed." in page.inner_text("main")
    assert _focus_is_in_main(page)  # not back at the top of the page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "All comments"
    assert every_rule_findings(page) == []

    tab_to(page, "button[value=next]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/comments/{later.id}#main")
    assert "This is the next comment to review." in page.inner_text("main")
    assert _focus_is_in_main(page)
    for comment in (first, later):
        db.session.refresh(comment)
    assert first.text == "The bus ramp is broken again." and first.reviewed_at is not None
    assert later.reviewed_at is None
    # A screen reader hears one count per run of unsure words, never "(unsure)" per word.
    heard = page.locator(".transcript").text_content()
    assert heard == "the bus ramp is (3 unsure words) broken"
    marks = page.locator(".transcript mark.unsure")
    assert marks.count() == 1 and marks.inner_text().startswith("bus ramp is")  # seen marked


def test_review_page_stacks_on_a_narrow_screen(page, world):  # noqa: F811
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"/comments/{world.a.comment.id}")
    listen = page.locator(".listen-beside").bounding_box()
    words = page.locator("#read-title").bounding_box()
    assert listen["y"] + listen["height"] <= words["y"]  # stacked
    assert sideways_overflow(page) == 0
    _screenshot(page, "review-narrow")


def test_dashboard_cards_by_keyboard(page, world):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    _screenshot(page, "dashboard-cards")
    assert every_rule_findings(page) == []
    link = page.get_by_role("link", name="1 Ended meetings needing payments")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Ended meetings needing payments"
    assert "Past meeting A" in page.inner_text("main")
    assert every_rule_findings(page) == []
    page.goto("/comments?status=unreviewed")
    assert db.session.query(Comment).filter(Comment.group_id == world.a.group.id).count() == 1
    assert "1 comment found" in page.inner_text("main")
