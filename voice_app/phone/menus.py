"""Menus as data: which key (or words) goes where, read at most five choices at a time.

A menu is shown by `show_menu` and answered by `answer_menu`: the right key redirects to its
endpoint; a wrong key hears which keys are valid; silence repeats the menu, and after
MAX_SILENCES silent turns the caller hears a kind goodbye rather than a dead line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from twilio.twiml.voice_response import VoiceResponse

from voice_app.phone import relay_mode
from voice_app.phone.context import CallerContext
from voice_app.phone.spoken import spoken_keys
from voice_app.phone.words import heard_key, said_any

MAX_SILENCES = 3
MAX_CHOICES_READ = 5


@dataclass(frozen=True)
class Option:
    key: str
    endpoint: str
    words: str  # the prompt id of the words that also choose it
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Menu:
    name: str
    prompt: str
    options: tuple[Option, ...]
    intro: str | None = None  # said before the choices, outside the Gather

    @property
    def endpoint(self) -> str:
        return f"phone.{self.name}_menu"

    @property
    def choice_endpoint(self) -> str:
        return f"phone.{self.name}_menu_choice"

    def choices(self) -> list[tuple[str, str]]:
        return [(option.key, option.words) for option in self.options]

    def option(self, key: str | None) -> Option | None:
        return next((option for option in self.options if option.key == key), None)


MAIN = Menu(
    "main",
    "main_menu",
    (
        Option("1", "phone.papers_start", "words_papers"),
        Option("2", "phone.comment_start", "words_comment"),
        Option("3", "phone.shopping_menu", "words_shopping"),
        Option("4", "phone.meetings_menu", "words_meetings"),
        Option("0", "phone.help_menu", "words_help"),
        Option("*", "phone.main_menu", "words_repeat"),
    ),
)
SHOPPING = Menu(
    "shopping",
    "shopping_menu",
    (
        Option("1", "phone.shopping_hear", "words_hear_list"),
        Option("2", "phone.shopping_add", "words_add_item"),
        Option("*", "phone.main_menu", "words_back"),
        Option("0", "phone.help_menu", "words_help"),
    ),
)
MEETINGS = Menu(
    "meetings",
    "meetings_menu",
    (
        Option("1", "phone.meetings_upcoming", "words_upcoming"),
        Option("2", "phone.meeting_check_in", "words_check_in"),
        Option("3", "phone.meeting_join", "words_join"),
        Option("4", "phone.payments_hear", "words_payments"),
        Option("*", "phone.main_menu", "words_back"),
        Option("0", "phone.help_menu", "words_help"),
    ),
)
HELP = Menu(
    "help",
    "help_menu",
    (
        Option("1", "phone.speed_menu", "words_speed"),
        Option("2", "phone.my_details", "words_details"),
        Option("3", "phone.speak_to_person", "words_person"),
        Option("4", "phone.more_time", "words_more_time"),
        Option("0", "phone.speak_to_person", "words_person"),
        Option("*", "phone.main_menu", "words_back"),
    ),
)
SPEED = Menu(
    "speed",
    "speed_menu",
    (
        Option("1", "phone.change_speed", "words_slower", {"change": "slower"}),
        Option("2", "phone.change_speed", "words_faster", {"change": "faster"}),
        Option("3", "phone.change_speed", "words_normal", {"change": "normal"}),
        Option("4", "phone.keys_only", "words_keys_only"),
        Option("*", "phone.help_menu", "words_back"),
        Option("0", "phone.help_menu", "words_help"),
    ),
)
# After a check-in that needs a person (a locked PIN, another group's meeting, a cancellation).
WAY_ON = Menu(
    "way_on",
    "way_on_menu",
    (
        Option("0", "phone.speak_to_person", "words_person"),
        Option("*", "phone.meetings_menu", "words_back"),
    ),
)
MENUS = (MAIN, SHOPPING, MEETINGS, HELP, SPEED, WAY_ON)
MENUS_BY_ENDPOINT = {menu.endpoint: menu for menu in MENUS}


Said = list[tuple[str, dict[str, Any]]]  # prompts said first, inside the Gather


def show_menu(
    ctx: CallerContext,
    menu: Menu,
    response: VoiceResponse | None = None,
    before: Said = (),
) -> VoiceResponse:
    """Read the menu's choices inside a Gather that listens for keys and words; greetings and
    apologies (`before`) are said inside it too, so a key pressed during them is not lost."""
    response = response or VoiceResponse()
    ctx.visit(menu.name)
    gather = ctx.gather(response, menu.choice_endpoint, menu.choices())
    for prompt_id, values in before:
        ctx.say(gather, prompt_id, **values)
    ctx.say(gather, menu.prompt)
    return response


def silence_words(ctx: CallerContext) -> Said:
    """Count a silent turn (it is never a mistake): what to say before asking again."""
    silences = int(ctx.recall("silences", 0)) + 1
    ctx.remember(silences=silences)
    return [("no_input" if silences == 1 else "still_there", {})]


def too_many_silences(ctx: CallerContext, response: VoiceResponse) -> bool:
    """After MAX_SILENCES silent turns in a row (more in relay mode), a kind goodbye (said here),
    never a dead line."""
    if int(ctx.recall("silences", 0)) + 1 < relay_mode.silences_allowed(ctx, MAX_SILENCES):
        return False
    ctx.call.ended_reason = "no input"
    ctx.goodbye(response)
    return True


def note_silence(ctx: CallerContext, response: VoiceResponse) -> bool:
    """Count a silent turn; True when it is time for a kind goodbye (said here)."""
    if too_many_silences(ctx, response):
        return True
    for prompt_id, values in silence_words(ctx):
        ctx.say(response, prompt_id, **values)
    return False


def wants_a_person(ctx: CallerContext) -> bool:
    return not ctx.digits and said_any(ctx.speech, "words_person", ctx.language)


def answer_menu(ctx: CallerContext, menu: Menu) -> VoiceResponse:
    """Go where the caller's key or words point; otherwise help them choose again."""
    response = VoiceResponse()
    if ctx.heard_nothing:
        if too_many_silences(ctx, response):
            return response
        return show_menu(ctx, menu, response, before=silence_words(ctx))
    if wants_a_person(ctx):
        return ctx.redirect(response, "phone.speak_to_person")
    key = heard_key(ctx.digits, ctx.speech, menu.choices(), ctx.language)
    option = menu.option(key)
    if option is None and key == "0":  # 0 works in every menu: help (and a person)
        option = Option("0", "phone.help_menu", "words_help")
    if option is None:
        keys = spoken_keys([o.key for o in menu.options], ctx.language)
        return show_menu(ctx, menu, response, before=[("invalid_choice", {"keys": keys})])
    target = MENUS_BY_ENDPOINT.get(option.endpoint)
    if target is not None and not option.params:
        return show_menu(ctx, target, response)  # one request fewer than a Redirect
    return ctx.redirect(response, option.endpoint, **option.params)
