"""Render text to phone-ready speech (8 kHz mono 16-bit WAV) with pyttsx3 on espeak-ng.

Each job runs in a short-lived process (`tts_worker.py`) with a timeout, because pyttsx3
on Linux can hang on a second runAndWait() and sometimes writes no file. The output is
checked (a complete WAV, and a duration that fits its words and rate), the job retried once,
and as a last resort espeak-ng's own command line is used.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from voice_app.speech.audio import is_valid_wav, level_speech, to_phone_wav, wav_info
from voice_app.speech.speed import speed_is_right

__all__ = [
    "BASE_WPM",
    "RATES",
    "RenderResult",
    "TTSFailed",
    "TTSUnavailable",
    "cache_key",
    "check_available",
    "render",
    "wav_info",
]

log = logging.getLogger(__name__)

BASE_WPM = 160  # words a minute at 100%: a little slower than espeak's 175, for the phone
RATES = (70, 85, 100, 115, 130)  # what the keypad's slower/faster steps offer
FORMAT_VERSION = "tts-v2-8k-mono-pcm16-levelled"  # v2: levelled to SPEECH_LEVEL_DBFS
WORKER = Path(__file__).with_name("tts_worker.py")
EXIT_UNAVAILABLE = 3


class TTSUnavailable(RuntimeError):
    """The speech engine is not installed on this machine."""


class TTSFailed(RuntimeError):
    """The engine is installed but did not produce audio for this text."""


@dataclass(frozen=True)
class RenderResult:
    path: Path
    duration_seconds: float
    sample_rate: int
    engine: str = "pyttsx3"


def cache_key(text: str, voice: str, rate: int) -> str:
    """Name audio by what was said and how, so repeat requests reuse the file."""
    payload = "\x00".join([FORMAT_VERSION, voice.lower(), str(int(rate)), text])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def words_per_minute(rate: int) -> int:
    """Map the caller's speed (a percentage of normal) to espeak's words a minute."""
    rate = max(50, min(200, int(rate)))
    return max(80, round(BASE_WPM * rate / 100))


def check_available() -> None:
    """Raise TTSUnavailable, naming what to install, when speech cannot work here."""
    missing = []
    if importlib.util.find_spec("pyttsx3") is None:
        missing.append("the pyttsx3 Python package (pip install pyttsx3)")
    if not (ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")):
        if not shutil.which("espeak-ng"):
            missing.append("espeak-ng (apt-get install espeak-ng)")
    if missing:
        raise TTSUnavailable("Text-to-speech is not available: install " + " and ".join(missing))


def render(
    text: str,
    out_path: Path,
    rate: int = 100,
    voice: str = "en-gb",
    timeout: float | None = None,
) -> RenderResult:
    """Speak `text` into `out_path` as 8 kHz mono 16-bit PCM WAV, replacing it atomically."""
    if not text or not text.strip():
        raise ValueError("There is no text to speak.")
    check_available()
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    wpm = words_per_minute(rate)
    timeout = timeout or 20 + len(text) / 200
    with tempfile.TemporaryDirectory(prefix=".tts-", dir=out_path.parent) as tmp:
        text_file = Path(tmp) / "text.txt"
        text_file.write_text(text, encoding="utf-8")
        converted = Path(tmp) / "phone.wav"

        def phone_audio(raw: Path) -> bool:
            """Convert for the phone; False when the speed is not the one asked for."""
            to_phone_wav(raw, converted)
            if not is_valid_wav(converted):
                raise TTSFailed("The speech audio could not be converted for the phone.")
            duration = wav_info(converted)[2]
            if speed_is_right(duration, text, wpm):
                return True
            log.warning("render at %d wpm took %.1fs: wrong speed, rendering again", wpm, duration)
            return False

        engine = _render_raw(text_file, Path(tmp) / "raw.wav", wpm, voice, timeout, phone_audio)
        level_speech(converted)  # as loud as the line's <Say> prompts
        os.replace(converted, out_path)
    sample_rate, _channels, duration = wav_info(out_path)
    return RenderResult(out_path, duration, sample_rate, engine)


def _render_raw(
    text_file: Path,
    raw: Path,
    wpm: int,
    voice: str,
    timeout: float,
    accept: Callable[[Path], bool],
) -> str:
    """Try the pyttsx3 worker twice, then espeak-ng directly; return the engine that worked.

    `accept` converts a raw render and says whether it is right; espeak-ng's command line sets
    the speed itself, so its render is kept even when the estimate disagrees.
    """
    errors = []
    for attempt in (1, 2):
        raw.unlink(missing_ok=True)
        command = [sys.executable, str(WORKER), "--text-file", str(text_file),
                   "--out", str(raw), "--wpm", str(wpm), "--voice", voice,
                   "--wait", str(timeout)]  # fmt: skip
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            errors.append(f"attempt {attempt}: timed out after {timeout:.0f}s")
            log.warning("pyttsx3 worker timed out (attempt %d)", attempt)
            continue
        if result.returncode == EXIT_UNAVAILABLE:
            raise TTSUnavailable(f"Text-to-speech is not available: {result.stderr.strip()}")
        if result.returncode == 0 and is_valid_wav(raw):
            if accept(raw):
                return "pyttsx3"
            errors.append(f"attempt {attempt}: wrong speed")
            continue
        errors.append(f"attempt {attempt}: exit {result.returncode} {result.stderr.strip()[-300:]}")
        log.warning("pyttsx3 worker produced no audio (attempt %d)", attempt)
    raw.unlink(missing_ok=True)
    if _espeak_cli(text_file, raw, wpm, voice, timeout):
        accept(raw)
        return "espeak-ng"
    raise TTSFailed("Speech could not be rendered: " + "; ".join(errors))


def _espeak_cli(text_file: Path, raw: Path, wpm: int, voice: str, timeout: float) -> bool:
    espeak = shutil.which("espeak-ng") or shutil.which("espeak")
    if not espeak:
        return False
    command = [espeak, "-v", voice, "-s", str(wpm), "-f", str(text_file), "-w", str(raw)]
    try:
        subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return False
    return is_valid_wav(raw)
