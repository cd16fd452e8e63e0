"""How soon can a caller hear a new paper as real audio, rather than the <Say> stand-in?

Run from the project root: `python benchmarks/bench_papers_phone.py`. For each run it makes a fresh
data folder and SQLite database, starts a real `voice-app worker` process, adds a generated
20-page PDF with add_paper, and times until the first section has rendered audio (the
phone then answers with <Play>), until the whole paper is ready at normal speed, and until every
speed is rendered. Writes benchmarks/results/papers_phone.md.
"""

from __future__ import annotations

import io
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_tts import PARAGRAPHS  # noqa: E402
from fpdf import FPDF  # noqa: E402
from machine import header, load_average, load_note  # noqa: E402

RUNS = 3
TIMEOUT_SECONDS = 300
WORKER = "from voice_app.cli import main; main()"


def numbered_pdf(pages: int = 20) -> bytes:
    """A council report with a heading per page; every paragraph is numbered, so no two sections
    have the same words (the speech cache would otherwise make repeats free)."""
    pdf = FPDF()
    pdf.set_title("Day Services Review")
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.multi_cell(0, 10, f"{page}. Part {page} of the review", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for index in range(6):
            text = f"Paragraph {page}.{index + 1}. " + PARAGRAPHS[(page + index) % len(PARAGRAPHS)]
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


def environment(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "VOICE_APP_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
        "SECRET_KEY": "benchmark-" * 4,
        "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
    }


def wait_for(check, started: float) -> float:
    while not check():
        if time.perf_counter() - started > TIMEOUT_SECONDS:
            raise TimeoutError("the worker did not finish in time")
        time.sleep(0.05)
    return time.perf_counter() - started


def one_run(data: bytes, data_dir: Path) -> dict[str, float]:
    env = environment(data_dir)
    os.environ.update(env)
    from voice_app import create_app
    from voice_app.config import Settings
    from voice_app.directory import add_group
    from voice_app.extensions import db, upgrade_schema
    from voice_app.meetings import add_meeting
    from voice_app.models import Job, JobStatus, Paper, PaperStatus, utcnow
    from voice_app.papers.rendering import find_rendition
    from voice_app.papers.store import add_paper

    app = create_app({"SETTINGS": Settings.from_env(env)})
    with app.app_context():
        upgrade_schema()
        group = add_group("Benchmark group")
        starts = utcnow() + timedelta(days=30)
        meeting = add_meeting(group, "Benchmark meeting", starts, starts + timedelta(hours=2))
        db.session.commit()
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2)  # the worker is up and polling, as it is in production
        with app.app_context():
            meeting = db.session.merge(meeting)
            started = time.perf_counter()
            paper = add_paper(meeting, data, "review.pdf")
            db.session.commit()
            added = time.perf_counter() - started
            first = paper.sections[0]
            timings = {"add_paper": added, "sections": len(paper.sections)}

            def playable() -> bool:
                db.session.rollback()
                return find_rendition(first.spoken_text, 100) is not None

            def ready() -> bool:
                db.session.rollback()
                return db.session.get(Paper, paper.id).status == PaperStatus.READY

            def all_speeds() -> bool:
                db.session.rollback()
                # one render job per speed; the worker's own daily housekeeping jobs do not count
                query = db.select(Job.status).where(Job.kind == "render_paper")
                jobs = db.session.scalars(query).all()
                return len(jobs) == 5 and all(status == JobStatus.DONE for status in jobs)

            timings["first_playable"] = wait_for(playable, started)
            timings["ready"] = wait_for(ready, started)
            timings["all_speeds"] = wait_for(all_speeds, started)
            timings["first_audio"] = find_rendition(first.spoken_text, 100).duration_seconds
            db.session.remove()
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    return timings


def report(pages: int, size: int, runs: list[dict[str, float]], load_before: float) -> str:
    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    lines = header("New paper to first playable section on the phone", "bench_papers_phone.py")
    lines += [
        load_note(load_before, load_average()),
        "",
        f"A generated {pages}-page PDF ({size / 1024:.0f} KB, {int(runs[0]['sections'])} sections) "
        "added with add_paper to a fresh SQLite database, with a real `voice-app worker` process "
        "already polling (once a second). Until the first section is playable the phone reads it "
        f"with <Say>, so no caller waits. Median of {len(runs)} runs, seconds from the start of "
        "add_paper.",
        "",
        "| measure | median s | runs |",
        "| --- | ---: | --- |",
    ]
    for key, label in (
        ("add_paper", "add_paper (ingest, sections, queue) committed"),
        ("first_playable", "first section playable (<Play>)"),
        ("ready", "whole paper rendered at normal speed"),
        ("all_speeds", "every section at all five speeds"),
    ):
        each = ", ".join(f"{run[key]:.2f}" for run in runs)
        lines.append(f"| {label} | {median(key):.2f} | {each} |")
    lines += ["", f"The first section is {median('first_audio'):.1f} s of audio."]
    return "\n".join(lines) + "\n"


def main() -> None:
    from pypdf import PdfReader

    data = numbered_pdf()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    runs, load_before = [], load_average()
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory(prefix="bench-papers-phone-") as tmp:
            runs.append(one_run(data, Path(tmp)))
    text = report(pages, len(data), runs, load_before)
    out = ROOT / "benchmarks" / "results" / "papers_phone.md"
    out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
