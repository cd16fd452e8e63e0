"""Hostile but correctly signed Twilio requests to every webhook (/voice/* and /sms/incoming):
the fields Twilio really sends, filled with the worst values we can think of, against a group
that has a call, a meeting with a paper, recordings and an outreach call to trip over.

Never a 500: a phone webhook answers TwiML (an apology at worst), the text line answers TwiML
<Message>s. tests/phone/test_fuzz.py throws random field names at the phone routes; this file
aims the values at the fields each route actually reads.
"""

from __future__ import annotations

from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.resilience.conftest import CALL_SID, GROUP_NUMBER, KNOWN, OUTREACH_SID, UNKNOWN

NASTY = [
    "",
    "\x00",
    "1\x002",
    "-1",
    "0",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "../../etc/passwd",
    "%00",
    "'; DROP TABLE people; --",
    "<Say>hi</Say>",
    "\u202e\u0000\ud7ff",
    "x" * 5000,
    "😀" * 300,
    " ",
    "*#*#",
]
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
value = st.one_of(st.sampled_from(NASTY), text, st.integers().map(str))
TWILIO_VALUES = {
    "CallSid": [CALL_SID, OUTREACH_SID, "CA" + "9" * 32],
    "From": [KNOWN, UNKNOWN, "anonymous", "+0"],
    "To": [GROUP_NUMBER],
    "Digits": ["1", "2", "3", "*", "#", "0", "1001#", "2468#", "9" * 40, "hangup", "timeout"],
    "SpeechResult": ["papers", "help", "one zero zero one", "shopping list"],
    "CallStatus": ["in-progress", "completed", "busy", "failed", "no-answer"],
    "CallDuration": ["31", "-5"],
    "AnsweredBy": ["human", "machine_end_beep", "fax", "unknown"],
    "RecordingSid": ["RE" + "1" * 32, "RE" + "2" * 32],
    "RecordingUrl": [
        "http://127.0.0.1:9/Recordings/RE1",
        "file:///etc/passwd",
        "http://169.254.169.254/latest",
    ],
    "RecordingStatus": ["completed", "failed", "absent"],
    "RecordingDuration": ["2", "0", "100000"],
    "ConferenceSid": ["CF" + "1" * 32],
    "FriendlyName": [
        "voice-app-meeting-1",
        "voice-app-meeting-2",
        "voice-app-meeting-99999999999999999999",
        "voice-app-meeting--1",
    ],
    "StatusCallbackEvent": [
        "participant-join",
        "participant-leave",
        "conference-end",
        "conference-start",
    ],
    "Timestamp": ["Tue, 01 Jan 2030 10:00:00 +0000", "yesterday", "Thu, 31 Dec 9999 23:59:59"],
    "SequenceNumber": ["1", "99999999999999999999"],
    "ParticipantLabel": ["person-1", "person-99999999999999999999"],
    "MessageSid": ["SM" + "1" * 32, "SM" + "2" * 32],
    "MessageStatus": ["delivered", "failed", "undelivered"],
    "Body": ["PAPERS", "PAPER 1", "PAPER 99999999999999999999", "MORE", "LIST", "ADD ramps"],
}
QUERY_VALUES = {
    name: ["1", "2", "0", "-1", "99999999999999999999"]
    for name in ("n", "item", "page", "paper_id", "section", "replaces", "recording", "start")
}
QUERY_VALUES.update(
    purpose=["comment", "item", "x"],
    change=["slower", "faster", "normal", "x"],
    mode=["read", "keys"],
    after_error=["1", "x"],
    waited=["1", "x"],
    last=["1"],
)


def field(name: str, choices: list[str]) -> st.SearchStrategy[tuple[str, str]]:
    return st.tuples(st.just(name), st.one_of(st.sampled_from(choices), value))


def fields_of(table: dict[str, list[str]], most: int) -> st.SearchStrategy[dict[str, str]]:
    pairs = st.one_of(*(field(name, choices) for name, choices in table.items()))
    return st.lists(pairs, max_size=most).map(dict)


twilio_forms = fields_of(TWILIO_VALUES, 10)
queries = fields_of(QUERY_VALUES, 3)


def webhook_paths(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(("/voice/", "/sms/")) and "POST" in rule.methods
    )


def assert_twiml(response) -> None:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/xml"
    root = ElementTree.fromstring(response.get_data())
    assert root.tag == "Response"


def test_every_webhook_is_covered(app):
    paths = webhook_paths(app)
    for path in ("/sms/incoming", "/voice/conference", "/voice/recording", "/voice/status"):
        assert path in paths
    assert any(path.startswith("/voice/outreach/") for path in paths)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), form=twilio_forms, query=queries)
def test_hostile_values_in_twilios_own_fields_never_break_a_webhook(
    app, line, twilio, data, form, query
):
    path = data.draw(st.sampled_from(webhook_paths(app)))
    form.setdefault("CallSid", CALL_SID)
    form.setdefault("From", KNOWN)
    url = path + (f"?{urlencode(query)}" if query else "")
    assert_twiml(twilio.post(url, form))


@pytest.mark.parametrize("body", ["ADD ramp\x00s", "PAPER 1\x00", "\x00", "ADD " + "x" * 5000])
@pytest.mark.parametrize("sid", ["SM" + "3" * 32, "SM\x00" + "3" * 30, "S" * 500])
def test_the_text_line_answers_hostile_texts(line, twilio, body, sid):
    form = {"From": KNOWN, "To": GROUP_NUMBER, "Body": body, "MessageSid": sid}
    assert_twiml(twilio.post("/sms/incoming", form))
    assert_twiml(twilio.post("/sms/incoming", form))  # and the same text again
