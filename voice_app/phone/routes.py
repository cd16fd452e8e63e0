"""Thin webhook views: read Twilio's form, hand plain values to the menus, answer TwiML."""

from __future__ import annotations

from flask import request
from twilio.twiml.voice_response import VoiceResponse

from voice_app.extensions import db
from voice_app.phone import bp
from voice_app.phone.calls import get_or_start_call, note_menu
from voice_app.phone.security import twilio_signed
from voice_app.phone.twiml import menu_gather, speak, twiml

MAIN_MENU_HINTS = "papers, comment, shopping list, meetings, help, repeat"


@bp.post("/incoming")
@twilio_signed
def incoming():
    call = get_or_start_call(
        request.form.get("CallSid", ""), request.form.get("From"), request.form.get("To")
    )
    response = VoiceResponse()
    person = call.person
    if person is not None:
        group = person.groups()[0].name if person.groups() else ""
        speak(response, "welcome_known", rate=person.speech_rate, name=person.name, group=group)
    else:
        speak(response, "welcome_unknown")
    note_menu(call, "main")
    db.session.commit()
    return twiml(
        main_menu(
            response,
            person.speech_rate if person else 100,
            person.extra_time_seconds if person else 0,
        )
    )


def main_menu(response: VoiceResponse, rate: int = 100, extra_seconds: int = 0) -> VoiceResponse:
    gather = menu_gather(response, "phone.main_menu_choice", MAIN_MENU_HINTS, extra_seconds)
    speak(gather, "main_menu", rate=rate)
    return response


@bp.post("/menu/main")
@twilio_signed
def main_menu_choice():
    response = VoiceResponse()
    speak(response, "coming_soon")
    return twiml(main_menu(response))
