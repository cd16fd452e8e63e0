"""The result every recogniser returns, and the errors they share.

Kept apart from the engines so the worker, the exports and the tests can use the
result type without importing Vosk or PocketSphinx.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypedDict


class RecognizerUnavailable(RuntimeError):
    """No engine can run: the model is missing, corrupt, or not for this language."""


class Word(TypedDict):
    """One recognised word; times are seconds from the start of the recording."""

    word: str
    conf: float
    start: float
    end: float


@dataclass
class TranscriptResult:
    """What was said, and which engine and model said so (stored with each comment)."""

    text: str
    words: list[Word] = field(default_factory=list)
    engine: str = ""
    model: str = ""
    language: str = ""
    audio_seconds: float = 0.0
    real_time_factor: float = 0.0
    revision: str = ""
    confidence: float | None = None

    @property
    def nothing_heard(self) -> bool:
        """No words: silence, noise, tones or a cough, never an invented sentence."""
        return not self.words

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, for the database and the exports."""
        return asdict(self)


class Recognizer(ABC):
    """Turns a WAV file into a TranscriptResult, entirely on this machine."""

    engine: str = ""
    model: str = ""
    language: str = ""
    revision: str = ""

    @abstractmethod
    def _decode(self, wav_path: Path) -> tuple[list[Word], float]:
        """Return the words and the audio length in seconds."""

    def _decode_hinted(self, wav_path: Path, hints: Sequence[str]) -> tuple[list[Word], float]:
        """Decode with the group's own words as hints; engines that cannot use them ignore them."""
        return self._decode(wav_path)

    def transcribe(self, wav_path: str | Path, hints: Sequence[str] = ()) -> TranscriptResult:
        """Transcribe one recording and time it, so slow engines show up in the results."""
        started = time.perf_counter()
        words, seconds = self._decode_hinted(Path(wav_path), hints)
        elapsed = time.perf_counter() - started
        return TranscriptResult(
            text=" ".join(w["word"] for w in words),
            words=words,
            engine=self.engine,
            model=self.model,
            language=self.language,
            audio_seconds=round(seconds, 3),
            real_time_factor=round(elapsed / seconds, 4) if seconds else 0.0,
            revision=self.revision,
            confidence=transcript_confidence(words),
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.model} ({self.language})>"


def clamp_conf(value: float) -> float:
    """Keep a confidence in 0..1, whatever the engine's arithmetic produced."""
    return round(min(1.0, max(0.0, float(value))), 4)


def transcript_confidence(words: Sequence[Word]) -> float | None:
    """The mean of the word confidences (None when nothing was heard)."""
    if not words:
        return None
    return round(sum(w["conf"] for w in words) / len(words), 4)
