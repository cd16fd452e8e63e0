"""The shape every ingested paper takes, and the helpers the format readers share."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

SOURCE_TYPES = frozenset({"pdf", "docx", "md", "html", "txt"})
# Words the readers add to a paper, kept together so they can move to voice_app/prompts/ as one.
PHRASES = {
    "opening": "Introduction",  # text before the first heading
    "whole": "The paper",  # a plain text file with no headings at all
    "page": "Page {number}",  # sections of a PDF with no headings
    "picture": "Picture: {alt}.",
    "table": "Table with {count} {rows}.",
    "columns": "Columns: {names}.",
    "row": "Row {number}.",
    "empty_row": "Empty.",
    "table_end": "End of table.",
}
_END_PUNCTUATION = (".", "!", "?", ":", ";")


class IngestError(Exception):
    """A paper we cannot read aloud; the message is plain English for a coordinator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


@dataclass
class Document:
    title: str
    sections: list[Section]
    source_type: str
    page_count: int | None = None

    @property
    def word_count(self) -> int:
        """Let callers estimate listening time without re-reading the text."""
        return sum(len(s.text.split()) for s in self.sections)


def clean_space(text: str) -> str:
    """Collapse runs of spaces so speech engines do not pause oddly."""
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ")
    return re.sub(r"[ ]{2,}", " ", text).strip()


def as_sentence(text: str) -> str:
    """End a fragment with a full stop so the voice drops and pauses after it."""
    text = clean_space(text)
    if text and not text.rstrip("\"')]”’").endswith(_END_PUNCTUATION):
        text += "."
    return text


def list_item(text: str, number: int | None = None) -> str:
    """Read a bullet as its own sentence; a numbered item keeps its number."""
    text = as_sentence(text)
    if number is not None and text:
        return f"{number}) {text}"
    return text


def table_to_speech(rows: Sequence[Sequence[str]], has_header: bool = True) -> str:
    """Read a table row by row, naming each value by its column header."""
    rows = [[clean_space(c) for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return ""
    header: list[str] = rows[0] if has_header and len(rows) > 1 else []
    body = rows[1:] if header else rows
    rows_word = "row" if len(body) == 1 else "rows"
    lines = [PHRASES["table"].format(count=len(body), rows=rows_word)]
    if header and any(header):
        lines.append(PHRASES["columns"].format(names=", ".join(h for h in header if h)))
    for number, row in enumerate(body, start=1):
        parts = []
        for index, cell in enumerate(row):
            if not cell:
                continue
            name = header[index] if index < len(header) else ""
            parts.append(as_sentence(f"{name}: {cell}" if name and name != cell else cell))
        row = PHRASES["row"].format(number=number)
        lines.append(f"{row} " + (" ".join(parts) if parts else PHRASES["empty_row"]))
    lines.append(PHRASES["table_end"])
    return "\n".join(lines)


@dataclass
class SectionBuilder:
    """Collect blocks under the current heading while a reader walks a document."""

    sections: list[Section] = field(default_factory=list)
    heading: str = ""
    blocks: list[str] = field(default_factory=list)

    def start(self, heading: str) -> None:
        self.flush()
        self.heading = clean_space(heading).rstrip(":")

    def add(self, block: str) -> None:
        block = block.strip()
        if block:
            self.blocks.append(block)

    def flush(self) -> None:
        text = "\n\n".join(self.blocks).strip()
        if text or self.heading:
            self.sections.append(Section(self.heading, text))
        self.heading, self.blocks = "", []

    def finish(self, default_heading: str) -> list[Section]:
        """Name an unheaded opening section; fold empty sections' headings into the next."""
        self.flush()
        result: list[Section] = []
        pending: list[str] = []
        for section in self.sections:
            if not section.text:
                if section.heading and section.heading != default_heading:
                    pending.append(section.heading)  # "Part A" then "1. Costs"
                continue
            heading = ": ".join([*pending, section.heading or default_heading])
            result.append(Section(heading, section.text))
            pending = []
        if pending and result:  # trailing headings with nothing under them: keep the words
            last = result[-1]
            extra = "\n\n".join(as_sentence(h) for h in pending)
            result[-1] = Section(last.heading, f"{last.text}\n\n{extra}")
        return result


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def decode_text(data: bytes) -> str:
    """Turn bytes into text whatever the office PC saved them as."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _tidy(data[len(bom) :].decode(encoding, errors="replace"))
    sample = data[:4000]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
        if odd_nuls > 0.3 and even_nuls < 0.05:
            return _tidy(data.decode("utf-16-le", errors="replace"))
        if even_nuls > 0.3 and odd_nuls < 0.05:
            return _tidy(data.decode("utf-16-be", errors="replace"))
    for encoding in ("utf-8", "cp1252"):
        try:
            return _tidy(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return _tidy(data.decode("latin-1"))


def _tidy(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def looks_binary(text: str) -> bool:
    """Spot files that decoded to control-character soup rather than prose."""
    sample = text[:5000]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t\f")
    return controls / len(sample) > 0.05 or sample.count("\ufffd") / len(sample) > 0.05
