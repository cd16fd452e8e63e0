"""Dates, times and key lists as a British English speaker says them, built from the prompts."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from voice_app.prompts import say


def _names(prompt_id: str, language: str) -> list[str]:
    return [name.strip() for name in say(prompt_id, language=language).split(",")]


def spoken_time(moment: datetime, language: str) -> str:
    """'2 pm', '10:30 am' (ten thirty), '12 noon': how a time is said aloud."""
    if moment.hour == 12 and moment.minute == 0:
        return say("time_noon", language=language)
    if moment.hour == 0 and moment.minute == 0:
        return say("time_midnight", language=language)
    period = say("time_pm" if moment.hour >= 12 else "time_am", language=language)
    hour = moment.hour % 12 or 12
    if moment.minute == 0:
        return say("time_on_the_hour", language=language, hour=hour, period=period)
    minutes = f"{moment.minute:02d}" if moment.minute < 10 else str(moment.minute)
    return say("time_with_minutes", language=language, hour=hour, minutes=minutes, period=period)


def spoken_date(moment: datetime, language: str) -> str:
    """'Tuesday 15 December'."""
    weekday = _names("weekdays", language)[moment.weekday()]
    month = _names("months", language)[moment.month - 1]
    return say("spoken_date", language=language, weekday=weekday, day=moment.day, month=month)


def spoken_datetime(moment: datetime, timezone: str, language: str) -> str:
    """'Tuesday 15 December at 2 pm', in the group's own time zone."""
    local = moment.astimezone(ZoneInfo(timezone))
    return say(
        "spoken_date_time",
        language=language,
        date=spoken_date(local, language),
        time=spoken_time(local, language),
    )


def spoken_key(key: str, language: str) -> str:
    if key == "*":
        return say("key_star", language=language)
    if key == "#":
        return say("key_hash", language=language)
    return key


def spoken_keys(keys: list[str], language: str) -> str:
    """'1, 2, or star'."""
    words = [spoken_key(key, language) for key in keys]
    if len(words) == 1:
        return words[0]
    return say("keys_list", language=language, items=", ".join(words[:-1]), last=words[-1])
