"""A group's pronunciations managed on the web: listed, added, changed, removed, audited, and
the papers of meetings still to come re-made so the phone line says them the new way."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.builders import make_meeting
from tests.web.helpers import csrf_from, post_form, sign_in
from voice_app.extensions import db
from voice_app.models import AuditEntry, Job, Pronunciation, utcnow
from voice_app.papers.store import add_paper

PAPER = b"# Buses\n\nThe WCRA Council will talk about buses on route 72.\n"


def _spoken(paper) -> str:
    db.session.expire_all()
    return " ".join(s.spoken_text for s in paper.sections)


def _render_jobs(paper) -> int:
    return len(
        [j for j in db.session.scalars(select(Job)) if j.payload.get("paper_id") == paper.id]
    )


def test_add_change_and_remove_remake_the_papers_still_to_come(coordinator, world):
    group = world.a.group
    coming = add_paper(world.a.meeting, PAPER, "buses.md")
    past_meeting = make_meeting(group, "Last year", starts_at=utcnow() - timedelta(days=300))
    past = add_paper(past_meeting, PAPER, "buses.md")
    db.session.commit()
    page = f"/groups/{group.id}/pronunciations"
    assert "None yet" in coordinator.get(page).get_data(as_text=True)
    jobs = _render_jobs(coming)

    data = {"written": "wcra", "spoken": "White City Residents"}
    answer = post_form(coordinator, page, page, data, follow_redirects=True)
    html = answer.get_data(as_text=True)
    assert "Added: wcra is said" in html and "said “White City Residents”" in html
    assert "White City Residents Council" in _spoken(coming)
    assert "White City Residents" not in _spoken(past)  # as it was heard then
    assert _render_jobs(coming) == jobs + 1

    row = db.session.scalar(select(Pronunciation).where(Pronunciation.group_id == group.id))
    edit = f"{page}/{row.id}/edit"
    assert 'value="wcra"' in coordinator.get(edit).get_data(as_text=True)
    changed = post_form(coordinator, edit, edit, {"written": "WCRA", "spoken": "the borough's"})
    assert changed.status_code == 302
    assert "the borough's Council" in _spoken(coming)

    assert post_form(coordinator, page, f"{page}/{row.id}/remove").status_code == 302
    assert "borough" not in _spoken(coming) and "White City" not in _spoken(coming)
    assert db.session.scalar(select(Pronunciation)) is None
    actions = list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity == "pronunciation")
            .order_by(AuditEntry.id)
        )
    )
    assert actions == ["pronunciation.added", "pronunciation.changed", "pronunciation.removed"]
    log = coordinator.get(f"/audit?group={group.id}").get_data(as_text=True)
    assert "coordinator-a@example.org changed a pronunciation" in log


def test_bad_and_repeated_words_get_clear_answers(coordinator, world):
    page = f"/groups/{world.a.group.id}/pronunciations"
    refused = post_form(coordinator, page, page, {"written": "", "spoken": "x"})
    assert refused.status_code == 400
    assert "Enter the word as it is written." in refused.get_data(as_text=True)
    html = coordinator.get(page).get_data(as_text=True)
    data = {"csrf_token": csrf_from(html), "written": "RBKC", "spoken": "Kensington"}
    data["form_once"] = re.search(r'name="form_once" value="([^"]+)"', html).group(1)
    assert coordinator.post(page, data=data).status_code == 302
    assert coordinator.post(page, data=data).status_code == 303  # sent twice: added once
    again = post_form(coordinator, page, page, {"written": "rbkc", "spoken": "Chelsea"})
    assert again.status_code == 400
    assert "rbkc already has a pronunciation" in again.get_data(as_text=True)
    assert len(list(db.session.scalars(select(Pronunciation)))) == 1


def test_only_the_groups_coordinators_manage_its_pronunciations(client, world):
    row = Pronunciation(group_id=world.b.group.id, written="NHS", spoken="N H S")
    db.session.add(row)
    db.session.commit()
    sign_in(client, world.a.coordinator.email)
    page_b = f"/groups/{world.b.group.id}/pronunciations"
    assert client.get(page_b).status_code == 404
    assert client.get(f"/groups/{world.a.group.id}/pronunciations/{row.id}/edit").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})
    sign_in(client, world.co_chair.email)
    assert client.get(f"/groups/{world.a.group.id}/pronunciations").status_code == 403


@pytest.mark.parametrize("again", ["Èze", "èze", "ÈZE"])
def test_a_word_beyond_a_to_z_is_refused_twice_with_a_clear_answer(coordinator, world, again):
    """SQLite's lower() changes only A to Z; the fuzz once sent "È@" twice and got a 500."""
    page = f"/groups/{world.a.group.id}/pronunciations"
    assert post_form(coordinator, page, page, {"written": "Èze", "spoken": "ez"}).status_code == 302
    repeated = post_form(coordinator, page, page, {"written": again, "spoken": "eez"})
    assert repeated.status_code == 400
    assert f"{again} already has a pronunciation" in repeated.get_data(as_text=True)
    assert [p.spoken for p in db.session.scalars(select(Pronunciation))] == ["ez"]
