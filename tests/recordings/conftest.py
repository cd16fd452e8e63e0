"""Fixtures for recordings: the fake Twilio media server, real speech at telephone quality,
a caller on the line, and a way to run the job queue to the end."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.builders import make_call, make_group, make_person
from tests.fakes.twilio_media import twilio_media  # noqa: F401 (a fixture)
from voice_app.models import utcnow
from voice_app.speech.audio import to_phone_band
from voice_app.speech.transcript import Recognizer, TranscriptResult

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


_DECODED: dict[tuple[str, str, str, str, tuple[str, ...]], TranscriptResult] = {}


@pytest.fixture
def each_clip_decoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A recording the engines have decoded before in this test process gets that result again.

    The engines are deterministic, and the pipeline tests send the same few clips through the
    same engine many times (PocketSphinx took ~1.7 s of CPU for each of 8 decodings of one clip):
    the first decoding is real, and later tests make their assertions on a copy of its result.
    The key is the engine, model, revision, the file's bytes and the hints, so other audio or
    another engine is always decoded for real."""
    transcribe = Recognizer.transcribe

    def decoded_once(
        self: Recognizer, wav_path: str | Path, hints: Sequence[str] = ()
    ) -> TranscriptResult:
        clip = hashlib.sha256(Path(wav_path).read_bytes()).hexdigest()
        key = (
            f"{self.engine}:{type(self).__name__}",
            self.model,
            self.revision,
            clip,
            tuple(hints),
        )
        if key not in _DECODED:
            _DECODED[key] = transcribe(self, wav_path, hints)
        return copy.deepcopy(_DECODED[key])

    monkeypatch.setattr(Recognizer, "transcribe", decoded_once)


@pytest.fixture
def settings(app, tmp_path, monkeypatch):
    """The app's settings with no Vosk model installed, so English falls back to PocketSphinx,
    and a data dir of the test's own."""
    settings = app.config["SETTINGS"]
    monkeypatch.setattr(settings, "data_dir", tmp_path / "data")
    monkeypatch.setattr(settings, "vosk_model_path", None)
    monkeypatch.setattr(settings, "models_dir", tmp_path / "no-models")
    monkeypatch.setitem(app.config, "RECORDING_DOWNLOAD_TIMEOUT", 1)
    return settings


@pytest.fixture
def caller(app):
    """A consenting resident of one group, on a call."""
    group = make_group("Riverside")
    person = make_person(group, "Amina Hassan", recording_consent_at=utcnow())
    return make_call(person)
