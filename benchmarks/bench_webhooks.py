"""Webhook latency with 50 concurrent simulated callers, against gunicorn on 127.0.0.1.

Usage: python benchmarks/bench_webhooks.py [--callers 50] [--calls 3] [--postgres-url URL]
Starts `gunicorn voice_app.wsgi:app` (as `voice-app serve` does: gthread, 2 workers x 4 threads)
on a temporary data dir with demo-like data, and a bare Flask app answering one fixed TwiML string
on another port, then drives both with the same scripted calls through CallSimulator (signed,
real HTTP). Writes benchmarks/results/webhooks.md with the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from voice_app.phone.simulator import CallSimulator  # noqa: E402

GROUP_NUMBER = "+442070000000"
SCRIPT = ["4", "1", "1", "*", "3", "*", "0", "1", "1", "3", "*", "*"]  # keys pressed per call
WORKERS, THREADS = 2, 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def machine() -> str:
    try:
        from machine import describe  # benchmarks/machine.py, where the runner provides it

        return describe()
    except ImportError:
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        return (
            f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}."
        )


def seed(env: dict[str, str], residents: int) -> list[str]:
    """Demo-like data: one group, residents with phones, two meetings with papers."""
    from flask_migrate import upgrade

    from voice_app import create_app
    from voice_app.config import Settings
    from voice_app.directory import add_group, add_person
    from voice_app.extensions import db
    from voice_app.meetings import add_meeting
    from voice_app.models import Paper, PaperStatus, utcnow

    app = create_app({"SETTINGS": Settings.from_env(env)})
    phones = []
    with app.app_context():
        upgrade()
        group = add_group("Riverside Disability Co-production Group")
        group.phone_number, group.guests_allowed = GROUP_NUMBER, True
        group.coordinator_phone = "+447700900999"
        for index in range(residents):
            phone = f"+4477009{index:05d}"
            add_person(group, f"Resident {index}", phone, pin="2468")
            phones.append(phone)
        for days, title in ((21, "Day opportunities and transport"), (35, "Easy read letters")):
            starts = utcnow() + timedelta(days=days)
            meeting = add_meeting(
                group, title, starts, starts + timedelta(hours=2), location="Hall"
            )
            for n in range(2):
                db.session.add(Paper(meeting=meeting, title=f"Paper {n}", status=PaperStatus.READY))
        db.session.commit()
    return phones


def start(module: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(WORKERS), "--worker-class", "gthread", "--threads", str(THREADS)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = subprocess.Popen([*command, module], cwd=ROOT, env=env, **quiet)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{module} did not start on port {port}")


def drive(url: str, token: str, phones: list[str], callers: int, calls: int) -> dict:
    timings: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def caller(index: int) -> None:
        for _ in range(calls):
            sim = CallSimulator(url, token, phones[index % len(phones)], GROUP_NUMBER)
            try:
                sim.start()
                for key in SCRIPT:
                    if sim.ended:
                        break
                    sim.press(key)
                sim.hang_up()
            except Exception as exc:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
            with lock:
                timings.extend(sim.timings)

    began = time.perf_counter()
    threads = [threading.Thread(target=caller, args=(i,)) for i in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ms = sorted(t * 1000 for t in timings)
    return {
        "requests": len(ms),
        "median": statistics.median(ms),
        "p99": statistics.quantiles(ms, n=100)[98],
        "max": ms[-1],
        "throughput": len(ms) / elapsed,
        "errors": errors,
    }


def postgres_database(admin_url: str) -> str:
    from sqlalchemy import create_engine, text

    from voice_app.config import Settings

    admin_url = Settings.from_env({"DATABASE_URL": admin_url}).database_url
    name = f"voice_app_bench_{uuid.uuid4().hex[:6]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def run_app(label: str, database_url: str | None, args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory() as data_dir:
        port, token = free_port(), secrets.token_hex(16)
        env = {
            **os.environ,
            "VOICE_APP_DATA_DIR": data_dir,
            "TWILIO_AUTH_TOKEN": token,
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "SECRET_KEY": "benchmark",
            "PYTHONPATH": str(ROOT),
        }
        if database_url:
            env["DATABASE_URL"] = database_url
        phones = seed(env, args.callers)
        process = start("voice_app.wsgi:app", port, env)
        try:
            result = drive(f"http://127.0.0.1:{port}", token, phones, args.callers, args.calls)
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"{label}: {summary(result)}", flush=True)
    return {"label": label, **result}


def summary(result: dict) -> str:
    return (
        f"{result['requests']} requests, median {result['median']:.1f} ms, "
        f"p99 {result['p99']:.1f} ms, {len(result['errors'])} failed calls"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--callers", type=int, default=50)
    parser.add_argument("--calls", type=int, default=3, help="calls per caller, one after another")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL"))
    args = parser.parse_args()

    port = free_port()
    bare = start("bare_twiml_app:app", port, {**os.environ, "PYTHONPATH": str(ROOT / "benchmarks")})
    try:
        floor = drive(
            f"http://127.0.0.1:{port}", "unused", ["+447700900555"], args.callers, args.calls
        )
    finally:
        bare.terminate()
        bare.wait(timeout=30)
    print(f"bare Flask, fixed TwiML: {summary(floor)}", flush=True)
    results = [{"label": "bare Flask app, one fixed TwiML string", **floor}]
    results.append(run_app("voice-app on SQLite", None, args))
    if args.postgres_url:
        results.append(
            run_app("voice-app on PostgreSQL", postgres_database(args.postgres_url), args)
        )
    write_report(results, args)
    return 0 if not any(r["errors"] for r in results) else 1


def write_report(results: list[dict], args: argparse.Namespace) -> None:
    lines = [
        "## Webhook latency (`benchmarks/bench_webhooks.py`)\n",
        f"{machine()}\n",
        f"{args.callers} concurrent simulated callers, each making {args.calls} calls one after "
        f"another; each call rings, then presses {' '.join(SCRIPT)} (meetings, upcoming meetings, "
        "next, back, shopping, back, help, speed slower twice, normal, back, back) and hangs up. "
        "Every request is signed and sent over real HTTP by `CallSimulator` (redirects "
        f"included). Both servers: gunicorn, gthread, {WORKERS} workers x {THREADS} threads, "
        "on 127.0.0.1. Latency is per webhook request, measured by the caller.\n",
        "| server | requests | median ms | p99 ms | max ms | requests/s | failed calls |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['label']} | {r['requests']} | {r['median']:.1f} | {r['p99']:.1f} | "
            f"{r['max']:.1f} | {r['throughput']:.0f} | {len(r['errors'])} |"
        )
    failures = sorted({e for r in results for e in r["errors"]})[:5]
    if failures:
        lines += ["", "Failures (first five kinds):", *[f"- {f}" for f in failures]]
    out = ROOT / "benchmarks" / "results" / "webhooks.md"
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    sys.exit(main())
