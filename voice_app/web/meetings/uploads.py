"""Uploaded papers are checked by what they contain, not by what their name says."""

from __future__ import annotations

from pathlib import Path

from voice_app.config import MAX_PAPER_BYTES, MAX_PAPER_MEGABYTES
from voice_app.errors import InputError
from voice_app.web.forms import ACCEPTED

TEXT_TYPES = {".md", ".markdown", ".txt", ".html", ".htm"}


def check_paper_upload(data: bytes, filename: str) -> None:
    """InputError (field "file") unless the bytes really are the kind of document named."""
    suffix = Path(filename or "").suffix.lower()
    if not data:
        raise InputError("The file is empty. Choose the paper again.", "file")
    if len(data) > MAX_PAPER_BYTES:
        raise InputError(
            f"The file is larger than {MAX_PAPER_MEGABYTES} MB. "
            "Save a smaller copy, for example without pictures.",
            "file",
        )
    if suffix == ".pdf":
        if not data.startswith(b"%PDF-"):
            raise InputError("The file is named .pdf but is not a PDF.", "file")
    elif suffix == ".docx":
        if not data.startswith(b"PK\x03\x04") or b"word/" not in data[:65536]:
            raise InputError("The file is named .docx but is not a Word document.", "file")
    elif suffix in TEXT_TYPES:
        if b"\x00" in data[:65536]:
            raise InputError("The file is not text. Choose a text, Markdown or HTML file.", "file")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(
                "The file's text is not in UTF-8. Save it as UTF-8 and try again.", "file"
            ) from None
    else:
        raise InputError(f"That kind of file cannot be read aloud. Upload {ACCEPTED}.", "file")
