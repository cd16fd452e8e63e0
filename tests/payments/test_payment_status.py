from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.builders import make_coordinator, make_group, make_held_meeting
from voice_app.attendance import mark_in_person
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AuditEntry, PaymentStatus
from voice_app.payments.calculate import calculate_for_meeting
from voice_app.payments.status import approve, correct, mark_paid

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def setting(group, coordinator, resident):
    meeting = make_held_meeting(group, START, minutes=60)
    mark_in_person(meeting, resident, coordinator)
    (payment,) = calculate_for_meeting(meeting)
    db.session.commit()
    return coordinator, resident, meeting, payment


def actions() -> list[str]:
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_approve_then_pay_records_who_and_when(setting):
    coordinator, _, _, payment = setting
    approved_at = START + timedelta(days=1)
    approve(payment, coordinator, at=approved_at)
    assert payment.status == PaymentStatus.APPROVED
    assert (payment.approved_by_user_id, payment.approved_at) == (coordinator.id, approved_at)
    paid_at = START + timedelta(days=3)
    mark_paid(payment, coordinator, at=paid_at)
    db.session.commit()
    assert payment.status == PaymentStatus.PAID
    assert (payment.paid_by_user_id, payment.paid_at) == (coordinator.id, paid_at)
    assert actions()[-2:] == ["payment.approved", "payment.paid"]


def test_cannot_pay_before_approving(setting):
    coordinator, _, _, payment = setting
    with pytest.raises(InputError, match="Approve"):
        mark_paid(payment, coordinator)
    assert payment.status == PaymentStatus.PENDING


def test_cannot_approve_or_pay_twice(setting):
    coordinator, _, _, payment = setting
    approve(payment, coordinator)
    with pytest.raises(InputError, match="already approved"):
        approve(payment, coordinator)
    mark_paid(payment, coordinator)
    with pytest.raises(InputError, match="already marked paid"):
        mark_paid(payment, coordinator)
    with pytest.raises(InputError):
        approve(payment, coordinator)


def test_paid_date_cannot_come_before_approval(setting):
    coordinator, _, _, payment = setting
    approve(payment, coordinator, at=START + timedelta(days=2))
    with pytest.raises(InputError, match="before it was approved"):
        mark_paid(payment, coordinator, at=START + timedelta(days=1))


def test_correction_needs_a_reason_and_is_audited(setting):
    coordinator, _, meeting, payment = setting
    with pytest.raises(InputError) as caught:
        correct(payment, 2500, "   ", coordinator)
    assert caught.value.field == "reason"
    correct(payment, 2500, "Stayed on for the workshop after", coordinator)
    db.session.commit()
    assert payment.amount_pence == 2500
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "payment.corrected"))
    assert entry.actor == f"user:{coordinator.id}"
    assert entry.detail["previous_amount_pence"] == 2000
    assert entry.detail["amount_pence"] == 2500
    assert entry.detail["reason"] == "Stayed on for the workshop after"
    # recalculating never undoes a coordinator's correction
    calculate_for_meeting(meeting)
    assert payment.amount_pence == 2500


@pytest.mark.parametrize("amount", [-1, 10.5, True, 2_000_000])
def test_correction_amounts_are_whole_pence_in_range(setting, amount):
    coordinator, _, _, payment = setting
    with pytest.raises(InputError):
        correct(payment, amount, "typo", coordinator)
    assert payment.amount_pence == 2000


def test_correcting_an_approved_payment_needs_approval_again(setting):
    coordinator, _, _, payment = setting
    approve(payment, coordinator)
    correct(payment, 1800, "Left early", coordinator)
    assert payment.status == PaymentStatus.PENDING and payment.approved_by_user_id is None
    with pytest.raises(InputError):
        mark_paid(payment, coordinator)


def test_a_paid_payment_cannot_be_corrected(setting):
    coordinator, _, _, payment = setting
    approve(payment, coordinator)
    mark_paid(payment, coordinator)
    with pytest.raises(InputError, match="paid"):
        correct(payment, 100, "oops", coordinator)
    assert payment.amount_pence == 2000


def test_only_the_groups_coordinators_and_never_for_themselves(setting):
    coordinator, person, _, payment = setting
    outsider = make_coordinator(make_group("Elsewhere"), "other@example.org")
    with pytest.raises(InputError, match="coordinator"):
        approve(payment, outsider)
    coordinator.person_id = person.id
    with pytest.raises(InputError, match="own payment"):
        approve(payment, coordinator)
    assert payment.status == PaymentStatus.PENDING
