from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.builders import make_held_meeting
from voice_app.attendance import mark_in_person
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AuditEntry, PaymentPreference
from voice_app.payments.calculate import calculate_for_meeting
from voice_app.payments.preference import benefits_note, set_payment_preference
from voice_app.payments.status import approve, mark_paid
from voice_app.payments.summary import (
    payment_summary,
    running_totals,
    spoken_amount,
    summary_sentences,
)
from voice_app.prompts import DEFAULT_LANGUAGE as EN

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def setting(group, coordinator, resident):
    return group, coordinator, resident


def paid_meeting(group, coordinator, person, starts_at, minutes):
    meeting = make_held_meeting(group, starts_at, minutes=minutes)
    mark_in_person(meeting, person, coordinator)
    (payment,) = calculate_for_meeting(meeting)
    return payment


def test_summary_totals_and_last_payment(setting):
    group, coordinator, person = setting
    assert summary_sentences(payment_summary(person), "Europe/London", language=EN) == [
        "You have no payments yet."
    ]
    paid = paid_meeting(group, coordinator, person, MONDAY, 60)  # 2000
    approved = paid_meeting(group, coordinator, person, MONDAY + timedelta(days=7), 90)  # 3000
    paid_meeting(group, coordinator, person, MONDAY + timedelta(days=14), 30)  # minimum 2000
    approve(paid, coordinator, at=datetime(2026, 3, 9, 12, tzinfo=UTC))
    mark_paid(paid, coordinator, at=datetime(2026, 3, 10, 12, tzinfo=UTC))
    approve(approved, coordinator)
    db.session.commit()
    summary = payment_summary(person)
    assert (summary.paid_pence, summary.approved_pence, summary.pending_pence) == (
        2000,
        3000,
        2000,
    )
    assert summary.last_paid_at == datetime(2026, 3, 10, 12, tzinfo=UTC)
    sentences = summary_sentences(summary, "Europe/London", language=EN)
    assert sentences[0] == "You have been paid 20 pounds."
    assert sentences[1].startswith("30 pounds is approved")
    assert "Tuesday 10 March 2026" in sentences[3]


@pytest.mark.parametrize(
    "pence, words",
    [
        (1250, "12 pounds 50"),
        (100, "1 pound"),
        (105, "1 pound 5"),
        (75, "75 pence"),
        (1, "1 penny"),
        (0, "nothing"),
    ],
)
def test_spoken_amounts(app, pence, words):
    assert spoken_amount(pence, EN) == words


def test_running_totals_by_week_and_month_beside_limits(setting):
    group, coordinator, person = setting
    group.weekly_payment_limit_pence = 3000
    group.monthly_payment_limit_pence = 10000
    paid_meeting(group, coordinator, person, MONDAY, 60)  # 2000 in week 1
    paid_meeting(group, coordinator, person, MONDAY + timedelta(days=2), 60)  # 2000 in week 1
    paid_meeting(group, coordinator, person, MONDAY + timedelta(days=7), 60)  # week 2
    paid_meeting(group, coordinator, person, datetime(2026, 2, 27, 10, tzinfo=UTC), 60)  # Feb
    db.session.commit()
    totals = running_totals(person, group, at=MONDAY + timedelta(days=3))
    assert totals.week_start.isoformat() == "2026-03-02"
    assert totals.week_pence == 4000 and totals.over_weekly
    assert totals.month_pence == 6000 and not totals.over_monthly
    assert (totals.weekly_limit_pence, totals.monthly_limit_pence) == (3000, 10000)


def test_preference_choices_are_checked_and_audited(setting):
    _, _, person = setting
    with pytest.raises(InputError) as caught:
        set_payment_preference(person, "lower amount", "phone:+447700900001")
    assert caught.value.field == "lower_amount_pence"
    with pytest.raises(InputError):
        set_payment_preference(person, "charity", "phone:+447700900001")
    with pytest.raises(InputError):
        set_payment_preference(person, "cash in hand", "phone:+447700900001")
    set_payment_preference(person, "lower amount", "user:1", lower_amount_pence=1500)
    assert person.payment_preference == PaymentPreference.LOWER_AMOUNT
    set_payment_preference(person, PaymentPreference.DECLINED, "user:1")
    assert person.payment_lower_amount_pence is None
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "person.payment_preference")
    ).all()
    assert [e.detail["after"] for e in entries] == ["lower amount", "declined"]


def test_benefits_note_says_income_advice_and_choice(app):
    note = benefits_note(EN)
    assert "income" in note and "benefits" in note
    assert "advice" in note and "choice is yours" in note
