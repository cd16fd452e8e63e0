"""The phone line as one product, over real HTTP: a caller's comment from key press to
transcript, and a check-in followed by the payment it earns."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests.builders import make_meeting
from tests.conftest import AUTH_TOKEN
from tests.phone.conftest import GROUP_NUMBER, KNOWN
from tests.recordings.conftest import settings  # noqa: F401 (a fixture: offline speech, own data)
from voice_app.extensions import db
from voice_app.jobs.worker import Worker
from voice_app.models import (
    Attendance,
    Call,
    Comment,
    Job,
    Payment,
    PaymentStatus,
    RecordingStatus,
    utcnow,
)
from voice_app.simulator.call import CallSimulator
from voice_app.speech.audio import to_phone_band
from voice_app.storage import current_store

HUMAN_SPEECH = Path("/usr/share/sounds/alsa/Front_Center.wav")  # alsa-utils: "front center"


@pytest.fixture
def phone_speech(tmp_path: Path) -> Path:
    if not HUMAN_SPEECH.exists():
        pytest.skip("alsa-utils' sounds are not installed (apt-get install alsa-utils)")
    return to_phone_band(HUMAN_SPEECH, tmp_path / "front-center-8k.wav")


def only(model):
    db.session.expire_all()
    rows = db.session.scalars(select(model)).all()
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.slow
@pytest.mark.usefixtures("settings")
def test_a_spoken_comment_goes_from_the_keypad_to_a_transcript(
    app, live_url, phone_speech, monkeypatch
):
    sim = CallSimulator(live_url, AUTH_TOKEN, KNOWN, GROUP_NUMBER)
    assert "Hello Amina Hassan" in sim.start()
    assert "Before you record" in sim.press("2")
    heard = sim.press("1")
    assert "Your agreement has been noted" in heard and "Speak after the tone" in heard
    assert "To keep it, press 1" in sim.record(phone_speech)
    # The simulator's recording server stands in for Twilio's API host (TWILIO_API_BASE_URL).
    api_root = sim.recordings.base_url.split("/2010-04-01/")[0]
    monkeypatch.setattr(app.config["SETTINGS"], "twilio_api_base_url", api_root)
    assert "Your comment has been kept" in sim.press("1")
    sim.hang_up(keep_recordings=True)  # Twilio keeps the audio after the call, for us to fetch
    try:
        ran = Worker(app).run(once=True)
        server = sim.recordings
        assert server is not None
        fetched, deleted = list(server.downloads), set(server.deleted)
    finally:
        sim.close()
    assert ran >= 3  # download, transcribe, delete Twilio's copy
    comment = only(Comment)
    recording = comment.recording
    call = only(Call)
    assert comment.person.name == "Amina Hassan" and recording.call_id == call.id
    assert recording.status == RecordingStatus.STORED
    assert current_store().get(recording.local_path) == phone_speech.read_bytes()
    assert fetched == [recording.recording_sid] and deleted == {recording.recording_sid}
    transcript = recording.transcript
    assert transcript.engine == "pocketsphinx" and transcript.model == "pocketsphinx-en-us"
    assert transcript.text.strip() and transcript.language
    assert comment.status == "transcribed" and comment.text == transcript.text
    assert call.status == "completed" and "comment" in call.menus


@pytest.mark.slow
def test_check_in_to_the_meeting_now_then_hear_the_payment(app, live_url, group):
    meeting = make_meeting(group, "Transport", starts_at=utcnow() - timedelta(minutes=10))
    sim = CallSimulator(live_url, AUTH_TOKEN, KNOWN, GROUP_NUMBER)
    sim.start()
    assert "Meetings." in sim.press("4")
    assert "To check in to Transport" in sim.press("2")
    heard = sim.press("2468#")
    assert "You are checked in to Transport." in heard and "Meetings." in heard
    attendance = only(Attendance)
    assert attendance.meeting_id == meeting.id and attendance.minutes == 120
    # The payment is worked out in the background once the meeting is over: make that now.
    db.session.execute(
        update(Job).where(Job.kind == "calculate_payments").values(run_after=utcnow())
    )
    db.session.commit()
    assert Worker(app).run(once=True) == 1
    payment = only(Payment)
    assert payment.status == PaymentStatus.PENDING and payment.amount_pence == 4000
    heard = sim.press("4")  # no PIN again: it was keyed to check in on this call
    assert "paid nothing" not in heard  # zero amounts are not read
    assert "40 pounds is waiting to be approved." in heard
    assert "Meetings." in heard
    sim.hang_up()
    assert {"check in", "payments"} <= set(only(Call).menus)
