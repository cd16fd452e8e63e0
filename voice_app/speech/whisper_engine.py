"""Whisper recognition through faster-whisper (CTranslate2, int8 on the CPU), with no torch.

Whisper is the accurate engine for English phone speech (WER 0.01-0.11 with
tiny.en against PocketSphinx's 0.5, benchmarks/results/recognition.md), but it
is known to write words where nobody spoke: "Thank you." over silence, a
phrase repeated over line noise. So nothing reaches the transcript unless
(1) the Silero voice-activity detector that faster-whisper ships found speech,
and (2) the decoder itself was not guessing: a segment is dropped when it is
probably not speech (no_speech_prob), when its mean token log-probability is
too low, or when its text compresses too well (a repetition loop).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from voice_app.speech.audio import read_wav
from voice_app.speech.model_layout import read_metadata
from voice_app.speech.transcript import Recognizer, RecognizerUnavailable, Word, clamp_conf

DECODE_RATE = 16000
# A segment above this no-speech probability is silence or noise, whatever was decoded.
NO_SPEECH_PROB = 0.6
# Below this mean token log-probability the decoder was guessing (Whisper's own fallback limit).
MIN_AVG_LOGPROB = -1.0
# Above this gzip ratio the text is a repetition loop (Whisper's own limit).
MAX_COMPRESSION_RATIO = 2.4
# Silero's default 0.5 missed 3 of 8 two-word phrases ("rear right") at telephone quality;
# 0.35 found all 8 and still let none of the hold music, tones or noise through
# (benchmarks/results/recognition.md). Below 0.35 hold music started to pass.
VAD_PARAMETERS = {
    "threshold": 0.35,
    "min_speech_duration_ms": 250,
    "min_silence_duration_ms": 700,
    "speech_pad_ms": 300,
}
# What Whisper writes over music and noise (it learnt them from video subtitles). Kept when
# said clearly; dropped when the decoder had any doubt that there was speech at all. Over hold
# music with VAD off it wrote "Thank you very much." at log-probability -0.93, no-speech 0.29.
_FILLER = re.compile(
    r"(?i)(thank you( very much)?|thanks( for watching)?|bye|you|so|okay|\.+|\W*)[.!]?"
)
FILLER_NO_SPEECH = 0.2
FILLER_LOGPROB = -0.7
BEAM_SIZE = 5
# Whisper's prompt window is 224 tokens; half of it is plenty for names, and leaves room.
MAX_HINT_CHARS = 400
# On clips of a word or two, a prompt made tiny.en invent whole sentences ("Side, left. Thank
# you so much for watching ...") and halved its confidence; on sentences it spelled the group's
# names right (benchmarks/results/recognition.md). So hints are given from this length on.
HINT_MIN_SECONDS = 3.0

_MODELS: dict[tuple[str, int], Any] = {}
_MODELS_LOCK = threading.Lock()


def default_threads() -> int:
    """Both cores of the usual 2-core box: a comment is wanted back within seconds of hang-up."""
    return max(1, min(2, os.cpu_count() or 1))


def load_whisper_model(folder: Path, threads: int) -> Any:
    """Load (or reuse) a CTranslate2 Whisper model: once per worker process."""
    key = (str(Path(folder).resolve()), threads)
    with _MODELS_LOCK:
        if key not in _MODELS:
            try:
                from faster_whisper import WhisperModel
            except ImportError as exc:  # pragma: no cover - faster-whisper is a dependency
                raise RecognizerUnavailable("the faster-whisper package is not installed") from exc
            try:
                _MODELS[key] = WhisperModel(
                    key[0],
                    device="cpu",
                    compute_type="int8",
                    cpu_threads=threads,
                    num_workers=1,
                    local_files_only=True,
                )
            except (RuntimeError, ValueError, OSError) as exc:
                raise RecognizerUnavailable(
                    f"faster-whisper could not load the model at {folder}: {exc}"
                ) from exc
        return _MODELS[key]


def hint_prompt(hints: Sequence[str]) -> str | None:
    """The group's own words as a decoder prompt: spelled as the group spells them."""
    words: list[str] = []
    for hint in hints:
        hint = " ".join(str(hint).split())
        if hint and hint not in words:
            words.append(hint)
    prompt = ""
    for word in words:
        if len(prompt) + len(word) + 2 > MAX_HINT_CHARS:
            break
        prompt = f"{prompt}, {word}" if prompt else word
    return f"{prompt}." if prompt else None


def kept(segment: Any) -> bool:
    """True when a decoded segment is speech the decoder was sure enough of to write down."""
    if segment.no_speech_prob > NO_SPEECH_PROB:
        return False
    if segment.avg_logprob < MIN_AVG_LOGPROB:
        return False
    if segment.compression_ratio > MAX_COMPRESSION_RATIO:
        return False
    return not (_FILLER.fullmatch(segment.text.strip()) and _doubtful(segment))


def _doubtful(segment: Any) -> bool:
    return segment.no_speech_prob > FILLER_NO_SPEECH or segment.avg_logprob < FILLER_LOGPROB


class WhisperRecognizer(Recognizer):
    """An English Whisper model from ./models, checked at install time against the catalogue."""

    engine = "whisper"
    language = "en"

    def __init__(self, model_dir: str | Path, threads: int | None = None) -> None:
        self.model_dir = Path(model_dir)
        if not (self.model_dir / "model.bin").is_file():
            raise RecognizerUnavailable(f"no Whisper model (model.bin) at {self.model_dir}")
        meta = read_metadata(self.model_dir)
        self.model = self.model_dir.name
        self.revision = str(meta.get("revision") or "")
        self.language = str(meta.get("language") or "en")
        self.threads = threads or default_threads()
        self._model = load_whisper_model(self.model_dir, self.threads)

    def _decode(self, wav_path: Path) -> tuple[list[Word], float]:
        return self._decode_hinted(wav_path, ())

    def _decode_hinted(self, wav_path: Path, hints: Sequence[str]) -> tuple[list[Word], float]:
        audio = read_wav(wav_path, target_rate=DECODE_RATE)
        samples = audio.samples.astype(np.float32) / 32768.0
        segments, _info = self._model.transcribe(
            samples,
            language="en",
            beam_size=BEAM_SIZE,
            vad_filter=True,
            vad_parameters=VAD_PARAMETERS,
            word_timestamps=True,
            condition_on_previous_text=False,
            initial_prompt=hint_prompt(hints) if audio.seconds >= HINT_MIN_SECONDS else None,
            no_speech_threshold=NO_SPEECH_PROB,
            log_prob_threshold=MIN_AVG_LOGPROB,
            compression_ratio_threshold=MAX_COMPRESSION_RATIO,
        )
        words: list[Word] = []
        for segment in segments:
            if not kept(segment):
                continue
            for item in segment.words or []:
                text = item.word.strip()
                if text:
                    words.append(
                        Word(
                            word=text,
                            conf=clamp_conf(item.probability),
                            start=round(float(item.start), 3),
                            end=round(float(item.end), 3),
                        )
                    )
        return words, audio.seconds
