"""The phone line: Twilio webhooks that answer with TwiML menus.

Start with context.py: it explains how to write a phone view with `@webhook` and `CallerContext`.
"""

from flask import Blueprint

bp = Blueprint("phone", __name__, url_prefix="/voice")

from voice_app.phone import routes  # noqa: E402,F401  (registers the views on bp)

# --- phone line (issue 3): placeholder menu entries and the apology for failures ---
from voice_app.phone import errors, placeholders  # noqa: E402,F401,I001  isort: skip

# --- meeting papers read aloud (issue 4): the talking book, its audio route, listening time ---
from voice_app.phone import audio, listening, reading  # noqa: E402,F401,I001  isort: skip
