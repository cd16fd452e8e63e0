"""A meeting's register in real Chromium, by keyboard alone: mark everyone, save once, answer
the question about phone evidence; axe-core finds nothing at 1280 px."""

from __future__ import annotations

import pytest

from tests.web.browser import every_rule_findings, loaded, sideways_overflow, tab_to
from tests.web.test_browser import _screenshot
from voice_app.attendance import find_attendance
from voice_app.extensions import db
from voice_app.models import AttendanceMethod, Meeting

pytestmark = pytest.mark.slow


def test_take_the_register_by_keyboard(page, world):  # noqa: F811
    meeting = db.session.get(Meeting, world.a.payment.meeting_id)
    resident, officer = world.a.resident, world.a.officer
    assert page.viewport_size["width"] == 1280
    page.goto(f"/money/meetings/{meeting.id}")
    tab_to(page, "a[href$='/register']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == f"Register: {meeting.title}"
    assert every_rule_findings(page) == []
    _screenshot(page, "register")

    tab_to(page, f"#mark-{officer.id}-1")  # nobody chose yet: Tab lands on the first choice
    page.keyboard.press("Space")
    assert page.is_checked(f"#mark-{officer.id}-1")  # in person
    tab_to(page, f"#minutes-{officer.id}")
    page.keyboard.type("90")
    tab_to(page, f"#mark-{resident.id}-2")  # checked in by phone: Tab lands on "By phone"
    page.keyboard.press("ArrowUp")
    assert page.is_checked(f"#mark-{resident.id}-1")  # in person
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_role("heading", level=1).inner_text() == "Replace phone evidence?"
    assert "Checked in by phone with their PIN" in page.inner_text("main")
    assert every_rule_findings(page) == []
    _screenshot(page, "register-confirm")
    assert find_attendance(meeting, officer) is None  # nothing saved before the answer
    tab_to(page, f"#replace-{resident.id}-1")
    page.keyboard.press("ArrowDown")
    assert page.is_checked(f"#replace-{resident.id}-2")  # replace it
    tab_to(page, "button[name=confirming]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "Register saved: 2 changed." in page.inner_text("main")
    assert every_rule_findings(page) == []
    db.session.expire_all()
    officer_mark = find_attendance(meeting, officer)
    assert (officer_mark.method, officer_mark.minutes) == (AttendanceMethod.IN_PERSON, 90)
    assert find_attendance(meeting, resident).method == AttendanceMethod.IN_PERSON
    assert page.is_checked(f"#mark-{resident.id}-1")


def test_the_finance_export_form_by_keyboard(page, world):  # noqa: F811
    page.goto("/exports/finance")
    assert every_rule_findings(page) == []
    tab_to(page, "#kind-0")  # payments, chosen already
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#kind-1")  # the payment run
    tab_to(page, "#date_from")
    page.keyboard.type("next week")
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    loaded(page)  # a click returns before the next page has loaded
    assert page.title().startswith("Error: ")
    assert "not a date" in page.inner_text(".error-summary")
    assert every_rule_findings(page) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_register_pages_reflow_without_sideways_scrolling(page, world, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 800})
    meeting_id = world.a.payment.meeting_id
    for url in (f"/money/meetings/{meeting_id}/register", "/exports/finance"):
        page.goto(url)
        assert sideways_overflow(page) == 0, url
        assert every_rule_findings(page) == [], url
