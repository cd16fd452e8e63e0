from urllib.parse import urlsplit

from sqlalchemy import func, select

from tests.builders import make_group, make_person
from tests.twiml import parse, spoken_text
from voice_app.extensions import db
from voice_app.models import Call

CALL = {
    "CallSid": "CA" + "1" * 32,
    "From": "+447700900555",
    "To": "+442070000000",
    "AccountSid": "AC" + "0" * 32,
    "CallStatus": "ringing",
}


def test_signed_call_gets_main_menu(app, twilio):
    make_person(make_group("Riverside"), "Amina Hassan", phone=CALL["From"])
    root = parse(twilio.post("/voice/incoming", CALL))
    gather = root.find("Gather")
    assert gather is not None
    assert gather.get("input") == "dtmf speech"
    assert int(gather.get("timeout")) >= 8
    assert urlsplit(gather.get("action")).path == "/voice/menu/main"
    assert "press 1" in spoken_text(root)


def test_known_caller_is_greeted_by_name(app, twilio):
    group = make_group("Riverside")
    make_person(group, "Amina Hassan", phone=CALL["From"])
    root = parse(twilio.post("/voice/incoming", CALL))
    assert "Hello Amina Hassan" in spoken_text(root)
    assert "Riverside" in spoken_text(root)


def test_unsigned_request_is_refused(client):
    response = client.post("/voice/incoming", data=CALL)
    assert response.status_code == 403


def test_wrong_signature_is_refused(twilio):
    assert twilio.post("/voice/incoming", CALL, signature="bm90IGEgc2lnbmF0dXJl").status_code == 403


def test_signature_for_another_url_is_refused(twilio):
    forged = twilio.signature("/voice/status", CALL)
    assert twilio.post("/voice/incoming", CALL, signature=forged).status_code == 403


def test_tampered_parameters_are_refused(twilio):
    signature = twilio.signature("/voice/incoming", CALL)
    tampered = dict(CALL, From="+447700900999")
    assert twilio.post("/voice/incoming", tampered, signature=signature).status_code == 403


def test_no_auth_token_means_every_webhook_is_refused(app, twilio):
    settings = app.config["SETTINGS"]
    token, settings.twilio_auth_token = settings.twilio_auth_token, None
    try:
        assert twilio.post("/voice/incoming", CALL).status_code == 403
    finally:
        settings.twilio_auth_token = token


def test_repeated_webhook_makes_one_call_record(app, twilio):
    twilio.post("/voice/incoming", CALL)
    twilio.post("/voice/incoming", CALL)
    assert db.session.scalar(select(func.count()).select_from(Call)) == 1
