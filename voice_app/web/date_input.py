"""Dates as day, month and year boxes and times as hour and minute boxes (GOV.UK's date input),
read the way people type them: "3" or "03", "Dec" or "12", "2pm" or "14:00"."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time

from wtforms import Field
from wtforms.utils import unset_value

DATE_PARTS = ("day", "month", "year")
TIME_PARTS = ("hour", "minute")
MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_CLOCK = re.compile(
    r"^(?P<hour>\d{1,2})(?:\s*[:.]\s*(?P<minute>\d{2}))?\s*(?P<half>[ap])?\.?\s*(?:m\.?)?$"
)
_WHOLE_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s/.-]+([a-z]+|\d{1,2})[\s/.-]+(\d{2,4})$")


class PartError(ValueError):
    """A typed date or time that cannot be read; `part` names the box to fix."""

    def __init__(self, message: str, part: str):
        super().__init__(message)
        self.part = part


def _number(text: str, part: str, what: str, low: int, high: int) -> int:
    if not text.isdigit() or not low <= int(text) <= high:
        raise PartError(f"{what} must be a number from {low} to {high}.", part)
    return int(text)


def read_day(text: str, label: str) -> int:
    match = _ORDINAL.match(text)
    return _number(match.group(1) if match else text, "day", f"The day of {label}", 1, 31)


def read_month(text: str, label: str) -> int:
    if text.isdigit():
        return _number(text, "month", f"The month of {label}", 1, 12)
    found = (MONTHS.get(text.rstrip(".")) or MONTHS.get(text[:3])) if len(text) >= 3 else None
    if found is None:
        raise PartError(
            f"The month of {label} must be a number from 1 to 12 or a month's name, like Dec.",
            "month",
        )
    return found


def read_year(text: str, label: str) -> int:
    if text.isdigit() and len(text) == 2:
        return 2000 + int(text)
    if not (text.isdigit() and len(text) == 4):
        raise PartError(f"The year of {label} must have 4 numbers, like 2026.", "year")
    return _number(text, "year", f"The year of {label}", 1900, 2200)


def read_date(typed: dict[str, str], label: str) -> date:
    """A real date from the day, month and year boxes; PartError naming the box at fault."""
    typed = _split_whole_date({part: text.strip().lower() for part, text in typed.items()})
    for part in DATE_PARTS:
        if not typed.get(part):
            raise PartError(f"{label.capitalize()} must include a {part}.", part)
    day = read_day(typed["day"], label)
    month = read_month(typed["month"], label)
    year = read_year(typed["year"], label)
    last = calendar.monthrange(year, month)[1]
    if day > last:
        raise PartError(
            f"{label.capitalize()} must be a real date: {calendar.month_name[month]} {year} "
            f"has {last} days.",
            "day",
        )
    return date(year, month, day)


def read_time(typed: dict[str, str], label: str) -> time:
    """A time from the hour box ("14", "2pm", "2:30 pm", "noon") and the minute box."""
    hour_text = typed.get("hour", "").strip().lower()
    minute_text = typed.get("minute", "").strip()
    if hour_text in ("noon", "midday"):
        hour_text = "12pm"
    if not hour_text:
        raise PartError(f"{label.capitalize()} must include an hour.", "hour")
    match = _CLOCK.match(hour_text)
    if not match:
        raise PartError(f"The hour of {label} must be a number from 0 to 23, or like 2pm.", "hour")
    half, clock_minute = match.group("half"), match.group("minute")
    hour = _number(match.group("hour"), "hour", f"The hour of {label}", 1 if half else 0,
                   12 if half else 23)  # fmt: skip
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    if clock_minute and minute_text and int(clock_minute) != int(minute_text or 0):
        raise PartError(f"The hour and minute of {label} disagree: write the minutes once.",
                        "minute")  # fmt: skip
    minute = _number(clock_minute or minute_text or "0", "minute",
                     f"The minute of {label}", 0, 59)  # fmt: skip
    return time(hour, minute)


def _split_whole_date(typed: dict[str, str]) -> dict[str, str]:
    """A whole date typed or pasted into the day box ("15/12/2026", "15 Dec 2026") is read too."""
    match = _WHOLE_DATE.match(typed.get("day", ""))
    if match and not typed.get("month") and not typed.get("year"):
        return {**typed, "day": match.group(1), "month": match.group(2), "year": match.group(3)}
    return typed


class DateInputField(Field):
    """A date typed in day, month and year boxes; `data` is a date (None when left empty).
    Posted as NAME-day, NAME-month, NAME-year; the day box has the field's id, so a link to
    the field lands in it. `error_target` is the id of the box an error is about."""

    parts: tuple[str, ...] = DATE_PARTS

    def __init__(self, label=None, validators=None, what: str | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.what = what or self.label.text.lower()
        self.typed: dict[str, str] = {}
        self.error_part: str | None = None

    def part_id(self, part: str) -> str:
        return self.id if part == self.parts[0] else f"{self.id}-{part}"

    def part_name(self, part: str) -> str:
        return f"{self.name}-{part}"

    @property
    def error_target(self) -> str:
        return self.part_id(self.error_part or self.parts[0])

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = self.data = data
        self.typed = self._parts_of(data)
        if formdata is None or not any(self.part_name(p) in formdata for p in self.parts):
            return
        self.typed = {p: formdata.get(self.part_name(p), "").strip() for p in self.parts}
        self.raw_data = [" ".join(v for v in self.typed.values() if v)]
        self.data = None
        if not self.raw_data[0]:
            return
        try:
            self.data = self._read(self.typed)
        except PartError as exc:
            self.error_part = exc.part
            self.process_errors.append(str(exc))

    def _read(self, typed: dict[str, str]):
        return read_date(typed, self.what)

    def _parts_of(self, value) -> dict[str, str]:
        if not value:
            return {}
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}


class WhenField(DateInputField):
    """A date and a time of day in one group of boxes; `data` is a naive datetime (the
    caller decides its zone, as `meetings.in_group_time` does)."""

    parts = DATE_PARTS + TIME_PARTS

    def _read(self, typed: dict[str, str]) -> datetime:
        return datetime.combine(read_date(typed, self.what), read_time(typed, self.what))

    def _parts_of(self, value) -> dict[str, str]:
        if not value:
            return {}
        clock = {"hour": str(value.hour), "minute": f"{value.minute:02d}"}
        return {**super()._parts_of(value), **clock}
