"""Twilio's recording status callback (the rules it applies are in recordings/callback.py).

The callback is not one of the caller's turns: it answers an empty <Response>, never replays
TwiML, never identifies anyone and never makes a call record.
"""

from __future__ import annotations

from flask import Response, request
from sqlalchemy.exc import DBAPIError
from twilio.twiml.voice_response import VoiceResponse

from voice_app.extensions import db
from voice_app.phone import bp
from voice_app.phone.twiml import twiml
from voice_app.recordings import spool
from voice_app.recordings.callback import apply_callback
from voice_app.telephony.cleaning import clean
from voice_app.telephony.security import twilio_signed


@bp.post("/recording")
@twilio_signed
def recording_status() -> Response:
    """Twilio's recording status callback: rows at once, then the download job.

    With the database down, the callback is kept on this machine's disk; the worker replays it
    later, and so does the next callback that gets through (a web machine of its own has no worker).
    """
    form = {key: clean(value) for key, value in request.form.items()}
    args = {key: clean(value, 64) for key, value in request.args.items()}
    try:
        apply_callback(form, args)
        db.session.commit()
    except DBAPIError:
        db.session.rollback()
        spool.keep(form, args)
        return twiml(VoiceResponse())
    spool.replay(apply_callback)
    return twiml(VoiceResponse())
