"""The phone side of recording: consent, <Record>, keep / again / listen back, in any order."""

from sqlalchemy import func, select

from tests.builders import make_call, make_group, make_meeting, make_person
from tests.recordings.steps import record_action, status_callback
from tests.twiml import parse, spoken_text, without_step
from voice_app.extensions import db
from voice_app.models import (
    AuditEntry,
    Comment,
    Job,
    Paper,
    Recording,
    RecordingPurpose,
    RecordingStatus,
    ShoppingItem,
    utcnow,
)

URL = "https://api.twilio.com/2010-04-01/Accounts/AC00/Recordings/RE" + "a" * 32
SID = "RE" + "a" * 32


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_comment_start_says_consent_line_then_records_with_generous_limits(caller, twilio):
    root = parse(twilio.post("/voice/comment", {"CallSid": caller.call_sid}))
    text = spoken_text(root)
    assert "recorded and kept by your group" in text
    assert "after the tone" in text and "hash" in text
    record = root.find("Record")
    assert record.get("finishOnKey") == "#"
    assert int(record.get("maxLength")) >= 300 and int(record.get("timeout")) >= 10
    assert record.get("playBeep") == "true" and record.get("trim") == "trim-silence"
    assert without_step(record.get("action")) == "/voice/recording/done?purpose=comment"
    assert (
        record.get("recordingStatusCallback") == "http://voice.test/voice/recording?purpose=comment"
    )
    assert record.get("recordingStatusCallbackEvent") == "completed"
    # Silence falls through to an apology and the main menu, never a dead line.
    assert "did not hear anything" in text
    assert without_step(root.find("Redirect").text) == "/voice/main"
    assert list(root)[-1].tag == "Redirect"  # after the <Record>, only if it falls through


def test_comment_on_a_paper_carries_paper_and_section(caller, twilio):
    meeting = make_meeting(caller.person.groups()[0])
    paper = Paper(meeting=meeting, title="Accessible transport", position=1)
    db.session.add(paper)
    db.session.commit()
    root = parse(
        twilio.post(f"/voice/comment?paper_id={paper.id}&section=3", {"CallSid": caller.call_sid})
    )
    assert "comment on Accessible transport" in spoken_text(root)
    record = root.find("Record")
    assert (
        without_step(record.get("action"))
        == f"/voice/recording/done?purpose=comment&paper_id={paper.id}&section=3"
    )
    callback = record.get("recordingStatusCallback").removeprefix("http://voice.test")
    form = {"CallSid": caller.call_sid, "RecordingSid": SID, "RecordingUrl": URL}
    twilio.post(record.get("action"), form)
    twilio.post(callback, form)
    comment = db.session.scalar(select(Comment))
    assert comment.paper_id == paper.id and comment.section_position == 3
    assert comment.meeting_id == meeting.id


def test_caller_without_consent_is_asked_and_consent_is_recorded(app, twilio):
    group = make_group("Riverside")
    person = make_person(group, recording_consent=False)
    call = make_call(person)
    root = parse(twilio.post("/voice/shopping/add", {"CallSid": call.call_sid}))
    assert root.find("Record") is None
    gather = root.find("Gather")
    assert without_step(gather.get("action")) == "/voice/recording/consent?purpose=item"
    assert "press 1" in spoken_text(root)
    root = parse(twilio.post(gather.get("action"), {"CallSid": call.call_sid, "Digits": "1"}))
    record = root.find("Record")
    assert without_step(record.get("action")) == "/voice/recording/done?purpose=item"
    db.session.refresh(person)
    assert person.recording_consent and person.recording_consent_at is not None
    assert "person.recording_consent_given" in audit_actions()


def test_declining_consent_records_nothing(app, twilio):
    person = make_person(make_group("Riverside"), recording_consent=False)
    call = make_call(person)
    root = parse(
        twilio.post(
            "/voice/recording/consent?purpose=comment", {"CallSid": call.call_sid, "Digits": "*"}
        )
    )
    assert root.find("Record") is None and "Nothing has been recorded" in spoken_text(root)
    db.session.refresh(person)
    assert person.recording_consent is False and person.recording_consent_at is None


def test_caller_not_yet_identified_is_asked_who_they_are_first(app, twilio):
    """A call we cannot place in a group is identified before anything is recorded."""
    make_group("Riverside")
    call = make_call(None)
    root = parse(twilio.post("/voice/comment", {"CallSid": call.call_sid}))
    assert root.find("Record") is None
    assert "key in your member number" in spoken_text(root)
    assert without_step(root.find("Gather").get("action")) == "/voice/identify/number"
    assert count(Recording) == 0


def test_action_keeps_the_comment_and_offers_keep_again_listen(caller, twilio):
    root = parse(record_action(twilio, caller, SID, URL))
    gather = root.find("Gather")
    recording = db.session.scalar(select(Recording))
    assert without_step(gather.get("action")) == f"/voice/recording/review?recording={recording.id}"
    review = "To keep it, press 1. To record it again, press 2. To listen back, press 3"
    assert review in spoken_text(root)
    recording = db.session.scalar(select(Recording))
    comment = db.session.scalar(select(Comment))
    assert recording.status == RecordingStatus.PENDING and comment.recording_id == recording.id
    assert comment.person_id == caller.person_id and comment.status == "pending"
    job = db.session.scalar(select(Job))
    assert job.kind == "recording.download" and job.run_after > utcnow()  # a backstop only


def test_callback_then_action_or_action_then_callback_make_one_of_each(caller, twilio):
    status_callback(twilio, caller, SID, URL)
    record_action(twilio, caller, SID, URL)
    status_callback(twilio, caller, SID, URL)
    other = "RE" + "b" * 32
    record_action(twilio, caller, other, URL[:-32] + "b" * 32)
    status_callback(twilio, caller, other, URL[:-32] + "b" * 32)
    record_action(twilio, caller, other, URL[:-32] + "b" * 32)
    assert count(Recording) == 2 and count(Comment) == 2
    jobs = db.session.scalars(select(Job)).all()
    assert len(jobs) == 2
    assert all(
        job.run_after <= utcnow() for job in jobs
    )  # the callback brings the backstop forward


def test_hanging_up_mid_recording_still_keeps_it(caller, twilio):
    """No action ever comes: the status callback alone makes the rows and the download job."""
    response = status_callback(twilio, caller, SID, URL, purpose="item")
    assert parse(response).find("Say") is None
    item = db.session.scalar(select(ShoppingItem))
    assert item.recording.purpose == RecordingPurpose.SHOPPING_ITEM
    assert item.group_id == caller.group_id and item.status == "proposed"
    assert db.session.scalar(select(Job.kind)) == "recording.download"


def test_absent_recording_is_noted_not_invented(caller, twilio):
    for _repeat in range(2):  # Twilio may tell us twice: noted once
        twilio.post(
            "/voice/recording?purpose=comment",
            {
                "CallSid": caller.call_sid,
                "RecordingSid": SID,
                "RecordingUrl": URL,
                "RecordingStatus": "absent",
            },
        )
    assert count(Recording) == 0 and count(Job) == 0
    assert audit_actions().count("recording.not_completed") == 1


def test_callback_for_a_call_we_never_saw_keeps_the_audio_and_identifies_nobody(app, twilio):
    from voice_app.models import Call

    form = {"CallSid": "CA" + "5" * 32, "RecordingSid": SID, "RecordingUrl": URL}
    for _repeat in range(2):
        root = parse(twilio.post("/voice/recording?purpose=comment", form))
        assert len(root) == 0  # an empty <Response/>: never a menu, never a greeting
    assert count(Call) == 0 and count(Comment) == 0
    recording = db.session.scalar(select(Recording))
    assert recording.group_id is None and recording.call_id is None  # for a coordinator to place
    assert count(Recording) == 1 and count(Job) == 1


def test_unsigned_callback_is_refused(caller, client):
    response = client.post("/voice/recording", data={"RecordingSid": SID, "RecordingUrl": URL})
    assert response.status_code == 403
    assert count(Recording) == 0


def _review(twilio, call, recording_id: int, **form: str):
    return parse(
        twilio.post(
            f"/voice/recording/review?recording={recording_id}", {"CallSid": call.call_sid, **form}
        )
    )


def test_review_keys(caller, twilio):
    record_action(twilio, caller, SID, URL)
    recording = db.session.scalar(select(Recording))
    listen = _review(twilio, caller, recording.id, Digits="3")
    assert listen.find("Play").text == URL
    assert listen.find("Gather") is not None
    kept = _review(twilio, caller, recording.id, Digits="1")
    assert "Your comment has been kept" in spoken_text(kept)
    silent = _review(twilio, caller, recording.id)
    assert "Your comment has been kept" in spoken_text(silent)
    wrong = _review(twilio, caller, recording.id, Digits="7")
    assert "not one of the choices" in spoken_text(wrong)
    spoken = _review(twilio, caller, recording.id, SpeechResult="Listen please")
    assert spoken.find("Play") is not None


def test_record_again_keeps_the_first_take_and_links_it(caller, twilio):
    record_action(twilio, caller, SID, URL, purpose="item")
    first = db.session.scalar(select(Recording))
    root = _review(twilio, caller, first.id, Digits="2")
    record = root.find("Record")
    assert f"replaces={first.id}" in record.get("action")
    second_sid = "RE" + "c" * 32
    twilio.post(
        f"/voice/recording/done?purpose=item&replaces={first.id}",
        {
            "CallSid": caller.call_sid,
            "RecordingSid": second_sid,
            "RecordingUrl": URL[:-32] + "c" * 32,
        },
    )
    items = db.session.scalars(select(ShoppingItem).order_by(ShoppingItem.id)).all()
    assert len(items) == 2
    assert items[0].merged_into_id == items[1].id and items[1].merged_into_id is None
    assert "recording.recorded_again" in audit_actions()


def test_review_of_another_calls_recording_is_refused(caller, twilio):
    record_action(twilio, caller, SID, URL)
    recording = db.session.scalar(select(Recording))
    neighbour = make_person(caller.person.groups()[0], "Derek Lewis", phone="+447700900102")
    stranger = make_call(neighbour, call_sid="CA" + "9" * 32)
    root = _review(twilio, stranger, recording.id, Digits="3")
    assert root.find("Play") is None and "Sorry" in spoken_text(root)
