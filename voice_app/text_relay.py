"""Phone numbers in the form people dial: national, and through Relay UK's text relay (18001)."""

from __future__ import annotations

RELAY_PREFIX = "18001"


def national(number: str | None) -> str:
    """+442070000000 as 020 7000 0000; other numbers as given."""
    digits = "".join(ch for ch in (number or "") if ch.isdigit() or ch == "+")
    if digits.startswith("+44") and len(digits) == 13:
        local = "0" + digits[3:]
        if local.startswith("02"):  # London, Cardiff, Belfast: 020 7000 0000
            return f"{local[:3]} {local[3:7]} {local[7:]}"
        return f"{local[:5]} {local[5:]}"
    return number or ""


def text_relay(number: str | None) -> str:
    """The number as a Relay UK text-phone user dials it: 18001 then the number, or ""."""
    return f"{RELAY_PREFIX} {national(number)}" if number else ""
