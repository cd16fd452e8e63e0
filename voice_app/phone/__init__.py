"""The phone line: Twilio webhooks that answer with TwiML menus."""

from flask import Blueprint

bp = Blueprint("phone", __name__, url_prefix="/voice")

import voice_app.phone.conference  # noqa: E402,F401  (payments: the meeting conference)
from voice_app.phone import routes  # noqa: E402,F401  (registers the views on bp)
