"""Reading, checking and converting WAV files, on real packaged recordings and made-up signals."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile
from speech_samples import ALSA_DIR, ALSA_PACKAGE, asterisk_prompt, require

from voice_app.speech.audio import (
    AudioError,
    PcmAudio,
    duration_seconds,
    read_wav,
    resample,
    to_phone_band,
    write_wav,
)


def tones(freqs: list[float], rate: int, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return sum(0.2 * np.sin(2 * np.pi * f * t) for f in freqs)


def peak_levels(samples: np.ndarray, rate: int, freqs: list[float]) -> list[float]:
    """Spectrum magnitude at each frequency, relative to the strongest component."""
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64)))
    bins = np.fft.rfftfreq(len(samples), 1 / rate)
    levels = [spectrum[np.argmin(np.abs(bins - f))] for f in freqs]
    return [level / max(spectrum) for level in levels]


def test_twilio_shaped_recording_is_read_as_is():
    audio = read_wav(asterisk_prompt("all-circuits-busy-now"))
    assert audio.sample_rate == 8000
    assert audio.samples.dtype == np.int16 and audio.samples.ndim == 1
    assert len(audio.samples) == 14411  # what soxi reports for this prompt
    assert audio.seconds == pytest.approx(1.80, abs=0.01)
    assert len(audio.to_bytes()) == 2 * 14411


def test_upsampling_keeps_the_length_in_seconds():
    path = asterisk_prompt("all-circuits-busy-now")
    audio = read_wav(path, target_rate=16000)
    assert audio.sample_rate == 16000
    assert len(audio.samples) == 28822
    assert duration_seconds(path) == pytest.approx(audio.seconds, abs=1e-3)


def test_stereo_float_wav_becomes_mono_16_bit_at_the_target_rate(tmp_path):
    signal = tones([440.0], 44100)
    stereo = np.stack([signal, signal], axis=1)
    path = tmp_path / "stereo.wav"
    soundfile.write(path, stereo, 44100, subtype="FLOAT")
    audio = read_wav(path, target_rate=8000)
    assert audio.sample_rate == 8000 and audio.samples.ndim == 1
    assert audio.samples.dtype == np.int16
    assert len(audio.samples) == 8000
    spectrum = np.abs(np.fft.rfft(audio.samples))
    assert np.fft.rfftfreq(8000, 1 / 8000)[np.argmax(spectrum)] == pytest.approx(440, abs=1)


def test_resample_does_not_fold_high_tones_back_into_the_phone_band():
    mixed = tones([1000.0, 6000.0], 16000)
    down = resample(mixed, 16000, 8000)
    # A naive decimation would alias 6 kHz down to 2 kHz.
    assert peak_levels(down, 8000, [2000.0])[0] < 0.01


def test_phone_band_copy_of_a_real_48_khz_recording(tmp_path):
    src = require(ALSA_DIR / "Front_Center.wav", ALSA_PACKAGE)
    out = to_phone_band(src, tmp_path / "phone.wav")
    info = soundfile.info(out)
    assert (info.samplerate, info.channels, info.subtype, info.format) == (
        8000,
        1,
        "PCM_16",
        "WAV",
    )
    assert info.duration == pytest.approx(soundfile.info(src).duration, abs=0.01)


def test_phone_band_removes_what_a_telephone_line_cannot_carry(tmp_path):
    src = tmp_path / "wide.wav"
    soundfile.write(src, tones([100.0, 1000.0, 3800.0], 16000), 16000)
    out = read_wav(to_phone_band(src, tmp_path / "phone.wav"))
    low, mid, high = peak_levels(out.samples, 8000, [100.0, 1000.0, 3800.0])
    assert mid == pytest.approx(1.0)
    assert low < 0.01 and high < 0.01


def test_write_then_read_round_trips(tmp_path):
    audio = PcmAudio(np.array([0, 1000, -1000, 32767, -32768], dtype=np.int16), 8000)
    again = read_wav(write_wav(tmp_path / "x.wav", audio))
    assert again.sample_rate == 8000
    assert again.samples.tolist() == audio.samples.tolist()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"this is not audio at all, just some text" * 10, "not a readable WAV"),
        (b"RIFF\x00\x00\x00\x00WAVEjunk", "not a readable WAV"),
    ],
)
def test_garbage_is_refused_with_a_clear_error(tmp_path, content, message):
    path = tmp_path / "upload.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError, match=message):
        read_wav(path)


def test_missing_file_is_an_audio_error(tmp_path):
    with pytest.raises(AudioError, match="no audio file"):
        duration_seconds(tmp_path / "nope.wav")


def test_other_formats_are_refused_by_name(tmp_path):
    path = tmp_path / "comment.wav"
    soundfile.write(path, tones([440.0], 8000), 8000, format="FLAC")
    with pytest.raises(AudioError, match="is FLAC, not WAV"):
        read_wav(path)


def test_a_wav_with_no_samples_is_refused(tmp_path):
    path = tmp_path / "silent.wav"
    soundfile.write(path, np.zeros(0, dtype=np.int16), 8000, subtype="PCM_16")
    with pytest.raises(AudioError, match="no audio"):
        read_wav(path)
