"""Money typed by people ("20", "20.5", "£1,200.50") to whole pence, with no floats on the way."""

from __future__ import annotations

import re

from voice_app.errors import InputError

# Optional £, whole pounds (plain, or grouped in threes with commas), then at most two pence digits.
POUNDS_PATTERN = re.compile(r"£?\s*(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?")
MOST_PENCE = 10_000_000  # £100,000: more than any one setting or claim could need


def pounds_to_pence(text: str | None, field: str = "amount", most: int = MOST_PENCE) -> int:
    """Whole pence from pounds as written; InputError (on `field`) for anything else."""
    cleaned = (text or "").strip()
    match = POUNDS_PATTERN.fullmatch(cleaned)
    if not match:
        raise InputError(
            f"{cleaned!r} is not an amount in pounds: write it like 20, 20.50 or £1,200.50."
            if cleaned
            else "Enter an amount in pounds, like 20.50.",
            field,
        )
    pounds, pence = match.group(1).replace(",", ""), (match.group(2) or "0").ljust(2, "0")
    amount = int(pounds) * 100 + int(pence)
    if amount > most:
        raise InputError(f"That is more than the most allowed here, £{most // 100:,}.", field)
    return amount


def pence_text(pence: int) -> str:
    """Pence as pounds to type back in a form: 2000 -> "20.00"."""
    sign = "-" if pence < 0 else ""
    return f"{sign}{abs(pence) // 100}.{abs(pence) % 100:02d}"
