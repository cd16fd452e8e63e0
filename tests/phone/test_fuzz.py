"""Random form fields on every /voice/* route: never a 500, always valid TwiML (or 403 unsigned)."""

from __future__ import annotations

from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import make_group, make_person
from tests.fuzz_budget import examples
from voice_app.extensions import db

TWIML_VERBS = {"Say", "Play", "Pause", "Gather", "Redirect", "Record", "Dial", "Hangup", "Reject"}
TWILIO_FIELDS = [
    "CallSid",
    "From",
    "To",
    "Digits",
    "SpeechResult",
    "Confidence",
    "CallStatus",
    "CallDuration",
    "DialCallStatus",
    "AccountSid",
    "RecordingUrl",
]
QUERY_FIELDS = ["n", "item", "page", "change", "after_error", "last"]
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
field_values = st.one_of(
    text,
    st.sampled_from(["", "1", "*", "#", "0", "1001", "2468#", "CA" + "3" * 32, "+447700900101"]),
)
forms = st.dictionaries(st.one_of(st.sampled_from(TWILIO_FIELDS), text), field_values, max_size=8)
queries = st.dictionaries(st.sampled_from(QUERY_FIELDS), field_values, max_size=3)


def voice_paths(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("phone.") and "POST" in rule.methods
    )


def assert_valid_twiml(response) -> None:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/xml"
    root = ElementTree.fromstring(response.get_data())
    assert root.tag == "Response"
    assert {child.tag for child in root} <= TWIML_VERBS
    for gather in root.iter("Gather"):
        assert gather.get("action")


@pytest.fixture
def people(app):
    group = make_group("Riverside", guests_allowed=True, coordinator_phone="+447700900999")
    make_person(group, "Amina Hassan", phone="+447700900101", pin="2468")
    db.session.commit()


def test_every_voice_route_is_fuzzed(app):
    paths = voice_paths(app)
    assert "/voice/incoming" in paths and "/voice/status" in paths and len(paths) > 20


@settings(
    max_examples=examples(150),  # HYPOTHESIS_PROFILE=thorough: 450
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), form=forms, query=queries)
def test_signed_garbage_always_gets_valid_twiml(app, people, twilio, data, form, query):
    path = data.draw(st.sampled_from(voice_paths(app)))
    url = path + (f"?{urlencode(query)}" if query else "")
    assert_valid_twiml(twilio.post(url, form))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), form=forms)
def test_unsigned_garbage_is_refused(app, client, data, form):
    path = data.draw(st.sampled_from(voice_paths(app)))
    assert client.post(path, data=form).status_code == 403
