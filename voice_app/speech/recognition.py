"""Offline speech recognition: one interface, two engines, and the rule that picks one.

Audio never leaves the machine. Vosk is used when a Vosk model for the caller's
language is installed (explicitly, or under ./models); otherwise English falls
back to PocketSphinx, whose model ships inside its wheel. For other languages
there is no honest fallback, so the caller is told which model to install.
"""

from __future__ import annotations

import logging
from pathlib import Path

from voice_app.config import PROJECT_ROOT, Settings
from voice_app.speech.model_layout import (
    language_matches,
    layout_problems,
    model_folders,
    model_language,
    normalise_language,
)
from voice_app.speech.sphinx_engine import PocketSphinxRecognizer
from voice_app.speech.transcript import (
    Recognizer,
    RecognizerUnavailable,
    TranscriptResult,
    Word,
)
from voice_app.speech.vosk_engine import VoskRecognizer, forget_loaded_models, load_vosk_model

__all__ = [
    "PocketSphinxRecognizer",
    "Recognizer",
    "RecognizerUnavailable",
    "TranscriptResult",
    "VoskRecognizer",
    "Word",
    "choose_recognizer",
    "default_models_dir",
    "find_vosk_models",
    "forget_loaded_models",
    "load_vosk_model",
    "transcribe",
]

DEFAULT_MODELS_DIR = PROJECT_ROOT / "models"


def default_models_dir() -> Path:
    """./models, or VOICE_APP_MODELS_DIR: the models folder as Settings reads it."""
    return Settings.from_env().models_dir


log = logging.getLogger(__name__)


def find_vosk_models(language: str, models_dir: str | Path | None = None) -> list[Path]:
    """Installed Vosk models for a language, best first: same region, then any region."""
    wanted = normalise_language(language)
    candidates = [
        (folder, model_language(folder))
        for folder in model_folders(Path(models_dir or default_models_dir()))
    ]
    usable = [(folder, lang) for folder, lang in candidates if language_matches(wanted, lang)]
    usable.sort(key=lambda pair: (pair[1] != wanted, pair[0].name))
    return [folder for folder, _ in usable]


def choose_recognizer(
    language: str = "en",
    vosk_model_path: str | Path | None = None,
    models_dir: str | Path | None = None,
) -> Recognizer:
    """Pick the best offline engine for a language.

    An explicit vosk_model_path (the VOSK_MODEL_PATH setting) wins unless its
    folder says it is for another language; a broken explicit model is an error
    rather than a silent downgrade, so a coordinator sees the misconfiguration.
    A broken model merely found under models_dir is logged and skipped.
    """
    wanted = normalise_language(language)
    if vosk_model_path:
        explicit = Path(vosk_model_path)
        problems = layout_problems(explicit)
        if problems:
            raise RecognizerUnavailable(
                f"VOSK_MODEL_PATH {explicit} is unusable: {'; '.join(problems)}"
            )
        offered = model_language(explicit)
        if offered is None or language_matches(wanted, offered):
            try:
                return VoskRecognizer(explicit, language=wanted)
            except RecognizerUnavailable as exc:
                # The default VOSK_MODEL_PATH is the first folder under models_dir: a corrupt
                # download there is skipped like any other found model, with a warning.
                models = Path(models_dir or default_models_dir()).resolve()
                if explicit.resolve().parent != models:
                    raise
                log.warning("skipping Vosk model %s: %s", explicit, exc)
    for found in find_vosk_models(wanted, models_dir):
        try:
            return VoskRecognizer(found, language=wanted)
        except RecognizerUnavailable as exc:  # a broken download must not stop transcription
            log.warning("skipping Vosk model %s: %s", found, exc)
    if wanted.split("-")[0] == "en":
        return PocketSphinxRecognizer()
    raise RecognizerUnavailable(
        f"no speech-recognition model for language {wanted!r} is installed; "
        "run 'voice-app models list' and 'voice-app models download NAME'"
    )


def transcribe(
    wav_path: str | Path,
    language: str = "en",
    vosk_model_path: str | Path | None = None,
    models_dir: str | Path | None = None,
) -> TranscriptResult:
    """Choose an engine and transcribe one file: the call the worker makes."""
    return choose_recognizer(language, vosk_model_path, models_dir).transcribe(wav_path)
