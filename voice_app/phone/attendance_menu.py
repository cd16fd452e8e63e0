"""Meetings menu 2, 3 and 4: check in with a PIN, join the meeting by phone, hear my payments.

A meeting is "happening now" from half an hour before it starts until it ends (the check-in
window in attendance.py). Checking in asks for the PIN again, so that a phone left with someone
else cannot check its owner in; the PIN's tries and lock are shared with signing in.
Guests hear that these are for members, and go back to the meetings menu.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from twilio.twiml.voice_response import VoiceResponse

from voice_app.attendance import (
    CheckIn,
    CheckInResult,
    check_in_by_phone,
    meeting_now,
    meeting_to_check_in,
)
from voice_app.extensions import db
from voice_app.models import Meeting
from voice_app.payments.summary import payment_summary, summary_sentences
from voice_app.phone import bp, meeting_menu
from voice_app.phone.context import CallerContext
from voice_app.phone.menus import MEETINGS, WAY_ON, note_silence, show_menu
from voice_app.phone.pin_check import ask_pin_first, needs_pin
from voice_app.phone.spoken import spoken_time
from voice_app.phone.webhook import webhook
from voice_app.phone.words import spoken_number

PIN_LENGTHS = range(4, 7)
# Outcomes after which the caller needs a person rather than the meetings menu.
NEEDS_A_PERSON = {CheckIn.LOCKED, CheckIn.HELD, CheckIn.NOT_MEMBER, CheckIn.CANCELLED}


def say_then_meetings(ctx: CallerContext, prompt_id: str) -> VoiceResponse:
    response = VoiceResponse()
    ctx.say(response, prompt_id)
    return show_menu(ctx, MEETINGS, response)


@bp.post("/meetings/check-in")
@webhook
def meeting_check_in(ctx: CallerContext) -> VoiceResponse:
    if ctx.person is None:
        return say_then_meetings(ctx, "check_in_members_only")
    ctx.visit("check in")
    meeting = meeting_to_check_in(ctx.group)
    if meeting is None:
        return say_then_meetings(ctx, "check_in_no_meeting")
    return ask_pin(ctx, VoiceResponse(), meeting)


def ask_pin(ctx: CallerContext, response: VoiceResponse, meeting: Meeting) -> VoiceResponse:
    gather = ctx.gather(
        response,
        "phone.meeting_check_in_pin",
        num_digits=None,
        finish_on_key="#",
        meeting=meeting.id,
    )
    ctx.say(gather, "check_in_ask_pin", meeting=meeting.title)
    return response


@bp.post("/meetings/check-in/pin")
@webhook
def meeting_check_in_pin(ctx: CallerContext) -> VoiceResponse:
    response = VoiceResponse()
    meeting_id = ctx.args.get("meeting", "")
    meeting = db.session.get(Meeting, int(meeting_id)) if meeting_id.isdigit() else None
    if ctx.person is None or meeting is None or meeting.group_id != ctx.call.group_id:
        ctx.say(response, "apology")
        return show_menu(ctx, MEETINGS, response)
    if ctx.heard_nothing:
        return response if note_silence(ctx, response) else ask_pin(ctx, response, meeting)
    pin = ctx.digits.strip("#") or spoken_number(ctx.speech, ctx.language)
    if len(pin) not in PIN_LENGTHS or not pin.isdigit():
        ctx.say(response, "check_in_pin_length")
        return ask_pin(ctx, response, meeting)
    result = check_in_by_phone(ctx.person, meeting, pin, calling_number=ctx.call.from_number)
    if result.outcome == CheckIn.OK:  # the right PIN: not asked again on this call
        ctx.remember(pin_checked=True)
    say_result(ctx, response, result, meeting)
    if result.outcome == CheckIn.WRONG_PIN:
        return ask_pin(ctx, response, meeting)
    if result.outcome in NEEDS_A_PERSON:
        return show_menu(ctx, WAY_ON, response)
    return show_menu(ctx, MEETINGS, response)


def say_result(
    ctx: CallerContext, response: VoiceResponse, result: CheckInResult, meeting: Meeting
) -> None:
    """The outcome in words: the meeting's name, when check-in opens, the tries left."""
    prompt_id = result.prompt_id
    if result.outcome == CheckIn.WRONG_PIN and result.attempts_left == 1:
        prompt_id = "check_in_wrong_pin_one"
    opens = ""
    if result.opens_at is not None:
        opens = spoken_time(result.opens_at.astimezone(ZoneInfo(meeting.group.timezone)))
    ctx.say(
        response,
        prompt_id,
        meeting=meeting.title,
        time=opens,
        attempts=result.attempts_left or 0,
        minutes=result.locked_minutes,
    )


@bp.post("/meetings/join")
@webhook
def meeting_join(ctx: CallerContext) -> VoiceResponse:
    if ctx.person is None:
        return say_then_meetings(ctx, "join_members_only")
    meeting = meeting_now(ctx.group, by_phone=True)
    if meeting is None:
        return say_then_meetings(ctx, "join_no_meeting")
    if needs_pin(ctx):
        return ask_pin_first(ctx, "phone.meeting_join")
    ctx.visit("join")
    return meeting_menu.join(ctx, meeting)


@bp.post("/meetings/payments")
@webhook
def payments_hear(ctx: CallerContext) -> VoiceResponse:
    if ctx.person is None:
        return say_then_meetings(ctx, "payments_members_only")
    if needs_pin(ctx):
        return ask_pin_first(ctx, "phone.payments_hear")
    ctx.visit("payments")
    response = VoiceResponse()
    for sentence in summary_sentences(payment_summary(ctx.person), ctx.group.timezone):
        ctx.say(response, "payments_sentence", text=sentence)
    return show_menu(ctx, MEETINGS, response)
