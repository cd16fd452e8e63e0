"""Read, check and convert WAV audio for the offline recognisers.

Twilio delivers recordings as 8 kHz mono 16-bit PCM WAV, but people also upload
files by other routes, so anything libsndfile can read as WAV is accepted and
turned into mono 16-bit PCM. Resampling is done with numpy (an FFT, so it is
band-limited and needs no sox at run time).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soundfile

PHONE_RATE = 8000
PHONE_BAND_HZ = (300.0, 3400.0)
_WAV_FORMATS = {"WAV", "WAVEX", "RF64"}


class AudioError(ValueError):
    """The file is missing, empty, not WAV, or not audio at all."""


@dataclass(frozen=True)
class PcmAudio:
    """Mono 16-bit PCM samples at a known rate: the one shape every engine is fed."""

    samples: np.ndarray
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate

    def to_bytes(self) -> bytes:
        """Little-endian 16-bit PCM, as Vosk and PocketSphinx take it."""
        return self.samples.astype("<i2", copy=False).tobytes()


def _open_info(path: Path) -> Any:
    if not path.is_file():
        raise AudioError(f"no audio file at {path}")
    if path.stat().st_size == 0:
        raise AudioError(f"{path.name} is empty (0 bytes)")
    try:
        info = soundfile.info(str(path))
    except (RuntimeError, soundfile.LibsndfileError) as exc:
        raise AudioError(f"{path.name} is not a readable WAV file ({exc})") from exc
    if info.format not in _WAV_FORMATS:
        raise AudioError(f"{path.name} is {info.format}, not WAV")
    if info.frames == 0 or info.samplerate <= 0:
        raise AudioError(f"{path.name} holds no audio")
    return info


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Change the rate of float samples with an FFT, which cannot alias when going down."""
    if from_rate == to_rate or len(samples) == 0:
        return samples
    n_out = max(1, round(len(samples) * to_rate / from_rate))
    spectrum = np.fft.rfft(samples)
    keep = n_out // 2 + 1
    if keep <= len(spectrum):
        spectrum = spectrum[:keep]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(keep - len(spectrum), spectrum.dtype)])
    return np.fft.irfft(spectrum, n_out) * (n_out / len(samples))


def _to_int16(samples: np.ndarray) -> np.ndarray:
    return np.clip(np.round(samples * 32768.0), -32768, 32767).astype(np.int16)


def read_wav(path: str | Path, target_rate: int | None = None) -> PcmAudio:
    """Return the file as mono 16-bit PCM, at target_rate if given, else at its own rate."""
    path = Path(path)
    info = _open_info(path)
    if target_rate is None and info.channels == 1 and info.subtype == "PCM_16":
        data, rate = soundfile.read(str(path), dtype="int16", always_2d=False)
        return PcmAudio(np.ascontiguousarray(data), rate)
    data, rate = soundfile.read(str(path), dtype="float64", always_2d=True)
    mono = data.mean(axis=1)
    if target_rate is not None:
        mono = resample(mono, rate, target_rate)
        rate = target_rate
    return PcmAudio(_to_int16(mono), rate)


def write_wav(path: str | Path, audio: PcmAudio) -> Path:
    """Write mono 16-bit PCM WAV, the format every part of the app can read."""
    path = Path(path)
    soundfile.write(str(path), audio.samples, audio.sample_rate, subtype="PCM_16", format="WAV")
    return path


def duration_seconds(path: str | Path) -> float:
    """Length of a WAV file in seconds, read from its header without decoding it."""
    info = _open_info(Path(path))
    return info.frames / info.samplerate


def band_limit(samples: np.ndarray, rate: int, low: float, high: float) -> np.ndarray:
    """Keep only low..high Hz, as a telephone line does."""
    spectrum = np.fft.rfft(samples)
    freqs = np.fft.rfftfreq(len(samples), 1.0 / rate)
    spectrum[(freqs < low) | (freqs > high)] = 0
    return np.fft.irfft(spectrum, len(samples))


def to_phone_band(src: str | Path, dst: str | Path) -> Path:
    """Make 8 kHz, 300-3400 Hz mono 16-bit audio from any WAV, like a phone call delivers."""
    path = Path(src)
    _open_info(path)
    data, rate = soundfile.read(str(path), dtype="float64", always_2d=True)
    mono = resample(data.mean(axis=1), rate, PHONE_RATE)
    phone = band_limit(mono, PHONE_RATE, *PHONE_BAND_HZ)
    return write_wav(dst, PcmAudio(_to_int16(phone), PHONE_RATE))
