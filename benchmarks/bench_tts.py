"""How fast is speech rendering, and how long does a caller wait for a new paper's first section?

Run from the project root: `python benchmarks/bench_tts.py`. Writes benchmarks/results/tts.md.
Audio goes to a temporary folder and is deleted; nothing here touches a database.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from fpdf import FPDF  # noqa: E402
from machine import header, load_average, load_note  # noqa: E402

from voice_app.papers.ingest import Section, ingest_document  # noqa: E402
from voice_app.papers.normalise import for_listening  # noqa: E402
from voice_app.papers.sections import split_sections  # noqa: E402
from voice_app.speech.tts import render  # noqa: E402

PARAGRAPHS = [
    "Cllr Patel welcomed everyone to the meeting of the Disabled Residents Team on "
    "05/07/2023 at 2.30pm. Apologies were received from three members.",
    "The council's budget for day services is £1,200,500 for 2023/24, an increase of 3.5% "
    "on last year. Officers explained that approx. 60% of this pays for transport.",
    "Residents said that the new timetable makes it hard to get to the day centre by bus, "
    "e.g. the 220 and the 283 do not run early enough. The group asked officers to write "
    "to Transport for London and to report back at the next meeting.",
    "The VCS representative said the Social Care Institute for Excellence guidance on "
    "co-production should be shared with all members. Contact www.lbhf.gov.uk for copies.",
]
REPEATS = 3


def tool_versions() -> str:
    def version(command: list[str]) -> str:
        if not shutil.which(command[0]):
            return "not installed"
        out = subprocess.run(command, capture_output=True, text=True, check=False)
        return (out.stdout or out.stderr).strip().splitlines()[0]

    return f"{version(['espeak-ng', '--version'])}; {version(['sox', '--version'])}."


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: the render workers and sox."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_rendering(folder: Path) -> list[dict[str, float]]:
    rows = []
    text = "\n\n".join(for_listening(p) for p in PARAGRAPHS)
    for rate in (70, 100, 130):
        runs, engines = [], set()
        for repeat in range(REPEATS):
            wall, cpu = time.perf_counter(), cpu_seconds()
            result = render(text, folder / f"rate{rate}-{repeat}.wav", rate=rate)
            engines.add(result.engine)
            runs.append((result.duration_seconds, time.perf_counter() - wall, cpu_seconds() - cpu))
        audio = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        cpu = statistics.median(r[2] for r in runs)
        words = len(text.split())
        engine = ", ".join(sorted(engines))
        rows.append(
            {"rate": rate, "words": words, "audio": audio, "wall": wall, "cpu": cpu, "by": engine}
        )
    return rows


def twenty_page_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_title("Day Services Review 2023/24")
    for chapter in range(1, 11):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.multi_cell(
            0, 10, f"{chapter}. Chapter {chapter} of the Review", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font("Helvetica", size=11)
        for index in range(30):
            pdf.multi_cell(
                0, 6, PARAGRAPHS[(chapter + index) % len(PARAGRAPHS)], new_x="LMARGIN", new_y="NEXT"
            )
            pdf.ln(3)
    return bytes(pdf.output())


def bench_first_section(folder: Path) -> dict[str, float]:
    data = twenty_page_pdf()
    timings: dict[str, float] = {"bytes": len(data)}
    start = time.perf_counter()
    document = ingest_document(data, "review.pdf")
    timings["ingest"] = time.perf_counter() - start
    mark = time.perf_counter()  # normalise first, so parts are a minute of *spoken* words
    spoken_sections = [Section(s.heading, for_listening(s.text)) for s in document.sections]
    timings["normalise"] = time.perf_counter() - mark
    mark = time.perf_counter()
    parts = split_sections(spoken_sections)
    timings["split"] = time.perf_counter() - mark
    spoken = f"{for_listening(parts[0].heading)}.\n\n{parts[0].text}"
    mark = time.perf_counter()
    result = render(spoken, folder / "first.wav")
    timings["render"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - start
    timings.update(
        pages=document.page_count or 0,
        sections=len(document.sections),
        parts=len(parts),
        words=sum(len(p.text.split()) for p in parts),
        first_audio=result.duration_seconds,
    )
    return timings


def report(load_before: float, rows: list[dict[str, float]], first: dict[str, float]) -> str:
    lines = header("Speech rendering (text to speech)", "bench_tts.py")
    lines += [load_note(load_before, load_average()), "", f"Tools: {tool_versions()}"]
    lines += ["", "### Rendering speed", "",
              f"{len(PARAGRAPHS)} normalised paragraphs rendered to 8 kHz phone WAV, median of "
              f"{REPEATS} runs. CPU counts this process and its children (worker, sox); "
              "wall time also shows other load on the machine.", "",
              "| rate % | engine | words | audio s | wall s | CPU s | audio s / CPU s "
              "| audio s / wall s |",
              "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for r in rows:
        lines.append(
            f"| {r['rate']} | {r['by']} | {r['words']} | {r['audio']:.1f} | {r['wall']:.2f} "
            f"| {r['cpu']:.2f} "
            f"| {r['audio'] / r['cpu']:.1f} | {r['audio'] / r['wall']:.1f} |"
        )
    lines += ["", "### New paper to first section, rendered in this process", "",
              f"A generated {first['pages']}-page PDF ({first['bytes'] / 1024:.0f} KB, "
              f"{first['sections']} sections, {first['parts']} one-minute parts, "
              f"{first['words']} words); the first part is {first['first_audio']:.1f} s of audio.",
              "", "Steps: ingest the whole PDF, normalise every section for listening, split into "
              "parts, render the first part.", "",
              "| step | seconds |", "| --- | ---: |"]  # fmt: skip
    for step in ("ingest", "normalise", "split", "render", "total"):
        lines.append(f"| {step} | {first[step]:.3f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="bench-tts-") as tmp:
        folder = Path(tmp)
        render("Warming up.", folder / "warm.wav")
        rows = bench_rendering(folder)
        first = bench_first_section(folder)
    text = report(load_before, rows, first)
    out = ROOT / "benchmarks" / "results" / "tts.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
