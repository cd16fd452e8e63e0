"""Every page of a seeded group in real Chromium, wide and at 320 px: unique ids, axe-core with
every rule on finding nothing (not even "needs review"), and no sideways scrolling, also with
text at 200%."""

# ruff: noqa: F811  (pytest fixtures imported from test_browser are parameters here)
from __future__ import annotations

import pytest

from tests.web.browser import duplicate_ids, every_rule_findings, sideways_overflow
from tests.web.test_browser import _pages, browser, page, paper, sent_and_over, site  # noqa: F401
from tests.web.test_resident_browser import sign_in_by_keyboard
from voice_app.extensions import db
from voice_app.models import AgendaItem

pytestmark = pytest.mark.slow
WIDE, NARROW = 1280, 320


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


def _check(tab, label: str, problems: dict) -> None:
    found = [f"duplicate id {i!r}" for i in duplicate_ids(tab)] + every_rule_findings(tab)
    if found:
        problems[label] = found


def _reflow(tab, label: str, problems: dict) -> None:
    over = sideways_overflow(tab)
    if over > 0:
        problems[label] = f"{over}px wider than the window"


def _failed_meeting_form(tab) -> None:
    tab.goto("/meetings/new")
    tab.get_by_role("button", name="Add the meeting").click()


@pytest.mark.parametrize("width", [WIDE, NARROW])  # two tests: xdist runs them side by side
def test_every_coordinator_page_wide_and_narrow(page, world, paper, sent_and_over, agenda, width):
    problems: dict = {}
    page.set_viewport_size({"width": width, "height": 900})
    for url in coordinator_pages(world, paper):
        page.goto(url)
        _check(page, f"{url} at {width}px", problems)
    _failed_meeting_form(page)
    _check(page, f"meeting form with errors at {width}px", problems)
    assert problems == {}, _listed(problems)


def test_no_page_scrolls_sideways_at_320px_or_with_200_percent_text(
    page,
    world,
    paper,
    sent_and_over,
    agenda,
):
    problems: dict = {}
    for width, text in ((NARROW, "100%"), (WIDE, "200%"), (640, "200%")):
        page.set_viewport_size({"width": width, "height": 900})
        for url in coordinator_pages(world, paper):
            page.goto(url)
            page.evaluate("size => { document.documentElement.style.fontSize = size; }", text)
            _reflow(page, f"{url} at {width}px, text {text}", problems)
    assert problems == {}, _listed(problems)


def test_a_residents_pages_wide_and_narrow(browser, site, world, paper):
    context = browser.new_context(base_url=site)
    tab = context.new_page()
    sign_in_by_keyboard(tab, world)
    problems: dict = {}
    for width in (WIDE, NARROW):
        tab.set_viewport_size({"width": width, "height": 900})
        for url in ("/me/", f"/me/meetings/{world.a.meeting.id}", f"/me/papers/{paper.id}",
                    "/me/preferences"):  # fmt: skip
            tab.goto(url)
            _check(tab, f"{url} at {width}px", problems)
            _reflow(tab, f"{url} at {width}px (reflow)", problems)
    context.close()
    assert problems == {}, _listed(problems)
