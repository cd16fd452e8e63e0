"""Forged, tampered and re-aimed Twilio requests get 403 and change no row; an exact replay of a
real request (Twilio's signatures carry no nonce, and Twilio itself retries) changes nothing twice.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from tests.conftest import AUTH_TOKEN, BASE_URL
from tests.resilience.conftest import CALL_SID, GROUP_NUMBER, KNOWN, snapshot
from voice_app.extensions import db
from voice_app.models import Attendance, Comment, ConferenceLeg, Job, Recording, ShoppingItem

RECORDING = {
    "CallSid": CALL_SID,
    "RecordingSid": "RE" + "4" * 32,
    "RecordingUrl": "http://127.0.0.1:9/2010-04-01/Accounts/AC0/Recordings/RE4",
    "RecordingStatus": "completed",
    "RecordingDuration": "3",
}
SMS = {
    "From": KNOWN,
    "To": GROUP_NUMBER,
    "Body": "ADD step-free buses",
    "MessageSid": "SM" + "5" * 32,
}
PIN = {"CallSid": "CA" + "6" * 32, "From": "+447700900555", "To": GROUP_NUMBER, "Digits": "0000#"}


def conference(line) -> dict[str, str]:
    return {
        "CallSid": CALL_SID,
        "ConferenceSid": "CF" + "1" * 32,
        "FriendlyName": f"voice-app-meeting-{line.meeting.id}",
        "StatusCallbackEvent": "participant-join",
        "Timestamp": "Tue, 01 Jan 2030 10:00:00 +0000",
        "SequenceNumber": "1",
    }


def requests_for(line) -> list[tuple[str, dict[str, str]]]:
    return [
        ("/voice/recording?purpose=comment", RECORDING),
        ("/sms/incoming", SMS),
        ("/voice/conference", conference(line)),
        ("/voice/identify/pin?n=2", PIN),
        ("/voice/incoming", {"CallSid": "CA" + "2" * 32, "From": KNOWN, "To": GROUP_NUMBER}),
    ]


def post(client, path: str, form: dict[str, str], signature: str):
    return client.post(
        path,
        data=urlencode(form),
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signature} if signature is not None else {},
    )


def sign(url: str, form: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, form)


FORGERIES = {
    "no signature": lambda path, form: (path, form, None),
    "empty signature": lambda path, form: (path, form, ""),
    "made up": lambda path, form: (path, form, "bm90IGEgc2lnbmF0dXJl"),
    "another auth token": lambda path, form: (path, form, sign(BASE_URL + path, form, "x" * 32)),
    "signed for another site": lambda path, form: (
        path,
        form,
        sign("https://evil.example" + path, form),
    ),
    "signed for another webhook": lambda path, form: (
        path,
        form,
        sign(BASE_URL + "/voice/status", form),
    ),
    "signed without the query": lambda path, form: (
        path + ("&" if "?" in path else "?") + "purpose=item",
        form,
        sign(BASE_URL + path, form),
    ),
    "a field changed after signing": lambda path, form: (
        path,
        {**form, "From": "+447700900999"},
        sign(BASE_URL + path, form),
    ),
    "a field added after signing": lambda path, form: (
        path,
        {**form, "Digits": "2468#"},
        sign(BASE_URL + path, form),
    ),
}


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_forged_webhooks_get_403_and_change_nothing(line, client, forgery):
    for path, form in requests_for(line):
        before = snapshot()
        forged_path, forged_form, signature = FORGERIES[forgery](path, form)
        response = post(client, forged_path, forged_form, signature)
        assert response.status_code == 403, (forgery, path, response.get_data(as_text=True))
        assert snapshot() == before, (forgery, path)


def test_a_real_request_replayed_later_changes_nothing_twice(line, client):
    for path, form in requests_for(line):
        signature = sign(BASE_URL + path, form)
        first = post(client, path, form, signature)
        assert first.status_code == 200
        after_first = snapshot()
        for _ in range(3):
            again = post(client, path, form, signature)
            assert again.status_code == 200
        changed = {name for name, rows in snapshot().items() if rows != after_first[name]}
        # Only bookkeeping may move (the call's step counter, audit notes of a replayed text).
        assert changed <= {"calls", "audit_log"}, (path, changed)

    def count(model) -> int:
        return db.session.scalar(select(func.count()).select_from(model))

    assert count(Recording) == 1 and count(Comment) == 1
    assert count(ShoppingItem) == 1  # the texted idea, once
    assert count(ConferenceLeg) == 1 and count(Attendance) == 1
    assert db.session.scalar(select(func.count()).where(Job.kind == "recording.download")) == 1
