"""The Whisper engine on real human speech at telephone quality, and on sounds with no speech.

The WER bounds were measured on this code (benchmarks/results/recognition.md: tiny.en scored
0.01 on the Asterisk prompts and 0.11 on the LibriVox readings, PocketSphinx 0.51 and 0.49 in
the same run) and given a margin; PocketSphinx quality fails them by far.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from speech_samples import (
    ALSA_DIR,
    ALSA_PACKAGE,
    ALSA_PHRASES,
    ASTERISK_PROMPTS,
    HOLD_MUSIC_DIR,
    HOLD_MUSIC_PACKAGE,
    asterisk_prompt,
    librivox_samples,
    phone_copy,
    require,
    sox,
    word_error_rate,
)

from voice_app.config import Settings
from voice_app.speech.recognition import (
    PocketSphinxRecognizer,
    RecognizerUnavailable,
    WhisperRecognizer,
    choose_recognizer,
)
from voice_app.speech.whisper_engine import hint_prompt

PROMPTS = [
    "cannot-complete-as-dialed",
    "ss-noservice",
    "queue-youarenext",
    "vm-newuser",
    "followme/pls-hold-while-try",
    "priv-introsaved",
    "vm-rec-temp",
    "pbx-invalidpark",
]


@pytest.fixture(scope="module")
def whisper(whisper_models_dir: Path) -> WhisperRecognizer:
    recognizer = choose_recognizer("en-GB", models_dir=whisper_models_dir)
    assert isinstance(recognizer, WhisperRecognizer)
    return recognizer


def test_auto_picks_whisper_with_its_pinned_revision(whisper):
    assert whisper.engine == "whisper" and whisper.model == "faster-whisper-tiny.en"
    assert whisper.revision == "0d3d19a32d3338f10357c0889762bd8d64bbdeba"


def test_whisper_on_human_telephone_prompts(whisper):
    pairs = []
    for name in PROMPTS:
        result = whisper.transcribe(asterisk_prompt(name))
        assert result.engine == "whisper" and result.revision
        assert result.confidence is not None and 0 < result.confidence <= 1
        pairs.append((ASTERISK_PROMPTS[name], result.text))
    assert word_error_rate(pairs) <= 0.10, pairs  # PocketSphinx: 0.40 on these eight


@pytest.mark.slow
def test_whisper_on_phone_band_audiobook_readings(whisper, tmp_path):
    pairs = [
        (reference, whisper.transcribe(phone_copy(src, tmp_path)).text)
        for src, reference in librivox_samples().items()
    ]
    assert word_error_rate(pairs) <= 0.15, pairs  # PocketSphinx: 0.49


def test_words_carry_confidence_and_timings(whisper):
    result = whisper.transcribe(asterisk_prompt("vm-intro"))
    assert len(result.words) >= 14
    previous = 0.0
    for word in result.words:
        assert 0.0 <= word["conf"] <= 1.0
        assert previous <= word["start"] <= word["end"] <= result.audio_seconds + 0.05
        previous = word["start"]
    mean = sum(w["conf"] for w in result.words) / len(result.words)
    assert result.confidence == pytest.approx(mean, abs=1e-3)


def test_a_long_pause_inside_speech_invents_nothing(whisper, tmp_path):
    first, second = asterisk_prompt("vm-intro"), asterisk_prompt("all-circuits-busy-now")
    joined = tmp_path / "pause.wav"
    sox(tmp_path / "first.wav", [str(first)], "pad", "0", "10")
    sox(joined, [str(tmp_path / "first.wav"), str(second)])
    result = whisper.transcribe(joined)
    spoken_until = max(w["end"] for w in result.words if w["start"] < 6)
    assert spoken_until < 6.5
    assert not [w for w in result.words if 6.5 < w["start"] < 15.5], result.words
    assert "circuits are busy now" in result.text.lower()
    assert (
        word_error_rate(
            [(ASTERISK_PROMPTS["vm-intro"] + " all circuits are busy now", result.text)]
        )
        <= 0.1
    )


NO_SPEECH = {  # sox effects after "sox -n": all synthesised at telephone quality
    "silence": "trim 0 8",
    "line hiss": "synth 8 whitenoise vol 0.05",
    "rumbling line noise": "synth 8 brownnoise vol 0.3",
    "mains hum": "synth 8 sine 50 sine 150 channels 1 vol 0.3",
    "hold tones": "synth 8 sine 440 sine 554 sine 659 channels 1 tremolo 3 40 vol 0.3",
    "a cough": "synth 0.35 pinknoise fade q 0.02 0.35 0.25 lowpass 1500 pad 1 1 repeat 1",
}


@pytest.mark.parametrize("sound", sorted(NO_SPEECH))
def test_sounds_without_speech_give_nothing_heard(whisper, tmp_path, sound):
    result = whisper.transcribe(sox(tmp_path / "sound.wav", ["-n"], *NO_SPEECH[sound].split()))
    assert result.text == "" and result.words == [] and result.nothing_heard
    assert result.confidence is None


def test_keypad_tones_give_nothing_heard(whisper, tmp_path):
    keys = []
    for n, (low, high) in enumerate(
        [(697, 1209), (697, 1336), (770, 1209), (852, 1477), (941, 1336), (941, 1209)]
    ):
        keys.append(
            str(
                sox(
                    tmp_path / f"key{n}.wav",
                    ["-n"],
                    "synth",
                    "0.25",
                    "sine",
                    str(low),
                    "sine",
                    str(high),
                    "channels",
                    "1",
                    "vol",
                    "0.5",
                    "pad",
                    "0",
                    "0.3",
                )
            )
        )
    tones = sox(tmp_path / "keys.wav", keys)
    assert whisper.transcribe(tones).nothing_heard


@pytest.mark.parametrize("track", ["macroform-cold_day", "reno_project-system"])
def test_hold_music_gives_nothing_heard(whisper, tmp_path, track):
    music = require(HOLD_MUSIC_DIR / f"{track}.wav", HOLD_MUSIC_PACKAGE)
    clip = sox(tmp_path / "music.wav", [str(music)], "trim", "0", "20")
    assert whisper.transcribe(clip).nothing_heard


def test_short_phrases_like_shopping_items(whisper, tmp_path):
    require(ALSA_DIR / "Rear_Right.wav", ALSA_PACKAGE)
    pairs = [
        (text, whisper.transcribe(phone_copy(ALSA_DIR / f"{name}.wav", tmp_path)).text)
        for name, text in ALSA_PHRASES.items()
    ]
    assert word_error_rate(pairs) <= 0.35, pairs  # two words, no context: the hardest case


def test_hint_prompt_keeps_names_once_and_short():
    prompt = hint_prompt(["Riverside Forum", "Civic Campus", "Civic  Campus", "", "x" * 500])
    assert prompt == "Riverside Forum, Civic Campus."
    assert hint_prompt([]) is None


def test_naming_an_engine_uses_it_or_says_why_not(whisper_models_dir, tmp_path):
    sphinx = choose_recognizer("en", models_dir=whisper_models_dir, engine="pocketsphinx")
    assert isinstance(sphinx, PocketSphinxRecognizer)
    with pytest.raises(RecognizerUnavailable, match="no Whisper model is installed"):
        choose_recognizer("en", models_dir=tmp_path, engine="whisper")
    with pytest.raises(RecognizerUnavailable, match="English only"):
        choose_recognizer("ko", models_dir=whisper_models_dir, engine="whisper")
    with pytest.raises(RecognizerUnavailable, match="not installed"):
        choose_recognizer("en", models_dir=whisper_models_dir, whisper_model="small.en")
    with pytest.raises(RecognizerUnavailable, match="no Vosk model"):
        choose_recognizer("en", models_dir=whisper_models_dir, engine="vosk")


def test_engine_settings_are_read_and_checked():
    settings = Settings.from_env(
        {
            "VOICE_APP_ASR_ENGINE": "Whisper",
            "VOICE_APP_WHISPER_MODEL": "tiny.en",
            "VOICE_APP_SPEECH_HINTS": "Hammersmith, Fulham,, Civic Campus",
            "VOICE_APP_READBACK_CONFIDENCE": "0.9",
        }
    )
    assert settings.asr_engine == "whisper" and settings.whisper_model == "tiny.en"
    assert settings.speech_hints == ("Hammersmith", "Fulham", "Civic Campus")
    assert settings.readback_confidence == 0.9
    with pytest.raises(ValueError, match="VOICE_APP_ASR_ENGINE"):
        Settings.from_env({"VOICE_APP_ASR_ENGINE": "google"})
    with pytest.raises(ValueError, match="VOICE_APP_READBACK_CONFIDENCE"):
        Settings.from_env({"VOICE_APP_READBACK_CONFIDENCE": "high"})
