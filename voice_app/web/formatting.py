"""Template filters: times in the group's own time zone, money in pounds, plain words."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from voice_app.models import utcnow
from voice_app.prompts import DEFAULT_LANGUAGE

WEB_LANGUAGE = DEFAULT_LANGUAGE  # the web view is written in British English

DEFAULT_ZONE = "Europe/London"


def local_time(value: datetime | None, zone: str | None = None) -> str:
    """'Tue 15 Dec 2026, 2:00pm' in the group's zone."""
    if value is None:
        return "not set"
    local = value.astimezone(ZoneInfo(zone or DEFAULT_ZONE))
    hour = local.strftime("%I").lstrip("0") or "12"
    return f"{local:%a} {local.day} {local:%b %Y}, {hour}:{local:%M}{local:%p}".replace(
        "AM", "am"
    ).replace("PM", "pm")


def local_date(value: datetime | None, zone: str | None = None) -> str:
    if value is None:
        return "not set"
    local = value.astimezone(ZoneInfo(zone or DEFAULT_ZONE))
    return f"{local:%a} {local.day} {local:%b %Y}"


def pounds(pence: int | None) -> str:
    pence = pence or 0
    sign = "-" if pence < 0 else ""
    return f"{sign}£{abs(pence) // 100:,}.{abs(pence) % 100:02d}"


def register_filters(app: Flask) -> None:
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(local_date, "local_date")
    app.add_template_filter(pounds, "pounds")
    app.context_processor(lambda: {"now": utcnow})
