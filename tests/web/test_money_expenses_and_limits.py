"""Expense claims on a meeting's money page, and running totals beside the group's limits."""

import pytest
from sqlalchemy import select

from tests.builders import make_held_meeting
from tests.web.helpers import post_form, sign_in
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    AttendanceMethod,
    AuditEntry,
    ExpenseClaim,
    Payment,
    PaymentPreference,
    utcnow,
)


def test_add_a_claim_and_work_out_payments_again(coordinator, world):
    meeting_id = world.a.payment.meeting_id
    page = f"/money/meetings/{meeting_id}"
    html = coordinator.get(page).get_data(as_text=True)
    assert "Add a claim" in html and f'<option value="{world.a.resident.id}"' in html
    data = {"person": world.a.resident.id, "kind": "travel", "amount": "£12.5", "note": "Taxi"}
    response = post_form(coordinator, page, f"{page}/expenses", data)
    assert response.status_code == 302
    claim = db.session.scalar(select(ExpenseClaim))
    assert (claim.kind, claim.amount_pence, claim.note) == ("travel", 1250, "Taxi")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "expense_claim.added"))
    assert post_form(coordinator, page, f"{page}/calculate").status_code == 302
    payment = db.session.get(Payment, world.a.payment.id)
    db.session.refresh(payment)
    assert payment.expenses_pence == 1250 and payment.amount_pence == 4000 + 1250
    html = coordinator.get(page).get_data(as_text=True)
    assert "Travel and care costs" in html and "£12.50" in html
    assert '<th scope="col">Preparation</th>' in html and '<th scope="col">Expenses</th>' in html


@pytest.mark.parametrize(
    "amount, kind, message",
    [
        ("abc", "travel", "not an amount in pounds"),
        ("-1", "travel", "not an amount in pounds"),
        ("20.005", "travel", "not an amount in pounds"),
        ("0", "travel", "more than £0"),
        ("12", "lunch", "Not a valid choice"),
    ],
)
def test_bad_claims_are_refused_beside_their_fields(coordinator, world, amount, kind, message):
    page = f"/money/meetings/{world.a.payment.meeting_id}"
    data = {"person": world.a.resident.id, "kind": kind, "amount": amount}
    response = post_form(coordinator, page, f"{page}/expenses", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and "There is a problem" in html
    field = "kind" if kind == "lunch" else "amount"
    assert f'id="{field}-error"' in html
    assert db.session.scalar(select(ExpenseClaim)) is None


def test_only_residents_who_attended_are_offered(coordinator, world):
    page = f"/money/meetings/{world.a.meeting.id}"  # nobody has attended the upcoming one
    assert "Mark their attendance first" in coordinator.get(page).get_data(as_text=True)
    data = {"person": world.a.resident.id, "kind": "travel", "amount": "5"}
    assert post_form(coordinator, page, f"{page}/expenses", data).status_code == 400


@pytest.fixture
def paid_today(world):
    """A meeting now (so in this week and month, wherever the week falls) paid £60."""
    meeting = make_held_meeting(world.a.group, utcnow(), title="Workshop today")
    db.session.add(
        Attendance(
            meeting_id=meeting.id,
            person_id=world.a.resident.id,
            method=AttendanceMethod.IN_PERSON,
            minutes=120,
        )
    )
    db.session.add(
        Payment(
            meeting_id=meeting.id,
            person_id=world.a.resident.id,
            amount_pence=6000,
            preference=PaymentPreference.BANK_TRANSFER,
        )
    )
    world.a.group.weekly_payment_limit_pence = 5000
    db.session.commit()
    return meeting


def test_person_page_shows_totals_beside_limits_with_a_written_warning(
    coordinator, world, paid_today
):
    html = coordinator.get(f"/people/{world.a.resident.id}").get_data(as_text=True)
    assert "Paid this week and this month" in html
    assert "Limit £50.00" in html and "Over the weekly limit by" in html
    assert "No monthly limit" in html and "over a payment limit" in html
    assert "they can affect welfare benefits. Free, independent advice" in html
    assert "Bank transfer" in html


def test_money_overview_lists_running_totals(coordinator, world, paid_today):
    html = coordinator.get("/money").get_data(as_text=True)
    assert "Running totals this week and month" in html
    assert "Resident A" in html and "Over the weekly limit by" in html
    assert "Resident B" not in html
    assert "they can affect welfare benefits" in html


def test_no_warning_under_the_limit(coordinator, world, paid_today):
    world.a.group.weekly_payment_limit_pence = 1_000_000
    db.session.commit()
    html = coordinator.get(f"/people/{world.a.resident.id}").get_data(as_text=True)
    assert "Over the" not in html and "Limit £10,000.00" in html


def test_co_chairs_do_not_see_money_totals(client, world, paid_today):
    sign_in(client, world.co_chair.email)
    html = client.get(f"/people/{world.a.resident.id}").get_data(as_text=True)
    assert "Paid this week and this month" not in html and "£60.00" not in html
