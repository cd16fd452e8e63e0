"""Data protection on the person page: the subject access zip and erasure, coordinators only."""

import io
import json
import zipfile

from sqlalchemy import select

from tests.web.helpers import post_form, sign_in
from voice_app.extensions import db
from voice_app.models import AuditEntry, Comment, Payment, Person


def test_download_everything_we_hold_is_audited(coordinator, world):
    page = f"/people/{world.a.resident.id}"
    assert "Download everything we hold" in coordinator.get(page).get_data(as_text=True)
    response = post_form(coordinator, page, f"{page}/everything-we-hold")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as bundle:
        data = json.loads(bundle.read("data.json"))
        assert any(name.startswith("recordings/") for name in bundle.namelist())
    assert data["person"]["name"] == "Resident A" and "pin_hash" not in data["person"]
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "person.data_downloaded")
    )
    assert entry.actor == f"user:{world.a.coordinator.id}"
    assert (entry.entity_id, entry.group_id) == (world.a.resident.id, world.a.group.id)


def test_erasure_needs_the_member_number(coordinator, world):
    person = world.a.resident
    page = f"/people/{person.id}/erase"
    html = coordinator.get(page).get_data(as_text=True)
    assert person.member_number in html and "cannot be undone" in html
    for typed in ("", "wrong", world.b.resident.member_number):
        response = post_form(coordinator, page, page, {"member_number": typed})
        assert response.status_code == 400, typed
        assert 'id="member_number-error"' in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.erased_at is None and person.name == "Resident A"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "person.erased")) is None


def test_erasure_when_confirmed(coordinator, world):
    person_id, payment_id = world.a.resident.id, world.a.payment.id
    page = f"/people/{person_id}/erase"
    typed = f" {world.a.resident.member_number.lower()} "
    response = post_form(coordinator, page, page, {"member_number": typed})
    assert response.status_code == 302 and response.headers["Location"] == "/people"
    html = coordinator.get("/people").get_data(as_text=True)
    assert (
        "Resident A&#39;s personal data was erased (recordings: 1, transcripts: 1, comments: 1"
        in html
    )
    db.session.expire_all()
    person = db.session.get(Person, person_id)
    assert person.erased_at is not None and person.phone is None
    assert db.session.scalar(select(Comment).where(Comment.person_id == person_id)) is None
    assert db.session.get(Payment, payment_id).person_id == person_id  # money kept, anonymised
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "person.erased"))
    assert entry.actor == f"user:{world.a.coordinator.id}"
    assert coordinator.get(f"/people/{person_id}").status_code == 404


def test_co_chairs_get_403(client, world):
    sign_in(client, world.co_chair.email)
    page = f"/people/{world.a.resident.id}"
    html = client.get(page).get_data(as_text=True)
    assert "Download everything we hold" not in html and "Erase this person" not in html
    assert client.get(f"{page}/erase").status_code == 403
    typed = {"member_number": world.a.resident.member_number}
    assert post_form(client, page, f"{page}/erase", typed).status_code == 403
    assert post_form(client, page, f"{page}/everything-we-hold").status_code == 403
    db.session.refresh(world.a.resident)
    assert world.a.resident.erased_at is None


def test_someone_also_in_another_group_needs_an_admin(coordinator, world):
    from voice_app.models import Membership, Role

    db.session.add(
        Membership(person_id=world.a.resident.id, group_id=world.b.group.id, role=Role.RESIDENT)
    )
    db.session.commit()
    page = f"/people/{world.a.resident.id}"
    assert "Ask an admin" in coordinator.get(page).get_data(as_text=True)
    assert coordinator.get(f"{page}/erase").status_code == 403
    assert post_form(coordinator, page, f"{page}/everything-we-hold").status_code == 403
