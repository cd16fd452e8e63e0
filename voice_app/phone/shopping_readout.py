"""Reading back a new shopping-list item in the same call, and hearing the agreed list."""

from __future__ import annotations

from flask import request, url_for
from twilio.twiml.voice_response import VoiceResponse

from voice_app.models import ShoppingStatus
from voice_app.phone import bp
from voice_app.phone.recording import callers_recording, review_menu
from voice_app.phone.recording_line import (
    back_to_main_menu,
    chosen_key,
    on_the_line,
    say_then_menu,
    voice_of,
)
from voice_app.phone.security import twilio_signed
from voice_app.phone.twiml import menu_gather, speak, twiml
from voice_app.recordings.shopping_list import agreed_items, proposals_waiting
from voice_app.recordings.transcription import machine_transcript

POLL_SECONDS = 2
MAX_WAIT_SECONDS = 8
CHUNK = 3
LIST_WORDS = {"next": "1", "more": "1", "repeat": "2", "again": "2", "back": "*"}
STATUS_PROMPTS = {
    ShoppingStatus.AGREED: "shopping_status_agreed",
    ShoppingStatus.IN_PROGRESS: "shopping_status_in_progress",
    ShoppingStatus.ACHIEVED: "shopping_status_achieved",
}


@bp.post("/shopping/heard")
@twilio_signed
def shopping_heard():
    """Wait a few seconds for the worker's transcript, then read it back or say we keep it."""
    caller, response, rate = on_the_line()
    recording = callers_recording(caller)
    if recording is None:
        return say_then_menu(response, caller, "apology")
    waited = request.args.get("waited", "0")
    waited_seconds = int(waited) if waited.isdigit() else MAX_WAIT_SECONDS
    transcript = machine_transcript(recording)
    if transcript is not None and transcript.text.strip():
        speak(response, "shopping_heard", rate=rate, text=transcript.text.strip())
    elif waited_seconds < MAX_WAIT_SECONDS and recording.error is None:
        if waited_seconds == 0:
            speak(response, "shopping_writing_down", rate=rate)
        response.pause(length=POLL_SECONDS)
        next_url = url_for(
            "phone.shopping_heard", recording=recording.id, waited=waited_seconds + POLL_SECONDS
        )
        response.redirect(next_url, method="POST")
        return twiml(response)
    else:
        speak(response, "shopping_kept_for_coordinator", rate=rate)
    return twiml(review_menu(response, caller, recording))


@bp.post("/shopping/list")
@twilio_signed
def shopping_hear():
    """The agreed aims, three at a time: 1 next, 2 repeat, * back."""
    caller, response, rate = on_the_line()
    extra = voice_of(caller)[1]
    if caller.group_id is None:
        return say_then_menu(response, caller, "recording_no_group")
    start = request.args.get("start", "")
    start_at = int(start) if start.isdigit() else 0
    items = agreed_items(caller.group_id)
    if not start:  # the first time in: how long the list is, and what waits to be discussed
        _introduce(response, rate, len(items), proposals_waiting(caller.group_id))
    if not items:
        return back_to_main_menu(response, caller)
    start_at = start_at if start_at < len(items) else 0
    gather = menu_gather(
        response, url_for("phone.shopping_hear_choice", start=start_at), "next, repeat, back", extra
    )
    for number, item in enumerate(items[start_at : start_at + CHUNK], start=start_at + 1):
        speak(gather, "shopping_list_item", rate=rate, number=number, text=item.text)
        speak(gather, STATUS_PROMPTS[item.status], rate=rate)
    at_end = start_at + CHUNK >= len(items)
    speak(gather, "shopping_list_end" if at_end else "shopping_list_more", rate=rate)
    return twiml(response)


def _introduce(response: VoiceResponse, rate: int, count: int, proposals: int) -> None:
    if count == 0:
        speak(response, "shopping_list_empty", rate=rate)
    elif count == 1:
        speak(response, "shopping_list_count_one", rate=rate)
    else:
        speak(response, "shopping_list_count", rate=rate, count=count)
    if proposals == 1:
        speak(response, "shopping_proposals_one", rate=rate)
    elif proposals > 1:
        speak(response, "shopping_proposals", rate=rate, count=proposals)


@bp.post("/shopping/list/choice")
@twilio_signed
def shopping_hear_choice():
    caller, response, rate = on_the_line()
    start = request.args.get("start", "0")
    start_at = int(start) if start.isdigit() else 0
    key = chosen_key(LIST_WORDS)
    if key == "*":
        return back_to_main_menu(response, caller)
    if key == "1":
        total = len(agreed_items(caller.group_id)) if caller.group_id else 0
        next_start = start_at + CHUNK if start_at + CHUNK < total else 0
        response.redirect(url_for("phone.shopping_hear", start=next_start), method="POST")
        return twiml(response)
    if key not in ("2", ""):
        speak(response, "invalid_choice", rate=rate, keys="1, 2 or star")
    response.redirect(url_for("phone.shopping_hear", start=start_at), method="POST")
    return twiml(response)
