"""Read Word (.docx) papers in reading order: Heading styles start sections, tables read aloud."""

from __future__ import annotations

import io
import re

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from voice_app.papers.document import (
    PHRASES,
    SectionBuilder,
    as_sentence,
    clean_space,
    list_item,
    table_to_speech,
)
from voice_app.papers.figures import Picture, marker

_HEADING_STYLE = re.compile(r"^(heading\s*\d*|title)$", re.IGNORECASE)


_NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
}
_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def read_docx(data: bytes) -> tuple[str, list, int | None, list[Picture]]:
    """Return (title, sections, page_count, pictures) from a .docx file."""
    document = docx.Document(io.BytesIO(data))
    title = clean_space(document.core_properties.title or "")
    builder = SectionBuilder()
    numbers: dict[str, int] = {}
    pictures: list[Picture] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            builder.add(_table(block))
            numbers.clear()
            continue
        if not isinstance(block, Paragraph):
            continue
        text = clean_space(block.text)
        found = _pictures(block)
        if found:
            if text:
                builder.add(as_sentence(text))
            for picture in found:
                builder.add(marker(len(pictures)))
                pictures.append(picture)
            continue
        if not text:
            continue
        style = (block.style.name if block.style is not None else "") or ""
        if _HEADING_STYLE.match(style) or _is_outline_heading(block):
            if style.lower() == "title" and not title:
                title = text
            builder.start(text)
            numbers.clear()
        elif _is_list(block, style):
            if "number" in style.lower():
                numbers[style] = numbers.get(style, 0) + 1
                builder.add(list_item(text, numbers[style]))
            else:
                builder.add(list_item(text))
        else:
            numbers.clear()
            builder.add(as_sentence(text))
    sections = builder.finish(default_heading=title or PHRASES["opening"])
    if not title and sections:
        title = sections[0].heading
    return title, sections, _page_count(document), pictures


def _pictures(paragraph: Paragraph) -> list[Picture]:
    """Inline and floating (anchored) pictures, with the description and title Word keeps."""
    found = []
    for drawing in paragraph._p.iter(f"{{{_NS['w']}}}drawing"):
        properties = drawing.find(".//wp:docPr", _NS)
        blip = drawing.find(".//a:blip", _NS)
        if properties is None or blip is None:
            continue
        try:
            image = paragraph.part.related_parts[blip.get(f"{{{_NS['r']}}}embed")]
        except KeyError:
            continue  # a linked picture, not in the file
        described = properties.get("descr") or properties.get("title")
        decorative = any(
            element.get("val") in ("1", "true")
            for element in properties.iter(f"{{{_DECORATIVE}}}decorative")
        )
        found.append(Picture(image.blob, described, decorative=decorative))
    return found


def _is_list(paragraph: Paragraph, style: str) -> bool:
    if style.lower().startswith("list"):
        return True
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.numPr is not None


def _is_outline_heading(paragraph: Paragraph) -> bool:
    """Some templates mark headings by outline level rather than a Heading style."""
    p_pr = paragraph._p.pPr
    if p_pr is None:
        return False
    level = p_pr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl")
    return level is not None and len(paragraph.text) < 120


def _table(table: Table) -> str:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:
                continue  # a merged cell appears once per grid column it spans
            previous = cell._tc
            cells.append(clean_space(" ".join(p.text for p in cell.paragraphs)))
        rows.append(cells)
    return table_to_speech(rows, has_header=True)


def _page_count(document: docx.document.Document) -> int | None:
    """Word stores the page count it last saw in docProps/app.xml; use it when present."""
    try:
        part = document.part.package.part_related_by(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
        )
    except (KeyError, ValueError):
        return None
    match = re.search(rb"<Pages>(\d+)</Pages>", part.blob)
    return int(match.group(1)) if match else None
