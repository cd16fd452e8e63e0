"""The simulator over real HTTP: the app served by werkzeug on 127.0.0.1, as Twilio calls it."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask, request
from sqlalchemy import select

from tests.conftest import ACCOUNT_SID, AUTH_TOKEN
from tests.phone.conftest import GROUP_NUMBER, KNOWN, serve
from voice_app.cli import main
from voice_app.extensions import db
from voice_app.models import Call
from voice_app.simulator.call import CallSimulator, SimulatorError


def call_record(sid: str) -> Call:
    db.session.expire_all()
    return db.session.scalar(select(Call).where(Call.call_sid == sid))


def test_a_whole_call_over_real_http(live_url):
    sim = CallSimulator(live_url, AUTH_TOKEN, KNOWN, GROUP_NUMBER)
    assert "Hello Amina Hassan" in sim.start()
    assert "Meetings." in sim.press("4")
    assert "no meetings planned" in sim.say("upcoming meetings")
    assert "Help. For reading speed" in sim.press("0")
    assert "Putting you through" in sim.press("3")
    assert sim.dialled
    sim.hang_up()
    record = call_record(sim.call_sid)
    assert record.status == "completed"
    assert record.duration_seconds is not None
    assert "meetings" in record.menus and "help" in record.menus
    assert all(seconds > 0 for seconds in sim.timings)


def test_a_wrong_token_is_refused_over_http(live_url):
    sim = CallSimulator(live_url, "not-the-token", KNOWN, GROUP_NUMBER)
    with pytest.raises(SimulatorError, match="403"):
        sim.start()


def test_the_call_command_in_a_terminal(live_url):
    typed = "4\nsay upcoming meetings\n\n*\n0\n2\n2468#\nhangup\n"
    result = CliRunner().invoke(
        main,
        ["call", "--from", KNOWN, "--url", live_url, "--token", AUTH_TOKEN, "--speak"],
        input=typed,
    )
    assert result.exit_code == 0, result.output
    assert "line: Hello Amina Hassan. Welcome to Riverside." in result.output
    assert "line: There are no meetings planned at the moment." in result.output
    assert "You are Amina Hassan." in result.output
    assert "(call ended)" in result.output


def test_the_call_command_explains_a_dead_server_in_one_line(app):
    result = CliRunner().invoke(
        main, ["call", "--url", "http://127.0.0.1:9", "--token", "x"], input="hangup\n"
    )
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("voice-app: error: the call stopped")


def write_wav(path: Path, seconds: float = 1.0) -> Path:
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\x00\x00" * int(8000 * seconds))
    return path


def test_record_is_followed_like_twilio(tmp_path):
    """A scripted webhook with <Record>: the simulator posts the action and the callback, and the
    recording can be downloaded (with basic auth) and deleted from its stand-in for Twilio."""
    import requests

    received: list[dict] = []
    fake = Flask("scripted")

    @fake.post("/voice/incoming")
    def incoming():
        return (
            '<Response><Say>Speak after the tone.</Say><Record action="/after" '
            'recordingStatusCallback="/voice/recording" finishOnKey="#"/></Response>'
        )

    @fake.post("/after")
    def after():
        received.append({"at": "action", **request.form})
        return "<Response><Say>Thank you.</Say><Hangup/></Response>"

    @fake.post("/voice/recording")
    def recording():
        received.append({"at": "callback", **request.form})
        return "<Response/>"

    @fake.post("/voice/status")
    def status():
        received.append({"at": "status", **request.form})
        return "<Response/>"

    url, server, thread = serve(fake)
    try:
        sim = CallSimulator(url, AUTH_TOKEN, KNOWN, account_sid=ACCOUNT_SID)
        assert "Speak after the tone." in sim.start()
        assert sim.waiting == "record"
        assert "Thank you." in sim.record(write_wav(tmp_path / "comment.wav"))
        assert sim.ended
        action, callback, status = received
        assert action["at"] == "action" and action["Digits"] == "#"
        assert callback["RecordingStatus"] == "completed"
        assert callback["RecordingSid"] == action["RecordingSid"]
        assert status["CallStatus"] == "completed"
        audio = requests.get(callback["RecordingUrl"] + ".wav", auth=(ACCOUNT_SID, AUTH_TOKEN))
        assert audio.status_code == 200 and audio.content[:4] == b"RIFF"
        assert requests.get(callback["RecordingUrl"] + ".wav").status_code == 401
        gone = requests.delete(callback["RecordingUrl"] + ".json", auth=(ACCOUNT_SID, AUTH_TOKEN))
        assert gone.status_code == 204
        assert sim.recordings is not None
        sim.hang_up()
    finally:
        server.shutdown()
        thread.join()


def test_python_dash_m_runs_the_command():
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "voice_app", "call", "--help"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "--from" in done.stdout and "--speak" in done.stdout


def test_the_call_command_needs_a_token(app, monkeypatch):
    monkeypatch.delenv("TWILIO_AUTH_TOKEN")
    result = CliRunner().invoke(main, ["call", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "no Twilio auth token" in result.stderr
