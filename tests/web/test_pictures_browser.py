"""A coordinator describes a paper's picture in real Chromium, by keyboard alone, on an axe-clean
page; the next call hears the description where the picture stands. Other groups get 404."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import pytest

from tests.conftest import AUTH_TOKEN, BASE_URL
from tests.phone.conftest import client_transport
from tests.web.browser import every_rule_findings
from tests.web.helpers import post_form
from voice_app.extensions import db
from voice_app.models import AuditEntry, Paper, PictureDescription
from voice_app.papers.store import add_paper
from voice_app.simulator.call import CallSimulator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "papers"))
from layout_builders import picture_png  # noqa: E402

pytestmark = pytest.mark.slow
GROUP_NUMBER = "+442070000001"


def plan_paper(meeting) -> Paper:
    image = base64.b64encode(picture_png(3)).decode()
    html = (
        "<h1>Library plans</h1><h2>The entrance</h2><p>The entrance moves to the square.</p>"
        f'<img src="data:image/png;base64,{image}"><p>Seats go in the corridor.</p>'
    )
    paper = add_paper(meeting, html.encode(), "plans.html")
    db.session.commit()
    return paper


def test_a_coordinator_describes_a_picture_by_keyboard_and_the_next_call_hears_it(
    page,  # noqa: F811  (the fixture from test_browser)
    world,
    client,  # noqa: F811
):
    paper = plan_paper(world.a.meeting)
    picture = paper.sections[1].picture
    page.goto(f"/papers/{paper.id}/pictures")
    assert page.get_by_role("heading", level=1).inner_text() == "Pictures in Library plans"
    assert "Not ready: 1 pictures need a description" in page.inner_text("main")
    assert "The entrance moves to the square." in page.inner_text("main")  # the words around it
    image = page.get_by_role("img", name="Picture 1 to be described (it has no description yet)")
    assert image.evaluate("i => i.naturalWidth") == 240  # really shown, from the data folder
    assert every_rule_findings(page) == []

    short = f"p{picture.id}-short"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == short:
            break
    else:
        pytest.fail("the short description cannot be reached by Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.type("Floor plan of the ground floor, the entrance on the left")
    page.keyboard.press("Tab")
    page.keyboard.type("The entrance is 2 metres wide with a level approach.")
    page.keyboard.press("Tab")  # the decorative box, left unticked
    page.keyboard.press("Tab")
    assert "Save the description" in page.evaluate("document.activeElement.textContent")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Picture 1 is described" in page.inner_text("main")
    assert "Every picture in this paper is described" in page.inner_text("main")
    assert "need a description" not in page.inner_text("main")
    assert every_rule_findings(page) == []

    db.session.expire_all()
    row = db.session.query(PictureDescription).one()
    assert row.short.startswith("Floor plan") and row.updated_by == f"user:{world.a.coordinator.id}"
    assert db.session.query(AuditEntry).filter_by(action="picture.described").count() == 1

    world.a.group.phone_number = GROUP_NUMBER
    db.session.commit()
    sim = CallSimulator(BASE_URL, AUTH_TOKEN, world.a.resident.phone, GROUP_NUMBER,
                        transport=client_transport(client))  # fmt: skip
    sim.start()
    sim.press("1")
    heard = sim.silence()
    assert "Picture: Floor plan of the ground floor, the entrance on the left." in heard
    assert "For the longer description of this picture, press 5." in heard
    assert "two metres wide" in sim.press("5")


def test_an_empty_description_is_refused_plainly_and_other_groups_get_404(
    page,  # noqa: F811  (the fixture from test_browser)
    world,
    coordinator,
    client,  # noqa: F811
):
    paper = plan_paper(world.a.meeting)
    picture = paper.sections[1].picture
    page.goto(f"/papers/{paper.id}/pictures")
    page.get_by_role("button", name="Save the description of picture 1").click()
    assert "Write a short description, or mark the picture as decorative." in page.inner_text(
        "main"
    )
    assert every_rule_findings(page) == []
    other = plan_paper(world.b.meeting)
    for url in (f"/papers/{other.id}/pictures",
                f"/papers/pictures/{other.sections[1].picture.id}/image"):  # fmt: skip
        assert coordinator.get(url).status_code == 404
    response = post_form(
        coordinator,
        f"/papers/{paper.id}/pictures",
        f"/papers/pictures/{other.sections[1].picture.id}/describe",
        {f"p{other.sections[1].picture.id}-short": "Taken over"},
    )
    assert response.status_code == 404
    no_token = {f"p{picture.id}-short": "No token"}
    response = coordinator.post(f"/papers/pictures/{picture.id}/describe", data=no_token)
    assert response.status_code == 400
    assert db.session.query(PictureDescription).count() == 0
