"""Audio formats: check a WAV and make the 8 kHz mono 16-bit PCM that phone calls play well."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np

PHONE_RATE = 8000
_PEAK = 10 ** (-1 / 20)  # -1 dBFS: loud on a phone line without clipping


def wav_info(path: Path | str) -> tuple[int, int, float]:
    """Return (sample_rate, channels, duration_seconds); ValueError if not a usable WAV."""
    try:
        with wave.open(str(path), "rb") as wav:
            rate, channels, frames = wav.getframerate(), wav.getnchannels(), wav.getnframes()
    except (wave.Error, EOFError) as error:
        raise ValueError(f"{path} is not a valid WAV file: {error}") from error
    if rate <= 0 or channels <= 0:
        raise ValueError(f"{path} has no audio format")
    return rate, channels, frames / rate


def sample_width(path: Path | str) -> int:
    """Bytes per sample (2 for 16-bit) so callers can check the phone format."""
    with wave.open(str(path), "rb") as wav:
        return wav.getsampwidth()


def is_valid_wav(path: Path) -> bool:
    """True when the file exists, parses and holds at least a few milliseconds of audio."""
    if not path.exists() or path.stat().st_size <= 44:
        return False
    try:
        rate, _channels, duration = wav_info(path)
    except (ValueError, OSError):
        return False
    return duration * rate >= 16


def to_phone_wav(source: Path, target: Path) -> None:
    """Convert any WAV to 8 kHz mono 16-bit PCM, with sox when installed, else numpy."""
    sox = shutil.which("sox")
    if sox:
        command = [sox, "-q", "-G", str(source), "-r", str(PHONE_RATE), "-c", "1", "-b", "16",
                   "-e", "signed-integer", str(target), "gain", "-n", "-1"]  # fmt: skip
        result = subprocess.run(command, capture_output=True, timeout=120, check=False)
        if result.returncode == 0 and is_valid_wav(target):
            return
    _numpy_convert(source, target)


def _numpy_convert(source: Path, target: Path) -> None:
    samples, rate = _read_pcm(source)
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    resampled = resample(mono, rate, PHONE_RATE)
    peak = float(np.max(np.abs(resampled))) if resampled.size else 0.0
    if peak > 0:
        resampled = resampled * (_PEAK / peak)
    pcm = np.clip(np.round(resampled * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(target), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(PHONE_RATE)
        wav.writeframes(pcm.tobytes())


def _read_pcm(path: Path) -> tuple[np.ndarray, int]:
    """Read a WAV as float samples in [-1, 1]; soundfile if present for odd encodings."""
    try:
        import soundfile

        data, rate = soundfile.read(str(path), dtype="float64", always_2d=False)
        return np.asarray(data), int(rate)
    except ImportError:
        pass
    with wave.open(str(path), "rb") as wav:
        width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
        raw = wav.readframes(wav.getnframes())
    if width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.float64) - 128) / 128
    elif width == 2:
        data = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768
    elif width == 4:
        data = np.frombuffer(raw, dtype="<i4").astype(np.float64) / 2**31
    else:
        raise ValueError(f"unsupported sample width {width} in {path}")
    return (data.reshape(-1, channels) if channels > 1 else data), rate


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Low-pass below the new Nyquist frequency, then interpolate: good enough for speech."""
    if from_rate == to_rate or samples.size == 0:
        return samples.astype(np.float64)
    if to_rate < from_rate:
        cutoff = 0.45 * to_rate / from_rate  # as a fraction of the old sample rate
        taps = np.arange(-64, 65)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(taps.size)
        samples = np.convolve(samples, kernel / kernel.sum(), mode="same")
    duration = samples.size / from_rate
    new_times = np.arange(int(round(duration * to_rate))) / to_rate
    return np.interp(new_times, np.arange(samples.size) / from_rate, samples)
