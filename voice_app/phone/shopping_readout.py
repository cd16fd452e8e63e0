"""Reading back a new shopping-list item in the same call, and hearing the agreed list."""

from __future__ import annotations

from flask import current_app
from twilio.twiml.voice_response import VoiceResponse

from voice_app.models import ShoppingItem, ShoppingStatus
from voice_app.phone import bp
from voice_app.phone.context import CallerContext
from voice_app.phone.menus import note_silence
from voice_app.phone.recording import callers_recording, review_menu, say_then_main
from voice_app.phone.spoken import spoken_keys
from voice_app.phone.webhook import webhook
from voice_app.phone.words import heard_key
from voice_app.recordings.shopping_list import agreed_items, proposals_waiting
from voice_app.recordings.transcription import machine_transcript, sure_text

POLL_SECONDS = 2
MAX_WAIT_SECONDS = 8
CHUNK = 3
LIST_CHOICES = [("1", "words_more"), ("2", "words_repeat"), ("*", "words_back")]
STATUS_PROMPTS = {
    ShoppingStatus.AGREED: "shopping_status_agreed",
    ShoppingStatus.IN_PROGRESS: "shopping_status_in_progress",
    ShoppingStatus.ACHIEVED: "shopping_status_achieved",
}


def _number(ctx: CallerContext, name: str, default: int) -> int:
    value = ctx.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 6 else default


@bp.post("/shopping/heard")
@webhook
def shopping_heard(ctx: CallerContext) -> VoiceResponse:
    """Wait a few seconds for the worker's transcript; read it back only if the engine was sure."""
    recording = callers_recording(ctx)
    if recording is None:
        return say_then_main(ctx, "apology")
    waited = _number(ctx, "waited", MAX_WAIT_SECONDS if "waited" in ctx.args else 0)
    response = VoiceResponse()
    transcript = machine_transcript(recording)
    sure = sure_text(transcript, current_app.config["SETTINGS"].readback_confidence)
    if sure is not None:
        ctx.say(response, "shopping_heard", text=sure)
    elif transcript is not None:  # heard, but not surely enough to say back to the caller
        ctx.say(response, "shopping_kept_unsure")
    elif waited < MAX_WAIT_SECONDS and recording.error is None:
        if waited == 0:
            ctx.say(response, "shopping_writing_down")
        response.pause(length=POLL_SECONDS)
        return ctx.redirect(
            response, "phone.shopping_heard", recording=recording.id, waited=waited + POLL_SECONDS
        )
    else:
        ctx.say(response, "shopping_kept_for_coordinator")
    return review_menu(ctx, response, recording)


@bp.post("/shopping/list")
@webhook
def shopping_hear(ctx: CallerContext) -> VoiceResponse:
    """The agreed aims, three at a time: 1 next, 2 repeat, * back."""
    response = VoiceResponse()
    items = agreed_items(ctx.call.group_id)
    if "start" not in ctx.args:  # the first time in: how long the list is, what waits
        ctx.visit("shopping list")
        _introduce(ctx, response, len(items), proposals_waiting(ctx.call.group_id))
    if not items:
        return ctx.back_to_main(response)
    return read_chunk(ctx, response, items, _number(ctx, "start", 0))


def read_chunk(
    ctx: CallerContext, response: VoiceResponse, items: list[ShoppingItem], start: int
) -> VoiceResponse:
    start = start if start < len(items) else 0
    gather = ctx.gather(response, "phone.shopping_hear_choice", LIST_CHOICES, start=start)
    for number, item in enumerate(items[start : start + CHUNK], start=start + 1):
        ctx.say(gather, "shopping_list_item", number=number, text=item.text)
        ctx.say(gather, STATUS_PROMPTS[item.status])
    at_end = start + CHUNK >= len(items)
    ctx.say(gather, "shopping_list_end" if at_end else "shopping_list_more")
    return response


def _introduce(ctx: CallerContext, response: VoiceResponse, count: int, proposals: int) -> None:
    if count == 0:
        ctx.say(response, "shopping_list_empty")
    elif count == 1:
        ctx.say(response, "shopping_list_count_one")
    else:
        ctx.say(response, "shopping_list_count", count=count)
    if proposals == 1:
        ctx.say(response, "shopping_proposals_one")
    elif proposals > 1:
        ctx.say(response, "shopping_proposals", count=proposals)


@bp.post("/shopping/list/choice")
@webhook
def shopping_hear_choice(ctx: CallerContext) -> VoiceResponse:
    start = _number(ctx, "start", 0)
    response = VoiceResponse()
    key = heard_key(ctx.digits, ctx.speech, LIST_CHOICES, ctx.language)
    if key == "*":
        return ctx.back_to_main(response)
    if key == "0":  # 0 works in every menu
        return ctx.redirect(response, "phone.help_menu")
    if key == "1":
        total = len(agreed_items(ctx.call.group_id))
        next_start = start + CHUNK if start + CHUNK < total else 0
        return ctx.redirect(response, "phone.shopping_hear", start=next_start)
    if ctx.heard_nothing:
        if note_silence(ctx, response):
            return response
    elif key != "2":
        keys = spoken_keys(["1", "2", "*"], ctx.language)
        ctx.say(response, "invalid_choice", keys=keys)
    return ctx.redirect(response, "phone.shopping_hear", start=start)
