"""Builders for real meeting papers, made with the real libraries at test time."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from fpdf import FPDF
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

DEJAVU = "/usr/share/fonts/truetype/dejavu"
LOREM = (
    "The group met at the Town Hall to talk about day services. Residents said the "
    "new timetable makes it hard to get there by bus. Officers agreed to look again "
    "at the times and report back at the next meeting."
)


class NumberedPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 10, f"Page {self.page_no()}", align="C")


def make_pdf(chapters: list[tuple[str, list[str]]], title: str | None = None) -> bytes:
    """A text PDF with numbered headings, one chapter per page, and page numbers."""
    pdf = NumberedPDF()
    if title:
        pdf.set_title(title)
    for heading, paragraphs in chapters:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.multi_cell(0, 10, heading)
        pdf.ln(4)
        pdf.set_font("Helvetica", size=11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(3)
    return bytes(pdf.output())


def board_report_pdf() -> bytes:
    """A council report as Word exports it: a title, numbered headings, bullets, a table."""
    pdf = FPDF()
    pdf.add_page()
    font, bullet = "Helvetica", "-"  # core fonts cannot draw "•"
    if Path(DEJAVU, "DejaVuSans-Bold.ttf").exists():
        font, bullet = "DejaVu", "•"
        pdf.add_font("DejaVu", fname=f"{DEJAVU}/DejaVuSans.ttf")
        pdf.add_font("DejaVu", style="B", fname=f"{DEJAVU}/DejaVuSans-Bold.ttf")

    def write(text: str, size: int = 11, style: str = "", gap: float = 3) -> None:
        pdf.set_font(font, style, size)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    write("Health and Wellbeing Board", 18, "B")
    write("Report of the Director of Public Health, 12 March 2024.")
    write("1. Summary", 13, "B", 1)
    write("This report asks the Board to agree the priorities set out below. The strategy was "
          "co-produced with the Disabled Residents Team.")  # fmt: skip
    for item in ("Improve respite for unpaid carers", "Publish a carers' information pack"):
        write(f"{bullet} {item}", gap=0)
    pdf.ln(3)
    write("2. Financial Implications", 13, "B", 1)
    pdf.set_font(font, "", 11)
    with pdf.table() as table:
        for values in [("Service", "Budget 2024/25"), ("Respite Care", "£250,000"),
                       ("Information Pack", "£5,000")]:  # fmt: skip
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)
    write("The costs above will be met from existing budgets.")
    return bytes(pdf.output())


def encrypt_pdf(data: bytes, password: str = "secret") -> bytes:
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_only_pdf(pages: int = 2) -> bytes:
    """What a scanner produces: each page is one picture, with no text layer."""
    pdf = FPDF()
    for number in range(pages):
        image = Image.new("RGB", (800, 1100), "white")
        draw = ImageDraw.Draw(image)
        for line in range(20):
            draw.rectangle((60, 80 + line * 45, 700 - (line * 13 + number) % 200, 100 + line * 45),
                           fill="black")  # fmt: skip
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=210)
    return bytes(pdf.output())


def make_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Day Services Review"
    document.add_paragraph("Day Services Review", style="Title")
    document.add_paragraph("This paper sets out the costs for the coming year.")
    document.add_heading("1. Background", level=1)
    document.add_paragraph(LOREM)
    document.add_paragraph("Transport is unreliable", style="List Bullet")
    document.add_paragraph("Lunch costs have gone up", style="List Bullet")
    document.add_heading("2. Costs", level=1)
    document.add_paragraph("The table below shows the costs.")
    table = document.add_table(rows=3, cols=2)
    for row, values in zip(
        table.rows,
        [("Service", "Cost"), ("Day centre", "£1,200"), ("Transport", "£350")],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_heading("Next steps", level=2)
    document.add_paragraph("Agree the budget", style="List Number")
    document.add_paragraph("Consult residents", style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


MARKDOWN = """# Community Transport Update

Some opening words about the update.

## Costs

| Service | Cost |
| --- | --- |
| Day centre | £1,200 |
| Dial-a-ride | £80 |

## Actions

- Write to the bus company
- Ask residents about times
"""

HTML = """<!doctype html>
<html><head><title>Housing Repairs Report</title><style>p {color: red}</style>
<script>var x = 1;</script></head>
<body><nav>Home | About</nav>
<p>Intro paragraph before any heading.</p>
<h2>Repairs backlog</h2>
<p>There are <strong>412</strong> open repairs.</p>
<table><thead><tr><th>Area</th><th>Open repairs</th></tr></thead>
<tbody><tr><td>North</td><td>200</td></tr><tr><td>South</td><td>212</td></tr></tbody></table>
<h2>What happens next</h2>
<ol><li>Hire two more surveyors</li><li>Report back in March</li></ol>
</body></html>"""
