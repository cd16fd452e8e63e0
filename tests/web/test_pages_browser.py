"""Every page of a seeded group in real Chromium, wide and at 320 px: unique ids, axe-core with
every rule on finding nothing (not even "needs review", so also nothing of WCAG 2.2 A and AA),
and no sideways scrolling, also with text at 200%. One visit a page and width does all checks."""

# ruff: noqa: F811  (pytest fixtures imported from test_browser are parameters here)
from __future__ import annotations

import os

import pytest

from tests.web.browser import (
    CONTRAST_RULES,
    duplicate_ids,
    every_rule_findings,
    loaded,
    sideways_overflow,
    styles_that_change_with_width,
)
from tests.web.test_browser import _pages, _screenshot, paper, sent_and_over  # noqa: F401
from tests.web.test_resident_browser import sign_in_by_request
from voice_app.extensions import db
from voice_app.models import AgendaItem

pytestmark = pytest.mark.slow
WIDE, NARROW = 1280, 320
LARGE_TEXT_WIDTH = {WIDE: WIDE, NARROW: 640}  # text at 200%: wide, and at 640 px (320 at 100%)


def coordinator_pages(world, paper) -> list[str]:
    """The pages test_browser checks, and those of the agenda, the live meeting and pictures."""
    meeting = world.a.meeting.id
    extra = [
        f"/meetings/{meeting}/agenda",
        f"/meetings/{meeting}/live",
        f"/papers/{paper.id}/pictures",
    ]
    return _pages(world, paper) + extra


@pytest.fixture
def agenda(world):
    db.session.add(AgendaItem(meeting_id=world.a.meeting.id, position=1, title="Transport"))
    db.session.commit()


def _listed(problems: dict) -> str:
    return "\n".join(f"{where}: {found}" for where, found in problems.items())


def _check(tab, label: str, problems: dict, but: tuple[str, ...] = ()) -> None:
    found = [f"duplicate id {i!r}" for i in duplicate_ids(tab)] + every_rule_findings(tab, but)
    if found:
        problems[label] = found


def _reflow(tab, label: str, problems: dict) -> None:
    over = sideways_overflow(tab)
    if over > 0:
        problems[label] = f"{over}px wider than the window"


def _reflow_with_200_percent_text(tab, url: str, width: int, problems: dict) -> None:
    """Text at 200% (WCAG 1.4.4) on the page as loaded, at `width`; the window size comes back
    (the next page load brings the text back to 100%)."""
    before = tab.viewport_size
    tab.set_viewport_size({"width": width, "height": 900})
    tab.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    _reflow(tab, f"{url} at {width}px, text 200%", problems)
    tab.set_viewport_size(before)


def _pages_with_errors(tab, world):
    """The forms that showed errors: each left on its error page in turn (a generator)."""
    tab.goto("/meetings/new")
    tab.get_by_role("button", name="Add the meeting").click()
    yield "meeting form with errors"
    tab.goto(f"/groups/{world.a.group.id}/payment-policy")
    tab.get_by_label("Hourly rate in pounds").fill("20.005")
    tab.get_by_role("button", name="Save the payment policy").click()
    yield "payment policy with errors"
    tab.goto(f"/people/{world.a.resident.id}/erase")
    tab.get_by_label("Type their member number to confirm").fill("wrong")
    tab.get_by_role("button", name="Erase Resident A").click()
    yield "erase with errors"


def _signed_out_pages(tab):
    tab.goto("/login")
    yield "/login"
    tab.get_by_role("button", name="Sign in").click()
    yield "/login with errors"


def _basics(tab, label: str, problems: dict) -> None:
    """English, one h1, a title ending in the product's name ("Error: " first on errors)."""
    loaded(tab)  # after a click, the next page may not have its title yet
    title = tab.title()
    if tab.locator("html").get_attribute("lang") != "en-GB":
        problems[f"{label} (lang)"] = tab.locator("html").get_attribute("lang")
    if not title.endswith("– voice-app") or tab.locator("h1").count() != 1:
        problems[f"{label} (title, h1)"] = (title, tab.locator("h1").count())
    if "with errors" in label and not title.startswith("Error: "):
        problems[f"{label} (title)"] = title


@pytest.mark.parametrize("width", [WIDE, NARROW])  # two tests: xdist runs them side by side
def test_every_coordinator_page_wide_and_narrow(
    page, browser, site, world, paper, sent_and_over, agenda, width
):
    """One visit a page: lang, title and h1, unique ids, axe-core with every rule on, and at
    320 px no sideways scrolling. Signed in, with errors showing, and signed out. Then, on
    the same visit, text at 200% must not scroll sideways either: at 1280 px in the wide run,
    at 640 px in the narrow one.

    At 320 px axe's two contrast rules (a third of its time) run only if the page's styles
    could change a colour with the width. Contrast depends on the text's and background's
    colours, the text's size and weight, and what is shown, and the stylesheet's media
    queries change none of these: only grid columns, gaps, padding, flex and wrapping
    (`styles_that_change_with_width` reads every rule the page has, every time). Nothing is
    positioned over other text at either width, so each text has the same background. The
    contrast the wide run checks is then the contrast at 320 px."""
    problems: dict = {}
    page.set_viewport_size({"width": width, "height": 900})
    signed_out = browser.new_page(base_url=site, viewport={"width": width, "height": 900})

    def visited(tab, label: str) -> None:
        label = f"{label} at {width}px"
        _basics(tab, label, problems)
        same_contrast = width == NARROW and styles_that_change_with_width(tab) == []
        _check(tab, label, problems, but=CONTRAST_RULES if same_contrast else ())
        if width == NARROW:
            _reflow(tab, f"{label} (reflow)", problems)
        elif os.environ.get("SCREENSHOT_DIR"):
            _screenshot(tab, "page" + label.replace("/", "-").replace("?", "-").replace(" ", "-"))

    for url in coordinator_pages(world, paper):
        page.goto(url)
        visited(page, url)
        _reflow_with_200_percent_text(page, url, LARGE_TEXT_WIDTH[width], problems)
    for label in _pages_with_errors(page, world):
        visited(page, label)
    for label in _signed_out_pages(signed_out):
        visited(signed_out, label)
    signed_out.close()
    assert problems == {}, _listed(problems)


def test_a_residents_pages_wide_and_narrow(browser, site, world, paper):
    context = browser.new_context(base_url=site)
    sign_in_by_request(context, world)
    tab = context.new_page()
    problems: dict = {}
    for width in (WIDE, NARROW):
        tab.set_viewport_size({"width": width, "height": 900})
        for url in ("/me/", f"/me/meetings/{world.a.meeting.id}", f"/me/papers/{paper.id}",
                    "/me/preferences"):  # fmt: skip
            tab.goto(url)
            same_contrast = width == NARROW and styles_that_change_with_width(tab) == []
            but = CONTRAST_RULES if same_contrast else ()  # as in the coordinator's pages
            _check(tab, f"{url} at {width}px", problems, but)
            _reflow(tab, f"{url} at {width}px (reflow)", problems)
    context.close()
    assert problems == {}, _listed(problems)
