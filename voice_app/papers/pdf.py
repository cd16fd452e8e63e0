"""Read PDF papers with PyMuPDF: words in reading order, pictures in place with any alternative
text, and a clear reason for the ones that cannot be read aloud.

PyMuPDF won the reading-order measurement against pdfminer.six and pypdf's layout mode
(benchmarks/results/pdf_layout.md); it also gives each picture's position and bytes.
"""

from __future__ import annotations

import logging
import re

import pymupdf

from voice_app.papers.document import PHRASES, IngestError, Section, clean_space
from voice_app.papers.figures import Picture, marker
from voice_app.papers.lines import sections_from_pages
from voice_app.papers.pdf_layout import Item, is_furniture, reading_order, repeated_edges

log = logging.getLogger(__name__)
pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF reports harmless quirks on standard error

ENCRYPTED = (
    "This PDF is protected with a password, so it cannot be read aloud. "
    "Please save or export a copy without a password and upload that."
)
SCANNED = (
    "This PDF seems to be scanned pictures of pages with no text in it, so it cannot be "
    "read aloud. Please upload the original document (for example the Word file), "
    "or a PDF that has been through text recognition (OCR)."
)
MAX_PAGES = 2000  # far beyond any meeting paper; text from more would tie up a web worker
TOO_LONG = (
    "This PDF has more than {limit} pages, which is too long to read aloud. "
    "Please split it into the papers the meeting needs."
)
BROKEN = "This PDF file is damaged or incomplete and cannot be opened. Please save it again."
_LIGATURES = {0xFB01: "fi", 0xFB02: "fl", 0xFB00: "ff", 0xFB03: "ffi", 0xFB04: "ffl", 0: None}


def read_pdf(data: bytes) -> tuple[str, list[Section], int, list[Picture]]:
    """Return (title, sections, page_count, pictures) from a PDF's text layer."""
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:  # MuPDF raises its own FileDataError and friends
        log.info("unreadable pdf: %r", error)
        raise IngestError(BROKEN) from error
    with document:
        if document.is_repaired and b"%%EOF" not in data[-2048:]:
            raise IngestError(BROKEN)  # cut short, most likely a partial upload: pages are missing
        if document.needs_pass and not document.authenticate(""):
            raise IngestError(ENCRYPTED)  # a real password, not just print/copy limits
        page_count = _page_count(document)
        if page_count > MAX_PAGES:
            raise IngestError(TOO_LONG.format(limit=MAX_PAGES))
        if page_count == 0:
            raise IngestError(BROKEN)
        try:
            title = _metadata_title(document)
            texts, pictures = _pages(document)
        except IngestError:
            raise
        except Exception as error:  # a malformed file can fail anywhere inside MuPDF
            log.warning("pdf failed while reading: %r", error)
            raise IngestError(BROKEN) from error
    words = sum(len(re.findall(r"[A-Za-z]{2,}", text)) for text in texts)
    if words < max(3, 5 * page_count // 10):
        raise IngestError(SCANNED)
    sections, _found = sections_from_pages(texts, title or PHRASES["opening"], repeats=False)
    if not title:
        first = sections[0].heading if sections else ""
        title = "" if re.match(r"^(page )?\d", first, re.IGNORECASE) else first
    return title, sections, page_count, pictures


def _page_count(document: pymupdf.Document) -> int:
    """The page count; when the page tree's stated count is a lie, count its kids instead."""
    try:
        return document.page_count
    except RuntimeError:
        kind, pages = document.xref_get_key(document.pdf_catalog(), "Pages")
        if kind != "xref":
            raise IngestError(BROKEN) from None
        tree = int(pages.split()[0])
        kids = len(re.findall(r"\d+ \d+ R", document.xref_get_key(tree, "Kids")[1]))
        if kids > MAX_PAGES:
            raise IngestError(TOO_LONG.format(limit=MAX_PAGES)) from None
        document.xref_set_key(tree, "Count", str(kids))  # in memory only: read what is there
        return document.page_count


def _pages(document: pymupdf.Document) -> tuple[list[str], list[Picture]]:
    """Each page's text in reading order, pictures marked where they stand."""
    alts = _figure_alts(document)
    pictures: list[Picture] = []
    lines = [_lines(page) for page in document]
    heights = [page.rect.height for page in document]
    furniture = repeated_edges(lines, heights)
    texts = []
    for number, (page, items, height) in enumerate(zip(document, lines, heights, strict=True), 1):
        items = [i for i in items if not is_furniture(i, height, furniture)]
        for item, picture in _images(document, page, number, alts):
            item.text = marker(len(pictures))
            pictures.append(picture)
            items.append(item)
        items.extend(_tables(page, items))
        texts.append("\n".join(reading_order(items, height)))
    return texts, pictures


def _lines(page: pymupdf.Page) -> list[Item]:
    items = []
    for block in page.get_text("dict", flags=pymupdf.TEXTFLAGS_TEXT)["blocks"]:
        for line in block.get("lines", []):
            spans = [s for s in line["spans"] if s["text"].strip()]
            if not spans:
                continue
            text = clean_space(" ".join(s["text"] for s in spans).translate(_LIGATURES))
            x0, y0, x1, y1 = line["bbox"]
            size = max(s["size"] for s in spans)
            items.append(Item(x0, y0, x1, y1, text, size))
    return items


def _tables(page: pymupdf.Page, items: list[Item]) -> list[Item]:
    """Ruled tables as tab-separated rows; the lines inside them are taken out of the prose."""
    found: list[Item] = []
    if len(page.get_cdrawings()) < 4:
        return found  # no rules drawn, so no ruled table; finding tables is the slow part
    for table in page.find_tables(strategy="lines", use_layout=False).tables:
        rows = [row.cells for row in table.rows]
        if table.header.external:  # a header row drawn above the ruled part
            rows.insert(0, table.header.cells)
        cells = [cell for row in rows for cell in row if cell]
        if len(rows) < 2 or not cells:
            continue
        x0, y0 = min(c[0] for c in cells), min(c[1] for c in cells)
        x1, y1 = max(c[2] for c in cells), max(c[3] for c in cells)
        inside = [i for i in items if not i.block and _within(i, (x0, y0, x1, y1))]
        if not inside:
            continue
        lines = [
            "\t".join(" ".join(i.text for i in inside if cell and _within(i, cell)) for cell in row)
            for row in rows
        ]
        lines = [line for line in lines if line.strip()]
        for item in inside:
            items.remove(item)
        found.append(Item(x0, y0, x1, y1, "\n".join(lines), block=True))
    return found


def _within(item: Item, box: tuple[float, float, float, float]) -> bool:
    middle_x, middle_y = (item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _images(document: pymupdf.Document, page: pymupdf.Page, number: int, alts: dict):
    """(position, picture) for each image drawn on the page, with its tagged alternative text."""
    names = {image[0]: image[7] for image in page.get_images(full=True)}
    by_name = _marked_images(page, alts)
    seen: set[tuple] = set()
    for info in page.get_image_info(xrefs=True):
        xref = info.get("xref") or 0
        bbox = tuple(round(v) for v in info["bbox"])
        if not xref or (xref, bbox) in seen:
            continue
        seen.add((xref, bbox))
        extracted = document.extract_image(xref)
        if not extracted or not extracted.get("image"):
            continue
        description = by_name.get(names.get(xref))
        picture = Picture(
            extracted["image"], description, page=number,
            decorative=description == "", width=info["width"], height=info["height"],
        )  # fmt: skip
        yield Item(*info["bbox"], "", block=True), picture


def _marked_images(page: pymupdf.Page, alts: dict[tuple[int, int], str]) -> dict[str, str]:
    """Image name to alternative text, through the marked-content ids around each image."""
    if not alts:
        return {}
    content = page.read_contents()
    found = {}
    pattern = rb"<<[^>]*/MCID\s+(\d+)[^>]*>>\s*BDC(.*?)EMC"
    for match in re.finditer(pattern, content, re.DOTALL):
        alt = alts.get((page.xref, int(match[1])))
        if alt is None:
            continue
        for name in re.findall(rb"/([^\s/]+)\s+Do\b", match[2]):
            found[name.decode("latin-1")] = alt
    return found


def _figure_alts(document: pymupdf.Document) -> dict[tuple[int, int], str]:
    """Tagged PDFs: (page xref, marked-content id) of each Figure to its /Alt text."""
    kind, root = document.xref_get_key(document.pdf_catalog(), "StructTreeRoot")
    if kind != "xref":
        return {}
    alts: dict[tuple[int, int], str] = {}
    pending, visited = [int(root.split()[0])], set()
    while pending and len(visited) < 20000:
        xref = pending.pop()
        if xref in visited:
            continue
        visited.add(xref)
        kids = document.xref_get_key(xref, "K")
        pending.extend(int(x) for x in re.findall(r"(\d+) 0 R", kids[1]))
        if document.xref_get_key(xref, "S")[1] != "/Figure":
            continue
        kind, alt = document.xref_get_key(xref, "Alt")
        page = re.match(r"(\d+) 0 R", document.xref_get_key(xref, "Pg")[1])
        if kind == "string" and page:
            for mcid in re.findall(r"\d+", re.sub(r"\d+\s+\d+\s+R", "", kids[1])):
                alts[(int(page[1]), int(mcid))] = alt
    return alts


def _metadata_title(document: pymupdf.Document) -> str:
    try:
        title = clean_space(str((document.metadata or {}).get("title") or ""))
    except Exception:
        return ""
    if re.search(r"\.(docx?|pdf|indd)$|^untitled$|^microsoft word", title, re.IGNORECASE):
        return ""  # exporters often put the file name here, which is no use to a listener
    return title
