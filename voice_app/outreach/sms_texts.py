"""Replies people can read: one text when it fits, else whole sentences in numbered texts.

Twilio sends a long body as one message that the phone joins up (up to 1,600 characters), so a
reply that fits is never cut. A longer one is split at sentence ends, each part marked "(1/3)",
because separate texts can arrive out of order.
"""

from __future__ import annotations

import re

ONE_TEXT = 1600  # what Twilio sends as one joined-up message
MARKER_ROOM = len("(99/99) ")
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")


def compose(lines: list[str] | str, limit: int = ONE_TEXT) -> list[str]:
    """The reply as texts: one when it fits, else numbered parts broken between sentences."""
    text = lines if isinstance(lines, str) else "\n".join(line for line in lines if line)
    text = re.sub(r"\n\s*\n+", "\n", text.strip())  # a blank line separates stored replies
    if len(text) <= limit:
        return [text]
    parts = _fill(_sentences(text, limit - MARKER_ROOM), limit - MARKER_ROOM)
    return [f"({n}/{len(parts)}) {part}" for n, part in enumerate(parts, 1)]


def _sentences(text: str, size: int) -> list[str]:
    """Sentences (and lines), a sentence longer than a text broken between words."""
    pieces: list[str] = []
    for sentence in (s.strip() for s in SENTENCE_END.split(text)):
        while len(sentence) > size:
            cut = sentence.rfind(" ", 0, size + 1)
            cut = cut if cut > 0 else size
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if sentence:
            pieces.append(sentence)
    return pieces


def _fill(sentences: list[str], size: int) -> list[str]:
    parts: list[str] = []
    for sentence in sentences:
        if parts and len(parts[-1]) + 1 + len(sentence) <= size:
            parts[-1] = f"{parts[-1]} {sentence}"
        else:
            parts.append(sentence)
    return parts
