"""Rendered paper audio is levelled to one loudness, to match the line's <Say> prompts."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from voice_app.speech.audio import (
    SPEECH_LEVEL_DBFS,
    PcmAudio,
    active_speech_level,
    level_speech,
    read_wav,
    write_wav,
)
from voice_app.speech.tts import render

pytestmark = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng not installed")


def test_rendered_speech_is_at_the_target_level(tmp_path):
    result = render("The day centre opened in 1998. Residents use it five days a week.",
                    tmp_path / "speech.wav")  # fmt: skip
    audio = read_wav(result.path)
    level = active_speech_level(audio.samples, audio.sample_rate)
    assert level is not None and abs(level - SPEECH_LEVEL_DBFS) < 1.0
    assert np.max(np.abs(audio.samples)) < 32767  # peaks held below full scale


def test_quiet_and_loud_renderings_come_out_equally_loud(tmp_path):
    result = render("Next steps. Officers will report back in March.", tmp_path / "a.wav")
    audio = read_wav(result.path)
    quiet = tmp_path / "quiet.wav"
    write_wav(quiet, PcmAudio((audio.samples // 8).astype(np.int16), audio.sample_rate))
    before = level_speech(quiet)
    assert before is not None and before < SPEECH_LEVEL_DBFS - 15
    again = read_wav(quiet)
    after = active_speech_level(again.samples, again.sample_rate)
    assert abs(after - SPEECH_LEVEL_DBFS) < 1.0


def test_silence_is_left_alone(tmp_path):
    silent = tmp_path / "silent.wav"
    write_wav(silent, PcmAudio(np.zeros(8000, dtype=np.int16), 8000))
    assert level_speech(silent) is None
