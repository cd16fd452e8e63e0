"""The `@webhook` decorator every phone view uses (see context.py for how to write a view)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, request
from twilio.twiml.voice_response import VoiceResponse

from voice_app.calls import get_or_start_call
from voice_app.extensions import db
from voice_app.phone import relay
from voice_app.phone.context import CallerContext
from voice_app.phone.more_time import asks_for_more_time, grant_more_time, more_time_answer
from voice_app.phone.twiml import twiml
from voice_app.telephony.cleaning import clean
from voice_app.telephony.security import twilio_signed

KEPT_ANSWERS = 6  # answers remembered per call, to replay Twilio's retries exactly
View = Callable[[CallerContext], VoiceResponse]


def fingerprint(path: str, args: dict[str, str], form: dict[str, str]) -> str:
    payload = json.dumps([path, sorted(args.items()), sorted(form.items())])
    return hashlib.sha256(payload.encode("utf-8", "replace")).hexdigest()[:32]


def context_from_request() -> CallerContext:
    """The caller's context for this request; the call record is made if we never saw it."""
    form = {clean(k, 64): clean(v) for k, v in request.form.items()}
    args = {clean(k, 64): clean(v, 64) for k, v in request.args.items()}
    call = get_or_start_call(form.get("CallSid", ""), form.get("From"), form.get("To"))
    return CallerContext(
        call=call,
        digits="".join(ch for ch in form.get("Digits", "") if ch in "0123456789*#"),
        speech=form.get("SpeechResult", ""),
        form=form,
        args=args,
    )


def _keep_answer(ctx: CallerContext, key: str, answer: str) -> None:
    answers = dict(ctx.recall("answers", {}))
    answers[key] = answer
    ctx.remember(answers=dict(list(answers.items())[-KEPT_ANSWERS:]))


def webhook(
    view: View | None = None, *, identified: bool = True, own_wait_words: bool = False
) -> Any:
    """Make a phone view: signed, call loaded, retries replayed, committed, TwiML out.

    identified=True (the default) means the view needs a known caller or a guest; a call that is
    not yet identified (say, a Gather action for a call we never saw) is started properly instead.
    "More time" (or "wait") is answered here for every view: 30 s more, and the same question
    again; own_wait_words=True grants the time but lets the view act too (a paper pauses).
    """

    def decorate(func: View) -> Callable[..., Response]:
        @wraps(func)
        @twilio_signed
        def wrapper() -> Response:
            ctx = context_from_request()
            key = fingerprint(request.path, ctx.args, ctx.form)
            replay = ctx.recall("answers", {}).get(key)
            if replay is not None:
                return twiml(replay)
            ctx.remember(step=int(ctx.recall("step", 0)) + 1)
            if not ctx.heard_nothing:
                ctx.remember(silences=0)
            # A turn that only asked for relay mode is answered by asking the question again.
            response: VoiceResponse | str | None = relay.take_turn(ctx, request.endpoint)
            if response is None:
                response = _answer(ctx, func, identified, own_wait_words)
            if isinstance(response, VoiceResponse):  # a question asked again is already adapted
                relay.adapt(ctx, response, request.endpoint)
            answer = str(response)
            _keep_answer(ctx, key, answer)
            ctx.remember(last_answer=key)
            db.session.commit()
            return twiml(answer)

        return wrapper

    return decorate(view) if view is not None else decorate


def _answer(
    ctx: CallerContext, func: View, identified: bool, own_wait_words: bool
) -> VoiceResponse | str:
    """The view's answer, after "more time" (the same question again, with the longer wait) and
    after starting a call that a Gather action met before any greeting."""
    if asks_for_more_time(ctx) and not own_wait_words:
        last = ctx.recall("answers", {}).get(ctx.recall("last_answer", ""))
        return more_time_answer(ctx, last)
    if identified and not ctx.identified:
        from voice_app.phone.identify import start_call

        return start_call(ctx)
    if asks_for_more_time(ctx):
        grant_more_time(ctx)
    return func(ctx)
