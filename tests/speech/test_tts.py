import math
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from voice_app.speech import audio, tts
from voice_app.speech.tts import (
    RenderResult,
    TTSFailed,
    TTSUnavailable,
    cache_key,
    render,
    wav_info,
    words_per_minute,
)

PARAGRAPH = (
    "Welcome to the papers for the next meeting. This paper is about day services. "
    "Residents told us that the new timetable makes it hard to get there by bus."
)


def assert_phone_wav(path: Path) -> float:
    """8 kHz, mono, 16-bit PCM: what the phone line plays without surprises."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getframerate() == 8000
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
        assert wav.getcomptype() == "NONE"
        frames = wav.readframes(wav.getnframes())
    samples = np.frombuffer(frames, dtype="<i2")
    assert np.abs(samples).max() > 3000, "audio is silent"
    return samples.size / 8000


def write_tone(path: Path, rate: int = 22050, seconds: float = 1.0, channels: int = 2) -> None:
    t = np.arange(int(rate * seconds)) / rate
    tone = (0.5 * np.sin(2 * math.pi * 440 * t) * 32767).astype("<i2")
    data = np.repeat(tone[:, None], channels, axis=1) if channels > 1 else tone
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(data.tobytes())


def test_cache_key_depends_on_text_voice_and_rate():
    key = cache_key("Hello", "en-gb", 100)
    assert len(key) == 64 and int(key, 16) >= 0
    assert key == cache_key("Hello", "en-GB", 100)
    assert len({key, cache_key("Hello!", "en-gb", 100), cache_key("Hello", "en-gb", 85),
                cache_key("Hello", "en-us", 100)}) == 4  # fmt: skip


def test_rate_is_a_percentage_of_normal_speed():
    assert words_per_minute(100) == tts.BASE_WPM
    assert [words_per_minute(r) for r in tts.RATES] == sorted(
        words_per_minute(r) for r in tts.RATES
    )
    assert words_per_minute(10) >= 80  # espeak's slowest
    assert words_per_minute(1000) == words_per_minute(200)


def test_wav_info_rejects_non_wav(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF not really")
    with pytest.raises(ValueError):
        wav_info(bad)


def test_numpy_conversion_without_sox(tmp_path, monkeypatch):
    source, target = tmp_path / "tone.wav", tmp_path / "phone.wav"
    write_tone(source)
    monkeypatch.setattr(audio.shutil, "which", lambda name: None)
    audio.to_phone_wav(source, target)
    assert wav_info(target) == (8000, 1, pytest.approx(1.0, abs=0.01))
    duration = assert_phone_wav(target)
    with wave.open(str(target), "rb") as wav:
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    spectrum = np.abs(np.fft.rfft(samples))
    assert np.argmax(spectrum) / duration == pytest.approx(440, abs=3)


def test_sox_conversion(tmp_path):
    if not audio.shutil.which("sox"):
        pytest.skip("sox not installed")
    source, target = tmp_path / "tone.wav", tmp_path / "phone.wav"
    write_tone(source, rate=44100, channels=1)
    audio.to_phone_wav(source, target)
    assert assert_phone_wav(target) == pytest.approx(1.0, abs=0.01)


def test_missing_pyttsx3_is_reported_clearly(monkeypatch):
    real = tts.importlib.util.find_spec
    monkeypatch.setattr(
        tts.importlib.util, "find_spec", lambda name: None if name == "pyttsx3" else real(name)
    )
    with pytest.raises(TTSUnavailable, match="pip install pyttsx3"):
        render("Hello", Path("unused.wav"))


def test_worker_reporting_no_engine_raises_unavailable(tmp_path, monkeypatch):
    worker = tmp_path / "worker.py"
    worker.write_text("import sys\nprint('libespeak-ng missing', file=sys.stderr)\nsys.exit(3)\n")
    monkeypatch.setattr(tts, "WORKER", worker)
    with pytest.raises(TTSUnavailable, match="libespeak-ng missing"):
        render("Hello", tmp_path / "out.wav")


def test_empty_text_is_refused(tmp_path):
    with pytest.raises(ValueError):
        render("  \n ", tmp_path / "out.wav")


@pytest.mark.slow
def test_render_makes_phone_ready_audio(tmp_path):
    out = tmp_path / "nested" / "paper.wav"
    result = render(PARAGRAPH, out)
    assert isinstance(result, RenderResult)
    assert result.path == out and result.sample_rate == 8000 and result.engine == "pyttsx3"
    duration = assert_phone_wav(out)
    assert result.duration_seconds == pytest.approx(duration)
    expected = len(PARAGRAPH.split()) * 60 / tts.BASE_WPM
    assert 0.6 * expected < duration < 1.6 * expected
    assert [p.name for p in out.parent.iterdir()] == ["paper.wav"]  # no temp files left


@pytest.mark.slow
def test_faster_rate_is_shorter(tmp_path):
    slow = render(PARAGRAPH, tmp_path / "slow.wav", rate=70)
    normal = render(PARAGRAPH, tmp_path / "normal.wav", rate=100)
    fast = render(PARAGRAPH, tmp_path / "fast.wav", rate=130)
    assert slow.duration_seconds > normal.duration_seconds > fast.duration_seconds
    assert fast.duration_seconds < 0.75 * slow.duration_seconds


@pytest.mark.slow
def test_thirty_renders_in_a_row_do_not_hang(tmp_path):
    started = time.monotonic()
    durations = []
    for number in range(30):
        result = render(f"Section {number}. {PARAGRAPH}", tmp_path / f"{number}.wav", timeout=30)
        durations.append(result.duration_seconds)
        assert result.engine == "pyttsx3"
    assert all(d > 3 for d in durations)
    assert time.monotonic() - started < 180


@pytest.mark.slow
def test_hung_worker_times_out_and_falls_back_to_espeak(tmp_path, monkeypatch):
    worker = tmp_path / "hang.py"
    worker.write_text("import time\ntime.sleep(60)\n")
    monkeypatch.setattr(tts, "WORKER", worker)
    started = time.monotonic()
    result = render("Hello from the fallback.", tmp_path / "out.wav", timeout=1)
    assert time.monotonic() - started < 15
    assert result.engine == "espeak-ng"
    assert_phone_wav(result.path)


@pytest.mark.slow
def test_worker_writing_nothing_is_retried_then_reported(tmp_path, monkeypatch):
    worker = tmp_path / "lazy.py"
    worker.write_text("import pathlib\npathlib.Path('calls').open('a').write('x')\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tts, "WORKER", worker)
    monkeypatch.setattr(tts, "_espeak_cli", lambda *args: False)
    with pytest.raises(TTSFailed, match="attempt 2"):
        render("Hello", tmp_path / "out.wav")
    assert (tmp_path / "calls").read_text() == "xx"  # tried exactly twice
    assert not (tmp_path / "out.wav").exists()


def test_speed_estimate_fits_real_espeak_at_every_rate(tmp_path):
    """The check before caching must pass honest renders, or every render would be done twice."""
    from voice_app.speech.speed import expected_seconds

    for rate in (70, 100, 130):
        result = render(PARAGRAPH, tmp_path / f"{rate}.wav", rate=rate)
        ratio = result.duration_seconds / expected_seconds(PARAGRAPH, words_per_minute(rate))
        assert 0.85 < ratio < 1.2, (rate, ratio)


def test_a_render_at_the_wrong_speed_is_rendered_again(tmp_path, monkeypatch):
    """The old fault: the worker ignored the rate and spoke at the driver's 200 words a minute."""
    worker = tmp_path / "wrong_speed.py"
    worker.write_text(
        "import subprocess, sys, pathlib\n"
        "args = dict(zip(sys.argv[1::2], sys.argv[2::2]))\n"
        "pathlib.Path('calls').open('a').write('x')\n"
        "subprocess.run(['espeak-ng', '-v', 'en-gb', '-s', '200', '-f', args['--text-file'],\n"
        "                '-w', args['--out']], check=True)\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tts, "WORKER", worker)
    result = render(PARAGRAPH, tmp_path / "slow.wav", rate=70)
    assert (tmp_path / "calls").read_text() == "xx"  # both worker renders were refused
    assert result.engine == "espeak-ng"
    honest = render(PARAGRAPH, tmp_path / "cli.wav", rate=100)
    assert result.duration_seconds > 1.2 * honest.duration_seconds  # really 70%


@pytest.mark.slow
def test_seventy_percent_is_always_slower_in_many_renders_in_a_row(tmp_path):
    """The reported failure: 1 render in 32 came out at the wrong speed and was cached."""
    for number in range(16):
        slow = render(PARAGRAPH, tmp_path / f"{number}-70.wav", rate=70)
        normal = render(PARAGRAPH, tmp_path / f"{number}-100.wav", rate=100)
        assert slow.engine == normal.engine == "pyttsx3"
        assert slow.duration_seconds > 1.3 * normal.duration_seconds, number
