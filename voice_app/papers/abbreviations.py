"""Abbreviations in council papers, written out so listeners hear words, not letters.

Kept as data so the list can grow with the group; a group's own pronunciations
(applied before these) win over anything here.
"""

from __future__ import annotations

import re

# Matched exactly as written, as whole words.
EXACT = {
    "Cllr": "Councillor",
    "Cllrs": "Councillors",
    "H&F": "Hammersmith and Fulham",
    "LBHF": "London Borough of Hammersmith and Fulham",
    "VCS": "voluntary and community sector",
    "SCIE": "Social Care Institute for Excellence",
    "ASC": "adult social care",
    "AOB": "any other business",
    "TBC": "to be confirmed",
    "TBA": "to be announced",
    "N/A": "not applicable",
    "n/a": "not applicable",
    "w/c": "week commencing",
    "Q&A": "Q and A",
    "A&E": "A and E",
    "FAQs": "frequently asked questions",
    "FAQ": "frequently asked question",
    "BSL": "British Sign Language",
    "ASAP": "as soon as possible",
    "SEND": "special educational needs and disabilities",
    "Dept": "Department",
    "Govt": "Government",
    "Mr": "Mister",
    "Mrs": "Missus",
    "Prof": "Professor",
    "Rd": "Road",
    "Ave": "Avenue",
    "Mon": "Monday",
    "Tues": "Tuesday",
    "Wed": "Wednesday",
    "Thurs": "Thursday",
    "Fri": "Friday",
    "24/7": "twenty-four seven",
}
# Spelled out letter by letter (the speech engine may otherwise try to say them as a word).
SPELLED = ["NHS", "GP", "GPs", "CQC", "ICB", "DWP", "UK", "CEO", "ID", "PA", "PAs", "EHCP", "CCG"]

# Matched in any case, as patterns, since the full stops come and go.
ANY_CASE = [
    (r"e\.\s?g\.?|eg\.", "for example"),
    (r"i\.\s?e\.?|ie\.", "that is"),
    (r"etc\.?", "et cetera"),
    (r"approx\.?", "approximately"),
    (r"vs\.?", "versus"),
    (r"incl\.?", "including"),
    (r"tel\.?", "telephone"),
    (r"cf\.", "compare"),
    (r"p\.a\.", "a year"),
]
# Units said differently for one and for many: only after a number.
UNITS = {
    "mins": ("minute", "minutes"),
    "min": ("minute", "minutes"),
    "hrs": ("hour", "hours"),
    "hr": ("hour", "hours"),
    "wks": ("week", "weeks"),
    "km": ("kilometre", "kilometres"),
    "kg": ("kilogram", "kilograms"),
    "m": ("metre", "metres"),
    "yrs": ("year", "years"),
}


def _spell(word: str) -> str:
    return " ".join(word[:-1]) + "s" if word.endswith("s") and len(word) > 2 else " ".join(word)


_EXACT = {**EXACT, **{word: _spell(word) for word in SPELLED}}
_EXACT_RE = re.compile(
    r"(?<![\w&/])("
    + "|".join(re.escape(k) for k in sorted(_EXACT, key=len, reverse=True))
    + r")(?![\w&/])(\.(?=\s+[a-z]))?"
)
_ANY_RE = [
    (re.compile(rf"(?<![\w.])(?:{pattern})(?=[\s,;:)]|$)", re.IGNORECASE), spoken)
    for pattern, spoken in ANY_CASE
]
_UNIT_RE = re.compile(
    r"(\d+(?:\.\d+)?)\s?(" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")\b"
)


def expand(text: str) -> str:
    """Write out abbreviations, titles, street words and units."""
    text = re.sub(r"\bDr\.?(?=\s+[A-Z])", "Doctor", text)
    text = re.sub(r"\bSt\.?(?=\s+[A-Z][a-z])", "Saint", text)  # St Mary's
    text = re.sub(r"(?<=[a-z] )St\b\.?", "Street", text)  # King St
    text = re.sub(r"\bSt\b\.?(?=[\s,]|$)", "Street", text)
    text = re.sub(r"\b[Nn]os?\.\s?(?=\d)", lambda m: "numbers " if "s" in m[0] else "number ", text)
    text = _EXACT_RE.sub(lambda m: _EXACT[m[1]], text)
    for pattern, spoken in _ANY_RE:
        text = pattern.sub(lambda m, spoken=spoken: _any_case(m, spoken), text)
    return _UNIT_RE.sub(_unit, text)


def _any_case(match: re.Match[str], spoken: str) -> str:
    end = match.string[match.end() :]
    if match[0].endswith(".") and (not end.strip() or re.match(r"\s+[A-Z]", end)):
        spoken += "."  # the abbreviation's full stop also ended the sentence
    return spoken


def _unit(match: re.Match[str]) -> str:
    one, many = UNITS[match[2]]
    return f"{match[1]} {one if match[1] == '1' else many}"
