"""When anything fails inside a phone webhook the caller still hears a kind answer, never silence.

The first failure apologises and offers the main menu again (its 0 leads to a person); a second
failure in a row apologises, tries to put the caller through to a person, and otherwise says a
clear goodbye. HTTP errors (the 403 for an unsigned request) pass through unchanged.
"""

from __future__ import annotations

from flask import Response, current_app, request, url_for
from twilio.twiml.voice_response import Dial, VoiceResponse
from werkzeug.exceptions import HTTPException

from voice_app.extensions import db
from voice_app.phone import bp
from voice_app.phone.twiml import menu_gather, speak, twiml


def _coordinator_phone() -> str | None:
    """The group's coordinator number, if the database can still tell us."""
    try:
        from voice_app.calls import find_call, safe_call_sid
        from voice_app.directory import group_for_number
        from voice_app.models import Group

        call = find_call(safe_call_sid(request.form.get("CallSid")))
        group = db.session.get(Group, call.group_id) if call and call.group_id else None
        group = group or group_for_number(request.form.get("To"))
        return group.coordinator_phone if group else None
    except Exception:  # noqa: BLE001 - the database may be what failed
        db.session.rollback()
        return None


def apology(after_error: int) -> VoiceResponse:
    response = VoiceResponse()
    if after_error < 1:  # the apology inside the Gather: a key pressed during it is not lost
        gather = menu_gather(
            response, url_for("phone.main_menu_choice", after_error=1), "help, person"
        )
        for prompt_id in ("apology", "apology_menu", "main_menu"):
            speak(gather, prompt_id)
        return response
    speak(response, "apology")
    number = _coordinator_phone()
    if number:
        speak(response, "connecting_person")
        dial = Dial()
        dial.number(number)
        response.append(dial)
    speak(response, "goodbye")
    response.hangup()
    return response


@bp.errorhandler(Exception)
def apologise(error: Exception) -> Response | HTTPException:
    if isinstance(error, HTTPException):
        return error
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001
        current_app.logger.exception("rollback failed")
    current_app.logger.exception("phone webhook %s failed", request.path)
    try:
        after_error = int(request.args.get("after_error", "0"))
    except ValueError:
        after_error = 1
    return twiml(apology(after_error))
