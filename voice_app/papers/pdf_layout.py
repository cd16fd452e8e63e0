"""Put a PDF page's lines in reading order, from where they sit on the page (PyMuPDF geometry).

Columns are found by their gutters, the clear vertical strips between blocks of prose; a line
that spans the gutters (a heading, a wide table) closes one band of columns and opens the next.
Within a band each column is read top to bottom, left to right. Running headers and footers
(the same words near the top or bottom of most pages) and page numbers are dropped; small print
at the foot of a page becomes footnotes. Ruled tables come out as tab-separated rows, which
`lines.py` reads row by row. Chosen by measurement: benchmarks/results/pdf_layout.md.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

FOOTNOTE = "\u2063footnote "  # an invisible prefix: lines.py puts these at the end of the section
EDGE = 0.08  # headers and footers live in the top and bottom 8% of the page
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?$|^-\s*\d+\s*-$", re.IGNORECASE)


@dataclass
class Item:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str  # a line of words, a table's rows, or a picture marker
    size: float = 0.0
    block: bool = False  # a table or picture: never part of a column's prose

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def furniture_key(text: str) -> str:
    """Running headers differ only by their numbers from page to page."""
    return re.sub(r"\d+", "#", text.strip().lower())


def repeated_edges(pages: list[list[Item]], heights: list[float]) -> set[str]:
    """Header and footer lines: the same words at a page edge on at least half the pages."""
    counts: Counter[str] = Counter()
    for items, height in zip(pages, heights, strict=True):
        counts.update({furniture_key(i.text) for i in items if not i.block and _at_edge(i, height)})
    if len(pages) < 2:
        return set()
    return {key for key, n in counts.items() if n >= max(2, len(pages) / 2)}


def _at_edge(item: Item, height: float) -> bool:
    return item.y1 < height * EDGE or item.y0 > height * (1 - EDGE)


def is_furniture(item: Item, height: float, furniture: set[str]) -> bool:
    """A running header or footer, or a page number, at the top or bottom of the page."""
    if item.block or not _at_edge(item, height):
        return False
    return furniture_key(item.text) in furniture or _is_number(item.text)


def reading_order(items: list[Item], height: float) -> list[str]:
    """The page's lines in reading order, with a blank line between paragraphs."""
    body, notes = _footnotes(items, height)
    lines: list[str] = []
    for band in _bands(body):
        for column in _columns(band):
            _emit(column, lines)
            lines.append("")
    lines.extend(FOOTNOTE + note.text for note in notes)
    return lines


def _is_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def _footnotes(items: list[Item], height: float) -> tuple[list[Item], list[Item]]:
    """Small print below the text, starting with a number or mark, in the bottom third."""
    sizes: Counter[float] = Counter()
    for item in items:
        if not item.block:
            sizes[round(item.size)] += len(item.text)
    if not sizes:
        return items, []
    body_size = sizes.most_common(1)[0][0]
    notes = [
        i
        for i in items
        if not i.block
        and i.size < 0.85 * body_size
        and i.y0 > height * 0.66
        and re.match(r"^(?:\d{1,2}|[*†‡§])\s", i.text)
    ]
    if not notes:
        return items, []
    top = min(n.y0 for n in notes)
    below = [i for i in items if not i.block and i.y0 >= top and i.size < 0.85 * body_size]
    return [i for i in items if i not in below], sorted(below, key=lambda i: (i.y0, i.x0))


def _bands(items: list[Item]) -> list[list[Item]]:
    """Split the page at items that span its gutters, top to bottom."""
    if not items:
        return []
    left, right = min(i.x0 for i in items), max(i.x1 for i in items)
    gutters = _gutters([i for i in items if not i.block and i.width < 0.6 * (right - left)])
    bands: list[list[Item]] = [[]]
    for item in sorted(items, key=lambda i: (i.y0, i.x0)):
        spans = any(item.x0 < gap_start and item.x1 > gap_end for gap_start, gap_end in gutters)
        if spans and (item.block or item.width >= 0.6 * (right - left)):
            bands.extend([[item], []])
        else:
            bands[-1].append(item)
    return [band for band in bands if band]


def _gutters(items: list[Item]) -> list[tuple[float, float]]:
    """Clear vertical strips with prose on both sides: at least three lines of four words each."""
    prose = [i for i in items if len(i.text.split()) >= 4]
    if len(prose) < 6:
        return []
    spans = sorted((i.x0, i.x1) for i in prose)
    gaps, reach = [], spans[0][1]
    for start, end in spans[1:]:
        if start > reach + 4:
            gaps.append((reach, start))
        reach = max(reach, end)
    return [
        (a, b)
        for a, b in gaps
        if sum(1 for i in prose if i.x1 <= a) >= 3 and sum(1 for i in prose if i.x0 >= b) >= 3
    ]


def _columns(band: list[Item]) -> list[list[Item]]:
    """The band's columns, left to right, each top to bottom."""
    gutters = _gutters([i for i in band if not i.block])
    columns: list[list[Item]] = [[] for _ in range(len(gutters) + 1)]
    for item in band:
        middle = (item.x0 + item.x1) / 2
        columns[sum(1 for a, _b in gutters if middle > a)].append(item)
    return [sorted(c, key=lambda i: (round(i.y0), i.x0)) for c in columns if c]


def _emit(column: list[Item], lines: list[str]) -> None:
    """Lines on one baseline become a tab-separated row; a big gap starts a new paragraph."""
    previous: Item | None = None
    for item in column:
        if previous is not None and not item.block and abs(item.y0 - previous.y0) < 2:
            lines[-1] += "\t" + item.text  # a row of a table without rules
            previous = item
            continue
        if previous is not None:
            gap = item.y0 - previous.y1
            if item.block or previous.block or gap > 0.8 * max(previous.size, item.size, 1):
                lines.append("")
        lines.append(item.text)
        previous = item
