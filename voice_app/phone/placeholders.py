"""Menu entries other areas will build: each says `coming_soon` and returns to its menu.

Replace one by deleting its view here and registering the real view under the same endpoint
name (the menus in menus.py point at these names).
"""

from __future__ import annotations

from twilio.twiml.voice_response import VoiceResponse

from voice_app.phone import bp
from voice_app.phone.context import CallerContext
from voice_app.phone.webhook import webhook


def coming_soon(ctx: CallerContext, back_to: str) -> VoiceResponse:
    response = VoiceResponse()
    ctx.say(response, "coming_soon")
    return ctx.redirect(response, back_to)


@bp.post("/meetings/check-in")
@webhook
def meeting_check_in(ctx: CallerContext) -> VoiceResponse:
    """Meetings 2: check in to the meeting happening now."""
    return coming_soon(ctx, "phone.meetings_menu")


@bp.post("/meetings/join")
@webhook
def meeting_join(ctx: CallerContext) -> VoiceResponse:
    """Meetings 3: join the meeting by phone."""
    return coming_soon(ctx, "phone.meetings_menu")


@bp.post("/meetings/payments")
@webhook
def payments_hear(ctx: CallerContext) -> VoiceResponse:
    """Meetings 4: hear what you have been paid."""
    return coming_soon(ctx, "phone.meetings_menu")
