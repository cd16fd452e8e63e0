"""POST /voice/status: how each call ended, safely received twice, late or first."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from tests.twiml import parse
from voice_app.extensions import db
from voice_app.models import Call
from voice_app.phone.status import parse_seconds, record_status

SID = "CA" + "5" * 32
FORM = {"CallSid": SID, "From": "+447700900555", "To": "+442070000000"}


def call() -> Call:
    db.session.expire_all()
    return db.session.scalar(select(Call).where(Call.call_sid == SID))


def test_status_callback_records_the_end(app, twilio):
    parse(twilio.post("/voice/incoming", FORM))
    root = parse(
        twilio.post("/voice/status", {**FORM, "CallStatus": "completed", "CallDuration": "42"})
    )
    assert list(root) == []
    assert call().status == "completed"
    assert call().duration_seconds == 42
    assert call().ended_at is not None


def test_status_callback_twice_changes_nothing_the_second_time(app):
    first = record_status(SID, None, None, "completed", "42", now=datetime(2026, 1, 1, tzinfo=UTC))
    db.session.commit()
    ended = first.ended_at
    record_status(SID, None, None, "completed", "42", now=datetime(2026, 1, 2, tzinfo=UTC))
    db.session.commit()
    assert call().ended_at == ended
    assert db.session.scalar(select(func.count()).select_from(Call)) == 1


def test_unknown_call_sid_creates_a_record(app, twilio):
    parse(twilio.post("/voice/status", {**FORM, "CallStatus": "no-answer"}))
    assert call().status == "no-answer"
    assert call().ended_reason == "no-answer"


def test_late_progress_after_the_end_is_ignored(app):
    record_status(SID, None, None, "completed", "10")
    record_status(SID, None, None, "in-progress", None)
    db.session.commit()
    assert call().status == "completed"


def test_parse_seconds_refuses_garbage():
    assert parse_seconds("12") == 12
    assert parse_seconds("-3") is None
    assert parse_seconds("twelve") is None
    assert parse_seconds(None) is None
