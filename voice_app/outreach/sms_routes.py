"""The text line: Twilio's "A message comes in" webhook, answered with TwiML <Message>s."""

from __future__ import annotations

from flask import Blueprint, Response, request
from twilio.twiml.messaging_response import MessagingResponse

from voice_app.outreach.sms_commands import answer_text
from voice_app.phone.security import twilio_signed

bp = Blueprint("sms", __name__, url_prefix="/sms")


@bp.post("/incoming")
@twilio_signed
def incoming() -> Response:
    replies = answer_text(
        request.form.get("From", ""), request.form.get("Body", ""), request.form.get("MessageSid")
    )
    response = MessagingResponse()
    for text in replies:
        response.message(text)
    return Response(str(response), mimetype="text/xml")
