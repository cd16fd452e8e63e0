"""Who is calling, and about which group: caller ID, member number and PIN, or a guest.

Known numbers are greeted by name. Others key (or say) their member number and PIN, or press star
to listen as a guest where the group allows. Wrong PINs are limited: PIN_TRIES_PER_CALL per call,
and by the PIN policy in voice_app/pins.py (pauses, holds, limits per number and line); either
way the caller hears a clear message and a way on (a guest, or a person), never a dead end.

Forgiving entry: only a complete 4-6 digit PIN is a try (silence is silence, a short entry is
asked for again); a wrong PIN asks for the PIN again, not the member number. The member number
prompt takes its first key alone (numDigits=1), so star (a guest) and 0 (a person) act at once;
member numbers never start with 0, and a first digit 1-9 opens a second Gather for the rest.
"""

from __future__ import annotations

from sqlalchemy import select
from twilio.twiml.voice_response import Gather, VoiceResponse

from voice_app.directory import group_for_number
from voice_app.extensions import db
from voice_app.models import Call, Group, Person, utcnow
from voice_app.phone.context import CallerContext
from voice_app.phone.menus import (
    MAIN,
    Said,
    note_silence,
    show_menu,
    silence_words,
    too_many_silences,
    wants_a_person,
)
from voice_app.phone.spoken import spoken_keys
from voice_app.phone.words import spoken_number
from voice_app.pins import PinOutcome, check_pin

PIN_TRIES_PER_CALL = 3
PIN_LENGTHS = range(4, 7)
REPEAT_TIP_CALLS = 3  # the "press star to hear the choices again" tip, on a person's first calls
GROUPS_PER_PAGE = 4
NUMBER_CHOICES = [("*", "words_guest"), ("0", "words_person")]


def guest_groups() -> list[Group]:
    return list(db.session.scalars(select(Group).where(Group.guests_allowed).order_by(Group.name)))


def guests_possible(ctx: CallerContext) -> bool:
    group = ctx.group or group_for_number(ctx.call.to_number)
    return group.guests_allowed if group is not None else bool(guest_groups())


def start_call(ctx: CallerContext) -> VoiceResponse:
    """The first answer of a call (or of a call we never saw): greet, identify, then the menu."""
    person = ctx.person
    if person is not None and not person.groups():
        ctx.call.person, ctx.call.authenticated = None, False
        person = None
    if person is not None:
        return choose_group_then_menu(ctx, person.groups(), "welcome_known")
    if not db.session.scalar(select(Group.id).limit(1)):
        response = VoiceResponse()
        ctx.say(response, "not_configured")
        response.hangup()
        return response
    if ctx.call.group_id is None and (group := group_for_number(ctx.call.to_number)):
        ctx.call.group_id = group.id
    return ask_member_number(ctx, VoiceResponse(), before=[("welcome_unknown", {})])


def choose_group_then_menu(ctx: CallerContext, groups: list[Group], greeting: str) -> VoiceResponse:
    called = group_for_number(ctx.call.to_number)
    if called is not None and called in groups:
        groups = [called]
    if len(groups) == 1:
        ctx.call.group_id = groups[0].id
        return welcome_to_menu(ctx, greeting)
    ctx.remember(group_choices=[g.id for g in groups], greeting=greeting)
    response = VoiceResponse()
    ctx.say(response, "choose_group")
    return ask_group(ctx, response)


def welcome_to_menu(ctx: CallerContext, greeting: str) -> VoiceResponse:
    """The greeting, the tip (first calls only) and the main menu, all inside one Gather."""
    group = ctx.group
    name = ctx.person.name if ctx.person else ""
    before: Said = [(greeting, {"name": name, "group": group.name if group else ""})]
    if new_caller(ctx):
        before.append(("repeat_tip", {}))
    return show_menu(ctx, MAIN, VoiceResponse(), before=before)


def new_caller(ctx: CallerContext) -> bool:
    """A person on one of their first few calls (guests and unknown callers always are)."""
    if ctx.person is None:
        return True
    calls = select(Call.id).where(Call.person_id == ctx.person.id).limit(REPEAT_TIP_CALLS + 1)
    return len(db.session.scalars(calls).all()) <= REPEAT_TIP_CALLS


def ask_member_number(
    ctx: CallerContext, response: VoiceResponse, before: Said = ()
) -> VoiceResponse:
    """The first key alone: star and 0 act at once; a digit starts the member number."""
    ctx.visit("identify")
    gather = ctx.gather(response, "phone.identify_number", NUMBER_CHOICES, number=True)
    for prompt_id, values in before:
        ctx.say(gather, prompt_id, **values)
    ctx.say(gather, "ask_member_number")
    say_ways_on(ctx, gather)
    return response


def ask_rest_of_number(ctx: CallerContext, response: VoiceResponse, first: str) -> VoiceResponse:
    gather = ctx.gather(
        response, "phone.identify_number", num_digits=None, finish_on_key="#", first=first
    )
    if ctx.heard_nothing:  # came back here after a silence: say what we are waiting for
        ctx.say(gather, "member_number_rest")
    return response


def ask_pin(ctx: CallerContext, response: VoiceResponse, before: Said = ()) -> VoiceResponse:
    gather = ctx.gather(response, "phone.identify_pin", num_digits=None, finish_on_key="#")
    for prompt_id, values in before:
        ctx.say(gather, prompt_id, **values)
    ctx.say(gather, "ask_pin")
    return response


def say_ways_on(ctx: CallerContext, gather: Gather) -> None:
    """Star for a guest (where the group allows), 0 for a person."""
    if guests_possible(ctx):
        ctx.say(gather, "guest_option")
    ctx.say(gather, "person_option")


def answer_member_number(ctx: CallerContext) -> VoiceResponse:
    response = VoiceResponse()
    first = ctx.args.get("first", "")
    first = first if len(first) == 1 and first in "123456789" else ""
    if ctx.heard_nothing:
        if too_many_silences(ctx, response):
            return response
        if first:  # the first digit came, the rest did not: ask for the rest
            ctx.say(response, "no_input")
            return ask_rest_of_number(ctx, response, first)
        return ask_member_number(ctx, response, before=silence_words(ctx))
    if not first:
        way = way_chosen(ctx)
        if way is not None:
            return way
    if not first and len(ctx.digits) == 1 and ctx.digits in "123456789":
        return ask_rest_of_number(ctx, response, ctx.digits)
    number = first + (ctx.digits.strip("#*") or spoken_number(ctx.speech, ctx.language))
    if not number.isdigit():
        return ask_member_number(ctx, response, before=[("no_input", {})])
    ctx.remember(member_number=number[:16])
    return ask_pin(ctx, response)


def way_chosen(ctx: CallerContext) -> VoiceResponse | None:
    """Star for a guest, 0 for a person; None when the caller pressed neither."""
    key = ctx.digits.strip("#") or spoken_number(ctx.speech, ctx.language)
    words = ctx.speech.lower()
    if key == "*" or "guest" in words:
        return start_guest(ctx)
    if key == "0" or wants_a_person(ctx):
        return ctx.redirect(VoiceResponse(), "phone.speak_to_person")
    return None


def answer_pin(ctx: CallerContext) -> VoiceResponse:
    response = VoiceResponse()
    if (ctx.call.pin_failures or 0) >= PIN_TRIES_PER_CALL:
        return offer_way_on(ctx, response, "pin_too_many")  # no more tries on this call, ever
    if ctx.heard_nothing:  # silence is never a wrong PIN
        if too_many_silences(ctx, response):
            return response
        return ask_pin(ctx, response, before=silence_words(ctx))
    if ctx.digits.strip("#") == "*" or (not ctx.digits and "guest" in ctx.speech.lower()):
        return start_guest(ctx)
    if not ctx.digits and wants_a_person(ctx):
        return ctx.redirect(response, "phone.speak_to_person")
    pin = ctx.digits.strip("#") or spoken_number(ctx.speech, ctx.language)
    if not (pin.isdigit() and len(pin) in PIN_LENGTHS):  # not a complete PIN: not a try
        return ask_pin(ctx, response, before=[("pin_not_complete", {})])
    number = str(ctx.recall("member_number", ""))
    person = db.session.scalar(
        select(Person).where(Person.member_number == number, Person.erased_at.is_(None))
    )
    checked = check_pin(person, number, pin, ctx.call.from_number, utcnow())
    if checked.ok:
        ctx.call.person, ctx.call.authenticated = person, True
        ctx.remember(member_number=None, pin_checked=True)
        return choose_group_then_menu(ctx, person.groups(), "signed_in")
    if checked.outcome != PinOutcome.WRONG:  # paused or on hold: same words for any number
        held = checked.outcome == PinOutcome.HELD
        return offer_way_on(ctx, response, "pin_held" if held else "pin_locked", checked.minutes)
    ctx.call.pin_failures = (ctx.call.pin_failures or 0) + 1
    if ctx.call.pin_failures >= PIN_TRIES_PER_CALL:
        return offer_way_on(ctx, response, "pin_too_many")
    return ask_pin_again(ctx, response)


def ask_pin_again(ctx: CallerContext, response: VoiceResponse) -> VoiceResponse:
    """A wrong PIN: the PIN again, not the member number (which may well be right)."""
    gather = ctx.gather(response, "phone.identify_pin", num_digits=None, finish_on_key="#")
    ctx.say(gather, "pin_wrong")
    return response


def offer_way_on(
    ctx: CallerContext, response: VoiceResponse, reason: str, minutes: int = 0
) -> VoiceResponse:
    """After too many wrong PINs: say why, then a guest (where allowed) or a person."""
    ctx.remember(pin_stopped=True)
    if reason:
        ctx.say(response, reason, minutes=minutes)
    ctx.visit("way on")
    gather = ctx.gather(response, "phone.identify_way_on", NUMBER_CHOICES)
    ctx.say(gather, "way_on")
    say_ways_on(ctx, gather)
    return response


def answer_way_on(ctx: CallerContext) -> VoiceResponse:
    response = VoiceResponse()
    if ctx.heard_nothing:
        return response if note_silence(ctx, response) else offer_way_on(ctx, response, "")
    way = way_chosen(ctx)
    if way is not None:
        return way
    keys = ["*", "0"] if guests_possible(ctx) else ["0"]
    ctx.say(response, "invalid_choice", keys=spoken_keys(keys, ctx.language))
    return offer_way_on(ctx, response, "")


def start_guest(ctx: CallerContext) -> VoiceResponse:
    group = ctx.group
    if group is not None and group.guests_allowed:
        ctx.call.is_guest, ctx.call.person = True, None
        return welcome_to_menu(ctx, "welcome_guest")
    open_groups = guest_groups()
    if group is not None or not open_groups:
        response = VoiceResponse()
        ctx.say(response, "guests_not_allowed")
        if ctx.recall("pin_stopped"):
            return offer_way_on(ctx, response, "")
        return ask_member_number(ctx, response)
    ctx.call.is_guest, ctx.call.person = True, None
    return choose_group_then_menu(ctx, open_groups, "welcome_guest")


def ask_group(ctx: CallerContext, response: VoiceResponse, page: int = 0) -> VoiceResponse:
    """Up to four groups at a time; 9 for more."""
    ids = list(ctx.recall("group_choices", []))
    shown = _shown(ids, page)
    ctx.visit("choose group")
    gather = ctx.gather(response, "phone.identify_group", page=page)
    for key, group_id in enumerate(shown, start=1):
        group = db.session.get(Group, group_id)
        ctx.say(gather, "group_option", key=key, name=group.name if group else "")
    if len(ids) > (page + 1) * GROUPS_PER_PAGE:
        ctx.say(gather, "more_groups")
    return response


def answer_group(ctx: CallerContext, page: int) -> VoiceResponse:
    response = VoiceResponse()
    ids = list(ctx.recall("group_choices", []))
    if not ids:
        return start_call(ctx)
    if ctx.heard_nothing:
        return response if note_silence(ctx, response) else ask_group(ctx, response, page)
    key = ctx.digits.strip("#") or spoken_number(ctx.speech, ctx.language)
    if key == "9" and len(ids) > (page + 1) * GROUPS_PER_PAGE:
        return ask_group(ctx, response, page + 1)
    shown = _shown(ids, page)
    if not (len(key) == 1 and key.isdigit() and 1 <= int(key) <= len(shown)):
        keys = [str(k) for k in range(1, len(shown) + 1)]
        ctx.say(response, "invalid_choice", keys=spoken_keys(keys, ctx.language))
        return ask_group(ctx, response, page)
    ctx.call.group_id = shown[int(key) - 1]
    return welcome_to_menu(ctx, str(ctx.recall("greeting", "welcome_known")))


def _shown(ids: list[int], page: int) -> list[int]:
    return ids[page * GROUPS_PER_PAGE : (page + 1) * GROUPS_PER_PAGE] or ids[:GROUPS_PER_PAGE]
