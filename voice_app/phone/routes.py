"""Thin webhook views: each hands the caller's context to a plain function and answers TwiML."""

from __future__ import annotations

from flask import Response, request
from twilio.twiml.voice_response import VoiceResponse

from voice_app.extensions import db
from voice_app.outreach.callback import maybe_reject_for_callback
from voice_app.phone import bp, help, identify, meetings_menu
from voice_app.phone.context import CallerContext
from voice_app.phone.menus import MENUS, Menu, answer_menu, show_menu
from voice_app.phone.status import record_status
from voice_app.phone.twiml import twiml
from voice_app.phone.webhook import webhook
from voice_app.telephony.cleaning import clean
from voice_app.telephony.security import twilio_signed


def int_arg(ctx: CallerContext, name: str, default: int = 0) -> int:
    value = ctx.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 6 else default


@bp.post("/incoming")
@webhook(identified=False)
def incoming(ctx: CallerContext) -> VoiceResponse:
    if (rejected := maybe_reject_for_callback(ctx.form)) is not None:
        return rejected  # a free callback: the line rings them straight back
    return identify.start_call(ctx)


def _register_menu(menu: Menu) -> None:
    """Two views per menu: /voice/<name> reads it, /voice/menu/<name> answers the choice."""

    def show(ctx: CallerContext) -> VoiceResponse:
        return show_menu(ctx, menu)

    def choose(ctx: CallerContext) -> VoiceResponse:
        return answer_menu(ctx, menu)

    show.__name__ = menu.endpoint.removeprefix("phone.")
    choose.__name__ = menu.choice_endpoint.removeprefix("phone.")
    bp.add_url_rule(f"/{menu.name}", view_func=webhook(show), methods=["POST"])
    bp.add_url_rule(f"/menu/{menu.name}", view_func=webhook(choose), methods=["POST"])


for _menu in MENUS:
    _register_menu(_menu)


@bp.post("/identify/number")
@webhook(identified=False)
def identify_number(ctx: CallerContext) -> VoiceResponse:
    return identify.answer_member_number(ctx)


@bp.post("/identify/pin")
@webhook(identified=False)
def identify_pin(ctx: CallerContext) -> VoiceResponse:
    return identify.answer_pin(ctx)


@bp.post("/identify/way-on")
@webhook(identified=False)
def identify_way_on(ctx: CallerContext) -> VoiceResponse:
    return identify.answer_way_on(ctx)


@bp.post("/identify/group")
@webhook(identified=False)
def identify_group(ctx: CallerContext) -> VoiceResponse:
    return identify.answer_group(ctx, int_arg(ctx, "page"))


@bp.post("/speed/change")
@webhook
def change_speed(ctx: CallerContext) -> VoiceResponse:
    return help.change_speed(ctx, ctx.args.get("change", "normal"))


@bp.post("/speed/keys-only")
@webhook
def keys_only(ctx: CallerContext) -> VoiceResponse:
    return help.keys_only(ctx)


@bp.post("/help/details")
@webhook
def my_details(ctx: CallerContext) -> VoiceResponse:
    return help.my_details(ctx)


@bp.post("/person")
@webhook(identified=False)
def speak_to_person(ctx: CallerContext) -> VoiceResponse:
    return help.speak_to_person(ctx)


@bp.post("/person/done")
@webhook(identified=False)
def dial_done(ctx: CallerContext) -> VoiceResponse:
    return help.dial_done(ctx)


@bp.post("/help/more-time")
@webhook(identified=False)
def more_time(ctx: CallerContext) -> VoiceResponse:
    return help.more_time(ctx)


@bp.post("/person/message-or-call-back")
@webhook(identified=False)
def person_message_choice(ctx: CallerContext) -> VoiceResponse:
    return help.answer_message_choice(ctx)


@bp.post("/meetings/upcoming")
@webhook
def meetings_upcoming(ctx: CallerContext) -> VoiceResponse:
    return meetings_menu.hear_upcoming(ctx, int_arg(ctx, "item"))


@bp.post("/meetings/upcoming/choice")
@webhook
def meetings_upcoming_choice(ctx: CallerContext) -> VoiceResponse:
    return meetings_menu.answer_upcoming(ctx, int_arg(ctx, "item"), ctx.args.get("last") == "1")


@bp.post("/status")
@twilio_signed
def status() -> Response:
    form = {key: clean(value) for key, value in request.form.items()}
    record_status(
        form.get("CallSid", ""),
        form.get("From"),
        form.get("To"),
        form.get("CallStatus", ""),
        form.get("CallDuration"),
    )
    db.session.commit()
    return twiml(VoiceResponse())
