"""Webhooks for calls we make: papers-ready calls, reminders, and their status callbacks."""

from __future__ import annotations

from flask import request, url_for
from twilio.twiml.voice_response import Gather, VoiceResponse

from voice_app.calls import get_or_start_call
from voice_app.extensions import db
from voice_app.models import CallDirection
from voice_app.outreach import clock
from voice_app.outreach.answering import (
    OutreachCall,
    call_back_later,
    note_answered_by,
    outreach_call,
    stop_papers_ready_calls,
)
from voice_app.outreach.status import is_machine, record_call_status, record_sms_status
from voice_app.phone import bp
from voice_app.phone.twiml import VOICE, menu_gather, speak, twiml
from voice_app.prompts import DEFAULT_LANGUAGE as LANGUAGE
from voice_app.prompts import say
from voice_app.telephony.security import twilio_signed

PAPERS_READY_HINTS = "now, hear them, later, stop, repeat"
REMINDER_HINTS = "again, repeat, menu"
WORDS = {
    "now": "1", "hear": "1", "later": "2", "stop": "3", "repeat": "*", "again": "1", "menu": "2",
}  # fmt: skip


def _choice() -> str:
    digits = request.form.get("Digits", "").strip()
    if digits:
        return digits[:1]
    speech = request.form.get("SpeechResult", "").lower()
    return next((key for word, key in WORDS.items() if word in speech), "")


def caller_is_known(found: OutreachCall) -> None:
    """We rang this resident's own number: the call is theirs, about their group, so the
    papers menu (and the rest of the line) knows them without a PIN. As the line sees it, the
    resident's number is the caller's and the group's number the one called."""
    form = request.form
    call = get_or_start_call(form.get("CallSid", ""), form.get("To"), form.get("From"))
    call.direction = CallDirection.OUTBOUND
    if call.person_id is None and found.person is not None:
        call.person, call.authenticated = found.person, True
    if call.group_id is None and found.group is not None:
        call.group_id = found.group.id
    db.session.commit()


def _rate(call: OutreachCall) -> tuple[int, int]:
    person = call.person
    return (person.speech_rate, person.extra_time_seconds) if person else (100, 0)


def _hello(response: VoiceResponse, call: OutreachCall) -> None:
    name = call.person.name if call.person else ""
    group = call.group.name if call.group else ""
    speak(response, "outreach_hello", rate=_rate(call)[0], name=name, group=group)


def _say_body(target: VoiceResponse | Gather, call: OutreachCall) -> None:
    """The message's own words (made from prompts when it was queued), at the person's rate."""
    rate = _rate(call)[0]
    if rate == 100:
        target.say(call.message.body or "", voice=VOICE, language=LANGUAGE)
    else:
        target.say(voice=VOICE, language=LANGUAGE).prosody(call.message.body or "", rate=f"{rate}%")


def _lost_call() -> VoiceResponse:
    response = VoiceResponse()
    speak(response, "outreach_not_found")
    response.redirect(url_for("phone.incoming"), method="POST")
    return response


def _machine_message(call: OutreachCall, ending: str | None) -> VoiceResponse:
    """A short message for an answering machine, then hang up."""
    response = VoiceResponse()
    _hello(response, call)
    _say_body(response, call)
    if ending:
        speak(response, ending, number=call.group.phone_number if call.group else "")
    else:
        speak(response, "goodbye")
    response.hangup()
    return response


def _offer(response: VoiceResponse, call: OutreachCall, endpoint: str, choices: str, hints: str):
    rate, extra = _rate(call)
    gather = menu_gather(response, url_for(endpoint), hints, extra)
    _say_body(gather, call)
    speak(gather, choices, rate=rate)
    return response


def _answered(endpoint: str, choices: str, hints: str, machine_ending: str | None):
    form = request.form
    found = outreach_call(form.get("CallSid", ""))
    if found is None:
        return twiml(_lost_call())
    note_answered_by(found, form.get("AnsweredBy"))
    if is_machine(form.get("AnsweredBy")):
        return twiml(_machine_message(found, machine_ending))
    response = VoiceResponse()
    _hello(response, found)
    return twiml(_offer(response, found, endpoint, choices, hints))


def _no_choice(found: OutreachCall, endpoint: str, choices: str, hints: str):
    """First silence: ask again. Second: say goodbye kindly (nothing is changed)."""
    call = get_or_start_call(request.form.get("CallSid", ""), None, None)
    silences = int((call.state or {}).get("outreach_silences", 0)) + 1
    call.state = {**(call.state or {}), "outreach_silences": silences}
    db.session.commit()
    response = VoiceResponse()
    if silences >= 2:
        speak(response, "outreach_no_choice_goodbye")
        response.hangup()
        return twiml(response)
    speak(response, "no_input")
    return twiml(_offer(response, found, endpoint, choices, hints))


@bp.post("/outreach/papers-ready")
@twilio_signed
def outreach_papers_ready():
    return _answered(
        "phone.outreach_papers_ready_choice",
        "papers_ready_choices",
        PAPERS_READY_HINTS,
        "outreach_voicemail_call_us",
    )


@bp.post("/outreach/papers-ready/choice")
@twilio_signed
def outreach_papers_ready_choice():
    found = outreach_call(request.form.get("CallSid", ""))
    if found is None:
        return twiml(_lost_call())
    endpoint, choices = "phone.outreach_papers_ready_choice", "papers_ready_choices"
    choice = _choice()
    response = VoiceResponse()
    if choice == "1":
        caller_is_known(found)
        response.redirect(url_for("phone.papers_start"), method="POST")
    elif choice == "2":
        time, day = call_back_later(found, request.form.get("CallSid", ""), clock.now())
        speak(response, "papers_ready_later", time=time, day=day)
        response.hangup()
    elif choice == "3":
        stop_papers_ready_calls(found)
        speak(response, "papers_ready_stopped")
        response.hangup()
    elif choice == "*":
        _offer(response, found, endpoint, choices, PAPERS_READY_HINTS)
    elif not choice:
        return _no_choice(found, endpoint, choices, PAPERS_READY_HINTS)
    else:
        speak(response, "invalid_choice", keys=_keys("papers_ready_keys"))
        _offer(response, found, endpoint, choices, PAPERS_READY_HINTS)
    return twiml(response)


@bp.post("/outreach/reminder")
@twilio_signed
def outreach_reminder():
    return _answered("phone.outreach_reminder_choice", "reminder_choices", REMINDER_HINTS, None)


@bp.post("/outreach/reminder/choice")
@twilio_signed
def outreach_reminder_choice():
    found = outreach_call(request.form.get("CallSid", ""))
    if found is None:
        return twiml(_lost_call())
    endpoint, choices = "phone.outreach_reminder_choice", "reminder_choices"
    choice = _choice()
    response = VoiceResponse()
    if choice in ("1", "*"):
        _offer(response, found, endpoint, choices, REMINDER_HINTS)
    elif choice == "2":
        response.redirect(url_for("phone.incoming"), method="POST")
    elif not choice:
        speak(response, "goodbye")
        response.hangup()
    else:
        speak(response, "invalid_choice", keys=_keys("reminder_keys"))
        _offer(response, found, endpoint, choices, REMINDER_HINTS)
    return twiml(response)


@bp.post("/outreach/status")
@twilio_signed
def outreach_status():
    """Twilio's status callback for our calls and texts."""
    form = request.form
    if form.get("MessageSid") and form.get("MessageStatus"):
        record_sms_status(form["MessageSid"], form["MessageStatus"], clock.now())
    else:
        record_call_status(
            form.get("CallSid", ""),
            form.get("CallStatus", ""),
            form.get("AnsweredBy"),
            form.get("CallDuration"),
            clock.now(),
        )
    return twiml(VoiceResponse())


def _keys(prompt_id: str) -> str:
    return say(prompt_id)
