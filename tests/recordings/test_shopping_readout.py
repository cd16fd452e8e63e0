"""Reading a new shopping-list item back in the same call, and hearing the agreed list."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.recordings.steps import record_action, run_jobs
from tests.speech.speech_samples import sox
from tests.twiml import parse, spoken_text, without_step
from voice_app.extensions import db
from voice_app.models import Recording, ShoppingItem, ShoppingStatus, utcnow

# Each clip decoded for real once a worker (tests/recordings/conftest.py).
pytestmark = pytest.mark.usefixtures("each_clip_decoded_once")

SID = "RE" + "3" * 32
COUGH = "synth 0.35 pinknoise fade q 0.02 0.35 0.25 lowpass 1500 pad 1 1 repeat 1"


def heard(twilio, call, recording_id: int, waited: int | None = None):
    query = f"recording={recording_id}" + (f"&waited={waited}" if waited is not None else "")
    return parse(twilio.post(f"/voice/shopping/heard?{query}", {"CallSid": call.call_sid}))


def add_item_by_phone(twilio, caller, twilio_media, audio: bytes):
    """Record an item, hear "one moment", let the worker transcribe it, poll again."""
    url = twilio_media.add(SID, audio)
    root = parse(record_action(twilio, caller, SID, url, purpose="item"))
    recording = db.session.scalar(select(Recording))
    first_poll = root.find("Redirect").text
    assert without_step(first_poll) == f"/voice/shopping/heard?recording={recording.id}"
    waiting = parse(twilio.post(first_poll, {"CallSid": caller.call_sid}))
    assert "One moment" in spoken_text(waiting)
    assert int(waiting.find("Pause").get("length")) == 2
    next_poll = waiting.find("Redirect").text
    assert without_step(next_poll) == f"/voice/shopping/heard?recording={recording.id}&waited=2"
    twilio.post(
        "/voice/recording?purpose=item",
        {"CallSid": caller.call_sid, "RecordingSid": SID, "RecordingUrl": url},
    )
    run_jobs()
    root = parse(twilio.post(next_poll, {"CallSid": caller.call_sid}))
    review = root.find("Gather").get("action")
    assert without_step(review) == f"/voice/recording/review?recording={recording.id}"
    return root, recording, db.session.scalar(select(ShoppingItem))


def test_a_clearly_heard_item_is_read_back(
    settings, whisper_models_dir, monkeypatch, caller, twilio, twilio_media, phone_speech
):
    monkeypatch.setattr(settings, "models_dir", whisper_models_dir)
    root, recording, item = add_item_by_phone(
        twilio, caller, twilio_media, phone_speech("Rear_Center")
    )
    text = spoken_text(root)
    assert recording.transcript.engine == "whisper"
    assert recording.transcript.confidence >= settings.readback_confidence
    assert "We heard: rear center." in text.replace("Rear", "rear")
    assert "To keep it, press 1. To say it again, press 2" in text
    review = root.find("Gather").get("action")
    kept = parse(twilio.post(review, {"CallSid": caller.call_sid, "Digits": "1"}))
    assert "kept for the group's shopping list" in spoken_text(kept)
    db.session.refresh(item)
    assert item.confirmed_by_caller and "center" in item.text.lower()


@pytest.mark.one_database  # what a recogniser's confidence decides: the same on either database
def test_an_unsure_item_is_kept_for_the_coordinator_not_read_back(
    settings, whisper_models_dir, monkeypatch, caller, twilio, twilio_media, phone_speech
):
    monkeypatch.setattr(settings, "models_dir", whisper_models_dir)
    root, recording, item = add_item_by_phone(
        twilio, caller, twilio_media, phone_speech("Rear_Right")
    )
    text = spoken_text(root)
    transcript = recording.transcript
    assert transcript.engine == "whisper" and transcript.text  # it heard something ...
    assert transcript.confidence < settings.readback_confidence  # ... but was not sure of it
    assert "We heard" not in text and transcript.text not in text
    assert "kept your recording for the coordinator to listen to and write down" in text
    assert item.status == ShoppingStatus.PROPOSED  # waits in the coordinator's review
    assert root.find("Gather") is not None  # the caller may still say it again


def test_a_cough_is_nothing_heard_and_kept_for_the_coordinator(
    settings, whisper_models_dir, monkeypatch, caller, twilio, twilio_media, tmp_path
):
    monkeypatch.setattr(settings, "models_dir", whisper_models_dir)
    cough = sox(tmp_path / "cough.wav", ["-n"], *COUGH.split())
    root, recording, item = add_item_by_phone(twilio, caller, twilio_media, cough.read_bytes())
    assert recording.transcript.text == "" and recording.transcript.confidence is None
    text = spoken_text(root)
    assert "We heard" not in text and "for the coordinator" in text
    assert item.status == ShoppingStatus.PROPOSED


@pytest.mark.one_database  # what a recogniser's confidence decides: the same on either database
def test_pocketsphinx_mishearing_is_not_read_back(
    settings, caller, twilio, twilio_media, phone_speech
):
    root, recording, _ = add_item_by_phone(twilio, caller, twilio_media, phone_speech("Rear_Right"))
    assert recording.transcript.engine == "pocketsphinx"
    assert recording.transcript.confidence < settings.readback_confidence
    assert "We heard" not in spoken_text(root)


def test_item_not_ready_in_time_is_kept_for_the_coordinator(caller, twilio):
    record_action(twilio, caller, SID, "https://api.twilio.com/x/" + SID, purpose="item")
    recording = db.session.scalar(select(Recording))
    root = heard(twilio, caller, recording.id, waited=8)
    assert root.find("Redirect") is None
    assert "keep it for the coordinator to read" in spoken_text(root)
    assert root.find("Gather") is not None  # keep / say it again / listen back still work


def add_items(group_id: int) -> list[ShoppingItem]:
    now = utcnow()
    statuses = [ShoppingStatus.AGREED, ShoppingStatus.IN_PROGRESS, ShoppingStatus.ACHIEVED] * 3
    items = [
        ShoppingItem(
            group_id=group_id, text=f"Aim {n}", status=status, updated_at=now - timedelta(days=n)
        )
        for n, status in enumerate(statuses[:7], start=1)
    ]
    items += [
        ShoppingItem(group_id=group_id, text="A proposal", status=ShoppingStatus.PROPOSED),
        ShoppingItem(group_id=group_id, text="Another", status=ShoppingStatus.PROPOSED),
        ShoppingItem(group_id=group_id, text="Not possible", status=ShoppingStatus.NOT_POSSIBLE),
    ]
    db.session.add_all(items)
    db.session.commit()
    return items


def hear(twilio, call, query: str = ""):
    return parse(twilio.post(f"/voice/shopping/list{query}", {"CallSid": call.call_sid}))


def test_hear_the_list_in_chunks_newest_first(caller, twilio):
    add_items(caller.group_id)
    root = hear(twilio, caller)
    text = spoken_text(root)
    assert "There are 7 ideas on the shopping list" in text
    assert "2 new ideas are waiting for the group to talk about" in text
    assert "Item 1: Aim 1. The group has agreed this." in text
    assert "Item 2: Aim 2. Work on this is in progress." in text
    assert "Item 3: Aim 3. This has been achieved." in text
    assert "Aim 4" not in text and "proposal" not in text.replace("proposals are", "")
    assert "Not possible" not in text
    assert without_step(root.find("Gather").get("action")) == "/voice/shopping/list/choice?start=0"

    def choose(start: int, key: str):
        return parse(
            twilio.post(
                f"/voice/shopping/list/choice?start={start}",
                {"CallSid": caller.call_sid, "Digits": key},
            )
        )

    def goes_to(root) -> str:
        return without_step(root.find("Redirect").text)

    assert goes_to(choose(0, "1")) == "/voice/shopping/list?start=3"
    assert goes_to(choose(3, "2")) == "/voice/shopping/list?start=3"
    assert goes_to(choose(6, "1")) == "/voice/shopping/list?start=0"
    last = spoken_text(hear(twilio, caller, "?start=6"))
    assert "Item 7: Aim 7" in last and "end of the list" in last and "There are" not in last
    back = choose(3, "*")
    assert goes_to(back) == "/voice/main" and back.find("Gather") is None
    main_menu = parse(twilio.post(back.find("Redirect").text, {"CallSid": caller.call_sid}))
    assert "For papers, press 1" in spoken_text(main_menu)
    assert without_step(main_menu.find("Gather").get("action")) == "/voice/menu/main"


def test_empty_list_says_so_and_returns_to_the_menu(caller, twilio):
    root = hear(twilio, caller)
    assert "no ideas" in spoken_text(root)
    assert root.find("Gather") is None and without_step(root.find("Redirect").text) == "/voice/main"
    main_menu = parse(twilio.post(root.find("Redirect").text, {"CallSid": caller.call_sid}))
    assert "For papers, press 1" in spoken_text(main_menu)
    assert without_step(main_menu.find("Gather").get("action")) == "/voice/menu/main"
