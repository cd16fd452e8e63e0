"""Say numbers, money, dates and times the way a British reader would say them aloud.

Each `say_*` function takes text and returns it with one kind of figure replaced by words.
The speech engine would otherwise read "05/07/2023" as "five slash seven slash..." and
US-style month-first, and "£1,200.50" as "pound one comma two hundred".
"""

from __future__ import annotations

import datetime as dt
import re

from num2words import num2words

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip
_MONTH_INDEX = {m.lower(): i for i, m in enumerate(MONTHS, start=1)}
_MONTH_INDEX.update({m[:3].lower(): i for i, m in enumerate(MONTHS, start=1)})
_MONTH_INDEX["sept"] = 9
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"


def cardinal(value: int | float | str) -> str:
    """One thousand two hundred and fifty: British 'and', no commas to make odd pauses."""
    if isinstance(value, str):
        value = value.replace(",", "")
        value = float(value) if "." in value else int(value)
    return num2words(value, lang="en_GB").replace(",", "")


def ordinal(value: int) -> str:
    return num2words(value, lang="en_GB", to="ordinal").replace(",", "")


def year(value: int) -> str:
    """Twenty twenty-three, nineteen ninety-nine, two thousand and five."""
    return num2words(value, lang="en_GB", to="year")


def digits(text: str) -> str:
    """Read a phone or reference number digit by digit, 0 as 'oh'."""
    names = ["oh"] + [cardinal(d) for d in range(1, 10)]
    groups = [" ".join(names[int(d)] for d in group) for group in re.findall(r"\d+", text)]
    return ", ".join(groups)


# --- dates -------------------------------------------------------------------------------


def _date(day: int, month: int, year_value: int | None) -> str | None:
    try:
        dt.date(year_value or 2000, month, day)
    except ValueError:
        return None
    spoken = f"the {ordinal(day)} of {MONTHS[month - 1]}"
    return f"{spoken} {year(year_value)}" if year_value else spoken


def _full_year(text: str) -> int:
    value = int(text)
    return value + 2000 if len(text) == 2 else value


def say_dates(text: str) -> str:
    """05/07/2023 (day first, as in the UK), 2023-07-05, 5th July 2023, July 5, 2023."""

    def numeric(m: re.Match[str]) -> str:
        return _date(int(m["d"]), int(m["m"]), _full_year(m["y"])) or m[0]

    def iso(m: re.Match[str]) -> str:
        return _date(int(m["d"]), int(m["m"]), int(m["y"])) or m[0]

    def day_first(m: re.Match[str]) -> str:
        year_value = int(m["y"]) if m["y"] else None
        return _date(int(m["d"]), _MONTH_INDEX[m["mon"].lower()], year_value) or m[0]

    def month_year(m: re.Match[str]) -> str:
        return f"{MONTHS[_MONTH_INDEX[m['mon'].lower()] - 1]} {year(int(m['y']))}"

    text = re.sub(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", iso, text)
    text = re.sub(
        r"\b(?P<d>\d{1,2})([/.\-])(?P<m>\d{1,2})\2(?P<y>\d{4}|\d{2})\b(?![.\-/]\d)", numeric, text
    )
    the = r"(?:\bthe\s+)?"
    text = re.sub(
        the + rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})\.?"
        r"(?:,?\s+(?P<y>\d{4}))?\b",
        day_first,
        text,
    )
    text = re.sub(
        rf"\b(?P<mon>{_MONTH})\.?\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
        r"(?!:)(?:,?\s+(?P<y>\d{4}))?",
        day_first,
        text,
    )
    text = re.sub(rf"\b(?P<mon>{_MONTH})\.?\s+(?P<y>(?:19|20)\d\d)\b", month_year, text)
    return text


def say_years(text: str) -> str:
    """2023/24 financial years, and years after words like 'in' or 'since'."""

    def span(m: re.Match[str]) -> str:
        first, second = int(m[1]), m[2]
        end = year(int(second)) if len(second) == 4 else cardinal(int(second))
        return f"{year(first)} to {end}"

    text = re.sub(r"\b((?:19|20)\d\d)\s?[/\-–]\s?((?:19|20)\d\d|\d\d)\b(?![/\-]\d)", span, text)
    context = r"(?i:in|since|by|from|until|till|to|of|during|before|after|year|and|or)"
    return re.sub(
        rf"\b({context}\s+)((?:19|20)\d\d)\b(?![,.]?\d)", lambda m: m[1] + year(int(m[2])), text
    )


# --- times -------------------------------------------------------------------------------


def clock(hour: int, minute: int) -> str:
    """Half past two, quarter to three, ten past four, two oh seven."""
    if minute == 0:
        return f"{cardinal(hour % 12 or 12)} o'clock"
    nxt = cardinal((hour + 1) % 12 or 12)
    named = {15: "quarter", 30: "half", 45: "quarter"}
    if minute in named:
        return (
            f"{named[minute]} past {cardinal(hour % 12 or 12)}"
            if minute < 45
            else f"quarter to {nxt}"
        )
    if minute % 5 == 0:
        if minute < 30:
            return f"{cardinal(minute)} past {cardinal(hour % 12 or 12)}"
        return f"{cardinal(60 - minute)} to {nxt}"
    spoken_minute = f"oh {cardinal(minute)}" if minute < 10 else cardinal(minute)
    return f"{cardinal(hour % 12 or 12)} {spoken_minute}"


def part_of_day(hour: int) -> str:
    if hour < 12:
        return "in the morning"
    return "in the afternoon" if hour < 18 else "in the evening"


def spoken_time(hour: int, minute: int, with_period: bool = True) -> str:
    if minute == 0 and hour in (0, 12) and with_period:
        return "midnight" if hour == 0 else "midday"
    words = clock(hour, minute)
    return f"{words} {part_of_day(hour)}" if with_period else words


_TIME = r"(?P<h{n}>\d{{1,2}})(?:[.:](?P<m{n}>[0-5]\d))?"
_MERIDIEM = r"(?P<ap>[ap])\.?\s?m\b\.?"


def _keep_stop(match: re.Match[str], spoken: str) -> str:
    """Put back a full stop that was both 'p.m.' and the end of the sentence."""
    after = match.string[match.end() :]
    if match[0].endswith(".") and (not after.strip() or re.match(r"\s+[A-Z]", after)):
        return spoken + "."
    return spoken


def say_times(text: str) -> str:
    """2.30pm, 14:30, 10am-12pm and 2-4pm, each with morning, afternoon or evening."""

    def to24(hour: int, ap: str) -> int:
        return hour % 12 + (12 if ap.lower() == "p" else 0)

    def span(m: re.Match[str]) -> str:
        ap2 = m["ap"]
        h1, h2 = int(m["h1"]), int(m["h2"])
        if h1 > 12 or h2 > 12:
            return m[0]
        ap1 = m["ap1"] or (ap2 if h1 <= h2 or h1 == 12 else ("a" if ap2.lower() == "p" else "p"))
        start, end = to24(h1, ap1), to24(h2, ap2)
        m1, m2 = int(m["m1"] or 0), int(m["m2"] or 0)
        if part_of_day(start) == part_of_day(end) and (start, end) not in ((12, 12), (0, 0)):
            first, last = (clock(start, m1), clock(end, m2))
            period = part_of_day(end)
            return _keep_stop(m, f"{first} to {last}".replace(" o'clock", "") + f" {period}")
        return _keep_stop(m, f"{spoken_time(start, m1)} to {spoken_time(end, m2)}")

    def single(m: re.Match[str]) -> str:
        hour = int(m["h1"])
        if hour > 12 or hour == 0:  # "13pm" is a typo; say what is written
            return f"{cardinal(hour)} {m['ap'].lower()} m"
        return _keep_stop(m, spoken_time(to24(hour, m["ap"]), int(m["m1"] or 0)))

    def twenty_four(m: re.Match[str]) -> str:
        hour, minute = int(m[1]), int(m[2])
        period = hour >= 13 or hour == 0 or m[1].startswith("0") or (hour == 12 and minute == 0)
        return spoken_time(hour, minute, with_period=period)

    first = _TIME.format(n=1) + r"(?:\s?(?P<ap1>[ap])\.?\s?m\b\.?)?"
    text = re.sub(
        rf"\b{first}\s?(?:-|–|to|until)\s?{_TIME.format(n=2)}\s?{_MERIDIEM}", span, text, flags=re.I
    )
    text = re.sub(rf"\b{_TIME.format(n=1)}\s?{_MERIDIEM}", single, text, flags=re.I)
    text = re.sub(r"\b(\d{1,2}:\d\d)\s?[-–]\s?(?=\d{1,2}:\d\d)", r"\1 to ", text)
    return re.sub(r"\b([01]?\d|2[0-3]):([0-5]\d)\b(?![:\d])", twenty_four, text)
