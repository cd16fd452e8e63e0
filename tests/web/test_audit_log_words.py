"""The audit log page says what happened in plain English, not in codes."""

from __future__ import annotations

from tests.web.helpers import post_form
from voice_app import audit
from voice_app.extensions import db


def test_the_audit_log_reads_as_sentences(coordinator, world):
    page = f"/people/{world.a.resident.id}"
    post_form(coordinator, page, f"{page}/needs", {"kind": "Step-free access"})
    audit.record(
        f"user:{world.a.coordinator.id}",
        "meeting.updated",
        entity="meeting",
        entity_id=world.a.meeting.id,
        group_id=world.a.group.id,
        changed=["title", "starts_at"],
    )
    audit.record(
        "phone",
        "pin.held",
        entity="person",
        entity_id=world.a.resident.id,
        group_id=world.a.group.id,
        calling_from="another number",
    )
    db.session.commit()
    html = coordinator.get(f"/audit?group={world.a.group.id}").get_data(as_text=True)
    assert "coordinator-a@example.org added an access need for someone: Resident A." in html
    assert "coordinator-a@example.org changed a meeting&#39;s details: Meeting A." in html
    assert "changed: title, starts at" in html
    assert "Someone on the phone line put a member&#39;s PIN on hold" in html
    for code in ("person.access_need_added", "meeting.updated", "pin.held"):
        assert code not in html
