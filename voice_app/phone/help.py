"""Help and settings: reading speed (kept on the person), my details, more time, and a way to a
person: when nobody answers, a message or a call back (voice_app/contact_requests.py)."""

from __future__ import annotations

from twilio.twiml.voice_response import Dial, VoiceResponse

from voice_app.contact_requests import ask_for_person
from voice_app.directory import group_for_number
from voice_app.models import ContactSource
from voice_app.phone import identify
from voice_app.phone.context import CallerContext
from voice_app.phone.menus import (
    HELP,
    MAIN,
    SPEED,
    show_menu,
    silence_words,
    too_many_silences,
)
from voice_app.phone.more_time import grant_more_time
from voice_app.phone.pin_check import ask_pin_first, needs_pin
from voice_app.phone.spoken import spoken_keys
from voice_app.phone.words import heard_key

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
    if needs_pin(ctx):
        return ask_pin_first(ctx, "phone.change_speed", change=change)
    response = VoiceResponse()
    before = ctx.rate
    after = new_rate(before, change)
    if ctx.person is not None:
        ctx.person.speech_rate = after
    else:
        ctx.remember(rate=after)
    ctx.say(response, "speed_limit" if after == before and change != "normal" else "speed_now")
    return show_menu(ctx, SPEED, response)


def keys_only(ctx: CallerContext) -> VoiceResponse:
    """Reading menu, 4: keys only while a paper is read (voices in the room cannot stop it)."""
    if ctx.person is None:
        return show_menu(ctx, SPEED, before=[("keys_only_members", {})])
    if needs_pin(ctx):
        return ask_pin_first(ctx, "phone.keys_only")
    ctx.person.keys_only_while_reading = not ctx.person.keys_only_while_reading
    said = "keys_only_on" if ctx.person.keys_only_while_reading else "keys_only_off"
    return show_menu(ctx, SPEED, before=[(said, {})])


def my_details(ctx: CallerContext) -> VoiceResponse:
    if needs_pin(ctx):
        return ask_pin_first(ctx, "phone.my_details")
    response = VoiceResponse()
    group = ctx.group.name if ctx.group else ""
    if ctx.person is not None:
        number = " ".join(ctx.person.member_number)  # said digit by digit
        ctx.say(response, "details_person", name=ctx.person.name, number=number, group=group)
    else:
        ctx.say(response, "details_guest", group=group)
    if ctx.extra_seconds:
        ctx.say(response, "details_settings", percent=ctx.rate, seconds=ctx.extra_seconds)
    else:
        ctx.say(response, "details_speed", percent=ctx.rate)
    return show_menu(ctx, HELP, response)


def more_time(ctx: CallerContext) -> VoiceResponse:
    """Help, 4: 30 seconds more to answer, for the rest of this call."""
    grant_more_time(ctx)
    return show_menu(ctx, MAIN, before=[("more_time_given", {})])


def person_phone(ctx: CallerContext) -> str | None:
    group = ctx.group or group_for_number(ctx.call.to_number)
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
    if ctx.form.get("DialCallStatus") == "completed":
        ctx.say(response, "person_call_over")
        return back_to_where_they_were(ctx, response)
    return offer_message(ctx, response, before=[("person_no_answer", {})])


# Nobody answered: never a dead end. A message (recorded, transcribed) or a call back.
NOBODY_ANSWERED_CHOICES = [
    ("1", "words_leave_message"),
    ("2", "words_call_back"),
    ("*", "words_back"),
    ("0", "words_help"),
]


def offer_message(ctx: CallerContext, response: VoiceResponse, before=()) -> VoiceResponse:
    ctx.visit("message or call back")
    gather = ctx.gather(response, "phone.person_message_choice", NOBODY_ANSWERED_CHOICES)
    for prompt_id, values in before:
        ctx.say(gather, prompt_id, **values)
    ctx.say(gather, "person_message_offer")
    return response


def answer_message_choice(ctx: CallerContext) -> VoiceResponse:
    response = VoiceResponse()
    if ctx.heard_nothing:
        if too_many_silences(ctx, response):
            return response
        return offer_message(ctx, response, before=silence_words(ctx))
    key = heard_key(ctx.digits, ctx.speech, NOBODY_ANSWERED_CHOICES, ctx.language)
    if key == "1":
        return ctx.redirect(response, "phone.person_message")
    if key == "2":
        return call_back(ctx, response)
    if key == "*":
        return back_to_where_they_were(ctx, response)
    if key == "0":
        return ctx.redirect(response, "phone.help_menu")
    keys = spoken_keys(["1", "2", "*"], ctx.language)
    return offer_message(ctx, response, before=[("invalid_choice", {"keys": keys})])


def call_back(ctx: CallerContext, response: VoiceResponse) -> VoiceResponse:
    group = ctx.group or group_for_number(ctx.call.to_number)
    phone = ctx.call.from_number
    if group is None or (ctx.person is None and not phone):
        return offer_message(ctx, response, before=[("person_callback_needs_number", {})])
    ask_for_person(
        group.id,
        source=ContactSource.PHONE,
        reason="Please call back: nobody answered the phone line",
        person=ctx.person,
        phone=phone,
    )
    ctx.say(response, "person_callback_noted")
    return back_to_where_they_were(ctx, response)


def back_to_where_they_were(ctx: CallerContext, response: VoiceResponse) -> VoiceResponse:
    """Identified callers go to the main menu; others back to identification."""
    if ctx.identified:
        return ctx.back_to_main(response)
    if ctx.recall("pin_stopped"):
        return identify.offer_way_on(ctx, response, "")
    return identify.ask_member_number(ctx, response)
