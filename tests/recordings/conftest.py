"""Fixtures for recordings: the fake Twilio media server, real speech at telephone quality,
a caller on the line, and a way to run the job queue to the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import make_call, make_group, make_person
from tests.fakes.twilio_media import twilio_media  # noqa: F401 (a fixture)
from voice_app.models import utcnow
from voice_app.speech.audio import to_phone_band

ALSA_SOUNDS = Path("/usr/share/sounds/alsa")  # alsa-utils: a human voice naming each speaker


@pytest.fixture(scope="session")
def phone_speech(tmp_path_factory: pytest.TempPathFactory):
    """8 kHz telephone-band copies of the alsa-utils voice recordings, as Twilio delivers them."""
    if not (ALSA_SOUNDS / "Rear_Right.wav").exists():
        pytest.skip("alsa-utils' sounds are not installed (apt-get install alsa-utils)")
    folder = tmp_path_factory.mktemp("phone-speech")

    def make(name: str) -> bytes:
        target = folder / f"{name}-8k.wav"
        if not target.exists():
            to_phone_band(ALSA_SOUNDS / f"{name}.wav", target)
        return target.read_bytes()

    return make


@pytest.fixture
def settings(app, tmp_path, monkeypatch):
    """The app's settings with no Vosk model installed, so English falls back to PocketSphinx,
    and a data dir of the test's own."""
    settings = app.config["SETTINGS"]
    monkeypatch.setattr(settings, "data_dir", tmp_path / "data")
    monkeypatch.setattr(settings, "vosk_model_path", None)
    monkeypatch.setattr(settings, "models_dir", tmp_path / "no-models")
    monkeypatch.setattr(settings, "recording_download_timeout", 1)
    return settings


@pytest.fixture
def caller(app):
    """A consenting resident of one group, on a call."""
    group = make_group("Riverside")
    person = make_person(group, "Amina Hassan", recording_consent_at=utcnow())
    return make_call(person)
