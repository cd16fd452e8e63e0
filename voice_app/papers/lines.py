"""Find headings and paragraphs in unstructured text (PDF pages, plain text files).

PDFs and .txt files carry no heading markup, so we guess from the shape of each line:
numbered headings ("1. Introduction", "2.3 Costs"), short Title Case or CAPITALS lines
standing on their own. Wrapped lines are rejoined into paragraphs so the voice does not
pause at every line end.
"""

from __future__ import annotations

import re
from collections import Counter

from voice_app.papers.document import (
    PHRASES,
    Section,
    SectionBuilder,
    as_sentence,
    clean_space,
    table_to_speech,
)
from voice_app.papers.figures import picture_index
from voice_app.papers.pdf_layout import FOOTNOTE

_NUMBERED = re.compile(r"^(?:section\s+|part\s+)?(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+([A-Z].*)$", re.I)
_BULLET = re.compile(r"^\s*(?:[•◦▪‣●○■□➢►\-–*·]|\(?[a-z0-9]{1,2}\))\s+(.*)$")
_PAGE_FURNITURE = re.compile(
    r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+|-\s*\d+\s*-|\d+\s*/\s*\d+)$", re.IGNORECASE
)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")
_SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on",
    "or", "the", "to", "with", "vs", "&",
}  # fmt: skip
_END = (".", ",", ";", "!", "?")


def is_heading(line: str) -> bool:
    """Guess whether a stand-alone line is a heading rather than a sentence fragment."""
    line = line.strip()
    if (
        not line
        or "\t" in line
        or len(line) > 90
        or line.endswith(_END)
        or not re.search(r"[A-Za-z]", line)
    ):
        return False
    if _MARKDOWN_HEADING.match(line):
        return True
    match = _NUMBERED.match(line)
    if match:
        words = match.group(2).split()
        return len(words) <= 12 and not match.group(2).endswith(":")
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", line)
    if not words or len(line.split()) > 9 or not line[0].isupper():
        return False
    if line.isupper() and len(line) > 3:
        return True
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for w in content if w[0].isupper())
    return bool(content) and capitalised / len(content) >= 0.75 and len(content) >= 1


def strip_furniture(pages: list[str], repeats: bool = True) -> list[list[str]]:
    """Drop page numbers and running headers/footers repeated at the edges of most pages.

    `repeats=False` when the reader already removed them by position (PDF), since a paper whose
    every page opens with the same words would otherwise lose them.
    """
    split = [[_columns(line) for line in page.split("\n")] for page in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        counts.update(set(_edges(lines)))
    repeated = set()
    if repeats and len(split) >= 3:
        repeated = {line for line, n in counts.items() if n >= max(3, 0.6 * len(split))}
    result = []
    for lines in split:
        edges = set(_edges(lines))
        result.append(
            [
                line
                for line in lines
                if not (line in edges and (line in repeated or _PAGE_FURNITURE.match(line)))
            ]
        )
    return result


def _columns(line: str) -> str:
    """Tidy a line, marking wide gaps (table columns in layout text) with a tab."""
    line = re.sub(r"[ \u00a0]{3,}", "\t", line.replace("\t", "   ").strip())
    return "\t".join(clean_space(cell) for cell in line.split("\t"))


def _edges(lines: list[str]) -> list[str]:
    """The first two and last two non-blank lines, where headers and footers live."""
    filled = [line for line in lines if line]
    return filled[:2] + filled[-2:]


def sections_from_pages(
    pages: list[str], default_heading: str, repeats: bool = True
) -> tuple[list[Section], bool]:
    """Return (sections, found_headings); with no headings each page is its own section."""
    cleaned = strip_furniture(pages, repeats)
    sections, found = _build(cleaned, default_heading, by_page=False)
    if found:
        return sections, True
    return _build(cleaned, default_heading, by_page=True)[0], False


def _build(
    pages: list[list[str]], default_heading: str, by_page: bool
) -> tuple[list[Section], bool]:
    builder = SectionBuilder()
    found = False
    paragraph: list[str] = []
    rows: list[list[str]] = []
    notes: list[str] = []  # footnotes wait for the end of their section

    def end_notes() -> None:
        for note in notes:
            builder.add(as_sentence(PHRASES["footnote"].format(text=note)))
        notes.clear()

    def end_paragraph() -> None:
        if paragraph:
            builder.add(as_sentence(_join(paragraph)))
            paragraph.clear()

    def end_table() -> None:
        if len(rows) >= 2:
            builder.add(table_to_speech(rows, has_header=True))
        elif rows:
            builder.add(as_sentence(", ".join(rows[0])))
        rows.clear()

    for number, lines in enumerate(pages, start=1):
        if by_page:
            end_paragraph()
            end_notes()
            builder.start(PHRASES["page"].format(number=number))
        width = max((len(x) for x in lines), default=0)
        after_break, in_bullet = True, False
        for index, line in enumerate(lines):
            if not line:
                end_paragraph()
                after_break, in_bullet = True, False
                continue
            if line.startswith(FOOTNOTE):
                notes.append(line[len(FOOTNOTE) :])
                continue
            if picture_index(line) is not None:  # a picture stands on its own
                end_paragraph()
                end_table()
                builder.add(line)
                after_break = True
                continue
            if "\t" in line:  # a table row: blank lines between rows do not end the table
                end_paragraph()
                rows.append(line.split("\t"))
                continue
            end_table()
            following = next((x for x in lines[index + 1 :] if x), "")
            standalone = after_break or not paragraph or paragraph[-1].endswith((".", ":", "?"))
            if not by_page and standalone and is_heading(line) and not _continues(line, following):
                end_paragraph()
                end_notes()
                md = _MARKDOWN_HEADING.match(line)
                builder.start(md.group(1) if md else line)
                found = True
                after_break = True
                continue
            bullet = _BULLET.match(line)
            if bullet:
                end_paragraph()
                in_bullet = True
            paragraph.append(bullet.group(1) if bullet else line)
            after_break = False
            ends = in_bullet or line.endswith((".", "!", "?", ":"))
            if ends and len(line) < 0.75 * width:
                end_paragraph()  # a short line ending a sentence or bullet closes its paragraph
                in_bullet = False
        end_table()
        if paragraph and paragraph[-1].endswith((".", "!", "?", ":")):
            end_paragraph()  # otherwise the sentence runs on to the next page
    end_paragraph()
    end_notes()
    return builder.finish(default_heading), found


def _continues(line: str, following: str) -> bool:
    """A 'heading' whose next line starts in lower case is really a wrapped sentence."""
    return bool(following) and following[0].islower() and not _NUMBERED.match(line)


def _join(lines: list[str]) -> str:
    """Rejoin wrapped lines, mending words hyphenated across a line break."""
    text = ""
    for line in lines:
        if text.endswith("-") and not text.endswith(" -") and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return clean_space(text)
