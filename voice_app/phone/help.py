"""Help and settings: reading speed (kept on the person), my details, and a way to a person."""

from __future__ import annotations

from twilio.twiml.voice_response import Dial, VoiceResponse

from voice_app.phone import identify
from voice_app.phone.context import CallerContext
from voice_app.phone.menus import HELP, SPEED, show_menu

RATE_STEP = 10
SLOWEST, NORMAL, FASTEST = 50, 100, 150
DIAL_RING_SECONDS = 30


def new_rate(current: int, change: str) -> int:
    """The reading speed after one step slower or faster (or back to normal), within limits."""
    if change == "slower":
        return max(SLOWEST, current - RATE_STEP)
    if change == "faster":
        return min(FASTEST, current + RATE_STEP)
    return NORMAL


def change_speed(ctx: CallerContext, change: str) -> VoiceResponse:
    """Change the caller's speed, say a sentence at the new speed, then offer the menu again."""
    response = VoiceResponse()
    before = ctx.rate
    after = new_rate(before, change)
    if ctx.person is not None:
        ctx.person.speech_rate = after
    else:
        ctx.remember(rate=after)
    ctx.say(response, "speed_limit" if after == before and change != "normal" else "speed_now")
    return show_menu(ctx, SPEED, response)


def my_details(ctx: CallerContext) -> VoiceResponse:
    response = VoiceResponse()
    group = ctx.group.name if ctx.group else ""
    if ctx.person is not None:
        number = " ".join(ctx.person.member_number)  # said digit by digit
        ctx.say(response, "details_person", name=ctx.person.name, number=number, group=group)
    else:
        ctx.say(response, "details_guest", group=group)
    ctx.say(response, "details_settings", percent=ctx.rate, seconds=ctx.extra_seconds)
    return show_menu(ctx, HELP, response)


def person_phone(ctx: CallerContext) -> str | None:
    group = ctx.group or identify.group_for_number(ctx.call.to_number)
    return group.coordinator_phone if group is not None else None


def speak_to_person(ctx: CallerContext) -> VoiceResponse:
    """Put the caller through to the group's coordinator, or apologise and lead back."""
    response = VoiceResponse()
    ctx.visit("person")
    number = person_phone(ctx)
    if not number:
        ctx.say(response, "person_unavailable")
        return back_to_where_they_were(ctx, response)
    ctx.say(response, "connecting_person")
    dial = Dial(action=ctx.url("phone.dial_done"), method="POST", timeout=DIAL_RING_SECONDS)
    dial.number(number)
    response.append(dial)
    return response


def dial_done(ctx: CallerContext) -> VoiceResponse:
    response = VoiceResponse()
    answered = ctx.form.get("DialCallStatus") == "completed"
    ctx.say(response, "person_call_over" if answered else "person_no_answer")
    return back_to_where_they_were(ctx, response)


def back_to_where_they_were(ctx: CallerContext, response: VoiceResponse) -> VoiceResponse:
    """Identified callers go to the main menu; others back to identification."""
    if ctx.identified:
        return ctx.back_to_main(response)
    if ctx.recall("pin_stopped"):
        return identify.offer_way_on(ctx, response, "")
    return identify.ask_member_number(ctx, response)
