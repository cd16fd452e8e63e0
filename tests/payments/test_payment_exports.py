import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.builders import make_coordinator, make_group, make_held_meeting, make_person
from voice_app.attendance import check_in_by_phone, mark_in_person
from voice_app.cli import main
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import ExpenseClaim, Payment, PaymentPreference, PaymentStatus, Person, Role
from voice_app.payments.calculate import calculate_for_meeting
from voice_app.payments.status import approve, mark_paid

MARCH = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
APRIL = datetime(2026, 4, 6, 10, 0, tzinfo=UTC)
# the columns finance had, then the ones added for the payment run (docs/interface.md)
FIELDS = ["person", "meeting_id", "amount_pence", "currency", "preference", "status", "paid_at"]
FIELDS += (
    "meeting_title meeting_date member_number fee_pounds expenses_pounds total_pounds "
    "payment_id approved_by approved_at"
).split()

# like the demo group: name, phone, preference, extra fields
RESIDENTS = [
    ("Amina Hassan", "+447700900101", PaymentPreference.BANK_TRANSFER, {}),
    ("Derek Lewis", "+447700900102", PaymentPreference.VOUCHER, {}),
    ("Tom Price", "+447700900103", PaymentPreference.DECLINED, {}),
    ("Grace Okafor", "+447700900104", PaymentPreference.CHARITY, {"payment_charity": "Mind"}),
    (
        "Sue Lewis",
        "+447700900105",
        PaymentPreference.LOWER_AMOUNT,
        {"payment_lower_amount_pence": 1500},
    ),
]


@pytest.fixture
def demo_like(app):
    """A demo-like group: five residents, an officer, two meetings, every way of attending."""
    group = make_group("Riverside Disability Co-production Group")
    coordinator = make_coordinator(group)
    people = [
        make_person(group, name, phone=phone, payment_preference=pref, **extra)
        for name, phone, pref, extra in RESIDENTS
    ]
    officer = make_person(group, "Mark Bennett", phone="+447700900201", role=Role.OFFICER)
    march = make_held_meeting(group, MARCH, minutes=120, title="March meeting")
    april = make_held_meeting(group, APRIL, minutes=150, title="April workshop")
    for person in people[:3]:
        check_in_by_phone(person, march, "1234", MARCH)
    for person in people[3:] + [officer]:
        mark_in_person(march, person, coordinator)
    for person in people:
        mark_in_person(april, person, coordinator, minutes=95)
    db.session.add(
        ExpenseClaim(meeting_id=march.id, person_id=people[2].id, kind="travel", amount_pence=480)
    )
    db.session.flush()
    calculate_for_meeting(march)
    calculate_for_meeting(april)
    first = db.session.scalar(select(Payment).order_by(Payment.id))
    approve(first, coordinator, at=MARCH + timedelta(days=1))
    mark_paid(first, coordinator, at=MARCH + timedelta(days=2))
    db.session.commit()
    return march, april, coordinator


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_payments_export_adds_up(demo_like):
    march, april, _ = demo_like
    in_db = db.session.scalar(select(func.sum(Payment.amount_pence)))
    # March: 4000, 4000, 480 (declined + travel), 4000 (charity), 1500 (lower); officer nothing
    # April: 95 minutes rounds up to 105 = 3500 each; declined 0; lower amount 1500
    assert in_db == (4000 + 4000 + 480 + 4000 + 1500) + (3500 * 3 + 0 + 1500)
    rows = json.loads(run("export", "payments", "--format", "json").stdout)
    assert all(list(row) == FIELDS for row in rows)
    assert len(rows) == 10
    assert sum(row["amount_pence"] for row in rows) == in_db
    table = list(csv.DictReader(io.StringIO(run("export", "payments", "--format", "csv").stdout)))
    assert list(table[0]) == FIELDS
    assert sum(int(row["amount_pence"]) for row in table) == in_db
    assert {row["preference"] for row in table} == {p.value for _, _, p, _ in RESIDENTS}
    assert [row["status"] for row in table].count("paid") == 1
    assert "Mark Bennett" not in {row["person"] for row in table}


def test_payments_export_for_one_meeting_and_for_a_period(demo_like):
    march, april, _ = demo_like
    by_meeting = json.loads(
        run("export", "payments", "--format", "json", "--meeting", str(april.id)).stdout
    )
    assert {row["meeting_id"] for row in by_meeting} == {april.id}
    assert sum(r["amount_pence"] for r in by_meeting) == 3500 * 3 + 1500
    march_only = json.loads(
        run(
            "export", "payments", "--format", "json", "--from", "2026-03-01", "--to", "2026-03-31"
        ).stdout
    )
    assert {row["meeting_id"] for row in march_only} == {march.id}
    assert len(march_only) == 5
    from_april = run("export", "attendance", "--format", "csv", "--from", "2026-04-06").stdout
    assert len(from_april.strip().splitlines()) == 1 + 5


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--from", "next tuesday"], "not a date"),
        (["--from", "2026-04-01", "--to", "2026-03-01"], "start"),
        (["--meeting", "999"], "no meeting"),
    ],
)
def test_bad_export_filters_are_one_line(demo_like, args, fragment):
    result = run("export", "payments", "--format", "csv", *args)
    assert result.exit_code == 2
    assert fragment in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_filters_are_only_for_attendance_and_payments(demo_like):
    result = run("export", "feedback", "--format", "csv", "--from", "2026-03-01")
    assert result.exit_code == 2


def _pence(pounds: str) -> int:
    whole, _, pence = pounds.partition(".")
    return int(whole) * 100 + int(pence)


def test_finance_columns_say_what_finance_needs(demo_like):
    march, april, coordinator = demo_like
    table = list(csv.DictReader(io.StringIO(run("export", "payments", "--format", "csv").stdout)))
    by_person_meeting = {(row["person"], row["meeting_title"]): row for row in table}
    tom = by_person_meeting[("Tom Price", "March meeting")]  # declined, with a travel claim
    assert (tom["fee_pounds"], tom["expenses_pounds"], tom["total_pounds"]) == (
        "0.00",
        "4.80",
        "4.80",
    )
    assert tom["meeting_date"] == "2026-03-02" and tom["status"] == "pending"
    person = db.session.scalar(select(Person).where(Person.name == "Tom Price"))
    assert tom["member_number"] == person.member_number
    first = table[0]  # approved and paid in the fixture
    assert first["approved_by"] == coordinator.email
    assert first["approved_at"].startswith("2026-03-03")
    assert len({row["payment_id"] for row in table}) == len(table)
    assert all(row["payment_id"].startswith("PAY-") for row in table)
    for row in table:
        assert _pence(row["fee_pounds"]) + _pence(row["expenses_pounds"]) == int(
            row["amount_pence"]
        )
        assert _pence(row["total_pounds"]) == int(row["amount_pence"])


def test_a_declined_residents_nothing_needs_no_approving(demo_like):
    march, april, coordinator = demo_like
    rows = json.loads(
        run("export", "payments", "--format", "json", "--meeting", str(april.id)).stdout
    )
    tom = next(row for row in rows if row["person"] == "Tom Price")
    assert (tom["total_pounds"], tom["status"]) == ("0.00", "nothing to pay")
    zero = db.session.scalar(
        select(Payment).where(Payment.meeting_id == april.id, Payment.amount_pence == 0)
    )
    with pytest.raises(InputError, match="nothing to approve"):
        approve(zero, coordinator)
    # a cost claimed later is money to go out: the payment follows it and needs approving
    db.session.add(
        ExpenseClaim(meeting_id=april.id, person_id=zero.person_id, kind="care", amount_pence=900)
    )
    calculate_for_meeting(april)
    assert (zero.amount_pence, zero.status) == (900, PaymentStatus.PENDING)


def test_the_payment_run_is_approved_payments_not_yet_paid(demo_like):
    march, april, coordinator = demo_like
    pending = db.session.scalars(
        select(Payment).where(Payment.status == PaymentStatus.PENDING).order_by(Payment.id)
    ).all()
    for payment in pending[:2]:
        approve(payment, coordinator)
    db.session.commit()
    rows = json.loads(run("export", "payment-run", "--format", "json").stdout)
    assert [row["payment_id"] for row in rows] == [f"PAY-{p.id:06d}" for p in pending[:2]]
    assert all(row["status"] == "approved" for row in rows)
    only_april = run("export", "payment-run", "--format", "csv", "--meeting", str(april.id))
    assert only_april.stdout.splitlines()[0].split(",") == FIELDS
