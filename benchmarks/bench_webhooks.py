"""Webhook latency and throughput with 50 and 200 concurrent simulated calls, on 127.0.0.1.

Usage: python benchmarks/bench_webhooks.py [--levels 50 200] [--seconds 20]
Runs the real `voice-app serve` (gunicorn, gthread, WEB_CONCURRENCY=2 workers x 4 threads) on
SQLite and on PostgreSQL, and a bare Flask app answering one fixed TwiML string under the same
gunicorn settings, and drives each with simulated calls: signed with the real RequestValidator by
CallSimulator, over real HTTP. Callers start new calls until the time is up; calls in progress
then finish. Writes benchmarks/results/webhooks.md.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bench_tts import PARAGRAPHS  # noqa: E402
from databases import fresh_postgres, postgres_admin_url, sqlite_url  # noqa: E402
from machine import header, load_average, load_note  # noqa: E402

from voice_app.simulator.call import CallSimulator  # noqa: E402

GROUP_NUMBER = "+442070000000"
# After the greeting (the main menu): meetings, hear upcoming, back, back to the main menu,
# papers (reads the first section), next section; then the caller hangs up.
WALK = ["4", "1", "*", "*", "1", "3"]
WEB_CONCURRENCY, THREADS = 2, 4  # voice-app serve's defaults
CLI = "from voice_app.cli import main; main()"
REQUEST_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def paper_markdown() -> bytes:
    """A four-section paper in plain words, like the minutes the group reads."""
    parts = [f"# Item {n + 1}\n\n{text}\n" for n, text in enumerate(PARAGRAPHS)]
    return "\n".join(parts).encode()


def seed(env: dict[str, str], residents: int) -> list[str]:
    """One group, residents with known phones, two upcoming meetings each with a ready paper."""
    from voice_app import create_app
    from voice_app.config import Settings
    from voice_app.directory import add_group, add_person
    from voice_app.extensions import db, upgrade_schema
    from voice_app.meetings import add_meeting
    from voice_app.models import PaperStatus, utcnow
    from voice_app.papers.store import add_paper

    app = create_app({"SETTINGS": Settings.from_env(env)})
    phones = []
    with app.app_context():
        upgrade_schema()
        group = add_group("Riverside Disability Co-production Group")
        group.phone_number, group.guests_allowed = GROUP_NUMBER, True
        for index in range(residents):
            phone = f"+4477009{index:05d}"
            add_person(group, f"Resident {index}", phone, pin="2468")
            phones.append(phone)
        for days, title in ((21, "Day opportunities and transport"), (35, "Easy read letters")):
            starts = utcnow() + timedelta(days=days)
            meeting = add_meeting(
                group, title, starts, starts + timedelta(hours=2), location="Hall"
            )
            paper = add_paper(meeting, paper_markdown(), "minutes.md")
            paper.status = PaperStatus.READY  # no worker here: sections are read with <Say>
        db.session.commit()
        db.engine.dispose()
    return phones


@contextmanager
def serving(command: list[str], port: int, env: dict[str, str]):
    """Start a server, wait for /healthz, and stop it afterwards."""
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = subprocess.Popen(command, cwd=ROOT, env=env, **quiet)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{command[-1]} did not start on port {port}")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=60)


def one_call(url: str, token: str, phone: str) -> CallSimulator:
    sim = CallSimulator(url, token, phone, GROUP_NUMBER)
    sim.start()
    for key in WALK:
        if sim.ended:
            raise RuntimeError(f"the call ended before key {key}")
        sim.press(key)
    sim.hang_up()
    return sim


def drive(url: str, token: str, phones: list[str], callers: int, seconds: float) -> dict:
    """`callers` threads, each making calls one after another until `seconds` have passed."""
    timings: list[float] = []
    errors: list[str] = []
    calls = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def caller(index: int) -> None:
        nonlocal calls
        while time.monotonic() < stop_at:
            try:
                sim = one_call(url, token, phones[index % len(phones)])
            except Exception as exc:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])
                continue
            with lock:
                timings.extend(sim.timings)
                calls += 1

    load_before, began = load_average(), time.perf_counter()
    threads = [threading.Thread(target=caller, args=(i,)) for i in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ms = sorted(t * 1000 for t in timings) or [0.0, 0.0]
    return {
        "callers": callers,
        "calls": calls,
        "requests": len(timings),
        "seconds": elapsed,
        "median": statistics.median(ms),
        "p99": statistics.quantiles(ms, n=100)[98],
        "max": ms[-1],
        "throughput": len(timings) / elapsed,
        "errors": errors,
        "load": (load_before, load_average()),
    }


def measure(label: str, url: str, token: str, phones: list[str], args) -> list[dict]:
    for phone in phones[:3]:  # warm up: templates, prompts and connections
        one_call(url, token, phone)
    rows = []
    for callers in args.levels:
        row = {"label": label, **drive(url, token, phones, callers, args.seconds)}
        print(f"{label}, {callers} callers: {summary(row)}", flush=True)
        rows.append(row)
    return rows


def bare_app(args) -> list[dict]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(WEB_CONCURRENCY), "--worker-class", "gthread"]
    command += ["--threads", str(THREADS), "--access-logfile", "-", "bare_twiml_app:app"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "benchmarks")}
    with serving(command, port, env):
        phones = [f"+4477009{n:05d}" for n in range(max(args.levels))]
        return measure("bare Flask app, fixed TwiML", f"http://127.0.0.1:{port}", "x", phones, args)


def voice_app(label: str, database_url: str, data_dir: str, args) -> list[dict]:
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "VOICE_APP_DATA_DIR": data_dir,
        "DATABASE_URL": database_url,
        "TWILIO_AUTH_TOKEN": token,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "SECRET_KEY": "benchmark-" * 4,
        "WEB_CONCURRENCY": str(WEB_CONCURRENCY),
        "PYTHONPATH": str(ROOT),
    }
    phones = seed(env, max(args.levels))
    command = [sys.executable, "-c", CLI, "serve", "--host", "127.0.0.1", "--port", str(port)]
    with serving(command, port, env):
        return measure(label, f"http://127.0.0.1:{port}", token, phones, args)


def summary(row: dict) -> str:
    return (
        f"{row['calls']} calls, {row['requests']} requests in {row['seconds']:.0f} s, "
        f"median {row['median']:.0f} ms, p99 {row['p99']:.0f} ms, "
        f"{row['throughput']:.0f} requests/s, {len(row['errors'])} failed calls"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=20, help="time callers start calls in")
    args = parser.parse_args()
    load_before = load_average()
    rows = bare_app(args)
    with tempfile.TemporaryDirectory(prefix="bench-webhooks-") as tmp:
        rows += voice_app("voice-app on SQLite", sqlite_url(Path(tmp)), tmp, args)
    notes = []
    admin_url = postgres_admin_url()
    if admin_url:
        with tempfile.TemporaryDirectory(prefix="bench-webhooks-") as tmp:
            with fresh_postgres(admin_url) as url:
                rows += voice_app("voice-app on PostgreSQL", url, tmp, args)
    else:
        notes.append("PostgreSQL could not be started here, so it has no rows.")
    write_report(rows, args, load_before, notes)
    return 0 if not any(row["errors"] for row in rows) else 1


def write_report(rows: list[dict], args, load_before: float, notes: list[str]) -> None:
    lines = header("Webhook latency and throughput", "bench_webhooks.py")
    lines += [
        load_note(load_before, load_average()),
        "",
        "Each simulated call rings (`/voice/incoming`, greeted by name at the main menu), then "
        f"presses {' '.join(WALK)}: meetings, hear upcoming meetings, back, back to the main "
        "menu, papers (the first section of a paper is read), next section; then hangs up (the "
        "status callback). Every webhook request (redirects included) is signed with the real "
        "twilio RequestValidator and sent over HTTP to 127.0.0.1 by `CallSimulator`. A simulated "
        "caller presses the next key as soon as the answer arrives, with no listening time, so "
        "one simulated caller loads the server like many real ones. Each caller keeps starting "
        f"calls for {args.seconds:.0f} s; calls in progress then finish. Servers: gunicorn, "
        f"gthread, {WEB_CONCURRENCY} workers x {THREADS} threads (`voice-app serve` with "
        f"WEB_CONCURRENCY={WEB_CONCURRENCY}, access log on), on the same 2 cores as the "
        "simulated callers, whose own CPU time is part of every figure: the bare Flask app "
        "shows that floor. Latency is per webhook request, as the caller measured it.",
        "",
        "| server | concurrent calls | calls | requests per call | median ms | p99 ms | max ms | "
        "requests/s | failed calls | load before / after |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['label']} | {r['callers']} | {r['calls']} | "
            f"{r['requests'] / max(1, r['calls']):.0f} | "
            f"{r['median']:.0f} | {r['p99']:.0f} | {r['max']:.0f} | {r['throughput']:.0f} | "
            f"{len(r['errors'])} | {r['load'][0]:.1f} / {r['load'][1]:.1f} |"
        )
    failures = sorted({e for r in rows for e in r["errors"]})[:5]
    if failures:
        lines += ["", "Failures (first five kinds):", *[f"- {f}" for f in failures]]
    if notes:
        lines += ["", *notes]
    out = ROOT / "benchmarks" / "results" / "webhooks.md"
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    sys.exit(main())
