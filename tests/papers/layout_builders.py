"""PDFs laid out as councils print them, made with fpdf2: columns, running headers, page numbers,
hyphenated line ends, footnotes, ruled tables and pictures. Every paragraph carries a marker
("Marker 07") so a test or the layout benchmark can check the order the words come out in.
"""

from __future__ import annotations

import io
import re

from fpdf import FPDF
from PIL import Image, ImageDraw

HEADER = "Civic Campus Board, 12 March 2026"
TOPICS = [
    "the new library entrance has a level approach from the bus stop",
    "residents asked for more seats with arms along the main corridor",
    "the lift to the first floor will be replaced during the summer",
    "quiet rooms can be booked by anyone who needs a calm space",
    "signs will use large print and pictures as well as words",
    "the car park keeps six blue badge bays next to the doors",
]
MARKER = re.compile(r"Marker (\d\d)")


def paragraph(number: int) -> str:
    topic = TOPICS[number % len(TOPICS)]
    return (
        f"Marker {number:02d} says that {topic}. The officers will write to every member of the "
        f"group about it before the next meeting, and the group will check that it happened."
    )


def picture_png(seed: int = 1, size: tuple[int, int] = (240, 160)) -> bytes:
    """A small plan-like drawing; a different seed gives different bytes."""
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    if min(size) < 40:
        return _png(image)  # a rule or spacer: nothing drawn on it
    draw.rectangle([10, 10, size[0] - 10, size[1] - 10], outline=(0, 0, 0), width=3)
    draw.line(
        [10 + seed * 7 % 100, 10, 10 + seed * 7 % 100, size[1] - 10], fill=(0, 0, 200), width=2
    )
    draw.text((20, 20), f"Plan {seed}", fill=(200, 0, 0))
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class CouncilPDF(FPDF):
    """Running header on every page and "Page n of m" in the footer, as Word prints them."""

    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.set_xy(self.l_margin, 8)
        self.cell(0, 5, HEADER, align="R")
        self.set_y(self.t_margin)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and pdf.get_string_width(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _hyphenate(lines: list[str]) -> list[str]:
    """Break the first long word that starts a line across the line before it, with a hyphen."""
    for index in range(1, len(lines)):
        words = lines[index].split(" ")
        if len(words[0]) >= 7 and words[0].isalpha() and words[0].islower():
            lines[index - 1] += f" {words[0][:3]}-"
            lines[index] = " ".join([words[0][3:], *words[1:]])
            break
    return lines


def column_pdf(
    columns: int = 2,
    paragraphs: int = 44,
    pictures: dict[int, str] | None = None,
    footnote: bool = True,
) -> bytes:
    """A paper in `columns` columns over several pages. `pictures` maps a paragraph number to
    the alternative text of a drawing placed after it (tagged in the PDF's structure tree).

    Lines are written to the PDF across the page, row by row (as some layout programs do), not
    column by column, so reading them in stored order mixes the columns.
    """
    pdf = CouncilPDF()
    pdf.set_title("Library plans")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    gutter = 8
    width = (pdf.w - pdf.l_margin - pdf.r_margin - gutter * (columns - 1)) / columns
    first_top, top, bottom, leading = pdf.t_margin + 16, pdf.t_margin + 4, pdf.h - 30, 5
    pages: list[list[tuple]] = [[]]
    column, y = 0, first_top

    def next_column() -> None:
        nonlocal column, y
        column += 1
        if column == columns:
            pages.append([])
            column = 0
        y = top

    for number in range(1, paragraphs + 1):
        text = paragraph(number) + (" 1" if footnote and number == 2 else "")
        lines = _wrap(pdf, text, width)
        if number % 3 == 1:
            lines = _hyphenate(lines)
        for line in lines:
            if y + leading > bottom:
                next_column()
            pages[-1].append((y + leading, column, "text", line))
            y += leading
        y += leading
        if pictures and number in pictures:
            height = width * 2 / 3
            if y + height > bottom:
                next_column()
            pages[-1].append((y, column, "picture", (number, pictures[number], height)))
            y += height + leading
    for index, operations in enumerate(pages):
        pdf.add_page()
        if index == 0:
            pdf.set_font("Helvetica", "B", 16)
            pdf.text(pdf.l_margin, pdf.t_margin + 8, "1. Library Plans")
        pdf.set_font("Helvetica", size=10)
        for y, column, kind, payload in sorted(operations, key=lambda op: (op[0], op[1])):
            x = pdf.l_margin + column * (width + gutter)
            if kind == "text":
                pdf.text(x, y, payload)
                continue
            number, alt, height = payload
            pdf.image(io.BytesIO(picture_png(number)), x=x, y=y, w=width, h=height,
                      alt_text=alt or None)  # fmt: skip
        if footnote and index == 0:
            pdf.set_font("Helvetica", size=7)
            note = "1 The survey ran in January and 212 residents answered."
            pdf.text(pdf.l_margin, pdf.h - 22, note)
    pdf.alias_nb_pages()
    return bytes(pdf.output())


def table_pdf(rows: int = 8, tables: int = 2) -> bytes:
    """Paragraphs and ruled tables in turn; cells hold "Marker" numbers in row order."""
    pdf = CouncilPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "2. Costs", new_x="LMARGIN", new_y="NEXT")
    number = 1
    for _table in range(tables):
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 5, paragraph(number), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        number += 1
        with pdf.table(col_widths=(50, 40, 40, 50), text_align="LEFT") as table:
            heading = table.row()
            for name in ("Item", "Cost", "When", "Who"):
                heading.cell(name)
            for _row in range(rows):
                cells = table.row()
                cells.cell(f"Marker {number:02d} ramp")
                cells.cell(f"{number * 100} pounds")
                cells.cell("May")
                cells.cell("Officers")
                number += 1
        pdf.ln(4)
    pdf.multi_cell(0, 5, paragraph(number), new_x="LMARGIN", new_y="NEXT")
    pdf.alias_nb_pages()
    return bytes(pdf.output())


def markers(text: str) -> list[int]:
    """The marker numbers in the order they appear (each once, at its first appearance)."""
    seen: list[int] = []
    for match in MARKER.finditer(text):
        value = int(match[1])
        if value not in seen:
            seen.append(value)
    return seen


def order_score(found: list[int], expected: list[int]) -> float:
    """Share of the expected markers that come out in order (longest increasing run / total)."""
    rank = {value: index for index, value in enumerate(expected)}
    sequence = [rank[v] for v in found if v in rank]
    best: list[int] = []  # patience sorting: length of the longest increasing subsequence
    for value in sequence:
        low, high = 0, len(best)
        while low < high:
            middle = (low + high) // 2
            if best[middle] < value:
                low = middle + 1
            else:
                high = middle
        best[low : low + 1] = [value]
    return len(best) / len(expected) if expected else 1.0
