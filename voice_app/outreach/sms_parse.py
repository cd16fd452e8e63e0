"""Reading a text as a command, forgiving of how people type.

"paper one", "PAPER 2.", "Paper two!", "add: more benches", "Add - more benches", "call me please"
all mean what they look like. The command is the first word (CALL ME is two); a number may be
written in figures or words; a colon or dash after the command is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "first": 1,
    "second": 2,
    "third": 3,
}
COMMANDS = (
    "PAPERS",
    "PAPER",
    "MORE",
    "LIST",
    "ADD",
    "STOP",
    "START",
    "HELP",
    "COMMENT",
    "MEETINGS",
    "HERE",
    "PAID",
    "CALL ME",
    "WHO",
    "LINK",
)
ALIASES = {"MEETING": "MEETINGS", "CALLME": "CALL ME", "CALL": "CALL ME", "UNSUBSCRIBE": "STOP"}
SEPARATOR = re.compile(r"^\s*[:\-–—.,;!]*\s*")
TRAILING = re.compile(r"[\s.,;:!?\-–—]+$")


@dataclass(frozen=True)
class Command:
    name: str  # one of COMMANDS, or "" when the text is not a command
    number: int | None = None
    text: str = ""  # what follows the command (and its number), as typed


def parse(body: str) -> Command:
    """The command in a text; unknown words give Command("")."""
    words = " ".join((body or "").split())
    match = re.match(r"([A-Za-z]+)(?:\s+([A-Za-z]+))?", words)
    if not match:
        return Command("")
    first = match.group(1).upper()
    name, used = first, match.end(1)
    if first == "CALL" and (match.group(2) or "").upper() == "ME":
        name, used = "CALL ME", match.end(2)
    name = ALIASES.get(name, name)
    if name not in COMMANDS:
        return Command("")
    rest = SEPARATOR.sub("", words[used:])
    if name in ("PAPER", "COMMENT"):
        number, rest = _leading_number(rest)
        return Command(name, number, SEPARATOR.sub("", rest))
    if name in ("ADD", "COMMENT"):
        return Command(name, None, rest)
    return Command(name, None, TRAILING.sub("", rest))


def _leading_number(text: str) -> tuple[int | None, str]:
    match = re.match(r"(?:no\.?\s*|number\s+)?(\d{1,3}|[A-Za-z]+)\b", text, re.IGNORECASE)
    if not match:
        return None, text
    token = match.group(1).lower()
    number = int(token) if token.isdigit() else NUMBER_WORDS.get(token)
    if number is None:
        return None, text
    return number, text[match.end() :]


def digits_of(text: str) -> str:
    """A PIN as typed: "1234", "12 34" or "1234." are all 1234."""
    return "".join(ch for ch in text if ch.isdigit())
