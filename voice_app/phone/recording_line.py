"""Who is on the line for the recording and shopping-list webhooks, and how to answer them.

`current_caller` reads the Call row by CallSid; it is the one place to swap for the phone flow's
caller context when that lands.
"""

from __future__ import annotations

from flask import request, url_for
from sqlalchemy import select
from twilio.twiml.voice_response import VoiceResponse

from voice_app.extensions import db
from voice_app.models import Call
from voice_app.phone.twiml import speak, twiml
from voice_app.recordings.capture import Caller


def current_caller(call_sid: str | None) -> Caller:
    """Who is on the line, from the Call row (to be swapped for the phone flow's caller context)."""
    call = db.session.scalar(select(Call).where(Call.call_sid == call_sid)) if call_sid else None
    if call is None:
        return Caller(None, None, None, None)
    person = call.person
    group_id = call.group_id
    if group_id is None and person is not None and person.groups():
        group_id = person.groups()[0].id
    return Caller(call, person, group_id, call.from_number)


def chosen_key(words: dict[str, str]) -> str:
    """The key pressed, or the key a spoken word stands for; "" for nothing."""
    digits = (request.form.get("Digits") or "").strip()
    if digits:
        return digits[:1]
    speech = (request.form.get("SpeechResult") or "").lower()
    return next((key for word, key in words.items() if word in speech), "")


def voice_of(caller: Caller) -> tuple[int, int]:
    """The caller's speaking rate and extra seconds to answer."""
    person = caller.person
    return (person.speech_rate, person.extra_time_seconds) if person else (100, 0)


def back_to_main_menu(response: VoiceResponse, caller: Caller) -> str:
    response.redirect(url_for("phone.main_menu"), method="POST")
    return twiml(response)


def say_then_menu(response: VoiceResponse, caller: Caller, prompt_id: str) -> str:
    speak(response, prompt_id, rate=voice_of(caller)[0])
    return back_to_main_menu(response, caller)


def on_the_line() -> tuple[Caller, VoiceResponse, int]:
    """The caller of this webhook, a fresh answer, and the caller's speaking rate."""
    caller = current_caller(request.form.get("CallSid"))
    return caller, VoiceResponse(), voice_of(caller)[0]
