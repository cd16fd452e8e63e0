"""Meetings menu 1: upcoming meetings read one at a time, with next, repeat and back.

Each meeting is one short chunk: what, when, where, how to join by phone, whether the papers are
out (and which came late), and why it was called at short notice when it was.
"""

from __future__ import annotations

from twilio.twiml.voice_response import VoiceResponse

from voice_app.meetings import upcoming_meetings
from voice_app.models import Meeting, MeetingKind, PaperStatus
from voice_app.papers.pictures import ready_for_listeners
from voice_app.phone.cancelled import say_cancelled
from voice_app.phone.context import CallerContext
from voice_app.phone.meeting_menu import say_agenda
from voice_app.phone.menus import MEETINGS, note_silence, show_menu
from voice_app.phone.spoken import spoken_datetime, spoken_keys
from voice_app.phone.words import heard_key

NAV_CHOICES = [("1", "words_next"), ("2", "words_repeat"), ("*", "words_back"), ("0", "words_help")]


def say_meeting(
    ctx: CallerContext, response: VoiceResponse, meeting: Meeting, number: int, count: int
) -> None:
    tz, language = meeting.group.timezone, ctx.language
    heading = "workshop_heading" if meeting.kind == MeetingKind.WORKSHOP else "meeting_heading"
    ctx.say(response, heading, number=number, count=count, title=meeting.title)
    ctx.say(response, "meeting_when", when=spoken_datetime(meeting.starts_at, tz, language))
    if meeting.location:
        ctx.say(response, "meeting_where", place=meeting.location)
    else:
        ctx.say(response, "meeting_no_place")
    if meeting.short_notice_reason:
        ctx.say(response, "meeting_short_notice", reason=meeting.short_notice_reason)
    if meeting.phone_conference:
        ctx.say(response, "meeting_by_phone")
    say_papers(ctx, response, meeting)
    say_agenda(ctx, response, meeting)


def say_papers(ctx: CallerContext, response: VoiceResponse, meeting: Meeting) -> None:
    ready = [paper for paper in meeting.papers if ready_for_listeners(paper)]
    if len(ready) == 1:
        ctx.say(response, "papers_ready_one")
    elif ready:
        ctx.say(response, "papers_ready", count=len(ready))
    elif any(paper.status == PaperStatus.READY for paper in meeting.papers):
        ctx.say(response, "papers_pictures_waiting")
    elif meeting.papers:
        ctx.say(response, "papers_preparing")
    else:
        when = spoken_datetime(meeting.papers_deadline, meeting.group.timezone, ctx.language)
        ctx.say(response, "papers_not_out", when=when)
    for paper in meeting.papers:
        if paper.is_late:
            ctx.say(response, "paper_late", title=paper.title)


def hear_upcoming(
    ctx: CallerContext, item: int, response: VoiceResponse | None = None
) -> VoiceResponse:
    if response is None:  # arriving from the menu, not moving on: say what is off first
        response = VoiceResponse()
        if item == 0:
            say_cancelled(ctx, response)
    meetings = upcoming_meetings(ctx.group) if ctx.group else []
    if not meetings:
        ctx.say(response, "no_meetings")
        return show_menu(ctx, MEETINGS, response)
    item = min(max(item, 0), len(meetings) - 1)
    ctx.visit("upcoming meetings")
    say_meeting(ctx, response, meetings[item], item + 1, len(meetings))
    return ask_next(ctx, response, item, last=item == len(meetings) - 1)


def ask_next(ctx: CallerContext, response: VoiceResponse, item: int, last: bool) -> VoiceResponse:
    gather = ctx.gather(
        response, "phone.meetings_upcoming_choice", NAV_CHOICES, item=item, last=int(last)
    )
    ctx.say(gather, "meeting_nav_last" if last else "meeting_nav")
    return response


def answer_upcoming(ctx: CallerContext, item: int, last: bool) -> VoiceResponse:
    response = VoiceResponse()
    if ctx.heard_nothing:
        return response if note_silence(ctx, response) else ask_next(ctx, response, item, last)
    key = heard_key(ctx.digits, ctx.speech, NAV_CHOICES, ctx.language)
    if key == "1" and not last:
        return hear_upcoming(ctx, item + 1, response)
    if key == "2":
        return hear_upcoming(ctx, item, response)
    if key == "*":
        return show_menu(ctx, MEETINGS, response)
    if key == "0":
        return ctx.redirect(response, "phone.help_menu")
    keys = ["2", "*", "0"] if last else ["1", "2", "*", "0"]
    ctx.say(response, "invalid_choice", keys=spoken_keys(keys, ctx.language))
    return ask_next(ctx, response, item, last)
