"""Webhooks for calls we make: papers-ready calls, reminders, and their status callbacks."""

from __future__ import annotations

from flask import request, url_for
from twilio.twiml.voice_response import Gather, VoiceResponse

from voice_app.models import CallDirection
from voice_app.outreach import clock
from voice_app.outreach.answering import (
    OutreachCall,
    call_back_later,
    note_answered_by,
    outreach_call,
    stop_papers_ready_calls,
)
from voice_app.outreach.status import is_machine, record_call_status, record_sms_status
from voice_app.phone import bp
from voice_app.phone.context import CallerContext
from voice_app.phone.menus import Menu, Option, answer_menu
from voice_app.phone.twiml import say_text, speak, twiml
from voice_app.phone.webhook import webhook
from voice_app.telephony.security import twilio_signed


def make_call_known(ctx: CallerContext, found: OutreachCall) -> None:
    """We rang this resident's own number: the call is theirs, about their group, so the
    papers menu (and the rest of the line) knows them without a PIN. As the line sees it, the
    resident's number is the caller's and the group's number the one called."""
    call = ctx.call
    if call.direction != CallDirection.OUTBOUND:
        call.direction = CallDirection.OUTBOUND
        call.from_number, call.to_number = call.to_number, call.from_number
    if found.person is not None and call.person_id is None:
        call.person, call.authenticated = found.person, True
    if call.group_id is None and found.group is not None:
        call.group_id = found.group.id


def _say_body(ctx: CallerContext, target: VoiceResponse | Gather, found: OutreachCall) -> None:
    """The message's own words (made from prompts when it was queued), at the person's rate."""
    say_text(target, found.message.body or "", ctx.rate, ctx.language, ctx.voice)


def _lost_call() -> VoiceResponse:
    response = VoiceResponse()
    speak(response, "outreach_not_found")
    response.redirect(url_for("phone.incoming"), method="POST")
    return response


def _machine_message(ctx: CallerContext, found: OutreachCall, ending: str | None) -> VoiceResponse:
    """A short message for an answering machine, then hang up."""
    response = VoiceResponse()
    ctx.say(response, "outreach_hello", name=_name(found), group=_group_name(found))
    _say_body(ctx, response, found)
    if ending:
        ctx.say(response, ending, number=found.group.phone_number if found.group else "")
    else:
        ctx.say(response, "goodbye")
    response.hangup()
    return response


def _name(found: OutreachCall) -> str:
    return found.person.name if found.person else ""


def _group_name(found: OutreachCall) -> str:
    return found.group.name if found.group else ""


# The choices of the calls we make: ordinary menus (menus.py), with prompts, three silences,
# replayed retries and cleaned input like every other menu on the line.
PAPERS_READY = Menu(
    "papers_ready",
    "papers_ready_choices",
    (
        Option("1", "phone.papers_start", "words_hear_now"),
        Option("2", "phone.outreach_later", "words_later"),
        Option("3", "phone.outreach_stop", "words_stop_calls"),
        Option("*", "phone.outreach_papers_ready_again", "words_repeat"),
        Option("0", "phone.help_menu", "words_help"),
    ),
)
REMINDER = Menu(
    "reminder",
    "reminder_choices",
    (
        Option("1", "phone.outreach_reminder_again", "words_repeat"),
        Option("2", "phone.main_menu", "words_main_menu"),
        Option("*", "phone.outreach_reminder_again", "words_repeat"),
        Option("0", "phone.help_menu", "words_help"),
    ),
)


def _answered(ctx: CallerContext, menu: Menu, machine_ending: str | None) -> VoiceResponse:
    found = outreach_call(ctx.form.get("CallSid", ""))
    if found is None:
        return _lost_call()
    make_call_known(ctx, found)
    note_answered_by(found, ctx.form.get("AnsweredBy"))
    if is_machine(ctx.form.get("AnsweredBy")):
        return _machine_message(ctx, found, machine_ending)
    return _offer(ctx, menu, found, hello=True)


def _offer(
    ctx: CallerContext, menu: Menu, found: OutreachCall, hello: bool = False
) -> VoiceResponse:
    """The greeting and the message inside the menu's Gather, then its choices."""
    response = VoiceResponse()
    ctx.visit(menu.name)
    gather = ctx.gather(response, menu.choice_endpoint, menu.choices())
    if hello:
        ctx.say(gather, "outreach_hello", name=_name(found), group=_group_name(found))
    _say_body(ctx, gather, found)
    ctx.say(gather, menu.prompt)
    return response


def _again(ctx: CallerContext, menu: Menu) -> VoiceResponse:
    found = outreach_call(ctx.form.get("CallSid", ""))
    return _lost_call() if found is None else _offer(ctx, menu, found)


@bp.post("/outreach/papers-ready")
@webhook(identified=False)
def outreach_papers_ready(ctx: CallerContext) -> VoiceResponse:
    return _answered(ctx, PAPERS_READY, "outreach_voicemail_call_us")


@bp.post("/outreach/papers-ready/choice")
@webhook
def papers_ready_menu_choice(ctx: CallerContext) -> VoiceResponse:
    return answer_menu(ctx, PAPERS_READY)


@bp.post("/outreach/papers-ready/again")
@webhook
def outreach_papers_ready_again(ctx: CallerContext) -> VoiceResponse:
    return _again(ctx, PAPERS_READY)


@bp.post("/outreach/papers-ready/later")
@webhook
def outreach_later(ctx: CallerContext) -> VoiceResponse:
    found = outreach_call(ctx.form.get("CallSid", ""))
    if found is None:
        return _lost_call()
    time, day = call_back_later(found, ctx.form.get("CallSid", ""), clock.now())
    response = VoiceResponse()
    ctx.say(response, "papers_ready_later", time=time, day=day)
    response.hangup()
    return response


@bp.post("/outreach/papers-ready/stop")
@webhook
def outreach_stop(ctx: CallerContext) -> VoiceResponse:
    found = outreach_call(ctx.form.get("CallSid", ""))
    if found is None:
        return _lost_call()
    stop_papers_ready_calls(found)
    response = VoiceResponse()
    ctx.say(response, "papers_ready_stopped")
    response.hangup()
    return response


@bp.post("/outreach/reminder")
@webhook(identified=False)
def outreach_reminder(ctx: CallerContext) -> VoiceResponse:
    return _answered(ctx, REMINDER, None)


@bp.post("/outreach/reminder/choice")
@webhook
def reminder_menu_choice(ctx: CallerContext) -> VoiceResponse:
    return answer_menu(ctx, REMINDER)


@bp.post("/outreach/reminder/again")
@webhook
def outreach_reminder_again(ctx: CallerContext) -> VoiceResponse:
    return _again(ctx, REMINDER)


@bp.post("/outreach/status")
@twilio_signed
def outreach_status():
    """Twilio's status callback for our calls and texts."""
    form = request.form
    if form.get("MessageSid") and form.get("MessageStatus"):
        record_sms_status(form["MessageSid"], form["MessageStatus"], clock.now())
    else:
        record_call_status(
            form.get("CallSid", ""),
            form.get("CallStatus", ""),
            form.get("AnsweredBy"),
            form.get("CallDuration"),
            clock.now(),
        )
    return twiml(VoiceResponse())
