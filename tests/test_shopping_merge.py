"""Merging shopping-list duplicates and undoing it; agreeing many items at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.builders import make_coordinator, make_group
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AuditEntry, ShoppingItem, ShoppingStatus
from voice_app.shopping import agree_all, merge, set_status, unmerge


@pytest.fixture
def listed(app):
    group = make_group("Shopping group")
    user = make_coordinator(group)
    items = [
        ShoppingItem(group_id=group.id, text=t) for t in ("Ramps", "Bus ramps", "Lifts", "Ramp")
    ]
    db.session.add_all(items)
    db.session.commit()
    return group, user, items


def _actions() -> list[tuple[str, int, dict]]:
    rows = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "shopping_item").order_by(AuditEntry.id)
    )
    return [(e.action, e.entity_id, e.detail) for e in rows]


def test_undo_puts_both_items_back_as_they_were(listed):
    _, user, (ramps, bus_ramps, _lifts, ramp) = listed
    set_status(bus_ramps, ShoppingStatus.AGREED, None, user)
    merge(ramp, bus_ramps, user)  # ramp is a duplicate of bus ramps ...
    merge(bus_ramps, ramps, user)  # ... which is a duplicate of ramps: ramp moves along
    db.session.commit()
    assert (bus_ramps.merged_into_id, ramp.merged_into_id) == (ramps.id, ramps.id)

    assert unmerge(bus_ramps, user) == ramps
    db.session.commit()
    assert bus_ramps.merged_into_id is None
    assert ramp.merged_into_id == bus_ramps.id  # back where it was before
    assert bus_ramps.status == ShoppingStatus.AGREED and bus_ramps.text == "Bus ramps"
    assert _actions()[-1] == (
        "shopping.unmerged",
        bus_ramps.id,
        {"was_merged_into": ramps.id, "restored": [ramp.id]},
    )
    with pytest.raises(InputError, match="not merged"):
        unmerge(bus_ramps, user)


def test_a_merge_that_cannot_happen_changes_nothing(listed):
    group, user, (ramps, bus_ramps, *_) = listed
    other = ShoppingItem(group_id=make_group("Elsewhere").id, text="Ramps")
    db.session.add(other)
    db.session.commit()
    for into, message in [(other, "Choose the item"), (ramps, "into itself"), (None, "Choose")]:
        with pytest.raises(InputError, match=message):
            merge(ramps, into, user)
    merge(bus_ramps, ramps, user)
    with pytest.raises(InputError, match="itself merged"):
        merge(ramps, bus_ramps, user)  # into is merged; ramps is not
    with pytest.raises(InputError, match="already merged"):
        merge(bus_ramps, ramps, user)


def test_agree_many_audits_each_and_skips_what_was_decided(listed):
    _, user, (ramps, bus_ramps, lifts, _ramp) = listed
    set_status(lifts, ShoppingStatus.NOT_POSSIBLE, "No money", user)
    db.session.commit()
    assert agree_all([ramps, bus_ramps, lifts], user) == 2
    db.session.commit()
    assert [i.status for i in (ramps, bus_ramps, lifts)] == [
        ShoppingStatus.AGREED,
        ShoppingStatus.AGREED,
        ShoppingStatus.NOT_POSSIBLE,
    ]
    agreed = [(a, i) for a, i, d in _actions() if d.get("status") == "agreed aim"]
    assert agreed == [("shopping.status", ramps.id), ("shopping.status", bus_ramps.id)]
    with pytest.raises(InputError, match="at least one"):
        agree_all([], user)
