import pytest
from sqlalchemy import select

from tests.builders import make_coordinator, make_group
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.group_settings import retry_schedule_text, update_group_settings
from voice_app.models import AuditEntry, StaffRole


@pytest.fixture
def group(app):
    return make_group("Riverside")


@pytest.fixture
def coordinator(group):
    return make_coordinator(group)


def _entries(action):
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    ).all()


def test_each_changed_setting_is_applied_and_audited(group, coordinator):
    changed = update_group_settings(
        group,
        coordinator,
        name="  Riverside   Access Group ",
        guests_allowed=True,
        coordinator_phone="07700 900999",
        phone_number="",
        papers_deadline_days=10,
        min_notice_days=21,
        free_callback=False,  # unchanged
        outbound_retry_minutes="10, 30",
        outbound_daily_cap=50,
        weekly_payment_limit_pence=5000,
        monthly_payment_limit_pence=None,  # unchanged
    )
    db.session.commit()
    assert set(changed) == {
        "name",
        "guests_allowed",
        "coordinator_phone",
        "papers_deadline_days",
        "min_notice_days",
        "outbound_retry_minutes",
        "outbound_daily_cap",
        "weekly_payment_limit_pence",
    }
    assert group.name == "Riverside Access Group"
    assert group.coordinator_phone == "+447700900999"
    assert group.outbound_retry_minutes == "10,30"
    assert group.weekly_payment_limit_pence == 5000
    entries = _entries("group.setting_changed")
    assert [e.detail["setting"] for e in entries] == [
        n for n in changed if n != "weekly_payment_limit_pence"
    ]
    deadline = next(e for e in entries if e.detail["setting"] == "papers_deadline_days")
    assert (deadline.detail["before"], deadline.detail["after"]) == (7, 10)
    assert all(e.actor == f"user:{coordinator.id}" and e.group_id == group.id for e in entries)
    [limits] = _entries("payment_policy.updated")
    assert limits.detail["changes"] == {"weekly_payment_limit_pence": [None, 5000]}


def test_saving_unchanged_settings_records_nothing(group, coordinator):
    assert update_group_settings(group, coordinator, name="Riverside", min_notice_days=14) == []
    assert _entries("group.setting_changed") == []


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name": "   "}, "name"),
        ({"name": "Other"}, "name"),  # taken
        ({"coordinator_phone": "not a number"}, "coordinator_phone"),
        ({"phone_number": "+447700900500"}, "phone_number"),  # Other's number
        ({"papers_deadline_days": 0}, "papers_deadline_days"),
        ({"papers_deadline_days": 20}, "papers_deadline_days"),  # more than 14 days' notice
        ({"min_notice_days": 3}, "papers_deadline_days"),  # less than the 7-day deadline
        ({"outbound_daily_cap": -1}, "outbound_daily_cap"),
        ({"outbound_retry_minutes": "15,soon"}, "outbound_retry_minutes"),
        ({"outbound_retry_minutes": "0"}, "outbound_retry_minutes"),
        ({"guests_allowed": "yes"}, "guests_allowed"),
        ({"phone_voice": "Polly.Amy"}, "phone_voice"),  # the robotic standard voice: not offered
        ({"papers_by_say": "yes"}, "papers_by_say"),
        ({"weekly_payment_limit_pence": -5}, "weekly_payment_limit_pence"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_settings_are_refused_on_their_field(group, coordinator, changes, field):
    make_group("Other", phone_number="+447700900500")
    with pytest.raises(InputError) as refused:
        update_group_settings(group, coordinator, **changes)
    assert refused.value.field == field
    db.session.rollback()
    assert _entries("group.setting_changed") == []


def test_only_a_coordinator_of_the_group_may_change_it(group):
    co_chair = make_coordinator(group, "co-chair@example.org")
    co_chair.group_roles[0].role = StaffRole.CO_CHAIR
    with pytest.raises(InputError, match="Only a coordinator"):
        update_group_settings(group, co_chair, guests_allowed=True)


def test_retry_schedule_text():
    assert retry_schedule_text(" 15 , 60,240 ") == "15,60,240"
    assert retry_schedule_text("") == ""
    with pytest.raises(InputError):
        retry_schedule_text(",".join(["5"] * 11))


def test_the_phone_voice_and_papers_by_say_are_settings(group, coordinator):
    changed = update_group_settings(
        group, coordinator, phone_voice="Google.en-GB-Neural2-C", papers_by_say=True
    )
    assert set(changed) == {"phone_voice", "papers_by_say"}
    assert group.phone_voice == "Google.en-GB-Neural2-C" and group.papers_by_say is True
