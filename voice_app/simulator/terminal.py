"""`voice-app call`: try the phone line from a terminal, typing keys or words.

At each pause type keys (`1`, `1001#`, `*`), `say some words`, nothing at all for silence, or
`hangup`. When the line records, type the path of a WAV file to send as your recording.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

from voice_app.simulator.call import CallSimulator

KEYS = set("0123456789*#")
HANG_UP_WORDS = {"hangup", "hang up", "q", "quit", "exit"}
USAGE = "type keys (1, 1001#, *), 'say WORDS', nothing for silence, or 'hangup'"
RECORD_USAGE = "recording: type a WAV file path, nothing for silence, or 'hangup'"


def espeak(rate_percent: int = 100) -> Callable[[str], None] | None:
    """A speaker that reads each prompt aloud with espeak-ng, or None when it is not installed."""
    program = shutil.which("espeak-ng")
    if program is None:
        return None
    words_per_minute = str(int(160 * rate_percent / 100))

    def speak(text: str) -> None:
        quiet = {
            "stdout": subprocess.DEVNULL,
            "stderr": subprocess.DEVNULL,
        }  # no sound card: say nothing
        subprocess.run([program, "-v", "en-gb", "-s", words_per_minute, text], check=False, **quiet)

    return speak


def run_call(
    sim: CallSimulator, read_line: Callable[[str], str | None], echo: Callable[[str], None]
) -> None:
    """Drive one call: print what the line says, send what the person types, until it ends."""
    heard_before = 0

    def show_new_lines() -> None:
        nonlocal heard_before
        for line in sim.transcript[heard_before:]:
            if not line.startswith("caller:"):
                echo(line)
        heard_before = len(sim.transcript)

    sim.start()
    show_new_lines()
    while not sim.ended:
        recording = sim.waiting == "record"
        echo(RECORD_USAGE if recording else USAGE)
        line = read_line("> ")
        if line is None or line.strip().lower() in HANG_UP_WORDS:
            sim.hang_up()
            break
        typed = line.strip()
        if not typed:
            sim.silence()
        elif recording:
            sim.record(typed)
        elif typed.lower().startswith("say "):
            sim.say(typed[4:].strip())
        elif set(typed) <= KEYS:
            sim.press(typed)
        else:
            echo(f"not understood: {typed!r}")
            continue
        show_new_lines()
    sim.hang_up()
    show_new_lines()
    echo("(call ended)")
