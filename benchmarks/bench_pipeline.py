"""From a call's end to its transcript: 50 recordings queued at once, one and then two workers.

Usage: .venv/bin/python benchmarks/bench_pipeline.py   (writes benchmarks/results/pipeline.md)
Each run posts 50 signed recording status callbacks (the moment Twilio says a call's recording is
ready), with the audio served by the fake Twilio media server on 127.0.0.1; real `voice-app
worker` processes download, store and transcribe them (PocketSphinx English: no Vosk model is
installed). The figure per recording is Transcript.created_at - Recording.created_at.
BENCH_DATABASE_URL runs it on PostgreSQL instead of a fresh SQLite file.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import describe  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

from tests.fakes.twilio_media import ACCOUNT_SID, AUTH_TOKEN, FakeTwilioMedia  # noqa: E402
from voice_app import create_app  # noqa: E402
from voice_app.config import Settings  # noqa: E402
from voice_app.extensions import db  # noqa: E402
from voice_app.models import Call, Recording, Transcript, utcnow  # noqa: E402
from voice_app.speech.audio import to_phone_band  # noqa: E402

RECORDINGS = 50
CLIPS = ["Front_Center", "Front_Left", "Front_Right", "Rear_Center", "Rear_Left", "Rear_Right"]
BASE_URL = "http://bench.test"


def environment(work: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL")
        or f"sqlite:///{work / 'bench.sqlite3'}",
        "VOICE_APP_DATA_DIR": str(work / "data"),
        "VOICE_APP_MODELS_DIR": str(work / "no-models"),
        "PUBLIC_BASE_URL": BASE_URL,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "SECRET_KEY": "bench",
    }


def reset(app) -> int:
    """Empty every table, then make one group, one resident and their finished call."""
    from voice_app.directory import add_group, add_person

    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    for table in tables:
        db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()
    group = add_group("Benchmark group")
    person, _ = add_person(group, "Bench Resident", "+447700900123", pin="1234")
    call = Call(call_sid="CA" + "b" * 32, person=person, group_id=group.id, status="completed")
    call.ended_at = utcnow()
    db.session.add(call)
    db.session.commit()
    return call.id


def start_workers(count: int, env: dict[str, str], work: Path) -> list[subprocess.Popen]:
    full_env = {**os.environ, **env}
    full_env.pop("VOSK_MODEL_PATH", None)
    return [
        subprocess.Popen(
            [sys.executable, "-c", "from voice_app.cli import main; main()", "worker"],
            cwd=ROOT,
            env=full_env,
            stdout=(work / f"worker-{n}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for n in range(count)
    ]


def run(app, media: FakeTwilioMedia, clips: list[bytes], workers: int, work: Path) -> dict:
    reset(app)
    env = environment(work)
    processes = start_workers(workers, env, work)
    time.sleep(4)  # let the workers start and poll an empty queue
    client = app.test_client()
    validator = RequestValidator(AUTH_TOKEN)
    path = "/voice/recording?purpose=comment"
    started = time.monotonic()
    for n in range(RECORDINGS):
        sid = f"RE{workers:02d}{n:030d}"
        url = media.add(sid, clips[n % len(clips)])
        params = {
            "CallSid": "CA" + "b" * 32,
            "RecordingSid": sid,
            "RecordingUrl": url,
            "RecordingStatus": "completed",
        }
        signature = validator.compute_signature(BASE_URL + path, params)
        response = client.post(
            path,
            data=urlencode(params),
            content_type="application/x-www-form-urlencoded",
            headers={"X-Twilio-Signature": signature},
        )
        assert response.status_code == 200, response.get_data(as_text=True)
    try:
        while db.session.scalar(select(func.count()).select_from(Transcript)) < RECORDINGS:
            db.session.rollback()
            if time.monotonic() - started > 1800:
                raise SystemExit("gave up after 30 minutes")
            time.sleep(0.5)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(60)
    drained = time.monotonic() - started
    latencies = sorted(
        (t.created_at - r.created_at).total_seconds()
        for r, t in db.session.execute(select(Recording, Transcript).join(Transcript.recording))
    )
    audio = db.session.scalar(select(func.sum(Recording.duration_seconds)))
    return {
        "workers": workers,
        "drained": drained,
        "median": statistics.median(latencies),
        "p90": latencies[int(0.9 * (len(latencies) - 1))],
        "max": latencies[-1],
        "min": latencies[0],
        "audio": audio,
        "load": os.getloadavg()[0],
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        work = Path(tmp)
        clips = []
        for name in CLIPS:
            target = work / f"{name}-8k.wav"
            to_phone_band(Path("/usr/share/sounds/alsa") / f"{name}.wav", target)
            clips.append(target.read_bytes())
        settings = Settings.from_env(environment(work))
        app = create_app({"SETTINGS": settings})
        media = FakeTwilioMedia().start()
        results = []
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            for workers in (1, 2):
                print(f"{workers} worker(s)...", flush=True)
                results.append(run(app, media, clips, workers, work))
                print(results[-1], flush=True)
            engine = db.engine.dialect.name
        media.stop()
    write(results, engine)


def write(results: list[dict], engine: str) -> None:
    lines = [
        "## Recording pipeline: call end to transcript",
        "",
        describe(),
        "",
        f"{RECORDINGS} recording status callbacks posted at once ({engine}); each recording is a "
        "1.3-1.5 s human voice clip from alsa-utils at 8 kHz telephone band, served by the fake "
        "Twilio media server on 127.0.0.1. Real `voice-app worker` processes download, store, "
        "transcribe (PocketSphinx en-us, no Vosk model installed) and delete Twilio's copy. "
        "Latency = transcript row time minus recording row time (the callback).",
        "",
        "| workers | queue drained (s) | median latency (s) | p90 (s) | max (s) | "
        "min (s) | audio (s) | load average after |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r['workers']} | {r['drained']:.1f} | {r['median']:.1f} | {r['p90']:.1f} | "
            f"{r['max']:.1f} | {r['min']:.1f} | {r['audio']:.0f} | {r['load']:.1f} |"
        )
    lines += [
        "",
        "The machine is shared with other work while this runs (see the load average): two workers "
        "on two cores compete with it, so compare the rows with care. PocketSphinx dominates the "
        "time; downloads from the local fake take milliseconds.",
    ]
    out = ROOT / "benchmarks" / "results" / "pipeline.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
