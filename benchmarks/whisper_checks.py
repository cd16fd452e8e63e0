"""Whisper checks for bench_recognition.py: invented words, read-back threshold, name hints."""

from __future__ import annotations

import subprocess
from pathlib import Path

import speech_samples as samples

from voice_app.config import DEFAULT_READBACK_CONFIDENCE

NO_SPEECH = {
    "silence 8 s": "-n synth 8 sine 0 vol 0",
    "line hiss (white noise)": "-n synth 8 whitenoise vol 0.05",
    "rumbling line (brown noise)": "-n synth 8 brownnoise vol 0.3",
    "mains hum 50 Hz": "-n synth 8 sine 50 sine 150 channels 1 vol 0.3",
    "hold-music-like chord with tremolo": "-n synth 8 sine 440 sine 554 sine 659 channels 1 "
    "tremolo 3 40 vol 0.3",
    "synthetic cough, twice": "-n synth 0.35 pinknoise fade q 0.02 0.35 0.25 lowpass 1500 "
    "pad 1 1 repeat 1",
}
DTMF = [(697, 1209), (697, 1336), (770, 1209), (852, 1477), (941, 1336), (941, 1209)]
HINTS = [
    "Riverside Forum",
    "Access Panel",
    "Hammersmith",
    "Fulham",
    "Civic Campus",
    "Shepherd's Bush",
    "Wormholt",
    "Amina Hassan",
    "Siobhan Kowalczyk",
]
NAME_SENTENCES = [
    "The Access Panel meets at the Civic Campus in Hammersmith next Tuesday.",
    "Please ask Siobhan Kowalczyk to send the papers to the Riverside Forum.",
    "We need more benches in the park at Wormholt and in Fulham.",
    "Amina Hassan said the lift at Shepherd's Bush station is broken again.",
    "Can the Riverside Forum talk about buses to the Civic Campus.",
    "I would like the Access Panel to visit Fulham library.",
]
NOISE_LEVELS = (0.0, 0.05, 0.12)


def _sox(dest: Path, *args: str) -> Path:
    inputs = [a for a in args if a.endswith(".wav") or a == "-n"]
    effects = [a for a in args if a not in inputs]
    out = ["-r", "8000", "-c", "1", "-b", "16", str(dest)]
    subprocess.run(["sox", *inputs, *out, *effects], check=True, capture_output=True)
    return dest


def _no_speech_clips(work: Path) -> dict[str, Path]:
    clips = {
        name: _sox(work / f"ns-{n}.wav", *spec.split())
        for n, (name, spec) in enumerate(NO_SPEECH.items())
    }
    keys = [
        str(
            _sox(
                work / f"key-{n}.wav",
                "-n",
                "synth",
                "0.25",
                "sine",
                str(lo),
                "sine",
                str(hi),
                "channels",
                "1",
                "vol",
                "0.5",
                "pad",
                "0",
                "0.3",
            )
        )
        for n, (lo, hi) in enumerate(DTMF)
    ]
    clips["DTMF keypad tones 1 2 4 9 0 * (sox)"] = _sox(work / "keys.wav", *keys)
    for track in sorted(samples.HOLD_MUSIC_DIR.glob("*.wav")):
        clips[f"hold music {track.stem} ({samples.HOLD_MUSIC_PACKAGE}), 20 s"] = _sox(
            work / f"moh-{track.stem}.wav", str(track), "trim", "0", "20"
        )
    return clips


def no_speech_rows(whisper, sphinx, work: Path) -> list[str]:
    """Words each engine writes for sounds with no speech in them (should be none)."""
    lines = [
        "",
        "### No invented words: sounds with no speech",
        "",
        "| sound | Whisper tiny.en words | PocketSphinx words |",
        "|---|---|---|",
    ]
    for name, wav in _no_speech_clips(work).items():
        heard = [engine.transcribe(wav).text for engine in (whisper, sphinx)]
        lines.append(f"| {name} | {heard[0]!r} | {heard[1]!r} |")
    return lines


def _noisy(src: Path, level: float, work: Path) -> Path:
    if not level:
        return src
    seconds = subprocess.run(["soxi", "-D", str(src)], capture_output=True, text=True).stdout
    noise = _sox(
        work / "noise.wav", "-n", "synth", seconds.strip(), "whitenoise", "vol", str(level)
    )
    out = work / f"{src.stem}-noise{level}.wav"
    subprocess.run(["sox", "-m", str(src), str(noise), "-b", "16", str(out)], check=True)
    return out


def readback_rows(whisper, corpus, work: Path) -> list[str]:
    """Transcript confidence against correctness, to choose VOICE_APP_READBACK_CONFIDENCE."""
    results = []  # (short?, confidence, right?)
    for set_name, wav, reference in corpus:
        if set_name.startswith("librivox"):
            continue
        for level in NOISE_LEVELS:
            result = whisper.transcribe(_noisy(wav, level, work))
            errors, words = samples.word_errors(reference, result.text)
            results.append((set_name.startswith("alsa"), result.confidence, errors / words <= 0.1))
    lines = [
        "",
        "### Reading back only what is sure: VOICE_APP_READBACK_CONFIDENCE",
        "",
        "Whisper tiny.en on the Asterisk prompts and the two-word alsa-utils phrases (the size of "
        "a shopping item), each clean and with white noise mixed in at two levels "
        f"({', '.join(str(v) for v in NOISE_LEVELS[1:])} of full scale). Right = at most 10% of "
        "the words wrong. A transcript is read back when its confidence (mean word "
        "probability) is at or above the threshold.",
        "",
        "| threshold | short: right read back | short: wrong read back | all: right read back "
        "| all: wrong read back |",
        "|---|---|---|---|---|",
    ]
    for threshold in (0.5, 0.6, 0.65, 0.7, 0.8):
        cells = []
        for subset in ([r for r in results if r[0]], results):
            back = [r for r in subset if r[1] is not None and r[1] >= threshold]
            right = sum(1 for r in subset if r[2])
            cells += [
                f"{sum(1 for r in back if r[2])} of {right}",
                f"{sum(1 for r in back if not r[2])} of {len(subset) - right}",
            ]
        mark = " (chosen)" if threshold == DEFAULT_READBACK_CONFIDENCE else ""
        lines.append(f"| {threshold}{mark} | " + " | ".join(cells) + " |")
    return lines


def hint_rows(whisper, work: Path) -> list[str]:
    """Names spelled right with and without the group's own words as a decoder prompt."""
    if not samples.espeak_available():
        return []
    pairs = {"without hints": [], "with hints": []}
    for n, sentence in enumerate(NAME_SENTENCES):
        raw = work / f"names-{n}.wav"
        subprocess.run(
            ["espeak-ng", "-v", "en-gb", "-s", "150", "-w", str(raw), sentence], check=True
        )
        phone = samples.to_phone_band(raw, work / f"names-{n}-phone.wav")
        pairs["without hints"].append((sentence, whisper.transcribe(phone).text))
        pairs["with hints"].append((sentence, whisper.transcribe(phone, hints=HINTS).text))
    short = samples.phone_copy(samples.ALSA_DIR / "Side_Left.wav", work)
    lines = [
        "",
        "### The group's own words as hints",
        "",
        "No packaged human recording says local names, so these six sentences are espeak-ng "
        "(en-gb) at telephone quality: far harder for Whisper than a person, so the WER is high; "
        "compare the two rows. Hints: " + ", ".join(HINTS) + ".",
        "",
        "| run | WER | names spelled right |",
        "|---|---|---|",
    ]
    for label, got in pairs.items():
        total = hit = 0
        for sentence, text in got:
            for name in HINTS:
                if name in sentence:
                    total, hit = total + 1, hit + (name in text)
        wer = samples.word_error_rate(got)
        lines.append(f"| {label} | {wer:.3f} | {hit} of {total} |")
    lines += [f"- {ref} -> {hyp}" for ref, hyp in pairs["with hints"]]
    from voice_app.speech.whisper_engine import hint_prompt

    forced = _forced(whisper, short, hint_prompt(HINTS))
    lines += [
        "",
        "On two-word clips a prompt made tiny.en add whole sentences while tuning this engine "
        '("Side, left. Thank you so much for watching ...", with word timestamps on), so hints '
        "are only given to recordings of 3 s or more (HINT_MIN_SECONDS). Here, alsa-utils "
        f"Side_Left with the prompt forced on gave {forced!r}.",
    ]
    return lines


def _forced(whisper, wav: Path, prompt: str | None) -> str:
    import numpy as np

    from voice_app.speech.audio import read_wav
    from voice_app.speech.whisper_engine import VAD_PARAMETERS

    audio = read_wav(wav, target_rate=16000).samples.astype(np.float32) / 32768.0
    segments, _ = whisper._model.transcribe(
        audio,
        language="en",
        beam_size=5,
        vad_filter=True,
        vad_parameters=VAD_PARAMETERS,
        condition_on_previous_text=False,
        initial_prompt=prompt,
    )
    return " ".join(s.text.strip() for s in segments)
