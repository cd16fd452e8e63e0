"""The caller's context: everything a phone view needs to answer one webhook.

Every phone view receives a `CallerContext` and returns a `VoiceResponse`. Write views like this::

    from voice_app.phone import bp
    from voice_app.phone.context import CallerContext
    from voice_app.phone.webhook import webhook

    @bp.post("/papers")
    @webhook
    def papers_start(ctx: CallerContext) -> VoiceResponse:
        response = VoiceResponse()
        ctx.say(response, "papers_intro", title=paper.title)     # a prompt, at the caller's rate
        gather = ctx.gather(response, "phone.papers_key", [("1", "words_next")], section=3)
        ctx.say(gather, "papers_keys")                           # words inside the Gather
        return response                                          # or: return ctx.back_to_main()

`@webhook` checks Twilio's signature, loads the call from the request's CallSid (creating it when
we never saw it, and greeting or identifying the caller first when they are not yet known), answers
a repeated Twilio request with the very same TwiML without running the view again, commits, and
turns any exception into a spoken apology (see errors.py).

What the context gives you:
- `ctx.call`, `ctx.person` (None for guests), `ctx.group`, `ctx.language`, `ctx.rate` (speech rate
  in percent), `ctx.extra_seconds` (more time to answer), `ctx.is_guest`.
- `ctx.digits`, `ctx.speech`: what the caller just pressed or said (cleaned; "" when silent);
  `ctx.form` and `ctx.args`: the other form fields and query parameters, cleaned.
- `ctx.say(target, prompt_id, **values)`: one prompt from prompts/<language>.toml, at the
  caller's rate.
- `ctx.gather(response, endpoint, choices, **params)`: a keypad-and-speech Gather with the caller's
  extra time; `choices` is [(key, words prompt id)], used for speech hints.
- `ctx.url(endpoint, **params)`: a webhook URL; it carries a step number so that a retried Twilio
  request is recognised and a new visit is not.
- `ctx.redirect(response, endpoint, **params)`, `ctx.back_to_main(response)`,
  `ctx.goodbye(response)`.
- `ctx.visit(menu_name)`: note the menu in the call record (Call.menus): names only, never audio.
- `ctx.remember(**values)` / `ctx.recall(key, default)`: small values kept in Call.state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from twilio.twiml.voice_response import Gather, VoiceResponse

from voice_app.extensions import db
from voice_app.models import Call, Group, Person
from voice_app.phone.twiml import DIGIT_HINTS, menu_gather, speak
from voice_app.phone.words import hints_for
from voice_app.prompts import language_of
from voice_app.speech.phone_voices import voice_or_default

Choices = list[tuple[str, str]]
MORE_TIME_SECONDS = 30  # "more time": added once, kept for the rest of the call


@dataclass
class CallerContext:
    """One call, the caller and their preferences, and what they just pressed or said."""

    call: Call
    digits: str = ""
    speech: str = ""
    form: dict[str, str] = field(default_factory=dict)
    args: dict[str, str] = field(default_factory=dict)
    # The session's identity map holds objects weakly: without this the group would be selected
    # again for every prompt said (its voice and language), several times per webhook.
    _groups: dict[int, Group | None] = field(default_factory=dict, repr=False)

    @property
    def person(self) -> Person | None:
        return self.call.person

    @property
    def group(self) -> Group | None:
        group_id = self.call.group_id
        if group_id is None:
            return None
        if group_id not in self._groups:
            self._groups[group_id] = db.session.get(Group, group_id)
        return self._groups[group_id]

    @property
    def voice(self) -> str:
        group = self.group
        return voice_or_default(group.phone_voice if group is not None else None)

    @property
    def is_guest(self) -> bool:
        return bool(self.call.is_guest)

    @property
    def identified(self) -> bool:
        """Known (by number or PIN) or a guest, and talking about one group."""
        return self.call.group_id is not None and (self.person is not None or self.is_guest)

    @property
    def language(self) -> str:
        return language_of(self.group)

    @property
    def rate(self) -> int:
        return self.person.speech_rate if self.person else int(self.recall("rate", 100))

    @property
    def extra_seconds(self) -> int:
        """The person's own extra time, plus 30 s once they asked for more time on this call."""
        own = self.person.extra_time_seconds if self.person else 0
        return own + int(self.recall("more_time", 0))

    @property
    def heard_nothing(self) -> bool:
        return not self.digits and not self.speech

    def recall(self, key: str, default: Any = None) -> Any:
        return (self.call.state or {}).get(key, default)

    def remember(self, **values: Any) -> None:
        self.call.state = {**(self.call.state or {}), **values}

    def visit(self, menu: str) -> None:
        self.call.menus = [*(self.call.menus or []), menu]

    def url(self, endpoint: str, **params: Any) -> str:
        return url_for(endpoint, n=self.recall("step", 0), **params)

    def say(self, target: VoiceResponse | Gather, prompt_id: str, **values: Any) -> None:
        speak(target, prompt_id, rate=self.rate, language=self.language, voice=self.voice, **values)

    def gather(
        self,
        response: VoiceResponse,
        endpoint: str,
        choices: Choices = (),
        *,
        num_digits: int | None = 1,
        finish_on_key: str | None = None,
        keys_only: bool = False,
        number: bool = False,
        **params: Any,
    ) -> Gather:
        """number=True (or more than one key): hint the recogniser to expect a digit sequence."""
        hints = hints_for(choices, self.language)
        if number or num_digits != 1:
            hints = ", ".join(filter(None, [DIGIT_HINTS, hints]))
        return menu_gather(
            response,
            self.url(endpoint, **params),
            hints,
            self.extra_seconds,
            num_digits=num_digits,
            finish_on_key=finish_on_key,
            language=self.language,
            keys_only=keys_only,
        )

    def redirect(self, response: VoiceResponse, endpoint: str, **params: Any) -> VoiceResponse:
        response.redirect(self.url(endpoint, **params), method="POST")
        return response

    def back_to_main(self, response: VoiceResponse | None = None) -> VoiceResponse:
        return self.redirect(response or VoiceResponse(), "phone.main_menu")

    def goodbye(self, response: VoiceResponse | None = None) -> VoiceResponse:
        response = response or VoiceResponse()
        self.say(response, "goodbye")
        response.hangup()
        self.call.ended_reason = self.call.ended_reason or "goodbye"
        return response
