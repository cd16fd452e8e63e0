"""The web view in a real browser: the core tasks, axe-core on every page, keyboard only."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.web.browser import every_rule_findings
from tests.web.helpers import PASSWORD
from voice_app import contact_requests
from voice_app.extensions import db
from voice_app.models import (
    ContactSource,
    Guard,
    Meeting,
    OutboundKind,
    OutboundMessage,
    Paper,
    PaperSection,
    ShoppingStatus,
    Transcript,
    utcnow,
)
from voice_app.papers.rendering import render_cached

pytestmark = pytest.mark.slow


@pytest.fixture
def paper(world, data_dir):
    """A paper with two sections, the first with real espeak-ng audio, as the renderer leaves it."""
    found = Paper(
        meeting_id=world.a.meeting.id, position=1, title="Transport review", word_count=20
    )
    texts = ["Buses must have working ramps.", "Taxis should take wheelchairs."]
    for position, text in enumerate(texts, start=1):
        found.sections.append(
            PaperSection(position=position, heading=f"Part {position}", text=text, spoken_text=text)
        )
    db.session.add(found)
    db.session.commit()
    render_cached(texts[0], 100)  # the real renderer, as the worker would
    return found


def _screenshot(tab, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_dashboard_after_sign_in(browser, site, world):
    """Signing in through the form on the page lands on the group's own dashboard."""
    context = browser.new_context(base_url=site)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email address").fill(world.a.coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/")
    assert page.title() == "Dashboard – voice-app"
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    assert "Meeting A" in page.inner_text("main")
    assert "the bus ramp is broken" in page.inner_text("main")  # the new comment's words
    assert "Group B" not in page.content()
    _screenshot(page, "dashboard")
    context.close()


def test_upload_a_paper(page, world, tmp_path):
    source = tmp_path / "agenda.md"
    source.write_text("# Agenda\n\nWelcome and apologies.\n\n## Transport\n\nBuses and ramps.\n")
    page.goto(f"/meetings/{world.a.meeting.id}")
    page.get_by_label("Paper", exact=True).set_input_files(str(source))
    page.get_by_role("button", name="Upload the paper").click()
    assert "Paper added" in page.inner_text("main")
    assert page.get_by_role("heading", name="Transport").count() == 1


def test_play_a_section(page, world, paper):
    page.goto(f"/meetings/{world.a.meeting.id}/papers/{paper.id}")
    player = page.locator("audio").first
    with page.expect_response(lambda r: "/audio/sections/" in r.url) as response:
        player.evaluate("audio => audio.play()")
    assert response.value.status in (200, 206)
    page.wait_for_function(
        "() => { const a = document.querySelector('audio'); return a.duration > 0 && !a.error; }"
    )
    assert player.evaluate("audio => audio.duration") > 1
    assert "Audio is being prepared" in page.inner_text("#section-2")


def test_correct_a_transcript(page, world):
    page.goto(f"/comments/{world.a.comment.id}")
    assert page.locator(".transcript mark.unsure").count() == 2
    assert "(1 unsure word)" in page.inner_text(".transcript")
    _screenshot(page, "transcript-unsure")
    page.get_by_label("Corrected transcript").fill("The bus ramp is broken again.")
    page.get_by_role("button", name="Save and mark reviewed").click()
    assert "Saved and marked reviewed" in page.inner_text("main")
    assert "corrected by coordinator-a@example.org" in page.inner_text("main")
    engines = db.session.scalars(
        select(Transcript.engine)
        .where(Transcript.recording_id == world.a.comment.recording_id)
        .order_by(Transcript.id)
    ).all()
    assert engines == ["vosk", "human"]
    _screenshot(page, "transcript")


def test_change_a_shopping_list_status(page, world):
    page.goto(f"/shopping/{world.a.item.id}")
    page.get_by_label("Status", exact=True).select_option("not possible")
    page.get_by_role("button", name="Save the status").click()
    summary = page.locator(".error-summary")
    assert "Say why" in summary.inner_text()
    page.get_by_label("Reason").fill("The council does not run the buses.")
    page.get_by_role("button", name="Save the status").click()
    assert "The council does not run the buses." in page.inner_text("main")
    db.session.refresh(world.a.item)
    assert world.a.item.status == ShoppingStatus.NOT_POSSIBLE


def test_export_payments(page, world):
    page.goto("/money")
    with page.expect_download() as download:
        page.get_by_role("link", name="Payments (CSV)").click()
    text = Path(download.value.path()).read_text()
    header = text.splitlines()[0]
    assert header.startswith("person,meeting_id,amount_pence,currency,preference,status,paid_at,")
    assert header.endswith(",total_pounds,payment_id,approved_by,approved_at")
    assert "Resident A" in text and "Resident B" not in text


def test_other_groups_recording_is_not_served(page, world):
    response = page.request.get(f"/audio/recordings/{world.b.comment.recording_id}")
    assert response.status == 404
    assert page.request.get(f"/audio/recordings/{world.a.comment.recording_id}").status == 200


def test_keyboard_only_status_change(page, world):
    """Skip link, then Tab to the status, choose with arrows, Tab on, type, Enter to save."""
    page.goto(f"/shopping/{world.a.item.id}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "status":
            break
    else:
        pytest.fail("the status field cannot be reached by Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("ArrowDown")  # proposed -> agreed aim
    assert page.evaluate("document.activeElement.value") == "agreed aim"
    page.keyboard.press("Tab")
    page.keyboard.type("Agreed at the March meeting.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Save the status"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Saved." in page.inner_text("main")
    db.session.refresh(world.a.item)
    assert world.a.item.status == ShoppingStatus.AGREED


def _pages(world, paper) -> list[str]:
    a = world.a
    return [
        "/",
        "/meetings",
        "/meetings/new",
        f"/meetings/{a.meeting.id}",
        f"/meetings/{a.meeting.id}/edit",
        f"/meetings/{a.meeting.id}/papers/{paper.id}",
        "/comments",
        f"/comments/{a.comment.id}",
        "/shopping",
        f"/shopping/{a.item.id}",
        "/people",
        "/people/new",
        f"/people/{a.resident.id}",
        "/money",
        f"/money/meetings/{a.payment.meeting_id}",
        f"/money/payments/{a.payment.id}/correct",
        "/audit",
        "/groups",
        f"/groups/{a.group.id}/settings",
        f"/groups/{a.group.id}/payment-policy",
        "/sent",
        "/call-backs",
        f"/people/{a.resident.id}/erase",
        "/no-such-page",
    ]


@pytest.fixture
def sent_and_over(world):
    """A call sent, and a resident over the weekly limit, so those tables and warnings show."""
    db.session.add(
        OutboundMessage(
            group_id=world.a.group.id,
            person_id=world.a.resident.id,
            kind=OutboundKind.CALL,
            purpose="papers ready",
            to_number=world.a.resident.phone,
            dedupe_key="browser:papers-ready",
            status="sent",
            attempts=1,
            answered_by="human",
        )
    )
    contact_requests.ask_for_person(
        world.a.group.id,
        person=world.a.resident,
        source=ContactSource.PHONE,
        reason="nobody answered",
        message="Please ring after 3pm",
    )
    held = db.session.get(Meeting, world.a.payment.meeting_id)
    held.starts_at, held.ends_at = utcnow(), utcnow() + timedelta(hours=2)  # this week and month
    world.a.group.weekly_payment_limit_pence = 100
    db.session.commit()


def test_a_pin_on_hold_is_shown_and_lifted_with_the_keyboard(page, world):
    """The dashboard warns, the person's page explains, axe finds nothing, Enter lifts it."""
    db.session.add(
        Guard(key=f"pin:member:{world.a.resident.member_number}:a-stranger", held_at=utcnow())
    )
    db.session.commit()
    page.goto("/")
    main = page.inner_text("main").lower()  # the label is in capitals by CSS
    assert "pins on hold" in main and "resident a" in main
    assert every_rule_findings(page) == []
    page.goto(f"/people/{world.a.resident.id}")
    assert "on hold:" in page.inner_text("main").lower()
    assert every_rule_findings(page) == []
    button = page.get_by_role("button", name="Lift the hold on this PIN")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "The hold on Resident A's PIN is lifted" in page.inner_text("main")
    assert page.get_by_role("button", name="Lift the hold on this PIN").count() == 0
