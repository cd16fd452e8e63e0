"""Twilio's form fields made safe to store: printable, trimmed and of bounded length."""

from __future__ import annotations

MAX_FIELD_LENGTH = 500


def clean(value: str | None, limit: int = MAX_FIELD_LENGTH) -> str:
    """A form value safe for any database: no control characters (PostgreSQL refuses NUL)."""
    text = "".join(ch for ch in (value or "") if ch.isprintable())
    return text.strip()[:limit]
