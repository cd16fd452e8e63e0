"""The phone line: Twilio webhooks that answer with TwiML menus.

Each module registers its own views on `bp`; importing them here wires the whole line.
"""

from flask import Blueprint

bp = Blueprint("phone", __name__, url_prefix="/voice")

# isort: off
from voice_app.phone import routes  # noqa: E402,F401  menus, identification, help, status
from voice_app.phone import errors  # noqa: E402,F401  apologies
from voice_app.phone import audio, listening, reading  # noqa: E402,F401  papers read aloud
from voice_app.phone import recording, recording_status  # noqa: E402,F401  comments, items
from voice_app.phone import shopping_readout  # noqa: E402,F401  the shopping list
from voice_app.phone import attendance_menu  # noqa: E402,F401  check in, join, payments
from voice_app.phone import conference  # noqa: E402,F401  joining a meeting by phone
from voice_app.phone import meeting_menu  # noqa: E402,F401  star in the meeting: hands, mute
from voice_app.phone import outreach  # noqa: E402,F401  the calls the group makes
# isort: on
