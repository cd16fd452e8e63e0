from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.builders import make_coordinator, make_held_meeting, make_person
from voice_app.attendance import mark_in_person
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AuditEntry, ExpenseClaim, PaymentPreference, Role
from voice_app.payments.calculate import calculate_for_meeting
from voice_app.payments.expenses import add_expense_claim
from voice_app.payments.status import approve

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def meeting(group, coordinator, resident):
    found = make_held_meeting(group, START, minutes=60)
    mark_in_person(found, resident, coordinator)
    db.session.commit()
    return found


def test_a_claim_is_paid_on_top_and_audited(meeting, resident, coordinator):
    claim = add_expense_claim(meeting, resident, "travel", 1250, " Taxi both ways ", coordinator)
    db.session.commit()
    assert (claim.kind, claim.amount_pence, claim.note) == ("travel", 1250, "Taxi both ways")
    [payment] = calculate_for_meeting(meeting)
    assert (payment.attendance_pence, payment.expenses_pence) == (2000, 1250)
    assert payment.amount_pence == 3250
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "expense_claim.added"))
    assert entry.actor == f"user:{coordinator.id}" and entry.group_id == meeting.group_id
    assert entry.detail["amount_pence"] == 1250 and entry.detail["person_id"] == resident.id


def test_a_claim_is_paid_even_when_the_fee_is_declined(meeting, resident, coordinator):
    resident.payment_preference = PaymentPreference.DECLINED
    add_expense_claim(meeting, resident, "care", 4000, None, coordinator)
    [payment] = calculate_for_meeting(meeting)
    assert payment.amount_pence == 4000


@pytest.mark.parametrize(
    "kind, amount, note, field",
    [
        ("lunch", 500, None, "kind"),
        ("travel", 0, None, "amount"),
        ("travel", -100, None, "amount"),
        ("travel", 100_001, None, "amount"),
        ("travel", "12.50", None, "amount"),
        ("travel", 500, "x" * 501, "note"),
    ],
)
def test_bad_claims_are_refused_on_their_field(
    meeting, resident, coordinator, kind, amount, note, field
):
    with pytest.raises(InputError) as refused:
        add_expense_claim(meeting, resident, kind, amount, note, coordinator)
    assert refused.value.field == field
    assert db.session.scalar(select(ExpenseClaim)) is None


def test_only_residents_who_attended_can_claim(group, meeting, coordinator):
    absent = make_person(group, "Not There", phone="+447700900002")
    officer = make_person(group, "Officer", phone="+447700900003", role=Role.OFFICER)
    mark_in_person(meeting, officer, coordinator)
    for person in (absent, officer):
        with pytest.raises(InputError, match="not recorded as a resident who attended"):
            add_expense_claim(meeting, person, "travel", 500, None, coordinator)


def test_a_settled_payment_is_not_silently_left_out(meeting, resident, coordinator, group):
    [payment] = calculate_for_meeting(meeting)
    other = make_coordinator(group, "second@example.org")
    approve(payment, other)
    with pytest.raises(InputError, match="already approved"):
        add_expense_claim(meeting, resident, "travel", 500, None, coordinator)


def test_only_the_groups_coordinator_can_add_a_claim(app, meeting, resident):
    from tests.builders import make_group

    stranger = make_coordinator(make_group("Elsewhere"), "elsewhere@example.org")
    with pytest.raises(InputError, match="Only a coordinator"):
        add_expense_claim(meeting, resident, "travel", 500, None, stranger)
