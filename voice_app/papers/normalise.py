"""Rewrite a paper's text so a British English speech engine reads it as a person would.

Order matters: the group's own pronunciations go first so they win; web and email
addresses before anything that touches dots; dates and times before plain numbers.
"""

from __future__ import annotations

import re

from voice_app.papers.abbreviations import expand
from voice_app.papers.spoken import (
    cardinal,
    digits,
    ordinal,
    say_dates,
    say_times,
    say_years,
)

__all__ = ["for_listening", "apply_pronunciations"]

_BULLET_LINE = re.compile(r"^[ \t]*[•◦▪‣●○■□➢►✓✔·*\-–][ \t]+(.*)$", re.MULTILINE)
_TLD = r"(?:uk|com|org|net|gov|nhs|info|io|eu|co|ac|sch|police|london)"
_URL = re.compile(
    rf"\b(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.{_TLD}\b(?:/[^\s,;)]*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+\b", re.IGNORECASE)
_SAY_AS_WORD = {"gov", "org", "com", "net", "info", "co", "police", "london", "sch", "ac"}
_CURRENCIES = {
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "$": ("dollar", "dollars", "cent", "cents"),
}
_FRACTIONS = {"½": "a half", "¼": "a quarter", "¾": "three quarters"}
_SCALE = {"k": "thousand", "m": "million", "bn": "billion", "b": "billion"}
_SYMBOLS = [
    (r"\s*&\s*", " and "),
    (r"(?<=\d)\s*°C\b", " degrees Celsius"),
    (r"(?<=\s)\+(?=\s)", "plus"),
    (r"(?<=\s)=(?=\s)", "equals"),
    (r"(?<![\w])#\s?(?=\d)", "number "),
    (r"~\s?(?=\d)", "about "),
    (r"(?<=\w)/(?=\w)", " or "),
    (r"@", " at "),
    (r"\s[–—]\s|\s-\s", ", "),
    (r"[*_|]+", " "),
    (r"…", "..."),
]


def for_listening(text: str, pronunciations: dict[str, str] | None = None) -> str:
    """Return text ready for the speech engine; safe to call on any paper's section."""
    text = apply_pronunciations(text, pronunciations or {})
    text = _tidy_characters(text)
    text = re.sub(r"(?<=\d)\s?([½¼¾])", lambda m: " and " + _FRACTIONS[m[1]], text)
    text = re.sub(r"[½¼¾]", lambda m: _FRACTIONS[m[0]], text)
    text = _BULLET_LINE.sub(lambda m: _as_sentence(m[1]), text)
    text = _EMAIL.sub(lambda m: _say_email(m[0]), text)
    text = _URL.sub(_say_url, text)
    text = say_dates(text)
    text = say_years(text)
    text = say_times(text)
    text = re.sub(r"(?<![\w\d])[-−](?=[£$€]?\d)", "minus ", text)
    text = _say_money(text)
    text = _say_phone_numbers(text)
    text = re.sub(rf"(?<![\w.])({_NUM})\s?[-–—]\s?({_NUM})\b", r"\1 to \2", text)
    text = re.sub(rf"({_NUM})\s?%", lambda m: f"{_number(m[1])} per cent", text)
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: ordinal(int(m[1])), text)
    text = expand(text)
    text = re.sub(r"\b\d+(?:\.\d+){2,}\b", lambda m: " point ".join(m[0].split(".")), text)
    text = re.sub(r"(?<=\d)/(?=\d)", " slash ", text)
    text = re.sub(r"(?<![\w.])\.(?=\d)", "point ", text)  # .5
    # Road, room and form codes (A40, M25, B12, P60): the letters, then the number.
    text = re.sub(r"\b([A-Z]{1,3})(\d{1,4})\b", lambda m: f"{m[1]} {_number(m[2])}", text)
    # The look-behind must guard both of _NUM's forms, or "A40" became "Aforty".
    text = re.sub(rf"(?<![\w.])(?:{_NUM})(?![\w])", lambda m: _number(m[0]), text)
    for pattern, spoken in _SYMBOLS:
        text = re.sub(pattern, spoken, text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def apply_pronunciations(text: str, pronunciations: dict[str, str]) -> str:
    """Whole-word, case-insensitive; longest first so 'H&F Council' beats 'H&F'."""
    keys = sorted((k for k in pronunciations if k.strip()), key=len, reverse=True)
    if not keys:
        return text
    lookup = {k.lower(): pronunciations[k] for k in keys}
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)", re.IGNORECASE
    )
    return pattern.sub(lambda m: lookup[m[1].lower()], text)


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _number(text: str) -> str:
    plain = text.replace(",", "")
    if len(plain) > 1 and plain.startswith("0") and "." not in plain:
        return digits(plain)  # 007, 0123: a code, not a quantity
    if "." in plain:
        whole, fraction = plain.split(".")
        return f"{cardinal(int(whole))} point {' '.join(cardinal(int(d)) for d in fraction)}"
    return cardinal(int(plain))


def _tidy_characters(text: str) -> str:
    table = {"\u00a0": " ", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
    return text.translate(str.maketrans(table)).replace("\u200b", "")


def _as_sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?", ":", ";")) else text + "."


def _say_name(part: str) -> str:
    """Say a domain or path piece: letters for 'lbhf' or 'uk', a word for 'council'."""
    words = []
    for piece in re.split(r"([-_])", part):
        if piece in ("-", "_"):
            words.append("dash" if piece == "-" else "underscore")
        elif piece.isdigit():
            words.append(_number(piece))
        elif piece.lower() in _SAY_AS_WORD:
            words.append(piece.lower())
        elif len(piece) <= 2 or not re.search(r"[aeiouy]", piece, re.IGNORECASE):
            words.append(" ".join(piece.lower()))
        else:
            words.append(piece)
    return " ".join(w for w in words if w)


def _say_url(match: re.Match[str]) -> str:
    url = re.sub(r"^https?://", "", match[0], flags=re.IGNORECASE).rstrip("/.")
    host, _, path = url.partition("/")
    spoken = " dot ".join(_say_name(label) for label in host.split("."))
    if path:
        pieces = [p for p in re.split(r"[/.]", path) if p]
        spoken += " slash " + " slash ".join(_say_name(p) for p in pieces)
    return spoken


def _say_email(address: str) -> str:
    local, _, domain = address.partition("@")
    local_words = " dot ".join(_say_name(p) if p.isdigit() else p for p in local.split("."))
    domain_words = " dot ".join(_say_name(label) for label in domain.split("."))
    return f"{local_words} at {domain_words}"


def _money(symbol: str, amount: str, scale: str | None) -> str:
    pound, pounds, penny, pence = _CURRENCIES[symbol]
    plain = amount.replace(",", "")
    if scale:
        return f"{_number(plain)} {_SCALE.get(scale.lower(), scale.lower())} {pounds}"
    whole, _, fraction = plain.partition(".")
    units = int(whole or 0)
    cents = int((fraction + "00")[:2]) if fraction else 0
    parts = []
    if units or not cents:
        parts.append(f"{cardinal(units)} {pound if units == 1 else pounds}")
    if cents:
        parts.append(f"{cardinal(cents)} {penny if cents == 1 else pence}")
    return " and ".join(parts)


def _say_money(text: str) -> str:
    """£1,200.50, £5m, £2.5 billion, £10-£15, 50p."""
    scale = r"(?:\s?(k|m|bn|b)\b|\s(million|billion|thousand)\b)?"
    amount = rf"([£€$])\s?({_NUM}){scale}"

    def one(m: re.Match[str]) -> str:
        return _money(m[1], m[2], m[3] or m[4])

    def span(m: re.Match[str]) -> str:
        scale_word = m[3] or m[4] or m[6] or m[7]
        first = _money(m[1], m[2], scale_word).rsplit(" ", 1)[0] if scale_word else None
        return f"{first or _money(m[1], m[2], None)} to {_money(m[1], m[5], scale_word)}"

    text = re.sub(rf"{amount}\s?(?:-|–|to)\s?[£€$]?({_NUM}){scale}", span, text)
    text = re.sub(amount, one, text)
    return re.sub(
        r"\b(\d+)p\b(?!\.?m\b)",
        lambda m: f"{cardinal(int(m[1]))} {'penny' if m[1] == '1' else 'pence'}",
        text,
    )


def _say_phone_numbers(text: str) -> str:
    """020 8748 3020, 07700 900123, +44 20 8748 3020: digit by digit, in groups."""
    pattern = r"(?:\+44\s?\(?0?\)?\s?|(?<![\d.,])\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b"

    def say(m: re.Match[str]) -> str:
        prefix = "plus four four, " if m[0].startswith("+") else ""
        body = re.sub(r"^\+44\s?\(?0?\)?\s?", "", m[0])
        return prefix + digits(body)

    return re.sub(pattern, say, text)
