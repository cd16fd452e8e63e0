"""Render one text file to one WAV with pyttsx3, then exit.

pyttsx3's espeak driver can hang on a second runAndWait(), and its runAndWait() returns
as soon as synthesis has *started* (the queued endLoop runs before the speech does), so
the file is written later from espeak's thread, or never if the process exits first.
This script therefore waits for a complete WAV before exiting, and the parent
(`voice_app.speech.tts`) runs each job in a fresh process of this script with a timeout
and checks the result. Run as a script or with `-m`; it imports nothing from voice_app,
so it starts fast and cannot drag the web app in.

Exit codes: 0 written, 1 failed, 2 bad arguments, 3 speech engine not installed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
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


def _wait_for_wav(engine, out: Path, deadline: float) -> bool:
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    while time.monotonic() < deadline:
        if not getattr(driver, "_speaking", False) and _complete(out):
            return True
        time.sleep(0.02)
    return _complete(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-file", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--wpm", required=True, type=int)
    parser.add_argument("--voice", default="en-gb")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for audio")
    args = parser.parse_args(argv)
    text = args.text_file.read_text(encoding="utf-8")
    try:
        import pyttsx3
    except ImportError as error:
        print(f"pyttsx3 is not installed: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    try:
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
    ok = _wait_for_wav(engine, args.out, deadline=time.monotonic() + args.wait)
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown: pyttsx3's driver threads are what hang at exit.
    os._exit(0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
