"""Read PDF papers with pypdf, refusing the ones that cannot be read aloud with a clear reason."""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from voice_app.papers.document import PHRASES, IngestError, Section, clean_space
from voice_app.papers.lines import sections_from_pages

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns loudly about harmless quirks

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


def read_pdf(data: bytes) -> tuple[str, list[Section], int]:
    """Return (title, sections, page_count) from a PDF's text layer."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(reader)
        pages = reader.pages
        page_count = len(pages)
        if page_count > MAX_PAGES:
            raise IngestError(TOO_LONG.format(limit=MAX_PAGES))
        texts = [_page_text(page) for page in pages]
    except IngestError:
        raise
    except (FileNotDecryptedError, DependencyError) as error:
        raise IngestError(ENCRYPTED) from error
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        log.info("unreadable pdf: %s", error)
        raise IngestError(BROKEN) from error
    except Exception as error:  # pypdf raises a wide variety on malformed input
        log.warning("unexpected pdf failure: %r", error)
        raise IngestError(BROKEN) from error
    if page_count == 0:
        raise IngestError(BROKEN)
    words = sum(len(re.findall(r"[A-Za-z]{2,}", text)) for text in texts)
    if words < max(3, 5 * page_count // 10):
        raise IngestError(SCANNED)
    title = _metadata_title(reader)
    sections, _found = sections_from_pages(texts, default_heading=title or PHRASES["opening"])
    if not title:
        first = sections[0].heading if sections else ""
        title = "" if re.match(r"^(page )?\d", first, re.IGNORECASE) else first
    return title, sections, page_count


def _decrypt(reader: PdfReader) -> None:
    """Open PDFs with only an owner password (print/copy limits); refuse real passwords."""
    try:
        opened = reader.decrypt("")
    except (DependencyError, NotImplementedError) as error:
        raise IngestError(ENCRYPTED) from error
    if not opened:
        raise IngestError(ENCRYPTED)


def _page_text(page) -> str:
    """Prefer layout mode: its blank lines mark the gaps between paragraphs."""
    try:
        text = page.extract_text(extraction_mode="layout") or ""
    except Exception as error:  # layout mode is pickier; plain mode still gets the words
        log.info("layout extraction failed: %r", error)
        try:
            text = page.extract_text() or ""
        except Exception as error2:  # one bad page should not sink the paper
            log.info("page text failed: %r", error2)
            return ""
    text = text.replace("\u0000", "")
    # pypdf sometimes returns ligature glyphs; speech engines stumble on them
    return text.translate({0xFB01: "fi", 0xFB02: "fl", 0xFB00: "ff", 0xFB03: "ffi", 0xFB04: "ffl"})


def _metadata_title(reader: PdfReader) -> str:
    try:
        title = clean_space(str((reader.metadata or {}).get("/Title") or ""))
    except Exception:
        return ""
    if re.search(r"\.(docx?|pdf|indd)$|^untitled$|^microsoft word", title, re.IGNORECASE):
        return ""  # exporters often put the file name here, which is no use to a listener
    return title
