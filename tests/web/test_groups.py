"""Group settings and payment policy pages: coordinators of the group and admins only."""

import re

import pytest
from sqlalchemy import select

from tests.web.helpers import post_form, sign_in
from voice_app.extensions import db
from voice_app.models import AuditEntry, PaymentPolicy, PolicyKind


def _settings(world, **changes) -> dict:
    group = world.a.group
    data = {
        "name": group.name,
        "coordinator_phone": "",
        "phone_number": "",
        "phone_voice": "Polly.Amy-Neural",
        "papers_deadline_days": "7",
        "min_notice_days": "14",
        "outbound_retry_minutes": "15,60,240",
        "outbound_daily_cap": "200",
        "weekly_payment_limit_pence": "",
        "monthly_payment_limit_pence": "",
    }
    data.update(changes)
    return data


def _policy(**changes) -> dict:
    data = {
        "kind": "hourly",
        "hourly_rate_pence": "20.00",
        "rounding_minutes": "15",
        "rounding_mode": "up",
        "minimum_pence": "20.00",
        "half_day_pence": "75.00",
        "full_day_pence": "150.00",
        "half_day_max_minutes": "240",
        "pay_preparation": "y",
        "preparation_cap_minutes": "60",
    }
    data.update(changes)
    return data


def test_groups_page_links_settings_from_the_navigation(coordinator, world):
    html = coordinator.get("/").get_data(as_text=True)
    assert 'href="/groups"' in html and 'href="/sent"' in html
    html = coordinator.get("/groups").get_data(as_text=True)
    assert f"/groups/{world.a.group.id}/settings" in html
    assert f"/groups/{world.a.group.id}/payment-policy" in html
    assert "Group B" not in html


def test_settings_are_saved_and_each_change_audited(coordinator, world):
    page = f"/groups/{world.a.group.id}/settings"
    data = _settings(
        world,
        guests_allowed="y",
        coordinator_phone="07700 900999",
        weekly_payment_limit_pence="£1,200.50",
        outbound_retry_minutes="10, 20",
    )
    assert post_form(coordinator, page, page, data).status_code == 302
    group = world.a.group
    db.session.refresh(group)
    assert group.guests_allowed and group.coordinator_phone == "+447700900999"
    assert group.weekly_payment_limit_pence == 120050 and group.monthly_payment_limit_pence is None
    assert group.outbound_retry_minutes == "10,20"
    settings = db.session.scalars(
        select(AuditEntry.detail).where(AuditEntry.action == "group.setting_changed")
    ).all()
    assert sorted(d["setting"] for d in settings) == [
        "coordinator_phone",
        "guests_allowed",
        "outbound_retry_minutes",
    ]
    html = coordinator.get(page).get_data(as_text=True)
    assert 'value="1200.50"' in html and 'value="+447700900999"' in html


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"papers_deadline_days": "20"}, "papers_deadline_days", "papers would be late"),
        ({"phone_number": "call the office"}, "phone_number", "not a phone number"),
        ({"outbound_retry_minutes": "soon"}, "outbound_retry_minutes", "separated by commas"),
        ({"monthly_payment_limit_pence": "20.005"}, "monthly_payment_limit_pence", "not an amount"),
        ({"name": "Group B"}, "name", "already called"),
    ],
)
def test_settings_errors_are_tied_to_their_fields(coordinator, world, changes, field, message):
    page = f"/groups/{world.a.group.id}/settings"
    response = post_form(coordinator, page, page, _settings(world, **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error: " in html
    assert f'id="{field}-error"' in html
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error"', html) or re.search(
        rf'aria-describedby="[^"]*{field}-error"[^>]*id="{field}"', html
    )
    assert message in html
    db.session.refresh(world.a.group)
    assert world.a.group.name == "Group A" and world.a.group.papers_deadline_days == 7


def test_policy_page_shows_the_documented_defaults(coordinator, world):
    html = coordinator.get(f"/groups/{world.a.group.id}/payment-policy").get_data(as_text=True)
    for default in ("Default £20.00.", "Default £75.00.", "Default £150.00.", "Default 15 minutes"):
        assert default in html
    assert 'value="20.00"' in html


@pytest.mark.parametrize(
    "text, pence",
    [("20", 2000), ("20.5", 2050), ("20.05", 2005), ("£1,200.50", 120050)],
)
def test_policy_amounts_in_pounds_become_pence(coordinator, world, text, pence):
    page = f"/groups/{world.a.group.id}/payment-policy"
    data = _policy(kind="session", full_day_pence=text, half_day_pence="10")
    assert post_form(coordinator, page, page, data).status_code == 302
    policy = db.session.scalar(
        select(PaymentPolicy).where(PaymentPolicy.group_id == world.a.group.id)
    )
    db.session.refresh(policy)
    assert (policy.kind, policy.full_day_pence, policy.half_day_pence) == (
        PolicyKind.SESSION,
        pence,
        1000,
    )
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "payment_policy.updated")
    )
    assert entry.detail["changes"]["full_day_pence"] == [15000, pence]


@pytest.mark.parametrize("text", ["abc", "-1", "20.005", ""])
def test_policy_refuses_amounts_that_are_not_pounds(coordinator, world, text):
    page = f"/groups/{world.a.group.id}/payment-policy"
    response = post_form(coordinator, page, page, _policy(hourly_rate_pence=text))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="hourly_rate_pence-error"' in html
    assert (
        db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("payment_policy%")))
        is None
    )


def test_policy_amounts_have_a_ceiling_said_in_pounds(coordinator, world):
    page = f"/groups/{world.a.group.id}/payment-policy"
    response = post_form(coordinator, page, page, _policy(hourly_rate_pence="1,000.01"))
    assert response.status_code == 400
    assert "the most allowed here, £1,000." in response.get_data(as_text=True)


def test_policy_checks_land_beside_their_fields(coordinator, world):
    page = f"/groups/{world.a.group.id}/payment-policy"
    data = _policy(half_day_pence="200", full_day_pence="100")
    response = post_form(coordinator, page, page, data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="half_day_pence-error"' in html and "cannot pay more than a full day" in html


def test_co_chairs_may_not_change_settings_or_policy(client, world):
    sign_in(client, world.co_chair.email)
    for page in (
        f"/groups/{world.a.group.id}/settings",
        f"/groups/{world.a.group.id}/payment-policy",
    ):
        assert client.get(page).status_code == 403
        assert post_form(client, "/groups", page, _policy()).status_code == 403
    assert "Ask a coordinator" in client.get("/groups").get_data(as_text=True)


def test_admin_may_change_any_group(client, world):
    sign_in(client, world.admin.email)
    page = f"/groups/{world.b.group.id}/settings"
    data = _settings(world, name="Group B", outbound_daily_cap="20")
    assert post_form(client, page, page, data).status_code == 302
    db.session.refresh(world.b.group)
    assert world.b.group.outbound_daily_cap == 20
