"""Cancelling a meeting, removing or replacing a paper, and a meeting's access needs, on the web."""

from __future__ import annotations

import io

from sqlalchemy import select

from tests.web.helpers import csrf_from, post_form, sign_in
from voice_app.extensions import db
from voice_app.models import AccessNeed, AuditEntry, Meeting, Paper
from voice_app.papers.store import add_paper

REASON = "The hall is closed for repairs."
PAPER = b"# Buses\n\n## Routes\n\nThe number 12 bus is often late.\n"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_cancel_checks_first_then_cancels_and_shows_it(coordinator, world):
    meeting = world.a.meeting
    base = f"/meetings/{meeting.id}"
    assert f'href="{base}/cancel"' in page(coordinator, base)

    empty = post_form(coordinator, f"{base}/cancel", f"{base}/cancel", {"reason": " "})
    assert empty.status_code == 400
    assert "Give the reason the meeting is cancelled" in empty.get_data(as_text=True)

    check = post_form(coordinator, f"{base}/cancel", f"{base}/cancel", {"reason": REASON})
    html = check.get_data(as_text=True)
    assert check.status_code == 200 and "Check before cancelling Meeting A" in html
    assert REASON in html and "Nobody automatically: the group has no phone number" in html
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).cancelled_at is None  # nothing yet

    token = csrf_from(html)
    back = coordinator.post(
        f"{base}/cancel", data={"csrf_token": token, "reason": REASON, "change": "1"}
    )
    assert back.status_code == 200 and f"{REASON}</textarea>" in back.get_data(as_text=True)

    done = coordinator.post(f"{base}/cancel/confirm", data={"csrf_token": token, "reason": REASON})
    assert done.status_code == 302 and done.headers["Location"].endswith(base)
    db.session.expire_all()
    cancelled = db.session.get(Meeting, meeting.id)
    assert cancelled.cancelled_at is not None and cancelled.cancel_reason == REASON
    shown = page(coordinator, base)
    assert "Meeting A is cancelled." in shown and f"Reason: {REASON}" in shown
    assert f'href="{base}/cancel"' not in shown
    assert "Cancelled" in page(coordinator, "/meetings")
    again = coordinator.get(f"{base}/cancel")
    assert again.status_code == 302  # already cancelled: back to the meeting, saying so
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "meeting.cancelled"))
    assert entry.actor == f"user:{world.a.coordinator.id}"


def test_confirm_without_the_form_token_changes_nothing(coordinator, world):
    meeting = world.a.meeting
    response = coordinator.post(f"/meetings/{meeting.id}/cancel/confirm", data={"reason": REASON})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).cancelled_at is None


def test_only_the_groups_coordinators_may_cancel(client, world):
    assert sign_in(client, world.co_chair.email).status_code == 302
    assert client.get(f"/meetings/{world.a.meeting.id}/cancel").status_code == 403
    assert client.get(f"/meetings/{world.b.meeting.id}/cancel").status_code == 404
    assert "Cancel the meeting" not in page(client, f"/meetings/{world.a.meeting.id}")


def test_remove_a_paper_after_its_confirmation_page(coordinator, world):
    meeting = world.a.meeting
    paper = add_paper(meeting, PAPER, "buses.md")
    db.session.commit()
    paper_id = paper.id
    url = f"/meetings/{meeting.id}/papers/{paper_id}/remove"
    assert f'href="{url}"' in page(coordinator, f"/meetings/{meeting.id}/papers/{paper_id}")
    assert "Remove Buses" in page(coordinator, url)
    response = post_form(coordinator, url, url)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Paper, paper_id) is None
    assert "Paper removed: Buses." in page(coordinator, f"/meetings/{meeting.id}")
    assert coordinator.get(url).status_code == 404


def test_replace_a_paper_and_a_bad_file_keeps_the_old_one(coordinator, world):
    meeting = world.a.meeting
    paper_id = add_paper(meeting, PAPER, "buses.md").id
    db.session.commit()
    url = f"/meetings/{meeting.id}/papers/{paper_id}/replace"
    token = csrf_from(page(coordinator, url))
    bad = coordinator.post(
        url,
        data={"csrf_token": token, "file": (io.BytesIO(b"not a pdf"), "buses.pdf")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and "is not a PDF" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Paper, paper_id) is not None

    new_text = PAPER.replace(b"often late", b"now hourly")
    good = coordinator.post(
        url,
        data={"csrf_token": token, "file": (io.BytesIO(new_text), "buses-v2.md")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    db.session.expire_all()
    assert db.session.get(Paper, paper_id) is None
    [new] = db.session.get(Meeting, meeting.id).papers
    assert good.headers["Location"].endswith(f"/papers/{new.id}")
    assert "now hourly" in page(coordinator, f"/meetings/{meeting.id}/papers/{new.id}")
    assert (
        coordinator.get(f"/meetings/{world.b.meeting.id}/papers/{new.id}/replace").status_code
        == 404
    )


def test_access_needs_of_everyone_expected_for_coordinators(client, coordinator, world):
    for person, kind, detail in [
        (world.a.resident, "BSL interpreter", "For the whole meeting"),
        (world.a.officer, "bsl", None),
        (world.a.resident, "Step free access", None),
        (world.b.resident, "Large print", None),  # another group: not counted
    ]:
        db.session.add(AccessNeed(person_id=person.id, kind=kind, detail=detail))
    db.session.commit()
    html = page(coordinator, f"/meetings/{world.a.meeting.id}")
    assert "Access needs of everyone expected" in html
    assert "2 of the 2 residents and officers in Group A have access needs recorded." in html
    assert "<dt>BSL interpreter: 2</dt>" in html and "<dt>Step-free access: 1</dt>" in html
    assert f'href="/people/{world.a.resident.id}">Resident A</a>. For the whole meeting' in html
    assert f'href="/people/{world.a.officer.id}">Officer A</a> (officer): bsl' in html
    assert "Large print" not in html

    client.post("/logout", data={"csrf_token": csrf_from(html)})
    assert sign_in(client, world.co_chair.email).status_code == 302
    assert "Access needs of everyone expected" not in page(
        client, f"/meetings/{world.a.meeting.id}"
    )
