"""Reminders a week and a day before, by call or text as each resident prefers; confirmations."""

from datetime import timedelta

from tests.builders import make_meeting, make_person
from tests.outreach.conftest import messages, run_worker
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    AttendanceMethod,
    Payment,
    PaymentPreference,
    PaymentStatus,
    Role,
)
from voice_app.outreach import confirm_attendance, confirm_payment, recent_outbound


def test_week_then_day_reminders_by_each_residents_choice(app, fake_twilio, clock, group, resident):
    texter = make_person(group, "Texter", phone="+447700900002", contact_preference="sms")
    make_person(group, "Stopped", phone="+447700900003", contact_preference="sms", sms_opt_out=True)
    make_person(group, "Officer", phone="+447700900004", role=Role.OFFICER)
    meeting = make_meeting(
        group, "Budget", starts_at=clock.now() + timedelta(days=8), location="Town Hall"
    )
    run_worker(app, tick=True)
    assert fake_twilio.calls == [] and fake_twilio.messages == []  # 8 days: not yet

    clock.advance(timedelta(days=1, hours=1))
    run_worker(app, tick=True)
    run_worker(app, tick=True)
    assert [c.to for c in fake_twilio.calls] == [resident.phone]
    [text] = fake_twilio.messages
    assert text["To"] == texter.phone
    assert "Reminder from Riverside: Budget is on" in text["Body"]
    assert "It is at Town Hall." in text["Body"]
    assert {m.dedupe_key for m in messages()} == {
        f"reminder:week:{meeting.id}:{resident.id}",
        f"reminder:week:{meeting.id}:{texter.id}",
    }

    clock.advance(timedelta(days=6))
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 2 and len(fake_twilio.messages) == 2


def test_cancelled_meeting_gets_no_reminder(app, fake_twilio, clock, group, resident):
    meeting = make_meeting(group, starts_at=clock.now() + timedelta(days=2))
    meeting.cancelled_at = clock.now()
    db.session.commit()
    run_worker(app, tick=True)
    assert messages() == []


def test_attendance_is_confirmed_by_text_once(app, fake_twilio, clock, group, resident):
    meeting = make_meeting(group, "Budget", starts_at=clock.now() - timedelta(hours=1))
    attendance = Attendance(
        meeting_id=meeting.id, person_id=resident.id, method=AttendanceMethod.PHONE_CHECK_IN
    )
    db.session.add(attendance)
    db.session.commit()
    assert confirm_attendance(attendance) is not None
    confirm_attendance(attendance)
    db.session.commit()
    run_worker(app)
    [text] = fake_twilio.messages
    assert text["To"] == resident.phone and "thank you for coming to Budget" in text["Body"]


def test_payment_is_confirmed_when_approved_and_when_paid(app, fake_twilio, clock, group, resident):
    meeting = make_meeting(group, "Budget", starts_at=clock.now() - timedelta(days=3))
    payment = Payment(
        person_id=resident.id,
        meeting_id=meeting.id,
        amount_pence=4050,
        preference=PaymentPreference.BANK_TRANSFER,
        status=PaymentStatus.APPROVED,
    )
    db.session.add(payment)
    db.session.commit()
    confirm_payment(payment)
    payment.status = PaymentStatus.PAID
    confirm_payment(payment)
    confirm_payment(payment)
    db.session.commit()
    run_worker(app)
    bodies = [m["Body"] for m in fake_twilio.messages]
    assert len(bodies) == 2
    assert "£40.50" in bodies[0] and "is approved" in bodies[0] and "has been paid" in bodies[1]


def test_no_texts_after_stop_and_none_for_declined_payments(app, fake_twilio, clock, group):
    person = make_person(group, "Quiet", phone="+447700900009", sms_opt_out=True)
    meeting = make_meeting(group, starts_at=clock.now() - timedelta(days=3))
    attendance = Attendance(
        meeting_id=meeting.id, person_id=person.id, method=AttendanceMethod.IN_PERSON
    )
    declined = Payment(
        person_id=person.id,
        meeting_id=meeting.id,
        preference=PaymentPreference.DECLINED,
        status=PaymentStatus.PAID,
    )
    db.session.add_all([attendance, declined])
    db.session.commit()
    assert confirm_attendance(attendance) is None
    person.sms_opt_out = False
    assert confirm_payment(declined) is None


def test_texts_queued_then_stopped_are_not_sent(app, fake_twilio, clock, group, resident):
    meeting = make_meeting(group, starts_at=clock.now() - timedelta(days=1))
    attendance = Attendance(
        meeting_id=meeting.id, person_id=resident.id, method=AttendanceMethod.IN_PERSON
    )
    db.session.add(attendance)
    db.session.commit()
    confirm_attendance(attendance)
    resident.sms_opt_out = True
    db.session.commit()
    run_worker(app)
    assert fake_twilio.messages == []
    assert messages()[0].status == "cancelled"


def test_recent_outbound_rows_for_the_web_view(app, fake_twilio, clock, group, resident):
    make_meeting(group, "Budget", starts_at=clock.now() + timedelta(days=6))
    run_worker(app, tick=True)
    [row] = recent_outbound([group.id], limit=10)
    assert row["person"] == "Amina Hassan" and row["kind"] == "call"
    assert row["purpose"] == "reminder" and row["last_outcome"] == "dialling"
    assert recent_outbound([group.id + 1000], limit=10) == []
