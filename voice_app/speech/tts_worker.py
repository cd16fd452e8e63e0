"""Render one text file to one WAV with pyttsx3, then exit.

pyttsx3's espeak driver can hang on a second runAndWait(), so the parent
(`voice_app.speech.tts`) runs each job in a fresh process of this script with a timeout
and checks the result. Run as a script or with `-m`; it imports nothing from voice_app,
so it starts fast and cannot drag the web app in.

The driver starts espeak-ng in its asynchronous mode, where every parameter change is a
command for espeak-ng's own thread while the voice change happens at once on ours; now and then
the speed we set was lost and the audio came out at the driver's default 200 words a minute
(1 render in 36 with three workers busy; a 70% render then sounded faster than a 100% one).
`_synchronous_espeak` starts espeak-ng in synchronous mode first, so settings apply in order;
in that mode synthesis is over when runAndWait() returns, and the audio is written here.

Exit codes: 0 written, 1 failed, 2 bad arguments, 3 speech engine not installed.
"""

from __future__ import annotations

import argparse
import os
import sys
import wave
from pathlib import Path

EXIT_UNAVAILABLE = 3


def _pick_voice(engine, wanted: str) -> str | None:
    """Match 'en-gb' to espeak-ng's voice id ('gmw/en'), by language code first."""
    wanted = wanted.lower()
    voices = engine.getProperty("voices") or []
    for match in (
        lambda v, langs: wanted in langs,
        lambda v, langs: v.id.lower() == wanted or v.id.lower().endswith("/" + wanted),
        lambda v, langs: (v.name or "").lower() == wanted,
    ):
        for voice in voices:
            langs = [
                (lang.decode(errors="ignore") if isinstance(lang, bytes) else str(lang)).lower()
                for lang in (voice.languages or [])
            ]
            if match(voice, langs):
                return voice.id
    return None


def _complete(path: Path) -> bool:
    """The wave module patches the frame count into the header on close: >0 means done."""
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


def _synchronous_espeak() -> int:
    """Initialise espeak-ng synchronously before pyttsx3's driver would; return its sample rate."""
    from pyttsx3.drivers import _espeak, espeak

    sample_rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 1000)
    if sample_rate == -1:
        raise RuntimeError("could not initialise espeak-ng")
    current = _espeak.GetCurrentVoice()
    named = current and current.contents.name
    espeak.EspeakDriver._defaultVoice = named.decode("utf-8") if named else "gmw/en"
    espeak.EspeakDriver._moduleInitialized = True
    return sample_rate


def _write_buffer(engine, out: Path, sample_rate: int) -> bool:
    """Save the audio the driver collected (it only saves on an event async mode sends)."""
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    audio = getattr(driver, "_data_buffer", b"")
    if not audio:
        return False
    with wave.open(str(out), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(audio)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-file", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--wpm", required=True, type=int)
    parser.add_argument("--voice", default="en-gb")
    parser.add_argument("--wait", type=float, default=60.0, help="unused: kept for older callers")
    args = parser.parse_args(argv)
    text = args.text_file.read_text(encoding="utf-8")
    try:
        import pyttsx3
    except ImportError as error:
        print(f"pyttsx3 is not installed: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    try:
        sample_rate = _synchronous_espeak()
        engine = pyttsx3.init("espeak")
    except (OSError, RuntimeError, ImportError) as error:
        print(f"espeak-ng could not be loaded: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    voice_id = _pick_voice(engine, args.voice)
    if voice_id is None:
        print(f"voice {args.voice!r} not found; using it as an espeak name", file=sys.stderr)
        voice_id = args.voice
    engine.setProperty("voice", voice_id)
    engine.setProperty("rate", args.wpm)
    engine.setProperty("volume", 1.0)
    engine.save_to_file(text, str(args.out))
    engine.runAndWait()
    ok = _complete(args.out) or _write_buffer(engine, args.out, sample_rate)
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown: pyttsx3's driver threads are what hang at exit.
    os._exit(0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
