""" "More time" (or "wait"), said anywhere on the line: 30 seconds more to answer, for the call.

The caller is asked the very question they were answering, again, with the longer wait: the
last answer we gave this call is said again with every <Gather> lengthened, and a short
confirmation said first, inside the Gather so a key can cut it short.
"""

from __future__ import annotations

from xml.etree import ElementTree

from twilio.twiml.voice_response import VoiceResponse

from voice_app.phone.context import MORE_TIME_SECONDS, CallerContext
from voice_app.phone.twiml import gather_timing
from voice_app.phone.words import said_any
from voice_app.prompts import say

MAX_MORE_TIME = 3 * MORE_TIME_SECONDS


def asks_for_more_time(ctx: CallerContext) -> bool:
    if ctx.digits or not ctx.speech:
        return False
    return said_any(ctx.speech, "words_more_time", ctx.language)


def grant_more_time(ctx: CallerContext) -> None:
    given = int(ctx.recall("more_time", 0))
    ctx.remember(more_time=min(given + MORE_TIME_SECONDS, MAX_MORE_TIME))


def more_time_answer(ctx: CallerContext, last_answer: str | None) -> VoiceResponse | str:
    """Grant the time, then the last question again with the longer wait (or the main menu)."""
    grant_more_time(ctx)
    if not last_answer:
        response = VoiceResponse()
        ctx.say(response, "more_time_given")
        return ctx.back_to_main(response)
    page = ElementTree.fromstring(last_answer)
    gathers = list(page.iter("Gather"))
    confirmation = ElementTree.Element("Say", {"voice": ctx.voice, "language": ctx.language})
    confirmation.text = say("more_time_given", language=ctx.language)
    if gathers:
        gathers[0].insert(0, confirmation)
    else:
        page.insert(0, confirmation)
    for gather in gathers:
        digits = gather.get("numDigits")
        timing = gather_timing(int(digits) if digits else None, ctx.extra_seconds)
        waited = int(gather.get("timeout", "0")) if gather.get("timeout", "").isdigit() else 0
        gather.set("timeout", str(max(waited, timing["timeout"])))
        if gather.get("speechTimeout"):
            gather.set("speechTimeout", str(timing["speech_timeout"]))
    return '<?xml version="1.0" encoding="UTF-8"?>' + ElementTree.tostring(page, "unicode")
