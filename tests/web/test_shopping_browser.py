"""Merging and agreeing shopping-list items in real Chromium: keyboard only, axe with every rule."""

from __future__ import annotations

import pytest

from tests.web.browser import every_rule_findings, loaded, sideways_overflow, tab_to
from tests.web.test_browser import _screenshot
from tests.web.test_review_browser import _focus_is_in_main
from voice_app.extensions import db
from voice_app.models import ShoppingItem, ShoppingStatus

pytestmark = pytest.mark.slow


def _enter(page) -> None:  # noqa: F811
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_merge_and_undo_by_keyboard(page, world):  # noqa: F811
    twin = ShoppingItem(group_id=world.a.group.id, person_id=world.a.officer.id, text="Ramps")
    db.session.add(twin)
    db.session.commit()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/shopping/{twin.id}")
    problems = {"item": every_rule_findings(page)}
    tab_to(page, "a[href$='/merge']", limit=40)
    _enter(page)
    problems["choose"] = every_rule_findings(page)
    assert page.locator("input[type=radio]:checked").count() == 0
    tab_to(page, "button[type=submit]:not(.button-quiet)")
    _enter(page)  # nothing chosen: an error, focus can reach it, nothing changed
    assert "Choose the item this one is the same as." in page.inner_text(".error-summary")
    loaded(page)  # a click returns before the next page has loaded
    assert page.title().startswith("Error: ")
    problems["choose with errors"] = every_rule_findings(page)
    _screenshot(page, "merge-choose-error")
    tab_to(page, "input[type=radio]", limit=40)
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.value") == str(world.a.item.id)
    tab_to(page, "button[type=submit]:not(.button-quiet)")
    _enter(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Check before you merge"
    problems["check"] = every_rule_findings(page)
    _screenshot(page, "merge-check")
    db.session.refresh(twin)
    assert twin.merged_into_id is None
    tab_to(page, "button[type=submit]:not(.button-quiet)")
    assert page.evaluate("document.activeElement.textContent") == "Merge the items"
    _enter(page)
    assert "Merged into item" in page.inner_text("main") and _focus_is_in_main(page)
    db.session.refresh(twin)
    assert twin.merged_into_id == world.a.item.id
    tab_to(page, "button[type=submit]:not(.button-quiet)", limit=40)
    assert page.evaluate("document.activeElement.textContent") == "Undo the merge"
    problems["merged"] = every_rule_findings(page)
    _enter(page)
    assert "Merge undone" in page.inner_text("main")
    db.session.refresh(twin)
    assert twin.merged_into_id is None
    assert {name: found for name, found in problems.items() if found} == {}


def test_agree_ticked_items_by_keyboard(page, world):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/shopping?status=proposed")
    _screenshot(page, "shopping-agree")
    assert every_rule_findings(page) == []
    tab_to(page, f"#choose-{world.a.item.id}", limit=40)
    page.keyboard.press("Space")
    tab_to(page, "form[action$='/agree'] button[type=submit]")
    _enter(page)
    assert "1 item agreed as aims." in page.inner_text("main")
    db.session.refresh(world.a.item)
    assert world.a.item.status == ShoppingStatus.AGREED
    assert every_rule_findings(page) == []


def test_merge_pages_reflow_at_320_px(page, world):  # noqa: F811
    twin = ShoppingItem(group_id=world.a.group.id, text="Ramps on every bus " * 4)
    db.session.add(twin)
    db.session.commit()
    page.set_viewport_size({"width": 320, "height": 800})
    for url in (
        f"/shopping/{twin.id}/merge",
        f"/shopping/{twin.id}/merge/check?into={world.a.item.id}",
    ):
        page.goto(url)
        assert sideways_overflow(page) == 0, url
        assert every_rule_findings(page) == [], url
