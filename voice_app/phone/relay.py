"""Relay UK on the voice line: a relay assistant reads our prompts to a Deaf or speech-impaired
caller and speaks (or keys) what they type, which takes time.

Relay mode is on when the caller says "relay", "Relay UK" or "go ahead", presses 9 at the
greeting, or has "uses Relay UK" in their phone preferences. Then every answer gets 60 seconds,
silence never ends the call within five minutes, each prompt ends with "Go ahead" (the relay
convention for "your turn"), and keys and words both work as everywhere.

Everything relay-specific is here; the webhook calls `take_turn` before a view and `adapt` after
it, and `note_silence` asks `relay_mode.silences_allowed`. Nothing else needs to know.
"""

from __future__ import annotations

import re

from twilio.twiml.voice_response import Gather, Record, VoiceResponse

from voice_app.phone.context import CallerContext
from voice_app.phone.identify import ask_member_number
from voice_app.phone.menus import MAIN, show_menu
from voice_app.phone.relay_mode import (  # noqa: F401  the webhook and views ask relay for these
    ANSWER_SECONDS,
    PATIENCE_SECONDS,
    RECORD_SILENCE_SECONDS,
    answer_seconds,
    is_relay,
    prompt_suffix,
    silences_allowed,
)
from voice_app.phone.words import word_list

RELAY_KEY = "9"
GREETING_ENDPOINTS = ("phone.identify_number", "phone.main_menu_choice")


def _phrases(ctx: CallerContext) -> list[str]:
    return word_list("words_relay", ctx.language)


def _normal(speech: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", speech.lower()).split())


def strip_go_ahead(speech: str, phrases: list[str]) -> str:
    """The caller's words without the relay's turn markers ("go ahead", "relay")."""
    text = f" {_normal(speech)} "
    for phrase in sorted(phrases, key=len, reverse=True):
        text = text.replace(f" {phrase} ", " ")
    return " ".join(text.split())


def asked_for_relay(ctx: CallerContext, endpoint: str | None) -> bool:
    """The caller asked for relay mode in this turn: the words, or 9 at the greeting."""
    if ctx.digits.strip("#") == RELAY_KEY and endpoint in GREETING_ENDPOINTS:
        return True
    return bool(ctx.speech) and strip_go_ahead(ctx.speech, _phrases(ctx)) != _normal(ctx.speech)


def take_turn(ctx: CallerContext, endpoint: str | None) -> VoiceResponse | None:
    """Before a view: switch relay mode on when asked, and take the relay's "go ahead" out of
    what the caller said ("papers, go ahead" means papers). A response when this turn was only
    the request for relay mode (the question is asked again); None: the view answers."""
    if not asked_for_relay(ctx, endpoint):
        return None
    first_time = not is_relay(ctx)
    ctx.remember(relay=True)
    ctx.speech = strip_go_ahead(ctx.speech, _phrases(ctx))
    if ctx.digits.strip("#") == RELAY_KEY and endpoint in GREETING_ENDPOINTS:
        ctx.digits = ""
    if first_time and ctx.heard_nothing:
        return _ask_again(ctx)
    return None


def _ask_again(ctx: CallerContext) -> VoiceResponse:
    """The greeting's question again: the main menu, or the member number."""
    if ctx.identified:
        return show_menu(ctx, MAIN)
    return ask_member_number(ctx, VoiceResponse())


def _offer(ctx: CallerContext, response: VoiceResponse) -> None:
    gather = next((verb for verb in response.verbs if isinstance(verb, Gather)), None)
    if gather is not None:  # after the greeting, before the choices: the menu stays short
        offer = Gather()
        ctx.say(offer, "relay_offer")
        gather.verbs[1:1] = offer.verbs


def adapt(ctx: CallerContext, response: VoiceResponse, endpoint: str | None) -> VoiceResponse:
    """After a view, in relay mode: a minute for every answer, "Go ahead" to end each question,
    and room to pause while typing a comment."""
    suffix = prompt_suffix(ctx)
    if suffix is None:
        if endpoint == "phone.incoming":  # the greeting: say how to ask for relay mode
            _offer(ctx, response)
        return response
    if not ctx.recall("relay_announced"):
        ctx.remember(relay_announced=True)
        announcement = VoiceResponse()
        ctx.say(announcement, "relay_on")
        response.verbs[:0] = announcement.verbs
    for verb in response.verbs:
        if isinstance(verb, Gather):
            verb.attrs["timeout"] = answer_seconds(ctx, int(verb.attrs.get("timeout", 0)))
            ctx.say(verb, suffix)
        elif isinstance(verb, Record):
            verb.attrs["timeout"] = max(int(verb.attrs.get("timeout", 0)), RECORD_SILENCE_SECONDS)
    return response
