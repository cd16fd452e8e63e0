"""Turn an uploaded meeting paper into titled sections ready to be read aloud.

The file's content decides its type (a PDF named .docx is still a PDF); the extension
only breaks ties between text formats. Every failure becomes an `IngestError` with a
message a coordinator can act on, never a traceback.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import PurePath

from voice_app.config import MAX_PAPER_BYTES
from voice_app.papers.document import (
    PHRASES,
    Document,
    IngestError,
    Section,
    decode_text,
    looks_binary,
)
from voice_app.papers.figures import Picture, decorative_indexes, drop_markers
from voice_app.papers.lines import sections_from_pages
from voice_app.papers.markup import read_html, read_markdown

__all__ = ["DEFAULT_MAX_BYTES", "Document", "IngestError", "Section", "ingest_document"]

log = logging.getLogger(__name__)
DEFAULT_MAX_BYTES = MAX_PAPER_BYTES
# A .docx unpacks to a few times its size; far more is a "zip bomb" that would exhaust memory.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

_TEXT_EXTENSIONS = {
    ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "txt", ".text": "txt", "": "txt",
}  # fmt: skip
_UNSUPPORTED = {
    b"\xd0\xcf\x11\xe0": "This is an old-style Word (.doc) or Excel file. "
    "Please save it as .docx or PDF and upload that.",
    b"\x89PNG": "This is a picture, not a document, so there is no text to read aloud.",
    b"\xff\xd8\xff": "This is a photo, not a document, so there is no text to read aloud.",
    b"GIF8": "This is a picture, not a document, so there is no text to read aloud.",
    b"{\\rtf": "Rich Text (.rtf) files are not supported. Please save it as .docx or PDF.",
}
_OTHER_ZIPS = {
    "ppt/": "PowerPoint",
    "xl/": "Excel",
    "content.xml": "OpenDocument",
}


def ingest_document(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a paper of any supported type into a Document, or explain why not."""
    if len(data) > max_bytes:
        raise IngestError(
            f"This file is {_megabytes(len(data))}, which is over the "
            f"{_megabytes(max_bytes)} limit. Please upload a smaller copy."
        )
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise IngestError("The file is empty, so there is nothing to read aloud.")
    kind = detect_type(data, filename)
    try:
        document = _read(data, kind)
    except IngestError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        log.info("broken %s %r: %s", kind, filename, error)
        raise IngestError(f"This {_NAMES[kind]} file is damaged and cannot be opened.") from error
    except Exception as error:  # a reader library failing in a way we did not foresee
        log.warning("failed to read %s %r: %r", kind, filename, error)
        raise IngestError(f"This {_NAMES[kind]} file could not be read.") from error
    skip_decoration(document)
    if not document.sections:
        raise IngestError("This file has no text in it to read aloud.")
    if not document.title:
        document.title = _title_from_filename(filename)
    return document


_NAMES = {"pdf": "PDF", "docx": "Word", "md": "Markdown", "html": "web page", "txt": "text"}


def detect_type(data: bytes, filename: str) -> str:
    """Decide the format from the bytes first, the file name second."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    for magic, message in _UNSUPPORTED.items():
        if head.startswith(magic):
            raise IngestError(message)
    extension = PurePath(filename or "").suffix.lower()
    if extension in (".pdf", ".docx"):
        raise IngestError(
            f"This file is called {extension} but is not really a "
            f"{_NAMES[extension[1:]]} file; it may be damaged or only partly uploaded."
        )
    if extension not in _TEXT_EXTENSIONS and extension not in (".csv",):
        raise IngestError(
            f"Files ending {extension} are not supported. Please upload a PDF, "
            "Word (.docx), Markdown, web page (.html) or plain text file."
        )
    kind = _TEXT_EXTENSIONS.get(extension, "txt")
    if kind == "txt" and extension != ".txt":
        sniff = decode_text(head).lstrip().lower()
        if sniff.startswith(("<!doctype html", "<html")) or re.search(r"<(h[1-6]|p)\b", sniff):
            kind = "html"
        elif re.search(r"^#{1,6} \S|^\|.*\|\s*$", sniff, re.MULTILINE):
            kind = "md"
    return kind


def _zip_type(data: bytes) -> str:
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise IngestError("This file is damaged or only partly uploaded.") from error
    # Reading stops at each entry's stated size, so the stated sizes bound what is unpacked.
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise IngestError(
            "This file unpacks to far more than any document needs, so it was not opened. "
            "Please save the paper again as .docx or PDF and upload that."
        )
    names = [entry.filename for entry in entries]
    if "word/document.xml" in names:
        return "docx"
    for prefix, name in _OTHER_ZIPS.items():
        if any(n.startswith(prefix) for n in names):
            raise IngestError(
                f"{name} files are not supported. Please save it as PDF or Word (.docx)."
            )
    raise IngestError("This is a zip archive, not a document. Please upload the paper itself.")


def _read(data: bytes, kind: str) -> Document:
    # The PDF and Word readers are imported when a paper of their kind arrives: PyMuPDF loads its
    # layout models on import (about 2 s of CPU), which every process that merely imports the
    # papers (each `voice-app` command, each web worker) would otherwise pay.
    if kind == "pdf":
        from voice_app.papers.pdf import read_pdf

        title, sections, pages, pictures = read_pdf(data)
        return Document(title, sections, "pdf", pages, pictures)
    if kind == "docx":
        from voice_app.papers.word import read_docx

        title, sections, page_count, pictures = read_docx(data)
        return Document(title, sections, "docx", page_count, pictures)
    text = decode_text(data)
    if looks_binary(text):
        raise IngestError(
            "This file does not contain readable text. Please upload a PDF, Word (.docx), "
            "Markdown, web page (.html) or plain text file."
        )
    pictures: list[Picture] = []
    if kind == "html":
        title, sections, pictures = read_html(text)
    elif kind == "md":
        title, sections, pictures = read_markdown(text)
    else:
        pages = text.split("\f")
        sections, found = sections_from_pages(pages, default_heading=PHRASES["opening"])
        title = sections[0].heading if found and sections else ""
        if not found and len(sections) == 1:
            sections = [Section(PHRASES["whole"], sections[0].text)]
    return Document(title, sections, kind, None, pictures)


def skip_decoration(document: Document) -> None:
    """Take decorative pictures' markers out; a section left with nothing in it goes too."""
    skip = decorative_indexes(document.pictures)
    if not skip:
        return
    sections = [Section(s.heading, drop_markers(s.text, skip)) for s in document.sections]
    document.sections = [s for s in sections if s.text.strip()]


def _title_from_filename(filename: str) -> str:
    stem = PurePath(filename or "paper").stem
    return re.sub(r"[_\-]+", " ", stem).strip().capitalize() or "Untitled paper"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
