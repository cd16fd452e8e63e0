"""The shopping list on the web: merge by choosing, checking and confirming; undo; agree many."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.web.helpers import post_form
from voice_app.extensions import db
from voice_app.models import AuditEntry, ShoppingItem, ShoppingStatus


@pytest.fixture
def twin(world):
    item = ShoppingItem(group_id=world.a.group.id, person_id=world.a.officer.id, text="Ramps")
    db.session.add(item)
    db.session.commit()
    return item


def test_nothing_is_chosen_and_nothing_changes_until_confirmed(coordinator, world, twin):
    page = f"/shopping/{twin.id}/merge"
    html = coordinator.get(page).get_data(as_text=True)
    assert " checked" not in html and 'type="radio"' in html
    assert "Step-free buses B" not in html  # another group's items are not offered
    response = coordinator.get(f"{page}/check")
    assert response.status_code == 400
    assert "Choose the item this one is the same as." in response.get_data(as_text=True)
    response = coordinator.get(f"{page}/check?into={world.b.item.id}")
    assert response.status_code == 400
    html = coordinator.get(f"{page}/check?into={world.a.item.id}").get_data(as_text=True)
    assert "Check before you merge" in html and "Step-free buses A" in html
    db.session.refresh(twin)
    assert twin.merged_into_id is None  # looking changes nothing

    assert (
        post_form(
            coordinator, f"{page}/check?into={world.a.item.id}", page, {"into": world.a.item.id}
        ).status_code
        == 302
    )
    db.session.refresh(twin)
    assert twin.merged_into_id == world.a.item.id
    html = coordinator.get(f"/shopping/{twin.id}").get_data(as_text=True)
    assert "Undo the merge" in html
    change = coordinator.get(f"{page}?into={world.a.item.id}")
    assert change.status_code == 404  # already merged: nothing to choose


def test_undo_the_merge(coordinator, world, twin):
    page = f"/shopping/{twin.id}/merge"
    post_form(coordinator, f"{page}/check?into={world.a.item.id}", page, {"into": world.a.item.id})
    response = post_form(coordinator, f"/shopping/{twin.id}", f"/shopping/{twin.id}/unmerge")
    assert response.status_code == 302
    db.session.refresh(twin)
    assert twin.merged_into_id is None
    assert "Merge undone" in coordinator.get(f"/shopping/{twin.id}").get_data(as_text=True)
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.entity_id == twin.id, AuditEntry.entity == "shopping_item")
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["shopping.merged", "shopping.unmerged"]


def test_another_groups_item_cannot_be_merged_or_unmerged(coordinator, world):
    page = f"/shopping/{world.a.item.id}"
    assert coordinator.get(f"/shopping/{world.b.item.id}/merge").status_code == 404
    action = f"/shopping/{world.b.item.id}/unmerge"
    assert post_form(coordinator, page, action).status_code == 404


def test_agree_ticked_items_with_one_button(coordinator, world, twin):
    html = coordinator.get("/shopping").get_data(as_text=True)
    assert f'id="choose-{twin.id}"' in html
    response = post_form(coordinator, "/shopping", "/shopping/agree", {})
    assert response.status_code == 400
    assert "Choose at least one item to agree." in response.get_data(as_text=True)
    data = {"items": [twin.id, world.a.item.id], "status": "proposed"}
    response = post_form(coordinator, "/shopping", "/shopping/agree", data)
    assert response.headers["Location"] == "/shopping?status=proposed"
    for item in (twin, world.a.item):
        db.session.refresh(item)
        assert item.status == ShoppingStatus.AGREED
    assert "2 items agreed as aims." in coordinator.get("/shopping").get_data(as_text=True)
    data = {"items": [world.b.item.id]}
    assert post_form(coordinator, "/shopping", "/shopping/agree", data).status_code == 404
    db.session.refresh(world.b.item)
    assert world.b.item.status == ShoppingStatus.PROPOSED


def test_numbers_no_item_could_have_are_refused_plainly(coordinator, world, twin):
    page = f"/shopping/{twin.id}"
    for into in (str(2**70), "-1", "²", "x"):
        response = post_form(coordinator, page, f"{page}/merge", {"into": into})
        assert response.status_code == 400, into
        assert "Choose the item this one is the same as." in response.get_data(as_text=True)
        assert coordinator.get(f"{page}/merge/check?into={into}").status_code == 400
    for raw in (str(2**70), "²", "0"):
        assert post_form(coordinator, page, "/shopping/agree", {"items": raw}).status_code == 404
    db.session.refresh(twin)
    assert twin.merged_into_id is None and twin.status == ShoppingStatus.PROPOSED
