"""The phone line: Twilio webhooks that answer with TwiML menus."""

from flask import Blueprint

bp = Blueprint("phone", __name__, url_prefix="/voice")

from voice_app.phone import routes  # noqa: E402,F401  (registers the views on bp)

# isort: split
# recording and shopping list
from voice_app.phone import recording, shopping_readout  # noqa: E402,F401
