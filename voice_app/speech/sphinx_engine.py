"""PocketSphinx recognition: the English fallback that needs no model download.

PocketSphinx's en-us acoustic model is trained on 16 kHz audio and its feature
settings (upper filter 6800 Hz) cannot run at 8 kHz. Measured on 19 Asterisk
8 kHz prompts (benchmarks/results/recognition.md): upsampling to 16 kHz and
adding 0.3 s of silence each side gave WER 0.51 (0.54 without the silence);
decoding at 8 kHz with the filterbank cut to 3500 Hz gave 0.98. So phone audio
is upsampled and padded.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import numpy as np

from voice_app.speech.audio import PcmAudio, read_wav
from voice_app.speech.transcript import Recognizer, RecognizerUnavailable, Word, clamp_conf

DECODE_RATE = 16000
PAD_SECONDS = 0.3
_FRAMES_PER_SECOND = 100
_FILLER = re.compile(r"^(<s>|</s>|<sil>|\[.*\]|\+\+.*\+\+)$")
_ALTERNATE = re.compile(r"\(\d+\)$")

# Loading the language model costs ~0.3 s and 30 MB; keep one decoder per model folder.
# A decoder holds per-utterance state, so each one is used under its own lock.
_DECODERS: dict[str, tuple[Any, threading.Lock]] = {}
_DECODERS_LOCK = threading.Lock()


def default_model_dir() -> Path:
    """The en-us model that the pocketsphinx wheel ships."""
    try:
        from pocketsphinx import get_model_path
    except ImportError as exc:  # pragma: no cover - pocketsphinx is a dependency
        raise RecognizerUnavailable("the pocketsphinx package is not installed") from exc
    return Path(get_model_path("en-us"))


def _decoder(model_dir: Path) -> tuple[Any, threading.Lock]:
    key = str(model_dir)
    with _DECODERS_LOCK:
        if key not in _DECODERS:
            from pocketsphinx import Config, Decoder, set_loglevel

            set_loglevel("FATAL")
            needed = [
                model_dir / "en-us",
                model_dir / "en-us.lm.bin",
                model_dir / "cmudict-en-us.dict",
            ]
            missing = [p.name for p in needed if not p.exists()]
            if missing:
                raise RecognizerUnavailable(f"PocketSphinx model at {model_dir} lacks {missing}")
            config = Config(
                hmm=str(needed[0]), lm=str(needed[1]), dict=str(needed[2]), samprate=DECODE_RATE
            )
            try:
                _DECODERS[key] = (Decoder(config), threading.Lock())
            except RuntimeError as exc:
                raise RecognizerUnavailable(f"PocketSphinx could not start: {exc}") from exc
        return _DECODERS[key]


def _package_version() -> str:
    """The bundled model changes only with the wheel, so the wheel's version is its revision."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"pocketsphinx {version('pocketsphinx')}"
    except PackageNotFoundError:  # pragma: no cover - pocketsphinx is a dependency
        return ""


class PocketSphinxRecognizer(Recognizer):
    """CMU PocketSphinx with its bundled US English model; weaker, but always there."""

    engine = "pocketsphinx"
    language = "en-us"

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        self.model = f"pocketsphinx-{self.model_dir.name}"
        self.revision = _package_version()
        self._decoder, self._lock = _decoder(self.model_dir)

    def _decode(self, wav_path: Path) -> tuple[list[Word], float]:
        audio = read_wav(wav_path)
        upsampled = read_wav(wav_path, target_rate=DECODE_RATE)
        pad = np.zeros(int(PAD_SECONDS * DECODE_RATE), dtype=np.int16)
        padded = PcmAudio(np.concatenate([pad, upsampled.samples, pad]), DECODE_RATE)
        with self._lock:
            self._decoder.start_utt()
            self._decoder.process_raw(padded.to_bytes(), full_utt=True)
            self._decoder.end_utt()
            segments = list(self._decoder.seg()) if self._decoder.hyp() else []
        words: list[Word] = []
        for seg in segments:
            if _FILLER.match(seg.word):
                continue
            start = max(0.0, seg.start_frame / _FRAMES_PER_SECOND - PAD_SECONDS)
            end = min(audio.seconds, (seg.end_frame + 1) / _FRAMES_PER_SECOND - PAD_SECONDS)
            words.append(
                Word(
                    word=_ALTERNATE.sub("", seg.word),
                    conf=clamp_conf(seg.prob),  # lattice posterior, already linear
                    start=round(start, 3),
                    end=round(max(start, end), 3),
                )
            )
        return words, audio.seconds
