"""A coordinator of one group cannot see another group's pages, recordings or exports."""

import json

import pytest

from tests.web.helpers import post_form, sign_in


def _other_group_urls(world):
    b = world.b
    return [
        f"/meetings/{b.meeting.id}",
        f"/meetings/{b.meeting.id}/edit",
        f"/comments/{b.comment.id}",
        f"/audio/recordings/{b.comment.recording_id}",
        f"/shopping/{b.item.id}",
        f"/people/{b.resident.id}",
        f"/money/meetings/{b.payment.meeting_id}",
        f"/audit?group={b.group.id}",
        f"/exports/payments.csv?group={b.group.id}",
    ]


def test_other_groups_things_are_not_found(coordinator, world):
    for url in _other_group_urls(world):
        assert coordinator.get(url).status_code == 404, url


def test_own_groups_things_are_there(coordinator, world):
    a = world.a
    for url in [
        f"/meetings/{a.meeting.id}",
        f"/comments/{a.comment.id}",
        f"/shopping/{a.item.id}",
        f"/people/{a.resident.id}",
        f"/money/meetings/{a.payment.meeting_id}",
        f"/audit?group={a.group.id}",
    ]:
        assert coordinator.get(url).status_code == 200, url


def test_lists_show_only_own_group(coordinator, world):
    for url in ["/", "/meetings", "/comments", "/shopping", "/people", "/money", "/audit"]:
        html = coordinator.get(url).get_data(as_text=True)
        assert "Group B" not in html and "Resident B" not in html and "Meeting B" not in html, url


@pytest.mark.parametrize("kind", ["feedback", "shopping-list", "attendance", "payments"])
def test_exports_hold_only_own_group(coordinator, world, kind):
    rows = json.loads(coordinator.get(f"/exports/{kind}.json").get_data(as_text=True))
    assert rows, kind
    text = json.dumps(rows)
    assert "Resident A" in text or "Step-free buses A" in text
    assert "Resident B" not in text and "buses B" not in text


def test_changes_to_other_groups_are_refused(coordinator, world):
    page = f"/comments/{world.a.comment.id}"
    assert post_form(coordinator, page, f"/comments/{world.b.comment.id}/review").status_code == 404
    assert post_form(coordinator, page, f"/people/{world.b.resident.id}/pin").status_code == 404
    assert (
        post_form(coordinator, page, f"/money/payments/{world.b.payment.id}/approve").status_code
        == 404
    )


def test_admin_sees_every_group(client, world):
    sign_in(client, world.admin.email)
    assert client.get(f"/comments/{world.b.comment.id}").status_code == 200
    html = client.get("/people").get_data(as_text=True)
    assert "Group A" in html and "Group B" in html


def test_co_chair_sees_what_residents_said_but_not_bank_details(client, world):
    sign_in(client, world.co_chair.email)
    assert "bus" in client.get(f"/comments/{world.a.comment.id}").get_data(as_text=True)
    html = client.get(f"/people/{world.a.resident.id}").get_data(as_text=True)
    assert "87654321" not in html and "Sort code" not in html
    assert post_form(client, "/", f"/people/{world.a.resident.id}/pin").status_code == 403
    assert client.get("/exports/payments.csv").status_code == 403
    assert client.get(f"/people/{world.b.resident.id}").status_code == 404


def test_coordinator_sees_bank_details(coordinator, world):
    html = coordinator.get(f"/people/{world.a.resident.id}").get_data(as_text=True)
    assert "87654321" in html
