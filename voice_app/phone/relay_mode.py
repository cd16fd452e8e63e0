"""Whether a call is in Relay UK mode, and what that changes in timing (see phone/relay.py).

Kept apart from relay.py so that the menus can ask it without importing the turn-taking, which
itself asks the menus a question again."""

from __future__ import annotations

import math

from voice_app.phone.context import CallerContext

ANSWER_SECONDS = 60  # a relay assistant types, reads and relays each turn
PATIENCE_SECONDS = 5 * 60  # silence never ends a relay call sooner than this
RECORD_SILENCE_SECONDS = ANSWER_SECONDS  # pauses while the caller types a comment


def is_relay(ctx: CallerContext) -> bool:
    person = ctx.person
    return bool(ctx.recall("relay")) or bool(person is not None and person.uses_relay_uk)


def answer_seconds(ctx: CallerContext, usual: int) -> int:
    return max(usual, ANSWER_SECONDS) if is_relay(ctx) else usual


def silences_allowed(ctx: CallerContext, usual: int) -> int:
    """Silent turns before a kind goodbye: in relay mode, more than five minutes' worth."""
    if not is_relay(ctx):
        return usual
    return max(usual, math.ceil(PATIENCE_SECONDS / ANSWER_SECONDS) + 1)


def prompt_suffix(ctx: CallerContext) -> str | None:
    """The prompt id said at the end of every question in relay mode."""
    return "relay_go_ahead" if is_relay(ctx) else None
