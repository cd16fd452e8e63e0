"""Which PDF library reads council papers in the right order: the measurement behind papers/pdf.py.

Usage: python benchmarks/bench_pdf_layout.py
Makes two-column, three-column and table-heavy papers with fpdf2 (tests/papers/layout_builders.py:
lines written across the page row by row, running headers, "Page n of m", hyphenated line ends, a
footnote), reads each with PyMuPDF, pdfminer.six and pypdf, and scores the order the paragraph
markers come out in (longest in-order run / all markers) and how many running headers and page
numbers leak into the text. Writes benchmarks/results/pdf_layout.md.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests" / "papers")]

import pymupdf  # noqa: E402
from layout_builders import HEADER, column_pdf, markers, order_score, table_pdf  # noqa: E402
from machine import header, load_average, load_note  # noqa: E402
from pdfminer.high_level import extract_text as pdfminer_text  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from voice_app.papers.ingest import ingest_document  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "pdf_layout.md"
REPEATS = 3


def pypdf_layout(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(p.extract_text(extraction_mode="layout") for p in pages)


def pypdf_plain(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def pdfminer(data: bytes) -> str:
    return pdfminer_text(io.BytesIO(data))


def pymupdf_stored(data: bytes) -> str:
    with pymupdf.open(stream=data, filetype="pdf") as document:
        return "\n".join(page.get_text() for page in document)


def pymupdf_sorted(data: bytes) -> str:
    with pymupdf.open(stream=data, filetype="pdf") as document:
        return "\n".join(page.get_text(sort=True) for page in document)


def voice_app_reader(data: bytes) -> str:
    """What a listener gets: papers/pdf.py (PyMuPDF lines, gutters, furniture, footnotes)."""
    document = ingest_document(data, "paper.pdf")
    return "\n".join(f"{s.heading}\n{s.text}" for s in document.sections)


READERS = {
    "pypdf, layout mode (before)": pypdf_layout,
    "pypdf, plain": pypdf_plain,
    "pdfminer.six, LAParams defaults": pdfminer,
    "PyMuPDF, stored order": pymupdf_stored,
    "PyMuPDF, sort=True": pymupdf_sorted,
    "PyMuPDF + voice-app layout (chosen)": voice_app_reader,
}


def papers() -> dict[str, tuple[bytes, list[int]]]:
    two, three, tables = column_pdf(2), column_pdf(3), table_pdf(rows=10, tables=3)
    return {
        "two columns, 3 pages": (two, list(range(1, 45))),
        "three columns, 2 pages": (three, list(range(1, 45))),
        "three ruled tables": (tables, list(range(1, 35))),
    }


def main() -> None:
    before = load_average()
    rows = []
    for paper, (data, expected) in papers().items():
        for name, reader in READERS.items():
            times = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                text = reader(data)
                times.append(time.perf_counter() - started)
            found = markers(text)
            leaks = text.count(HEADER) + text.count("Page 1 of") + text.count("Page 2 of")
            hyphen_mended = "coun-" not in text and "-\n" not in text.replace("- \n", "")
            rows.append((paper, name, order_score(found, expected), len(found), len(expected),
                         leaks, hyphen_mended, statistics.median(times) * 1000))  # fmt: skip
    after = load_average()
    lines = header("PDF reading order: PyMuPDF, pdfminer.six and pypdf", "bench_pdf_layout.py")
    lines += [
        load_note(before, after)
        + " The machine was shared with other engineers' work; times are indicative only.",
        "",
        "Order = longest run of paragraph markers in the right order / all markers (1.00 is "
        "perfect). Leaks = running headers and page numbers left in the text. Times are the "
        f"median of {REPEATS} reads.",
        "",
        "| paper | reader | order | markers found | header/page-number leaks | ms |",
        "|---|---|---|---|---|---|",
    ]
    for paper, name, score, found, expected, leaks, _mended, ms in rows:
        lines.append(
            f"| {paper} | {name} | {score:.2f} | {found}/{expected} | {leaks} | {ms:.0f} |"
        )
    lines += [
        "",
        "Kept: PyMuPDF with voice-app's own layout (papers/pdf_layout.py): it is the only reader "
        "here that gives each line's position and font size (for columns, footnotes, headers) and "
        "each picture's position and bytes, and it reads the columns and tables in order. "
        "PyMuPDF is AGPL-3.0, compatible with voice-app's AGPL-3.0-or-later.",
    ]
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
