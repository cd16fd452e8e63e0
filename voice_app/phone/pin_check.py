"""PIN before private things: a caller known only by caller ID (which can be forged) keys their
PIN once per call before payments, their member number and details, joining a meeting's
conference, or changing settings.

Callers who signed in with a PIN, and calls we made to a number we hold, are not asked. The PIN
policy (tries, pauses) is voice_app/pins.py's; only complete 4-6 digit entries are tries.
"""

from __future__ import annotations

from typing import Any

from twilio.twiml.voice_response import VoiceResponse

from voice_app.models import CallDirection, utcnow
from voice_app.phone import bp
from voice_app.phone.context import CallerContext
from voice_app.phone.menus import Said, silence_words, too_many_silences
from voice_app.phone.webhook import webhook
from voice_app.phone.words import spoken_number
from voice_app.pins import pin_locked, verify_pin

PIN_LENGTHS = range(4, 7)
TRIES = 2


def needs_pin(ctx: CallerContext) -> bool:
    return (
        ctx.person is not None
        and ctx.call.direction == CallDirection.INBOUND
        and not ctx.recall("pin_checked")
    )


def ask_pin_first(ctx: CallerContext, endpoint: str, **params: Any) -> VoiceResponse:
    """Ask for the PIN; when it is right, carry on to `endpoint` (a phone view)."""
    ctx.remember(pin_then={"endpoint": endpoint, "params": params})
    return ask(ctx, VoiceResponse())


def ask(ctx: CallerContext, response: VoiceResponse, before: Said = ()) -> VoiceResponse:
    gather = ctx.gather(response, "phone.pin_check", num_digits=None, finish_on_key="#")
    for prompt_id, values in before:
        ctx.say(gather, prompt_id, **values)
    ctx.say(gather, "pin_check_ask")
    return response


@bp.post("/pin-check")
@webhook
def pin_check(ctx: CallerContext) -> VoiceResponse:
    response = VoiceResponse()
    then = ctx.recall("pin_then") or {}
    if ctx.person is None or not then:
        return ctx.back_to_main(response)
    if ctx.heard_nothing:
        if too_many_silences(ctx, response):
            return response
        return ask(ctx, response, before=silence_words(ctx))
    if ctx.digits.strip("#") == "*":
        return ctx.back_to_main(response)
    pin = ctx.digits.strip("#") or spoken_number(ctx.speech, ctx.language)
    if not (pin.isdigit() and len(pin) in PIN_LENGTHS):
        return ask(ctx, response, before=[("pin_not_complete", {})])
    now = utcnow()
    caller = ctx.call.from_number
    if not pin_locked(ctx.person, now, caller) and verify_pin(ctx.person, pin, now, caller):
        ctx.remember(pin_checked=True, pin_then=None, pin_check_failures=0)
        return ctx.redirect(response, then["endpoint"], **then.get("params", {}))
    failures = int(ctx.recall("pin_check_failures", 0)) + 1
    ctx.remember(pin_check_failures=failures)
    if failures >= TRIES or pin_locked(ctx.person, now, caller):
        ctx.remember(pin_then=None, pin_check_failures=0)
        ctx.say(response, "pin_check_failed")
        return ctx.back_to_main(response)
    gather = ctx.gather(response, "phone.pin_check", num_digits=None, finish_on_key="#")
    ctx.say(gather, "pin_check_wrong")
    return response
