"""In a meeting's conference, star steps out to the meeting menu and # (or silence) goes back in.

The conference's <Dial hangupOnStar> has this menu as its action, so star ends the Dial and the
caller lands here, still on the line: 1 raise or lower my hand, 2 mute or unmute me, 3 the item
being discussed, 4 who is here, 5 time left, # back in, 0 a person (then back in). Hand and
mute go straight back in; the others say their answer and offer the menu again. Coming back
in is quick (no welcome, no beep) and says what changed meanwhile: a new item, or the chair
taking their hand.
Attendance keeps counting: a short gap between conference legs counts (attendance.py).
"""

from __future__ import annotations

from datetime import datetime

from flask import request
from twilio.twiml.voice_response import Dial, VoiceResponse

from voice_app.attendance import CONFERENCE_OVERRUN
from voice_app.extensions import db
from voice_app.live import floor
from voice_app.live.agenda import agenda, item_number, paper_summary
from voice_app.models import AgendaItem, Meeting, utcnow
from voice_app.phone import bp
from voice_app.phone.conference import conference_twiml
from voice_app.phone.context import CallerContext
from voice_app.phone.help import DIAL_RING_SECONDS, person_phone
from voice_app.phone.menus import Menu, Option, answer_menu, show_menu
from voice_app.phone.twiml import speak, twiml
from voice_app.phone.webhook import webhook
from voice_app.prompts import say
from voice_app.telephony.security import twilio_signed

IN_MEETING = Menu(
    "in_meeting",
    "live_menu",
    (
        Option("1", "phone.live_hand", "words_hand"),
        Option("2", "phone.live_mute", "words_mute"),
        Option("3", "phone.live_item", "words_item"),
        Option("4", "phone.live_who", "words_who"),
        Option("5", "phone.live_time", "words_time_left"),
        Option("#", "phone.live_back", "words_back_in"),
        Option("0", "phone.live_person", "words_person"),
    ),
)


def spoken_names(names: list[str], language: str) -> str:
    """Amina, Derek and Sam."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {say('live_and', language=language)} {names[-1]}"


def is_live(meeting: Meeting, at: datetime | None = None) -> bool:
    return meeting.cancelled_at is None and (at or utcnow()) <= meeting.ends_at + CONFERENCE_OVERRUN


def join(ctx: CallerContext, meeting: Meeting) -> VoiceResponse:
    """Meetings menu 3: into the conference, with star leading to the meeting menu."""
    ctx.remember(live_meeting=meeting.id)
    place = floor.seat(meeting, ctx.person)
    return conference_twiml(
        meeting, ctx.person, ctx.url("phone.in_meeting_menu"), muted=place.muted
    )


def _meeting(ctx: CallerContext) -> Meeting | None:
    meeting = db.session.get(Meeting, int(ctx.recall("live_meeting", 0) or 0))
    if meeting is None or ctx.person is None or meeting.group_id != ctx.call.group_id:
        return None
    return meeting if is_live(meeting) else None


def _meeting_over(ctx: CallerContext) -> VoiceResponse:
    response = VoiceResponse()
    ctx.say(response, "live_meeting_over")
    return ctx.back_to_main(response)


def back_in(ctx: CallerContext, meeting: Meeting, response: VoiceResponse) -> VoiceResponse:
    """Say what changed while the caller was out, then put them straight back in."""
    missed = floor.come_back(meeting, ctx.person)
    if missed.item is not None:
        ctx.say(
            response, "live_missed_item", number=item_number(missed.item), title=missed.item.title
        )
    if missed.hand == floor.BY_FLOOR:
        ctx.say(response, "live_missed_floor")
    elif missed.hand == floor.BY_CHAIR:
        ctx.say(response, "live_missed_lowered")
    place = floor.seat(meeting, ctx.person)
    return conference_twiml(
        meeting,
        ctx.person,
        ctx.url("phone.in_meeting_menu"),
        muted=place.muted,
        response=response,
        greet=False,
    )


def show(ctx: CallerContext, meeting: Meeting, response: VoiceResponse) -> VoiceResponse:
    if floor.open_hand(meeting, ctx.person.id) is not None:
        ctx.say(response, "live_state_hand_up")
    if floor.seat(meeting, ctx.person).muted:
        ctx.say(response, "live_state_muted")
    return show_menu(ctx, IN_MEETING, response)


@bp.post("/meeting/menu")
@webhook
def in_meeting_menu(ctx: CallerContext) -> VoiceResponse:
    """The conference's Dial action: star was pressed (or the caller hung up)."""
    if ctx.form.get("CallStatus") == "completed":
        return VoiceResponse()  # they hung up: Twilio plays nothing more
    meeting = _meeting(ctx)
    if meeting is None:
        return _meeting_over(ctx)
    floor.step_out(meeting, ctx.person)
    return show(ctx, meeting, VoiceResponse())


@bp.post("/meeting/menu/choice")
@webhook
def in_meeting_menu_choice(ctx: CallerContext) -> VoiceResponse:
    meeting = _meeting(ctx)
    if meeting is None:
        return _meeting_over(ctx)
    if ctx.heard_nothing or ctx.digits == "#":  # silence is never a mistake here: back in
        return back_in(ctx, meeting, VoiceResponse())
    return answer_menu(ctx, IN_MEETING)


def _live_view(func):
    """A meeting-menu choice: the live meeting found, or a kind word and the main menu."""

    def view(ctx: CallerContext) -> VoiceResponse:
        meeting = _meeting(ctx)
        return _meeting_over(ctx) if meeting is None else func(ctx, meeting, VoiceResponse())

    view.__name__ = func.__name__
    view.__doc__ = func.__doc__
    return view


@bp.post("/meeting/hand")
@webhook
@_live_view
def live_hand(ctx: CallerContext, meeting: Meeting, response: VoiceResponse) -> VoiceResponse:
    actor = f"person:{ctx.person.id}"
    if floor.lower_hand(meeting, ctx.person.id, floor.BY_SELF, actor) is not None:
        ctx.say(response, "live_hand_lowered")
    else:
        hand = floor.raise_hand(meeting, ctx.person)
        ctx.say(response, "live_hand_raised", place=floor.place_in_queue(meeting, hand))
    return back_in(ctx, meeting, response)


@bp.post("/meeting/mute")
@webhook
@_live_view
def live_mute(ctx: CallerContext, meeting: Meeting, response: VoiceResponse) -> VoiceResponse:
    muted = not floor.seat(meeting, ctx.person).muted
    floor.set_muted(meeting, ctx.person.id, muted, f"person:{ctx.person.id}")
    ctx.say(response, "live_muted" if muted else "live_unmuted")
    return back_in(ctx, meeting, response)


@bp.post("/meeting/item")
@webhook
@_live_view
def live_item(ctx: CallerContext, meeting: Meeting, response: VoiceResponse) -> VoiceResponse:
    item = floor.current_item(meeting)
    if item is None:
        ctx.say(response, "live_no_item")
    else:
        say_item(ctx, response, item)
    return show(ctx, meeting, response)


@bp.post("/meeting/who")
@webhook
@_live_view
def live_who(ctx: CallerContext, meeting: Meeting, response: VoiceResponse) -> VoiceResponse:
    phone, room = floor.who_is_here(meeting)
    phone = [name for name in phone if name != ctx.person.name]
    if phone:
        ctx.say(response, "live_who_phone", names=spoken_names(phone, ctx.language))
    if room:
        ctx.say(response, "live_who_room", names=spoken_names(room, ctx.language))
    if not phone and not room:
        ctx.say(response, "live_who_nobody")
    return show(ctx, meeting, response)


@bp.post("/meeting/time")
@webhook
@_live_view
def live_time(ctx: CallerContext, meeting: Meeting, response: VoiceResponse) -> VoiceResponse:
    left = floor.minutes_left(meeting)
    if left == 0:
        ctx.say(response, "live_time_over")
    elif left == 1:
        ctx.say(response, "live_time_left_one")
    else:
        ctx.say(response, "live_time_left", minutes=left)
    return show(ctx, meeting, response)


@bp.post("/meeting/back")
@webhook
@_live_view
def live_back(ctx: CallerContext, meeting: Meeting, response: VoiceResponse) -> VoiceResponse:
    return back_in(ctx, meeting, response)


@bp.post("/meeting/person")
@webhook
@_live_view
def live_person(ctx: CallerContext, meeting: Meeting, response: VoiceResponse) -> VoiceResponse:
    """0 in the meeting menu: a person, then back into the meeting (not the main menu)."""
    number = person_phone(ctx)
    if not number:
        ctx.say(response, "person_unavailable")
        return back_in(ctx, meeting, response)
    ctx.visit("person")
    ctx.say(response, "connecting_person")
    dial = Dial(action=ctx.url("phone.live_person_done"), method="POST", timeout=DIAL_RING_SECONDS)
    dial.number(number)
    response.append(dial)
    return response


@bp.post("/meeting/person/done")
@webhook
@_live_view
def live_person_done(
    ctx: CallerContext, meeting: Meeting, response: VoiceResponse
) -> VoiceResponse:
    answered = ctx.form.get("DialCallStatus") == "completed"
    ctx.say(response, "person_call_over" if answered else "person_no_answer")
    return back_in(ctx, meeting, response)


def say_item(ctx: CallerContext, response: VoiceResponse, item: AgendaItem) -> None:
    """The item being discussed: number and title, who leads, its paper's gist or its aim."""
    ctx.say(response, "live_item", number=item_number(item), title=item.title)
    if item.lead:
        ctx.say(response, "live_item_lead", lead=item.lead)
    summary = paper_summary(item)
    if summary:
        ctx.say(response, "live_item_paper", title=item.paper.title, summary=summary)
    if item.shopping_item is not None and item.shopping_item.text:
        ctx.say(response, "live_item_aim", text=item.shopping_item.text)


def say_agenda(ctx: CallerContext, response: VoiceResponse, meeting: Meeting) -> None:
    """Upcoming meetings: the agenda, one short line per item."""
    items = agenda(meeting)
    if not items:
        return
    if len(items) == 1:
        ctx.say(response, "live_agenda_intro_one")
    else:
        ctx.say(response, "live_agenda_intro", count=len(items))
    for number, item in enumerate(items, start=1):
        ctx.say(
            response,
            "live_agenda_item",
            number=number,
            title=item.title,
            minutes=item.expected_minutes,
        )


@bp.post("/meeting/announce")
@twilio_signed
def meeting_announce():
    """What Twilio plays to one participant when the chair starts an item or gives the floor."""
    response = VoiceResponse()
    rate = request.args.get("rate", "100")[:3]
    rate = int(rate) if rate.isdigit() and 50 <= int(rate) <= 200 else 100
    item_id = request.args.get("item", "")
    item = (
        db.session.get(AgendaItem, int(item_id))
        if item_id.isdigit() and len(item_id) < 10
        else None
    )
    if item is not None:
        speak(response, "live_item", rate=rate, number=item_number(item), title=item.title)
    elif request.args.get("floor") == "1":
        speak(response, "live_announce_floor", rate=rate)
    return twiml(response)
