"""The real twilio client against the fake Twilio server: auth, fields, failures, recordings."""

import pytest
import requests

from tests.conftest import ACCOUNT_SID, AUTH_TOKEN, BASE_URL
from voice_app.telephony import twilio_rest


def test_call_goes_through_the_real_client_with_basic_auth(app, fake_twilio):
    sent = twilio_rest.place_call(
        "+447700900001", "+442070000000", "/voice/outreach/reminder", detect_machine=True
    )
    assert sent.sid.startswith("CA") and sent.status == "queued"
    request = fake_twilio.requests[-1]
    assert request.authorised
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls.json"
    assert request.form["Url"] == f"{BASE_URL}/voice/outreach/reminder"
    assert request.form["StatusCallback"] == f"{BASE_URL}/voice/outreach/status"
    assert request.form["MachineDetection"] == "Enable"
    assert fake_twilio.calls[0].sid == sent.sid


def test_text_goes_through_the_real_client(app, fake_twilio):
    sent = twilio_rest.send_sms("+447700900001", "+442070000000", "Hello")
    assert sent.sid.startswith("SM")
    assert fake_twilio.messages_to("+447700900001")[0]["Body"] == "Hello"


def test_wrong_token_is_refused_by_the_fake(app, fake_twilio):
    settings = app.config["SETTINGS"]
    settings.twilio_auth_token, token = "wrong-token", settings.twilio_auth_token
    try:
        with pytest.raises(twilio_rest.TwilioUnavailable, match="Authenticate"):
            twilio_rest.send_sms("+447700900001", "+442070000000", "Hello")
    finally:
        settings.twilio_auth_token = token
    assert not fake_twilio.requests[-1].authorised
    assert fake_twilio.messages == []


def test_told_to_fail_the_fake_fails_then_recovers(app, fake_twilio):
    fake_twilio.fail_next(status=503, code=20503)
    with pytest.raises(twilio_rest.TwilioUnavailable):
        twilio_rest.place_call("+447700900001", "+442070000000", "/voice/incoming", False)
    assert twilio_rest.place_call("+447700900001", "+442070000000", "/voice/incoming", False).sid


def test_unreachable_twilio_is_a_clear_error(app, monkeypatch):
    monkeypatch.setattr(app.config["SETTINGS"], "twilio_api_base_url", "http://127.0.0.1:9")
    with pytest.raises(twilio_rest.TwilioUnavailable):
        twilio_rest.send_sms("+447700900001", "+442070000000", "Hello")


def test_fake_serves_and_deletes_recordings_with_basic_auth(app, fake_twilio):
    url = fake_twilio.add_recording(b"RIFF-fake-wav")
    assert requests.get(url + ".wav", timeout=5).status_code == 401
    got = requests.get(url + ".wav", auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5)
    assert got.status_code == 200 and got.content == b"RIFF-fake-wav"
    assert (
        requests.delete(url + ".json", auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5).status_code == 204
    )
    assert requests.get(url + ".wav", auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5).status_code == 404
