"""The text line: Twilio's "A message comes in" webhook, answered with TwiML <Message>s."""

from __future__ import annotations

from flask import Blueprint, Response, request
from twilio.twiml.messaging_response import MessagingResponse

from voice_app.outreach.sms_commands import answer_text
from voice_app.telephony.cleaning import clean
from voice_app.telephony.security import twilio_signed

LONGEST_TEXT = 1600  # Twilio's limit for one incoming message, however many parts

bp = Blueprint("sms", __name__, url_prefix="/sms")


@bp.post("/incoming")
@twilio_signed
def incoming() -> Response:
    # Control characters (a NUL) would break the XML answer and PostgreSQL's text columns.
    replies = answer_text(
        clean(request.form.get("From"), 64),
        clean(request.form.get("Body"), LONGEST_TEXT),
        clean(request.form.get("MessageSid"), 64) or None,
        clean(request.form.get("To"), 64) or None,
    )
    response = MessagingResponse()
    for text in replies:
        response.message(text)
    return Response(str(response), mimetype="text/xml")
