"""Cut long sections into parts of about a minute of speech.

A caller on the phone skips, repeats and asks "where am I" by part, so a part must be
short enough to re-hear without frustration and must end where a reader would pause:
a paragraph end if possible, a sentence end otherwise, mid-sentence only for a
sentence too long to say in one breath.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import NamedTuple

from voice_app.papers.document import Document, Section
from voice_app.papers.figures import picture_index
from voice_app.papers.normalise import for_listening

WORDS_PER_MINUTE = 150
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'’”)\]]))\s+(?=[\"'‘“(\[]?[A-Z0-9£])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Rd|No|Nos|Cllr|Cllrs|Prof|approx|vs|etc|e\.g|i\.e|[A-Z])\.)$",
)
_CLAUSE_END = re.compile(r"(?<=[,;:—–])\s+")


class Part(NamedTuple):
    heading: str
    part: int  # 1-based, as a caller hears it: "part 2 of 3"
    parts: int
    text: str
    picture: int | None = None  # a part that is a picture: its index in Document.pictures


def word_count(text: str) -> int:
    return len(text.split())


def speaking_seconds(text: str, words_per_minute: int = WORDS_PER_MINUTE) -> float:
    """Estimate listening time so callers can be told how much is left."""
    return word_count(text) * 60.0 / words_per_minute


def split_sections(sections: Iterable[Section], target_words: int = WORDS_PER_MINUTE) -> list[Part]:
    """Split every section into parts of about `target_words` words."""
    parts: list[Part] = []
    for section in sections:
        parts.extend(split_section(section.heading, section.text, target_words))
    return parts


def listening_parts(
    document: Document,
    pronunciations: dict[str, str] | None = None,
    target_words: int = WORDS_PER_MINUTE,
) -> list[Part]:
    """Normalise, then split: parts are a minute of *spoken* words ("£5m" is three)."""
    spoken = [
        Section(for_listening(s.heading, pronunciations), for_listening(s.text, pronunciations))
        for s in document.sections
    ]
    return split_sections(spoken, target_words)


def split_section(heading: str, text: str, target_words: int = WORDS_PER_MINUTE) -> list[Part]:
    """Split one section's text; a short section stays whole as part 1 of 1.

    Each picture is a part of its own, where it stands, so a listener can skip or repeat it.
    """
    pieces: list[tuple[str, int | None]] = []
    words: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        index = picture_index(paragraph)
        if index is None:
            words.append(paragraph)
            continue
        pieces.extend((chunk, None) for chunk in split_text("\n\n".join(words), target_words))
        pieces.append(("", index))
        words = []
    pieces.extend((chunk, None) for chunk in split_text("\n\n".join(words), target_words))
    return [
        Part(heading, number, len(pieces), chunk, picture)
        for number, (chunk, picture) in enumerate(pieces, start=1)
    ]


def split_text(text: str, target_words: int = WORDS_PER_MINUTE) -> list[str]:
    """Pack paragraphs (or sentences, or clauses) into chunks of roughly equal length."""
    text = text.strip()
    total = word_count(text)
    if total <= target_words * 1.25:
        return [text] if text else []
    count = math.ceil(total / target_words)
    goal = total / count  # balanced: 160 words become 2 x 80, not 150 + 10
    units = list(_units(text, paragraph_limit=goal * 1.15, sentence_limit=target_words))
    chunks: list[list[tuple[str, str]]] = [[]]
    size = 0
    for unit, joiner in units:
        words = word_count(unit)
        if chunks[-1] and abs(size + words - goal) > abs(size - goal):
            chunks.append([])  # stopping here lands nearer the goal than taking this unit
            size = 0
        chunks[-1].append((unit, joiner))
        size += words
    if len(chunks) > 1 and sum(word_count(u) for u, _ in chunks[-1]) < goal * 0.3:
        tail = chunks.pop()  # a few stray words read better on the end of the last part
        chunks[-1].extend(tail)
    return [_join(chunk) for chunk in chunks]


def _units(text: str, paragraph_limit: float, sentence_limit: int) -> Iterable[tuple[str, str]]:
    """Yield (unit, joiner-before-it): whole paragraphs when short enough, else sentences."""
    for p_index, paragraph in enumerate(re.split(r"\n\s*\n", text)):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        joiner = "\n\n" if p_index else ""
        if word_count(paragraph) <= paragraph_limit:
            yield paragraph, joiner
            continue
        for line in paragraph.split("\n"):  # lines inside a paragraph: list items, table rows
            if word_count(line) <= paragraph_limit / 2:
                yield line, joiner  # keep a table row or list item whole
                joiner = "\n"
                continue
            for s_index, sentence in enumerate(split_sentences(line)):
                for piece_index, piece in enumerate(_split_long_sentence(sentence, sentence_limit)):
                    yield piece, joiner if s_index == 0 and piece_index == 0 else " "
            joiner = "\n"


def split_sentences(text: str) -> list[str]:
    """Split at sentence ends, leaving abbreviations such as "Cllr." and "e.g." alone."""
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        piece = piece.strip()
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece:
            sentences.append(piece)
    return sentences


def _split_long_sentence(sentence: str, limit: int) -> list[str]:
    """Cut only an enormous sentence (over 1.5 parts), at commas first, into pieces <= limit."""
    total = word_count(sentence)
    if total <= limit * 1.5:
        return [sentence]
    limit = math.ceil(total / math.ceil(total / limit))  # equal pieces, no stub at the end
    pieces: list[str] = []
    current = ""
    for clause in _CLAUSE_END.split(sentence):
        candidate = f"{current} {clause}".strip()
        if current and word_count(candidate) > limit:
            pieces.append(current)
            candidate = clause
        current = candidate
    if current:
        pieces.append(current)
    result: list[str] = []
    for piece in pieces:  # a clause with no commas at all: cut between words
        words = piece.split()
        result.extend(" ".join(words[i : i + limit]) for i in range(0, len(words), limit))
    return result


def _join(chunk: list[tuple[str, str]]) -> str:
    text = ""
    for unit, joiner in chunk:
        text = f"{text}{joiner}{unit}" if text else unit
    return text.strip()
