"""Recording downloads and deletes go only to Twilio's API host, on the account's own path,
built from the RecordingSid: a callback naming another host, or a redirect, gets nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.fakes.twilio_media import FakeTwilioMedia
from tests.recordings.steps import end_call, run_jobs, status_callback
from voice_app.extensions import db
from voice_app.models import Recording, RecordingStatus

# Each clip decoded for real once a worker (tests/recordings/conftest.py).
pytestmark = pytest.mark.usefixtures("each_clip_decoded_once")

SID = "RE" + "e" * 32


def stranger_server(sid: str, audio: bytes) -> FakeTwilioMedia:
    """Another host that would happily take Twilio's credentials."""
    server = FakeTwilioMedia().start()
    server.add(sid, audio)
    return server


@pytest.mark.one_database  # which host a download goes to: the same on either database
def test_a_callback_naming_another_host_sends_it_nothing(
    settings, caller, twilio, twilio_media, phone_speech
):
    audio = phone_speech("Front_Center")
    twilio_media.add(SID, audio)
    stranger = stranger_server(SID, audio)
    try:
        status_callback(twilio, caller, SID, f"{stranger.base_url}/{SID}")
        end_call(caller)
        run_jobs()
        assert stranger.log == []  # no request, so no credentials
    finally:
        stranger.stop()
    assert [(r.method, r.status) for r in twilio_media.log] == [("GET", 200), ("DELETE", 204)]
    recording = db.session.scalar(select(Recording).where(Recording.recording_sid == SID))
    assert recording.status == RecordingStatus.STORED and recording.remote_deleted_at


def test_a_redirect_from_the_api_host_is_not_followed(
    settings, caller, twilio, twilio_media, phone_speech
):
    audio = phone_speech("Front_Center")
    stranger = stranger_server(SID, audio)
    twilio_media.redirect_to = f"{stranger.base_url}/"
    twilio_media.always[SID] = "redirect"
    twilio_media.add(SID, audio)
    try:
        status_callback(twilio, caller, SID, f"{twilio_media.base_url}/{SID}")
        run_jobs()
        assert stranger.log == []
    finally:
        stranger.stop()
    assert {r.status for r in twilio_media.requests("GET", SID)} == {302}
    recording = db.session.scalar(select(Recording).where(Recording.recording_sid == SID))
    assert recording.status != RecordingStatus.STORED and not recording.local_path


def test_a_recording_sid_that_is_not_one_is_never_fetched(
    settings, caller, twilio, twilio_media, phone_speech
):
    bad_sid = "RE../../Calls/CA" + "1" * 26
    status_callback(twilio, caller, bad_sid, f"{twilio_media.base_url}/{bad_sid}")
    run_jobs()
    assert twilio_media.log == []
    recording = db.session.scalar(select(Recording).where(Recording.recording_sid == bad_sid))
    assert recording is None or recording.status != RecordingStatus.STORED
