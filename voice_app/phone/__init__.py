"""The phone line: Twilio webhooks that answer with TwiML menus.

Each module registers its own views on `bp`; importing them here wires the whole line.
"""

from flask import Blueprint

bp = Blueprint("phone", __name__, url_prefix="/voice")

# isort: off
from voice_app.phone import routes  # noqa: E402,F401  menus, identification, help, status
from voice_app.phone import errors, placeholders  # noqa: E402,F401  apologies; unbuilt entries
from voice_app.phone import audio, listening, reading  # noqa: E402,F401  papers read aloud
from voice_app.phone import recording, shopping_readout  # noqa: E402,F401  comments, shopping
from voice_app.phone import conference  # noqa: E402,F401  joining a meeting by phone
from voice_app.phone import outreach  # noqa: E402,F401  the calls the group makes
# isort: on
