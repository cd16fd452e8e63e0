import pytest
from sqlalchemy import select

from tests.builders import make_coordinator, make_group
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AuditEntry, PaymentPolicy, PolicyKind
from voice_app.payments.policy import fee_pence, policy_for, rounded_minutes, update_policy


@pytest.mark.parametrize(
    "minutes, mode, expected",
    [
        (60, "up", 60),  # exactly on a boundary stays
        (61, "up", 75),  # one minute over goes up a whole step
        (74, "down", 60),
        (75, "down", 75),
        (67, "nearest", 60),
        (68, "nearest", 75),  # 7.5 minutes is half of 15: 8 rounds up
        (0, "up", 0),
    ],
)
def test_rounding(minutes, mode, expected):
    assert rounded_minutes(minutes, 15, mode) == expected


def test_nearest_rounds_an_exact_half_up():
    assert rounded_minutes(65, 10, "nearest") == 70
    assert rounded_minutes(64, 10, "nearest") == 60


def hourly(**fields) -> PaymentPolicy:
    values = dict(
        kind=PolicyKind.HOURLY,
        hourly_rate_pence=2000,
        rounding_minutes=15,
        rounding_mode="up",
        minimum_pence=2000,
    )
    values.update(fields)
    return PaymentPolicy(**values)


@pytest.mark.parametrize(
    "minutes, expected",
    [
        (120, 4000),  # on a boundary
        (121, 4500),  # one minute over: 135 minutes
        (60, 2000),
        (10, 2000),  # the minimum
        (0, 0),  # no time, no fee (not even the minimum)
    ],
)
def test_hourly_fee(minutes, expected):
    assert fee_pence(hourly(), minutes) == expected


def test_minimum_applies_when_rounding_down_leaves_nothing():
    assert fee_pence(hourly(rounding_mode="down"), 14) == 2000


def test_fee_is_rounded_to_the_nearest_penny_in_integers():
    policy = hourly(hourly_rate_pence=1234, minimum_pence=0)
    assert fee_pence(policy, 15) == 309  # 308.5p rounds up
    assert fee_pence(hourly(hourly_rate_pence=1001, minimum_pence=0, rounding_minutes=1), 1) == 17
    assert isinstance(fee_pence(policy, 15), int)


@pytest.mark.parametrize("minutes, expected", [(1, 7500), (240, 7500), (241, 15000), (0, 0)])
def test_session_half_day_up_to_the_threshold_then_full_day(minutes, expected):
    policy = PaymentPolicy(
        kind=PolicyKind.SESSION,
        half_day_pence=7500,
        full_day_pence=15000,
        half_day_max_minutes=240,
    )
    assert fee_pence(policy, minutes) == expected


def test_new_groups_get_the_documented_defaults(app):
    policy = policy_for(make_group("Riverside"))
    assert policy.kind == PolicyKind.HOURLY
    assert (policy.hourly_rate_pence, policy.rounding_minutes, policy.rounding_mode) == (
        2000,
        15,
        "up",
    )
    assert (policy.minimum_pence, policy.half_day_pence, policy.full_day_pence) == (
        2000,
        7500,
        15000,
    )
    assert policy.half_day_max_minutes == 240
    assert policy.pay_preparation and policy.preparation_cap_minutes == 60


def test_update_policy_is_checked_and_audited(app):
    group = make_group("Riverside")
    coordinator = make_coordinator(group)
    policy = update_policy(
        group,
        coordinator,
        kind="session",
        full_day_pence=16000,
        weekly_payment_limit_pence=10000,
    )
    db.session.commit()
    assert policy.kind == PolicyKind.SESSION and policy.full_day_pence == 16000
    assert group.weekly_payment_limit_pence == 10000
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "payment_policy.updated")
    )
    assert entry.actor == f"user:{coordinator.id}"
    assert entry.detail["changes"]["full_day_pence"] == [15000, 16000]
    assert entry.detail["changes"]["kind"] == ["hourly", "session"]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"rounding_mode": "sideways"}, "rounding_mode"),
        ({"hourly_rate_pence": -1}, "hourly_rate_pence"),
        ({"hourly_rate_pence": 20.5}, "hourly_rate_pence"),
        ({"rounding_minutes": 0}, "rounding_minutes"),
        ({"kind": "monthly"}, "kind"),
        ({"half_day_pence": 20000}, "half_day_pence"),
        ({"pay_preparation": "yes"}, "pay_preparation"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_policy_changes_are_refused_and_change_nothing(app, changes, field):
    group = make_group("Riverside")
    coordinator = make_coordinator(group)
    with pytest.raises(InputError) as caught:
        update_policy(group, coordinator, **changes)
    assert caught.value.field == field
    db.session.rollback()
    assert policy_for(group).hourly_rate_pence == 2000
    assert (
        db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("payment_policy%")))
        is None
    )


def test_only_coordinators_change_the_policy(app):
    group = make_group("Riverside")
    outsider = make_coordinator(make_group("Elsewhere"), "other@example.org")
    with pytest.raises(InputError, match="coordinator"):
        update_policy(group, outsider, hourly_rate_pence=2500)
