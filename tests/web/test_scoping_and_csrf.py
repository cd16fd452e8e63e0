"""The newer pages keep the rules: other groups' things are not found, forms need CSRF."""

import pytest
from sqlalchemy import select

from tests.web.helpers import post_form
from voice_app.extensions import db
from voice_app.models import AuditEntry, ExpenseClaim

CHANGES = (
    "group.setting_changed",
    "payment_policy.updated",
    "expense_claim.added",
    "person.data_downloaded",
    "person.erased",
)


def _changes_recorded() -> list[str]:
    return db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.in_(CHANGES))).all()


def _other_groups_pages(world):
    b = world.b
    return [
        ("get", f"/groups/{b.group.id}/settings"),
        ("post", f"/groups/{b.group.id}/settings"),
        ("get", f"/groups/{b.group.id}/payment-policy"),
        ("post", f"/groups/{b.group.id}/payment-policy"),
        ("get", f"/sent?group={b.group.id}"),
        ("post", f"/money/meetings/{b.payment.meeting_id}/expenses"),
        ("post", f"/people/{b.resident.id}/everything-we-hold"),
        ("get", f"/people/{b.resident.id}/erase"),
        ("post", f"/people/{b.resident.id}/erase"),
    ]


def test_another_groups_coordinator_gets_404_on_each_new_page(coordinator, world):
    for method, url in _other_groups_pages(world):
        if method == "get":
            status = coordinator.get(url).status_code
        else:
            data = {"member_number": world.b.resident.member_number, "name": "Taken over"}
            status = post_form(coordinator, "/groups", url, data).status_code
        assert status == 404, (method, url)
    db.session.refresh(world.b.resident)
    assert world.b.resident.erased_at is None and world.b.group.name == "Group B"
    assert _changes_recorded() == []


@pytest.mark.parametrize(
    "url",
    [
        "/groups/{a}/settings",
        "/groups/{a}/payment-policy",
        "/money/meetings/{meeting}/expenses",
        "/people/{resident}/everything-we-hold",
        "/people/{resident}/erase",
    ],
)
def test_forms_without_a_csrf_token_are_refused(coordinator, world, url):
    a = world.a
    url = url.format(a=a.group.id, meeting=a.payment.meeting_id, resident=a.resident.id)
    data = {
        "name": "No token",
        "member_number": a.resident.member_number,
        "person": a.resident.id,
        "kind": "travel",
        "amount": "5",
    }
    response = coordinator.post(url, data=data)
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    db.session.refresh(a.resident)
    db.session.refresh(a.group)
    assert a.resident.erased_at is None and a.group.name == "Group A"
    assert db.session.scalar(select(ExpenseClaim)) is None
    assert _changes_recorded() == []
