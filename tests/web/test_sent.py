"""Calls and texts sent: the signed-in person's groups only, filtered by group."""

from datetime import timedelta

from tests.web.helpers import sign_in
from voice_app.extensions import db
from voice_app.models import OutboundAttempt, OutboundKind, OutboundMessage, utcnow


def _message(side, kind, purpose, **fields) -> OutboundMessage:
    message = OutboundMessage(
        group_id=side.group.id,
        person_id=side.resident.id,
        kind=kind,
        purpose=purpose,
        to_number=side.resident.phone,
        dedupe_key=f"test:{side.group.id}:{purpose}",
        **fields,
    )
    db.session.add(message)
    db.session.flush()
    return message


def _sent(world):
    call = _message(
        world.a, OutboundKind.CALL, "papers ready", status="sent", attempts=2, answered_by="human"
    )
    db.session.add(OutboundAttempt(message_id=call.id, outcome="no-answer", at=utcnow()))
    _message(
        world.a,
        OutboundKind.SMS,
        "reminder",
        status="retry",
        attempts=1,
        next_attempt_at=utcnow() + timedelta(hours=1),
    )
    _message(world.b, OutboundKind.CALL, "callback", status="gave up", attempts=3)
    db.session.commit()


def test_calls_and_texts_of_own_groups(coordinator, world):
    _sent(world)
    html = coordinator.get("/sent").get_data(as_text=True)
    assert "<h1>Calls and texts sent</h1>" in html
    for text in ("Papers ready", "Reminder", "A person", "Last try: no-answer", "Next try"):
        assert text in html, text
    assert "Resident A" in html and "Resident B" not in html and "Callback" not in html
    assert ">Text<" in html and ">Call<" in html and "<td>2</td>" in html


def test_filter_by_group(client, world):
    _sent(world)
    sign_in(client, world.admin.email)
    html = client.get("/sent").get_data(as_text=True)
    assert "Resident A" in html and "Resident B" in html
    html = client.get(f"/sent?group={world.b.group.id}").get_data(as_text=True)
    assert "Resident B" in html and "Resident A" not in html
    assert f'<option value="{world.b.group.id}" selected>' in html


def test_nothing_sent_yet(coordinator, world):
    assert "No calls or texts sent yet." in coordinator.get("/sent").get_data(as_text=True)
