"""The object store unreachable (nothing listening) or slow (a server that takes the connection
and never answers), tested like the full disk: a recording stays at Twilio and its download is
retried, nothing is lost; a caller hears the section with <Say> instead of a <Play> that would
fail. With the store back, the work finishes by itself."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from tests.builders import make_meeting
from tests.phone.conftest import GROUP_NUMBER, KNOWN, group, phone  # noqa: F401 (fixtures)
from tests.recordings.steps import end_call, run_jobs, status_callback
from tests.storage.conftest import s3_environment, s3_url  # noqa: F401 (fixtures)
from voice_app.extensions import db
from voice_app.jobs.worker import Worker
from voice_app.models import Comment, Job, JobStatus, Recording, RecordingStatus, SpeechRendition
from voice_app.papers.store import add_paper
from voice_app.speech.tts import cache_key
from voice_app.storage import current_store
from voice_app.storage.s3 import forget_clients

# The object store dark; the job retries it leads to run on PostgreSQL in tests/recordings.
# Each clip is decoded for real once a worker (tests/recordings/conftest.py).
pytestmark = [pytest.mark.one_database, pytest.mark.usefixtures("each_clip_decoded_once")]

SID = "RE" + "5" * 32
PAPER = b"# Buses\n\nThe ramp on the number 12 is broken.\n\n# Trains\n\nLifts at the station.\n"


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never says a word: a store that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


@pytest.fixture(params=["unreachable", "slow"])
def dark_store(request, app, s3_url, s3_environment, monkeypatch):  # noqa: F811
    """(go_dark, come_back) for the app's S3 store."""
    dead = "http://127.0.0.1:9" if request.param == "unreachable" else None
    dead = dead or request.getfixturevalue("silent_server")
    settings = app.config["SETTINGS"]
    usual = settings.storage_timeout

    def go_dark() -> None:  # a short timeout while dark: each hang costs the suite its length
        monkeypatch.setattr(settings, "storage_timeout", 0.25)
        monkeypatch.setenv("AWS_ENDPOINT_URL", dead)
        forget_clients()

    def come_back() -> None:
        monkeypatch.setattr(settings, "storage_timeout", usual)
        monkeypatch.setenv("AWS_ENDPOINT_URL", s3_environment["AWS_ENDPOINT_URL"])
        forget_clients()

    return go_dark, come_back


def test_a_dark_store_keeps_the_recording_at_twilio_and_the_work_resumes(
    app, settings, caller, twilio, twilio_media, phone_speech, dark_store
):
    go_dark, come_back = dark_store
    audio = phone_speech("Rear_Right")
    url = twilio_media.add(SID, audio)
    status_callback(twilio, caller, SID, url)
    end_call(caller)
    go_dark()
    assert Worker(app).run_one()  # the download: fetched from Twilio, but it cannot be kept
    db.session.expire_all()
    job = db.session.scalar(select(Job).where(Job.kind == "recording.download"))
    assert job.status == JobStatus.QUEUED and job.attempts == 1  # to be tried again
    assert "audio store" in job.last_error
    recording = db.session.scalar(select(Recording))
    assert recording.status == RecordingStatus.PENDING and recording.twilio_url == url
    assert recording.local_path is None
    assert db.session.scalar(select(Comment)).recording_id == recording.id
    assert twilio_media.requests("DELETE") == [] and SID not in twilio_media.deleted
    assert not list((settings.data_dir / "staging").glob("*"))  # nothing left half-way

    come_back()
    run_jobs()
    recording = db.session.scalar(select(Recording))
    assert recording.status == RecordingStatus.STORED
    assert current_store().get(recording.local_path, recording.sha256) == audio
    assert recording.transcript is not None
    assert SID in twilio_media.deleted


@pytest.mark.slow
def test_a_caller_hears_the_words_when_the_store_is_dark(
    app,
    settings,
    group,  # noqa: F811
    phone,  # noqa: F811
    dark_store,
):
    go_dark, come_back = dark_store
    add_paper(make_meeting(group, "Transport board", days_ahead=21), PAPER, "buses.md")
    db.session.commit()
    assert Worker(app, kinds=["render_paper"]).run_one()  # normal speed, into the store
    go_dark()
    sim = phone(KNOWN, GROUP_NUMBER)
    sim.start()
    sim.press("1")
    assert sim.last_page.find(".//Play") is None
    said = " ".join(say.text or "" for say in sim.last_page.iter("Say"))
    assert "ramp on the number twelve is broken" in said or "ramp on the number 12" in said
    sim.hang_up()

    come_back()
    sim = phone(KNOWN, GROUP_NUMBER)
    sim.start()
    sim.press("1")
    play = sim.last_page.find(".//Play")
    assert play is not None and "X-Amz-Signature=" in play.text


def test_a_coordinator_is_told_when_the_store_is_dark(app, coordinator, world, dark_store):
    go_dark, come_back = dark_store
    recording = db.session.get(Recording, world.a.comment.recording_id)
    stored = current_store().put(f"audio/recordings/{recording.id}-web.wav", b"RIFF audio")
    recording.local_path, recording.sha256 = stored.key, stored.sha256
    db.session.commit()
    page = f"/audio/recordings/{recording.id}"
    assert coordinator.get(page).get_data() == b"RIFF audio"
    go_dark()
    answer = coordinator.get(page)
    assert answer.status_code == 503
    assert "did not answer" in answer.get_data(as_text=True)
    come_back()
    assert coordinator.get(page).status_code == 200


def test_a_paper_page_still_shows_its_text_when_the_store_is_dark(
    app, coordinator, world, dark_store
):
    go_dark, _come_back = dark_store
    paper = add_paper(world.a.meeting, PAPER, "buses.md")
    section = paper.sections[0]
    key = cache_key(section.spoken_text, "en-gb", 100)
    stored = current_store().put(f"tts-cache/{key[:2]}/{key}.wav", b"RIFF speech")
    db.session.add(
        SpeechRendition(
            text_sha256=key,
            voice="en-gb",
            rate=100,
            path=stored.key,
            sha256=stored.sha256,
            duration_seconds=1.0,
        )
    )
    db.session.commit()
    page = f"/meetings/{world.a.meeting.id}/papers/{paper.id}"
    assert f"/audio/sections/{section.id}" in coordinator.get(page).get_data(as_text=True)
    go_dark()
    answer = coordinator.get(page)
    assert answer.status_code == 200 and "The ramp on the number 12" in answer.get_data(
        as_text=True
    )
    assert f"/audio/sections/{section.id}" not in answer.get_data(as_text=True)
