from datetime import UTC, datetime

from sqlalchemy import select

from tests.builders import make_held_meeting, make_person
from voice_app.attendance import mark_in_person
from voice_app.extensions import db
from voice_app.models import (
    AuditEntry,
    ExpenseClaim,
    ListeningTime,
    Paper,
    Payment,
    PaymentPreference,
    PaymentStatus,
    Role,
)
from voice_app.payments.calculate import calculate_for_meeting
from voice_app.payments.policy import update_policy
from voice_app.payments.status import approve

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def attend(group, coordinator, minutes=60, name="Amina Hassan", phone="+447700900001", **fields):
    person = make_person(group, name, phone=phone, **fields)
    meeting = make_held_meeting(group, START, minutes=minutes)
    mark_in_person(meeting, person, coordinator)
    db.session.commit()
    return meeting, person


def listened(meeting, person, seconds: int) -> None:
    paper = Paper(meeting_id=meeting.id, title="Agenda")
    db.session.add(paper)
    db.session.flush()
    db.session.add(
        ListeningTime(
            person_id=person.id,
            meeting_id=meeting.id,
            paper_id=paper.id,
            call_sid="CA" + "9" * 32,
            section_position=0,
            seconds=seconds,
        )
    )
    db.session.commit()


def only_payment(meeting) -> Payment:
    payments = calculate_for_meeting(meeting)
    db.session.commit()
    assert len(payments) == 1
    return payments[0]


def test_an_hour_in_person_pays_the_hourly_rate(group, coordinator):
    meeting, person = attend(group, coordinator, minutes=60)
    payment = only_payment(meeting)
    assert payment.person_id == person.id
    assert payment.attendance_pence == 2000 and payment.amount_pence == 2000
    assert payment.preference == PaymentPreference.BANK_TRANSFER
    assert payment.status == PaymentStatus.PENDING


def test_preparation_is_paid_up_to_the_cap(group, coordinator):
    meeting, person = attend(group, coordinator, minutes=60)
    listened(meeting, person, 30 * 60)
    assert only_payment(meeting).preparation_pence == 1000
    listened(meeting, person, 60 * 60)  # 90 minutes in all; the cap is 60
    payment = only_payment(meeting)
    assert payment.preparation_pence == 2000
    assert payment.amount_pence == 4000


def test_preparation_can_be_switched_off(group, coordinator):
    update_policy(group, coordinator, pay_preparation=False)
    meeting, person = attend(group, coordinator, minutes=60)
    listened(meeting, person, 30 * 60)
    assert only_payment(meeting).amount_pence == 2000


def test_session_preparation_counts_toward_a_full_day(group, coordinator):
    update_policy(group, coordinator, kind="session")
    meeting, person = attend(group, coordinator, minutes=210)
    assert only_payment(meeting).amount_pence == 7500
    listened(meeting, person, 31 * 60)  # 241 minutes in all: a full day
    payment = only_payment(meeting)
    assert (payment.attendance_pence, payment.preparation_pence) == (7500, 7500)
    assert payment.amount_pence == 15000


def test_declined_is_recorded_with_no_fee(group, coordinator):
    meeting, person = attend(group, coordinator, payment_preference=PaymentPreference.DECLINED)
    payment = only_payment(meeting)
    assert payment.preference == PaymentPreference.DECLINED
    assert payment.amount_pence == 0
    assert payment.attendance_pence == 2000  # what the time was worth, for the record


def test_declined_still_gets_travel_costs_back(group, coordinator):
    meeting, person = attend(group, coordinator, payment_preference=PaymentPreference.DECLINED)
    db.session.add(
        ExpenseClaim(meeting_id=meeting.id, person_id=person.id, kind="travel", amount_pence=640)
    )
    db.session.commit()
    payment = only_payment(meeting)
    assert payment.amount_pence == payment.expenses_pence == 640


def test_lower_amount_caps_the_fee_not_the_expenses(group, coordinator):
    meeting, person = attend(
        group,
        coordinator,
        minutes=120,
        payment_preference=PaymentPreference.LOWER_AMOUNT,
        payment_lower_amount_pence=1500,
    )
    db.session.add(
        ExpenseClaim(meeting_id=meeting.id, person_id=person.id, kind="care", amount_pence=1200)
    )
    db.session.commit()
    payment = only_payment(meeting)
    assert payment.attendance_pence == 4000
    assert payment.amount_pence == 1500 + 1200
    assert payment.preference == PaymentPreference.LOWER_AMOUNT


def test_a_lower_amount_above_the_fee_changes_nothing(group, coordinator):
    meeting, _ = attend(
        group,
        coordinator,
        payment_preference=PaymentPreference.LOWER_AMOUNT,
        payment_lower_amount_pence=5000,
    )
    assert only_payment(meeting).amount_pence == 2000


def test_charity_is_paid_in_full_and_marked(group, coordinator):
    meeting, _ = attend(
        group,
        coordinator,
        payment_preference=PaymentPreference.CHARITY,
        payment_charity="Riverside Food Bank",
    )
    payment = only_payment(meeting)
    assert payment.preference == PaymentPreference.CHARITY and payment.amount_pence == 2000


def test_officers_are_not_paid(group, coordinator):
    officer = make_person(group, "Mark Bennett", role=Role.OFFICER)
    meeting = make_held_meeting(group, START)
    mark_in_person(meeting, officer, coordinator)
    assert calculate_for_meeting(meeting) == []


def test_recalculation_is_idempotent_and_follows_pending_only(group, coordinator):
    meeting, person = attend(group, coordinator, minutes=60)
    other = make_person(group, "Derek Lewis", phone="+447700900002")
    mark_in_person(meeting, other, coordinator)
    first = calculate_for_meeting(meeting)
    db.session.commit()
    again = calculate_for_meeting(meeting)
    db.session.commit()
    assert [p.id for p in first] == [p.id for p in again]
    assert len(db.session.scalars(select(Payment)).all()) == 2
    calculated = select(AuditEntry).where(AuditEntry.action == "payment.calculated")
    assert len(db.session.scalars(calculated).all()) == 2  # no change, no new entry

    approve(first[0], coordinator)
    # the coordinator finds both stayed longer
    mark_in_person(meeting, person, coordinator, minutes=120)
    mark_in_person(meeting, other, coordinator, minutes=120)
    by_person = {p.person_id: p for p in calculate_for_meeting(meeting)}
    assert by_person[person.id].amount_pence == 2000  # approved: never changed
    assert by_person[other.id].amount_pence == 4000  # pending: follows the evidence


def test_a_pending_payment_without_attendance_is_withdrawn(group, coordinator):
    meeting, person = attend(group, coordinator)
    calculate_for_meeting(meeting)
    mark_in_person(meeting, person, coordinator, minutes=0)
    assert calculate_for_meeting(meeting) == []
    db.session.commit()
    assert db.session.scalar(select(Payment)) is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "payment.withdrawn"))
