"""Main menu 1: the next meeting's papers, read aloud as a talking book.

Keys while a paper is read (INTERFACE.md): 1 previous section, 2 pause, 3 next section, 4 slower,
5 repeat, 6 faster, 7 previous paper, 8 comment on this paper, 9 next paper, 0 keys help,
* main menu, # where am I; the words in talking_book.KEY_CHOICES work too. A person who calls
again is offered to carry on where they left off.
"""

from __future__ import annotations

from collections.abc import Callable

from twilio.twiml.voice_response import VoiceResponse

from voice_app.extensions import db
from voice_app.meetings import upcoming_meetings
from voice_app.models import Paper, utcnow
from voice_app.papers import reading
from voice_app.papers.progress import Book, book_for, next_meeting, save_position, where_they_were
from voice_app.papers.reading import START, Place
from voice_app.phone import bp
from voice_app.phone.cancelled import say_cancelled
from voice_app.phone.context import CallerContext
from voice_app.phone.listening import stop_clock
from voice_app.phone.paper_pictures import has_long, other_version, prefers_easy_read
from voice_app.phone.spoken import spoken_datetime, spoken_keys
from voice_app.phone.talking_book import KEY_CHOICES, pause, serve, the_end, where_am_i
from voice_app.phone.webhook import webhook
from voice_app.phone.words import heard_key
from voice_app.speech.tts import RATES

RESUME_CHOICES = [("1", "words_carry_on"), ("2", "words_from_start")]
Action = Callable[[CallerContext, Book, Place, VoiceResponse], VoiceResponse]


def number_arg(ctx: CallerContext, name: str) -> int:
    value = ctx.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else 0


def no_papers(ctx: CallerContext, response: VoiceResponse) -> VoiceResponse:
    """No meeting has papers out: say when they are due, unless that deadline has passed."""
    meeting = next_meeting(ctx.group) if ctx.group else None
    if meeting is None:
        ctx.say(response, "papers_no_meeting")
    elif meeting.papers_deadline > utcnow():
        when = spoken_datetime(meeting.papers_deadline, meeting.group.timezone, ctx.language)
        ctx.say(response, "papers_not_out", when=when)
    else:
        ctx.say(response, "papers_not_out_yet", title=meeting.title)
    return ctx.back_to_main(response)


def current_book(ctx: CallerContext) -> Book | None:
    """The papers of the next meeting that has papers out (not merely the next meeting), in
    Easy Read first for residents who need it."""
    if ctx.group is None:
        return None
    easy_read = prefers_easy_read(ctx)
    for meeting in upcoming_meetings(ctx.group):
        book = book_for(meeting, easy_read)
        if book.papers:
            return book
    return None


def book_at(
    ctx: CallerContext, paper_id: int, section: int
) -> tuple[Book | None, Place, str | None]:
    """The book and place a Gather came from, and no note. A paper taken away or replaced since,
    or whose meeting was cancelled, gives the next meeting's papers from the top and the prompt
    that says why."""
    paper = db.session.get(Paper, paper_id) if paper_id else None
    note = "papers_paper_changed" if paper_id and paper is None else None
    if paper is not None and paper.meeting.group_id == ctx.call.group_id:
        if paper.meeting.cancelled_at is not None:
            note = "papers_meeting_cancelled"
        else:
            book = book_for(paper.meeting, prefers_easy_read(ctx))
            place = book.place_of(paper.id, section)
            if place is not None:
                return book, place, None
            note = None  # still there, but not in this version of the papers: no change to tell
    return current_book(ctx), START, note


def lost_place(
    ctx: CallerContext, book: Book | None, note: str | None, response: VoiceResponse
) -> VoiceResponse:
    """The caller's place has gone: say why, then the papers ahead from the top (or that there
    are none)."""
    if book is None:
        if note:
            ctx.say(response, note)
        return no_papers(ctx, response)
    return serve(ctx, book, START, response, before=[(note, {})], meeting=True)


def resume_point(ctx: CallerContext, book: Book) -> tuple[Place, bool]:
    """Where this caller left off (START when new) and whether they had heard it all."""
    if ctx.person is None:
        at = ctx.recall("papers_at") or {}
        place = book.place_of(int(at.get("paper", 0)), int(at.get("section", 1)))
        return place or START, False
    place, latest = where_they_were(ctx.person.id, book)
    heard_all = bool(
        latest is not None
        and latest.finished
        and book.index_of(latest.paper_id) == len(book.papers) - 1
    )
    return place, heard_all


@bp.post("/papers")
@webhook
def papers_start(ctx: CallerContext) -> VoiceResponse:
    stop_clock(ctx.call)
    ctx.visit("papers")
    response = VoiceResponse()
    say_cancelled(ctx, response)
    book = current_book(ctx)
    if book is None:
        return no_papers(ctx, response)
    place, heard_all = resume_point(ctx, book)
    if place == START:
        before = [("papers_heard_all", {})] if heard_all else []
        return serve(ctx, book, START, response, before=before, meeting=True)
    return offer_resume(ctx, book, place, response)


def offer_resume(
    ctx: CallerContext, book: Book, place: Place, response: VoiceResponse
) -> VoiceResponse:
    paper = book.papers[place.paper]
    ids = {"paper": paper.id, "section": paper.sections[place.section].position}
    gather = ctx.gather(response, "phone.papers_resume", RESUME_CHOICES, **ids)
    ctx.say(gather, "papers_welcome_back", section=place.section + 1, paper=place.paper + 1)
    ctx.say(gather, "papers_resume_choice")
    return response


@bp.post("/papers/resume")
@webhook
def papers_resume(ctx: CallerContext) -> VoiceResponse:
    """Carry on (1, or silence) or start from the beginning (2)."""
    book, place, note = book_at(ctx, number_arg(ctx, "paper"), number_arg(ctx, "section"))
    response = VoiceResponse()
    if book is None or note:
        return lost_place(ctx, book, note, response)
    key = heard_key(ctx.digits, ctx.speech, RESUME_CHOICES, ctx.language)
    if ctx.heard_nothing or key == "1":
        return serve(ctx, book, place, response, paper=True)
    if key == "2":
        return serve(ctx, book, START, response, meeting=True)
    ctx.say(response, "invalid_choice", keys=spoken_keys(["1", "2"], ctx.language))
    return offer_resume(ctx, book, place, response)


@bp.post("/papers/back")
@webhook
def papers_back(ctx: CallerContext) -> VoiceResponse:
    """After a comment made from a paper: back to the section the caller was on."""
    book, place, note = book_at(ctx, number_arg(ctx, "paper"), number_arg(ctx, "section"))
    response = VoiceResponse()
    if book is None or note:
        return lost_place(ctx, book, note, response)
    sections = len(book.papers[place.paper].sections)
    back = [("papers_back_to_section", {"section": place.section + 1, "sections": sections})]
    return serve(ctx, book, place, response, before=back)


@bp.post("/papers/key")
@webhook(own_wait_words=True)
def papers_key(ctx: CallerContext) -> VoiceResponse:
    """A key or words while a section played, or the section ending with none (mode says which)."""
    stop_clock(ctx.call)
    book, place, note = book_at(ctx, number_arg(ctx, "paper"), number_arg(ctx, "section"))
    response = VoiceResponse()
    if book is None or note:
        return lost_place(ctx, book, note, response)
    mode = ctx.args.get("mode", "read")
    if ctx.heard_nothing:
        if mode == "pause":
            return pause(ctx, book, place, response)
        if mode == "end":
            return ctx.back_to_main(response)
        return carry_on(ctx, book, place, response)
    choices = [*KEY_CHOICES, ("2", "words_carry_on")] if mode == "pause" else KEY_CHOICES
    key = heard_key(ctx.digits, ctx.speech, choices, ctx.language)
    if (mode == "pause" and key == "2") or (mode == "end" and key == "1"):
        return serve(ctx, book, place, response)
    action = ACTIONS.get(key or "")
    ctx.remember(
        last_paper_key=key, keys_help_again=key == "0" and ctx.recall("last_paper_key") == "0"
    )
    if action is None:
        return serve(ctx, book, place, response, before=[("papers_not_understood", {})])
    return action(ctx, book, place, response)


def carry_on(
    ctx: CallerContext, book: Book, place: Place, response: VoiceResponse
) -> VoiceResponse:
    """The section ran out with no key: on to the next, as a talking book flows."""
    return next_section(ctx, book, place, response, cue=True)


def finish_paper(ctx: CallerContext, book: Book, place: Place) -> None:
    if ctx.person is not None:
        paper = book.papers[place.paper]
        save_position(ctx.person.id, paper.id, paper.sections[-1].position, finished=True)


def previous_section(
    ctx: CallerContext, book: Book, place: Place, response: VoiceResponse
) -> VoiceResponse:
    before = reading.previous_section(book.shape, place)
    if before is None:
        return serve(ctx, book, place, response, before=[("papers_first_section", {})])
    return serve(ctx, book, before, response, paper=before.paper != place.paper)


def next_section(
    ctx: CallerContext, book: Book, place: Place, response: VoiceResponse, cue: bool = False
) -> VoiceResponse:
    """On to the next section, into the next paper (announced), or to the end of the papers."""
    following = reading.next_section(book.shape, place)
    if following is None:
        return the_end(ctx, book, place, response)
    if following.paper != place.paper:
        finish_paper(ctx, book, place)
        return serve(ctx, book, following, response, paper=True)
    before = [("papers_next_cue", {})] if cue else []
    return serve(ctx, book, following, response, before=before)


def previous_paper(
    ctx: CallerContext, book: Book, place: Place, response: VoiceResponse
) -> VoiceResponse:
    before = reading.previous_paper(book.shape, place)
    if before is None:
        start = Place(place.paper, 0)
        return serve(ctx, book, start, response, before=[("papers_first_paper", {})], paper=True)
    return serve(ctx, book, before, response, paper=True)


def next_paper(
    ctx: CallerContext, book: Book, place: Place, response: VoiceResponse
) -> VoiceResponse:
    following = reading.next_paper(book.shape, place)
    if following is None:
        return serve(ctx, book, place, response, before=[("papers_last_paper", {})])
    return serve(ctx, book, following, response, paper=True)


def change_speed(change: str) -> Action:
    def act(ctx: CallerContext, book: Book, place: Place, response: VoiceResponse) -> VoiceResponse:
        rate = reading.step_rate(RATES, ctx.rate, change)
        if rate is None:
            limit = "papers_slowest" if change == "slower" else "papers_fastest"
            return serve(ctx, book, place, response, before=[(limit, {})])
        if ctx.person is not None:
            ctx.person.speech_rate = rate
        else:
            ctx.remember(rate=rate)
        return serve(ctx, book, place, response, before=[(f"papers_{change}", {})])

    return act


def repeat(ctx: CallerContext, book: Book, place: Place, response: VoiceResponse) -> VoiceResponse:
    """Hear the section again; on a picture, with its longer description; at a paper's start, the
    other version (Easy Read or full) when there is one."""
    if has_long(book, place):
        return serve(ctx, book, place, response, long=True)
    if place.section == 0 and other_version(book, place):
        ctx.remember(easy_read=book.papers[place.paper].easy_read_of_id is None)
        swapped = book_for(book.meeting, prefers_easy_read(ctx))
        return serve(ctx, swapped, Place(place.paper, 0), response, paper=True)
    return serve(ctx, book, place, response)


def comment(ctx: CallerContext, book: Book, place: Place, response: VoiceResponse) -> VoiceResponse:
    paper = book.papers[place.paper]
    section = paper.sections[place.section].position
    return ctx.redirect(response, "phone.comment_start", paper_id=paper.id, section=section)


def keys_help(
    ctx: CallerContext, book: Book, place: Place, response: VoiceResponse
) -> VoiceResponse:
    """Two layers: the four most used keys; 0 again for all of them."""
    again = bool(ctx.recall("keys_help_again"))
    help_id = "papers_keys_help_all" if again else "papers_keys_help"
    return serve(ctx, book, place, response, before=[(help_id, {})])


ACTIONS: dict[str, Action] = {
    "1": previous_section,
    "2": pause,
    "3": next_section,
    "4": change_speed("slower"),
    "5": repeat,
    "6": change_speed("faster"),
    "7": previous_paper,
    "8": comment,
    "9": next_paper,
    "0": keys_help,
    "*": lambda ctx, book, place, response: ctx.back_to_main(response),
    "#": lambda ctx, book, place, r: serve(
        ctx, book, place, r, before=where_am_i(ctx, book, place)
    ),
}
