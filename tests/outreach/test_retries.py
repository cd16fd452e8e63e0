"""Busy and unanswered calls are retried on the group's schedule; failures, quiet hours, the cap."""

from datetime import time, timedelta

from sqlalchemy import func, select

from tests.builders import make_meeting, make_person
from tests.outreach.conftest import end_call, messages, run_worker
from tests.twiml import parse
from voice_app.extensions import db
from voice_app.models import AuditEntry, OutboundAttempt


def reminder_meeting(group, clock):
    return make_meeting(group, "Budget", starts_at=clock.now() + timedelta(days=6, hours=3))


def attempts(message):
    return db.session.scalars(
        select(OutboundAttempt.outcome)
        .where(OutboundAttempt.message_id == message.id)
        .order_by(OutboundAttempt.id)
    ).all()


def test_busy_then_no_answer_then_answered(app, twilio, fake_twilio, clock, group, resident):
    fake_twilio.answer(resident.phone, "busy")
    reminder_meeting(group, clock)
    run_worker(app, tick=True)
    end_call(twilio, fake_twilio, fake_twilio.calls[-1])
    [message] = messages()
    assert message.status == "retry"
    assert message.next_attempt_at == clock.now() + timedelta(minutes=15)

    clock.advance(timedelta(minutes=14))
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 1  # not yet
    clock.advance(timedelta(minutes=1))
    fake_twilio.answer(resident.phone, "no-answer")
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 2
    end_call(twilio, fake_twilio, fake_twilio.calls[-1])
    end_call(twilio, fake_twilio, fake_twilio.calls[-1])  # Twilio repeats itself: no change
    message = messages()[0]
    assert message.next_attempt_at == clock.now() + timedelta(minutes=60)

    clock.advance(timedelta(minutes=60))
    fake_twilio.answer(resident.phone, "human")
    run_worker(app, tick=True)
    call = fake_twilio.calls[-1]
    root = parse(twilio.post("/voice/outreach/reminder", fake_twilio.answered_params(call)))
    assert "This is a reminder. Budget is on" in " ".join(root.itertext())
    end_call(twilio, fake_twilio, call)
    message = messages()[0]
    assert message.status == "answered" and message.attempts == 3
    assert attempts(message) == ["busy", "no-answer", "completed"]


def test_gives_up_after_the_schedule(app, twilio, fake_twilio, clock, group, resident):
    group.outbound_retry_minutes = "5"
    db.session.commit()
    fake_twilio.answer(resident.phone, "busy")
    reminder_meeting(group, clock)
    run_worker(app, tick=True)
    end_call(twilio, fake_twilio, fake_twilio.calls[-1])
    clock.advance(timedelta(minutes=5))
    run_worker(app, tick=True)
    end_call(twilio, fake_twilio, fake_twilio.calls[-1])
    clock.advance(timedelta(hours=6))
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 2
    assert messages()[0].status == "gave up"


def test_twilio_failure_is_recorded_and_retried(app, fake_twilio, clock, group, resident):
    fake_twilio.fail_next(status=500)
    reminder_meeting(group, clock)
    run_worker(app, tick=True)
    [message] = messages()
    assert fake_twilio.calls == [] and attempts(message) == ["error"]
    assert message.status == "retry"
    assert db.session.scalar(
        select(func.count()).where(AuditEntry.action == "outreach.attempt_failed")
    )
    clock.advance(timedelta(minutes=15))
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 1 and attempts(messages()[0]) == ["error", "dialling"]


def test_retry_that_would_fall_at_night_waits_for_morning(
    app, twilio, fake_twilio, clock, group, resident
):
    clock.set_local(time(19, 50))
    fake_twilio.answer(resident.phone, "no-answer")
    reminder_meeting(group, clock)
    run_worker(app, tick=True)
    end_call(twilio, fake_twilio, fake_twilio.calls[-1])
    message = messages()[0]
    clock.set_local(time(9, 0), days=1)
    assert message.next_attempt_at == clock.now()


def test_nobody_is_rung_in_quiet_hours(app, fake_twilio, clock, group, resident):
    clock.set_local(time(22, 30))
    reminder_meeting(group, clock)
    run_worker(app, tick=True)
    assert fake_twilio.calls == []
    assert messages()[0].status == "waiting"
    clock.advance(timedelta(hours=10))  # 8:30am: still the resident's own quiet hours
    run_worker(app, tick=True)
    assert fake_twilio.calls == []
    clock.advance(timedelta(minutes=30))
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 1


def test_daily_cap_holds_the_rest_until_tomorrow(app, fake_twilio, clock, group, resident):
    group.outbound_daily_cap = 2
    db.session.commit()
    make_person(group, "Second", phone="+447700900002")
    make_person(group, "Third", phone="+447700900003")
    reminder_meeting(group, clock)
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 2
    waiting = [m for m in messages() if m.status == "waiting"]
    assert len(waiting) == 1
    clock.advance_to_local(time(9, 0), days=1)
    assert waiting[0].next_attempt_at == clock.now()
    run_worker(app, tick=True)
    assert len(fake_twilio.calls) == 3
