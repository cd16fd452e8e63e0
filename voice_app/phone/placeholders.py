"""Menu entries other areas will build: each says `coming_soon` and returns to its menu.

To replace one, delete its row here and register the real view under the same endpoint name
(the menus in menus.py point at these names), written as context.py describes.
"""

from __future__ import annotations

from twilio.twiml.voice_response import VoiceResponse

from voice_app.phone import bp
from voice_app.phone.context import CallerContext
from voice_app.phone.webhook import webhook

# endpoint (under phone.), path, the menu to return to: what each entry will do
PLACEHOLDERS = [
    ("meeting_check_in", "/meetings/check-in", "phone.meetings_menu"),  # meetings 2: check in
    ("meeting_join", "/meetings/join", "phone.meetings_menu"),  # meetings 3: join by phone
    ("payments_hear", "/meetings/payments", "phone.meetings_menu"),  # meetings 4: what I was paid
]


def coming_soon(ctx: CallerContext, back_to: str) -> VoiceResponse:
    response = VoiceResponse()
    ctx.say(response, "coming_soon")
    return ctx.redirect(response, back_to)


def _register(endpoint: str, path: str, back_to: str) -> None:
    def view(ctx: CallerContext) -> VoiceResponse:
        return coming_soon(ctx, back_to)

    view.__name__ = endpoint
    bp.add_url_rule(path, view_func=webhook(view), methods=["POST"])


for _endpoint, _path, _back_to in PLACEHOLDERS:
    _register(_endpoint, _path, _back_to)
