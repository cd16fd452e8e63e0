"""Cancelled meetings on the phone line: callers hear that one is off instead of it being listed."""

from __future__ import annotations

from twilio.twiml.voice_response import Gather, VoiceResponse

from voice_app.meetings import cancelled_ahead
from voice_app.phone.context import CallerContext
from voice_app.phone.spoken import spoken_datetime


def say_cancelled(ctx: CallerContext, target: VoiceResponse | Gather) -> None:
    """Each cancelled meeting of the caller's group that would still have been ahead, and why."""
    if ctx.group is None:
        return
    for meeting in cancelled_ahead(ctx.group):
        when = spoken_datetime(meeting.starts_at, meeting.group.timezone, ctx.language)
        ctx.say(target, "meeting_cancelled_line", title=meeting.title, when=when)
        if meeting.cancel_reason:
            ctx.say(target, "meeting_cancelled_reason", reason=meeting.cancel_reason)
