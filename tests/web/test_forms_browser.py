"""Forms in real Chromium: the error summary takes focus and its links land on their fields in
view; dates and times typed as people type them; a form warns before it expires and keeps
what was typed when it has; amounts in pounds with a "£"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.web.browser import loaded, sign_in_with_the_form_by_request
from voice_app.extensions import db
from voice_app.models import Meeting, Payment

pytestmark = pytest.mark.slow


def _in_view(tab, selector: str) -> bool:
    return tab.evaluate(
        """selector => { const r = document.querySelector(selector).getBoundingClientRect();
             return r.top >= -1 && r.bottom <= window.innerHeight + 1; }""",
        selector,
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_error_summary_has_focus_and_its_links_reach_the_field(browser, site, world, javascript):
    context = browser.new_context(base_url=site, java_script_enabled=javascript)
    sign_in_with_the_form_by_request(context, world.a.coordinator.email)
    tab = context.new_page()
    tab.set_viewport_size({"width": 1280, "height": 600})
    tab.goto("/meetings/new")
    tab.get_by_label("Title").fill("Bus stops")
    for box, text in (("Day", "3"), ("Month", "Smarch"), ("Year", "2027"), ("Hour", "2pm")):
        tab.get_by_label(box).first.fill(text)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Add the meeting").click()
    # Focus moves to the summary as the page loads (autofocus; no script needed).
    tab.wait_for_function(
        "document.activeElement.className === 'error-summary'", polling=100, timeout=10_000
    )
    tab.keyboard.press("Tab")  # the first Tab lands in the summary, not the site's menu
    assert tab.evaluate("document.activeElement.closest('.error-summary') !== null")
    link = tab.locator(".error-summary a", has_text="month of the start")
    assert link.get_attribute("href") == "#starts-month"
    link.focus()
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "starts-month"
    assert _in_view(tab, "#starts-month")
    assert _in_view(tab, "fieldset:has(#starts-month) legend")  # the question stays in view
    assert _in_view(tab, "#starts-error")
    assert tab.locator("#starts-month").input_value() == "Smarch"  # what was typed is kept
    context.close()


def test_dates_and_times_as_people_type_them(page, world):
    page.goto(f"/meetings/{world.a.meeting.id}/edit")
    starts = page.locator("fieldset", has=page.locator("legend", has_text="Starts"))
    ends = page.locator("fieldset", has=page.locator("legend", has_text="Ends"))
    for box, text in (("Day", "03"), ("Month", "Dec"), ("Year", "2027"), ("Hour", "2pm")):
        starts.get_by_label(box).fill(text)
    starts.get_by_label("Minute").fill("")
    for box, text in (("Day", "3"), ("Month", "12"), ("Year", "27"), ("Hour", "16:30")):
        ends.get_by_label(box).fill(text)
    ends.get_by_label("Minute").fill("")
    page.get_by_role("button", name="Save changes").click()
    assert "Changes saved." in page.inner_text("main")
    meeting = db.session.get(Meeting, world.a.meeting.id)
    db.session.refresh(meeting)
    assert meeting.starts_at.isoformat() == "2027-12-03T14:00:00+00:00"  # winter: UK time is UTC
    assert meeting.ends_at.isoformat() == "2027-12-03T16:30:00+00:00"
    page.goto(f"/meetings/{world.a.meeting.id}/edit")
    assert starts.get_by_label("Hour").input_value() == "14"
    ends.get_by_label("Day").fill("31")
    ends.get_by_label("Month").fill("Feb")
    page.get_by_role("button", name="Save changes").click()
    assert "The end must be a real date: February 2027 has 28 days." in page.inner_text(
        ".error-summary"
    )
    assert page.locator("#ends").get_attribute("aria-invalid") == "true"  # the day box
    assert page.locator("#ends-month").get_attribute("aria-invalid") is None


def test_an_expired_form_comes_back_with_what_was_typed(page, world, app):
    app.config["WTF_CSRF_TIME_LIMIT"] = 302  # warned at 2 s (5 minutes before), expired at 302
    try:
        page.goto(f"/comments/{world.a.comment.id}")
        expiry = page.locator("form[action$='/transcript'] .form-expiry")
        assert "For your safety this form expires at" in expiry.inner_text()
        warning = page.locator("form[action$='/transcript'] .form-expiry-warning")
        warning.wait_for(state="visible", timeout=10_000)
        assert warning.get_attribute("role") == "status"
        assert "This form expires at" in warning.inner_text()
        page.get_by_label("Corrected transcript").fill("The lift at the library is broken.")
        # The warning came 2 s after the token was made: at a 1 s limit it has expired.
        app.config["WTF_CSRF_TIME_LIMIT"] = 1
        page.get_by_role("button", name="Save and mark reviewed").click()
        loaded(page)  # a click returns before the next page has loaded
        assert page.title().startswith("Error: ")
        assert "The form had expired (forms last an hour)" in page.inner_text(".error-summary")
        box = page.get_by_label("Corrected transcript")
        assert box.input_value() == "The lift at the library is broken."
        app.config["WTF_CSRF_TIME_LIMIT"] = 3600  # a fresh page, a fresh token: now it saves
        page.get_by_role("button", name="Save and mark reviewed").click()
        assert "Saved and marked reviewed" in page.inner_text("main")
    finally:
        app.config["WTF_CSRF_TIME_LIMIT"] = 3600


def test_a_correction_in_pounds_with_a_pound_sign(page, world):
    page.goto(f"/money/payments/{world.a.payment.id}/correct")
    page.get_by_label("Correct amount in pounds").fill("£1,2x")
    page.get_by_label("Reason for the correction").fill("Stayed for the whole afternoon.")
    page.get_by_role("button", name="Save the correction").click()
    assert "is not an amount in pounds" in page.inner_text(".error-summary")
    page.get_by_label("Correct amount in pounds").fill("£42.5")
    page.get_by_role("button", name="Save the correction").click()
    payment = db.session.scalar(select(Payment).where(Payment.id == world.a.payment.id))
    db.session.refresh(payment)
    assert payment.amount_pence == 4250
