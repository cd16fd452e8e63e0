"""Web and worker as two machines: separate processes with separate data folders, sharing only
the database and the S3 store. A paper is uploaded on the web, rendered by the worker and played
on a call; a comment is recorded on a call, downloaded and transcribed by the worker and played
in the web view; then a subject access export and an erasure. No audio is left in either folder.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from tests.builders import make_coordinator, make_group, make_meeting, make_person
from tests.conftest import ACCOUNT_SID, AUTH_TOKEN
from tests.resilience.worker_process import start_worker, stop_worker, wait_for
from tests.storage.s3_server import free_port
from tests.web.helpers import PASSWORD, csrf_from
from voice_app import create_app
from voice_app.config import Settings
from voice_app.extensions import db, upgrade_schema
from voice_app.models import Comment, Paper, PaperStatus, Recording
from voice_app.simulator.call import CallSimulator
from voice_app.simulator.recording_server import RecordingServer
from voice_app.speech.audio import to_phone_band
from voice_app.storage import current_store

GROUP_NUMBER = "+442070000000"
KNOWN = "+447700900101"
HUMAN_SPEECH = Path("/usr/share/sounds/alsa/Front_Center.wav")
PAPER = b"# Buses\n\nThe ramp on the number 12 is broken.\n\n# Trains\n\nLifts at the station.\n"
WORKTREE = Path(__file__).resolve().parents[2]
NOT_IN_A_DATA_FOLDER = {".wav", ".part", ".md", ".pdf", ".docx", ".mp3"}


def machine_environment(environment, s3_environment, s3_url, data_dir: Path, port: int):
    return {
        **environment,
        **s3_environment,
        "VOICE_APP_DATA_DIR": str(data_dir),
        "VOICE_APP_STORAGE_URL": s3_url,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
    }


def start_web(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-c", "from voice_app.cli import main; main()", "serve"]
    web = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "1"],
        cwd=WORKTREE,
        env={**os.environ, **env},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return web
        except requests.RequestException:
            time.sleep(0.3)
    web.terminate()
    raise AssertionError(f"the web process did not start: {log.read_text()[-2000:]}")


def sign_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    token = csrf_from(session.get(f"{base}/login", timeout=10).text)
    answer = session.post(
        f"{base}/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 200 and "Sign out" in answer.text, answer.text[:500]
    return session


def files_left(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix in NOT_IN_A_DATA_FOLDER]


@pytest.fixture
def shared(app, environment, s3_url, tmp_path):
    """The app and environment of the database the two machines share. On SQLite, a file of its
    own: the machines' processes open it beside this one, so the session's database (used by
    every later test in this worker) stays out of it."""
    if not environment["DATABASE_URL"].startswith("sqlite"):
        yield app, environment
        return
    env = {**environment, "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}"}
    settings = replace(Settings.from_env(env), storage_url=s3_url)
    own = create_app({"SETTINGS": settings, "TESTING": True})
    with own.app_context():
        upgrade_schema()
        yield own, env
        db.session.remove()
        db.engine.dispose()


@pytest.mark.slow
@pytest.mark.scale_out  # two machines share PostgreSQL; SQLite stands in where it is not there
def test_web_and_worker_on_two_machines_share_only_the_database_and_the_store(
    shared, s3_environment, s3_url, tmp_path, monkeypatch
):
    app, environment = shared
    if not HUMAN_SPEECH.exists():
        pytest.skip("alsa-utils' sounds are not installed (apt-get install alsa-utils)")
    monkeypatch.setattr(app.config["SETTINGS"], "data_dir", tmp_path / "harness")
    group = make_group("Riverside", phone_number=GROUP_NUMBER)
    resident = make_person(group, "Amina Hassan", phone=KNOWN, pin="2468")
    meeting = make_meeting(group, "Monthly meeting", days_ahead=21)
    coordinator = make_coordinator(group, "coordinator@example.org")
    db.session.commit()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web_dir, worker_dir = tmp_path / "web-machine", tmp_path / "worker-machine"
    web_env = machine_environment(environment, s3_environment, s3_url, web_dir, port)
    worker_env = machine_environment(environment, s3_environment, s3_url, worker_dir, port)
    sim = CallSimulator(base, AUTH_TOKEN, KNOWN, GROUP_NUMBER)
    caller = CallSimulator(base, AUTH_TOKEN, KNOWN, GROUP_NUMBER)
    # The caller's recording server stands in for Twilio's API host, where recordings are
    # fetched by SID (never from the callback's RecordingUrl).
    caller.recordings = RecordingServer(ACCOUNT_SID, AUTH_TOKEN)
    twilio_api = caller.recordings.base_url.split("/2010-04-01/")[0]
    web_env["TWILIO_API_BASE_URL"] = worker_env["TWILIO_API_BASE_URL"] = twilio_api
    web = start_web(web_env, port, tmp_path / "web.log")
    worker = start_worker(worker_env, tmp_path / "worker.log")
    speech = to_phone_band(HUMAN_SPEECH, tmp_path / "speech-8k.wav")
    try:
        # A paper uploaded on the web machine, rendered on the worker machine.
        browser = sign_in(base, coordinator.email)
        page = f"{base}/meetings/{meeting.id}"
        token = csrf_from(browser.get(page, timeout=10).text)
        uploaded = browser.post(
            f"{page}/papers",
            data={"csrf_token": token, "title": ""},
            files={"file": ("buses.md", PAPER, "text/markdown")},
            timeout=30,
        )
        assert uploaded.status_code == 200 and "Paper added" in uploaded.text
        paper = wait_for(
            lambda: db.session.scalar(select(Paper).where(Paper.status == PaperStatus.READY)),
            120,
            "the worker to render the paper",
        )
        assert current_store().get(paper.stored_path, paper.source_sha256) == PAPER

        # Played on a call: Twilio fetches the audio from the store itself, not from the web.
        assert "Hello Amina Hassan" in sim.start()
        sim.press("1")
        play = sim.last_page.find(".//Play")
        assert play is not None, "rendered audio should be played"
        assert play.text.startswith(s3_environment["AWS_ENDPOINT_URL"])
        assert "X-Amz-Signature=" in play.text
        fetched = requests.get(play.text, timeout=10)
        assert fetched.status_code == 200 and fetched.content[:4] == b"RIFF"

        sim.hang_up()

        # A comment recorded on a call, downloaded and transcribed on the worker machine.
        assert "Hello Amina Hassan" in caller.start()
        assert "Before you record" in caller.press("2")
        assert "Speak after the tone" in caller.press("1")
        assert "To keep it, press 1" in caller.record(speech)
        assert "Your comment has been kept" in caller.press("1")
        caller.hang_up(keep_recordings=True)
        comment = wait_for(
            lambda: db.session.scalar(select(Comment).where(Comment.status == "transcribed")),
            180,
            "the worker to download and transcribe the comment",
        )
        recording = db.session.get(Recording, comment.recording_id)
        assert recording.local_path.startswith("audio/recordings/")
        assert current_store().get(recording.local_path, recording.sha256) == speech.read_bytes()

        # Played in the web view, through the web machine, with its access checks.
        heard = browser.get(f"{base}/audio/recordings/{recording.id}", timeout=10)
        assert heard.status_code == 200 and heard.content == speech.read_bytes()
        assert requests.get(f"{base}/audio/recordings/{recording.id}", timeout=10).url.endswith(
            "/login?next=%2Faudio%2Frecordings%2F" + str(recording.id)
        )

        # Subject access export, then erasure: the audio leaves the store.
        people = f"{base}/people/{resident.id}"
        token = csrf_from(browser.get(f"{people}/erase", timeout=10).text)
        bundle = browser.post(f"{people}/everything-we-hold", data={"csrf_token": token})
        assert bundle.status_code == 200
        with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
            audio = archive.read(f"recordings/recording-{recording.id}.wav")
        assert audio == speech.read_bytes()
        key = recording.local_path
        erased = browser.post(
            f"{people}/erase",
            data={"csrf_token": token, "member_number": resident.member_number},
            timeout=30,
        )
        assert erased.status_code == 200 and "was erased" in erased.text
        assert not current_store().exists(key)
    finally:
        sim.close()
        caller.close()
        stop_worker(worker)
        web.terminate()
        web.wait(30)
    assert not list(current_store().list("audio"))
    assert files_left(web_dir) == [] and files_left(worker_dir) == []
    assert list(current_store().list("tts-cache")) and list(current_store().list("papers"))
