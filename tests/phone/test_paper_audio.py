"""Paper audio for <Play>: the signed route, and real rendering by the real worker (slow)."""

from __future__ import annotations

import io
import wave
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask

from tests.conftest import AUTH_TOKEN, BASE_URL
from tests.phone.conftest import GROUP_NUMBER, KNOWN
from tests.phone.reading_builders import meeting_with_papers, papers_of
from tests.phone.test_simulator_e2e import serve, write_wav
from voice_app.extensions import db
from voice_app.jobs.worker import Worker
from voice_app.models import SpeechRendition
from voice_app.phone.audio import audio_token
from voice_app.simulator.call import CallSimulator


def cached_wav(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_wav(path, seconds=0.5)


def rendition_at(path: Path) -> SpeechRendition:
    rendition = SpeechRendition(
        text_sha256=path.stem[:64], voice="en-gb", rate=100, path=str(path), duration_seconds=0.5
    )
    db.session.add(rendition)
    db.session.commit()
    return rendition


@pytest.fixture
def cache_dir(app: Flask) -> Path:
    return app.config["SETTINGS"].tts_cache_dir


def test_the_right_token_serves_the_wav(client, cache_dir):
    rendition = rendition_at(cached_wav(cache_dir / "ab" / "abc123.wav"))
    answer = client.get(f"/voice/audio/{rendition.id}/{audio_token(rendition.id)}.wav")
    assert answer.status_code == 200
    assert answer.mimetype == "audio/wav"
    with wave.open(io.BytesIO(answer.get_data())) as audio:
        assert audio.getframerate() == 8000 and audio.getnframes() == 4000


def test_a_wrong_token_is_refused(client, cache_dir):
    rendition = rendition_at(cached_wav(cache_dir / "ab" / "abc124.wav"))
    token = audio_token(rendition.id)
    for bad in ("0" * 32, token[:-1] + ("0" if token[-1] != "0" else "1"), token[:8], "x"):
        assert client.get(f"/voice/audio/{rendition.id}/{bad}.wav").status_code == 403
    other = audio_token(rendition.id + 1)  # a real token, for another rendition
    assert client.get(f"/voice/audio/{rendition.id}/{other}.wav").status_code == 403


def test_unknown_ids_and_odd_paths_are_not_found(client, cache_dir):
    assert client.get(f"/voice/audio/999/{audio_token(999)}.wav").status_code == 404
    huge = 10**12
    for path in (
        "/voice/audio/abc/x.wav",
        "/voice/audio/-1/x.wav",
        "/voice/audio/1/../../etc.wav",
        "/voice/audio/1/x.mp3",
        f"/voice/audio/{huge}/{audio_token(huge)}.wav",
    ):
        assert client.get(path).status_code in (403, 404), path


def test_only_files_in_the_speech_cache_are_ever_sent(client, cache_dir, tmp_path):
    outside = rendition_at(cached_wav(tmp_path / "elsewhere.wav"))
    sneaky = rendition_at(cached_wav(cache_dir / "ab" / "ok.wav"))
    sneaky.path = str(cache_dir / ".." / ".." / tmp_path.name / "elsewhere.wav")
    not_wav = rendition_at(cached_wav(cache_dir / "ab" / "secret.wav"))
    not_wav.path = str(Path(not_wav.path).with_suffix(".txt"))
    Path(not_wav.path).write_text("not audio")
    gone = rendition_at(cached_wav(cache_dir / "ab" / "gone.wav"))
    Path(gone.path).unlink()
    db.session.commit()
    for rendition in (outside, sneaky, not_wav, gone):
        token = audio_token(rendition.id)
        assert client.get(f"/voice/audio/{rendition.id}/{token}.wav").status_code == 404


@pytest.mark.slow
@pytest.mark.one_database  # espeak-ng's audio over HTTP: the same on either database
def test_real_audio_is_played_once_the_worker_has_rendered_it(app, group, phone, client):
    meeting = meeting_with_papers(group)
    sim = phone(KNOWN)
    sim.start()
    sim.press("1")
    assert sim.last_page.find(".//Play") is None  # not rendered yet: <Say>, and no waiting
    assert sim.last_page.find(".//Say") is not None
    sim.press("*")

    ran = Worker(app).run(once=True)  # normal speed first, then every other speed
    assert ran == 10  # two papers, five speeds each
    sim.press("1")
    play = sim.last_page.find(".//Play")
    assert play is not None, "rendered audio should be played"
    assert play.text.startswith(BASE_URL + "/voice/audio/")
    answer = client.get(urlsplit(play.text).path)
    assert answer.status_code == 200
    with wave.open(io.BytesIO(answer.get_data())) as audio:
        assert audio.getframerate() == 8000 and audio.getnframes() > 8000
    sim.press("4")  # slower: another rendition, at 85%
    slower = sim.last_page.find(".//Play")
    assert slower is not None and slower.text != play.text
    assert papers_of(meeting)[0].status.value == "ready"


@pytest.mark.slow
@pytest.mark.one_database  # espeak-ng's audio over HTTP: the same on either database
def test_a_walk_over_real_http_plays_real_audio(app, group):
    meeting_with_papers(group)
    Worker(app, kinds=["render_paper"]).run(once=True)
    url, server, thread = serve(app)
    settings = app.config["SETTINGS"]
    saved, settings.public_base_url = settings.public_base_url, url
    try:
        sim = CallSimulator(url, AUTH_TOKEN, KNOWN, GROUP_NUMBER)
        sim.start()
        heard = sim.press("1")
        assert "Paper 1 of 2: Day opportunities review." in heard
        played = [line for line in sim.transcript if line.startswith("line: (plays ")]
        audio_url = played[-1].removeprefix("line: (plays ").removesuffix(")")
        assert audio_url.startswith(url + "/voice/audio/")
        fetched = requests.get(audio_url, timeout=10)  # as Twilio fetches <Play>: no signature
        assert fetched.status_code == 200 and fetched.content[:4] == b"RIFF"
        assert requests.get(audio_url.replace(".wav", "0.wav"), timeout=10).status_code == 403
        assert sim.press("3").startswith("Section 2 of 3: Costs.")
        assert sim.press("#").startswith("You are on paper 1 of 2")
        sim.hang_up()
    finally:
        settings.public_base_url = saved
        server.shutdown()
        thread.join()
