"""What the caller hears while papers are read: announcements, the section itself, where they are.

Every section is one <Gather> holding the announcements and the audio, so a key pressed (or a
word said) at any moment acts at once. The Gather's action is the papers key handler, told which
section was playing; when the section ends with no key, that same action carries on to the next.
"""

from __future__ import annotations

from typing import Any

from twilio.twiml.voice_response import Gather, VoiceResponse

from voice_app.models import Paper, PaperSection
from voice_app.papers.progress import Book, save_position
from voice_app.papers.reading import Place, minutes_left, nearest_rate, whereabouts
from voice_app.phone.audio import audio_url, playable
from voice_app.phone.context import CallerContext
from voice_app.phone.listening import start_clock
from voice_app.phone.paper_pictures import read_picture, say_release, say_versions, where_pictures
from voice_app.phone.spoken import spoken_datetime
from voice_app.speech.tts import RATES, words_per_minute

KEY_CHOICES = [
    ("1", "words_section_back"),
    ("2", "words_pause"),
    ("3", "words_section_next"),
    ("4", "words_slower"),
    ("5", "words_repeat"),
    ("6", "words_faster"),
    ("7", "words_paper_back"),
    ("8", "words_comment"),
    ("9", "words_paper_next"),
    ("0", "words_keys_help"),
    ("*", "words_main_menu"),
    ("#", "words_where"),
]
GAP_SECONDS = 5  # after a section ends: time to press repeat before the next one starts
PAUSE_SECONDS = 60  # a pause waits this long, then says "Paused" again; it never hangs up
Prompt = tuple[str, dict[str, Any]]


def key_gather(
    ctx: CallerContext, response: VoiceResponse, place_ids: dict[str, int], mode: str, wait: int
) -> Gather:
    """A Gather for every talking-book key (hash included: it must not end the input)."""
    keys_only = bool(ctx.person is not None and ctx.person.keys_only_while_reading)
    gather = ctx.gather(
        response, "phone.papers_key", KEY_CHOICES, keys_only=keys_only, mode=mode, **place_ids
    )
    gather.attrs["finishOnKey"] = ""
    gather.attrs["timeout"] = wait + ctx.extra_seconds
    return gather


def ids_of(book: Book, place: Place) -> dict[str, int]:
    paper = book.papers[place.paper]
    return {"paper": paper.id, "section": paper.sections[place.section].position}


def say_meeting(ctx: CallerContext, target: Gather, book: Book) -> None:
    meeting = book.meeting
    when = spoken_datetime(meeting.starts_at, meeting.group.timezone, ctx.language)
    ctx.say(target, "papers_for_meeting", title=meeting.title, when=when)
    if meeting.short_notice_reason:
        ctx.say(target, "meeting_short_notice", reason=meeting.short_notice_reason)
    count = len(book.papers)
    ctx.say(target, "papers_count_one" if count == 1 else "papers_count", count=count)
    ctx.say(target, "papers_keys_tip")


def say_paper(ctx: CallerContext, target: Gather, book: Book, place: Place) -> None:
    paper = book.papers[place.paper]
    count = len(book.papers)
    ctx.say(target, "papers_paper_heading", number=place.paper + 1, count=count, title=paper.title)
    if paper.is_late:
        ctx.say(target, "papers_paper_late")
    say_versions(ctx, target, paper)
    say_release(ctx, target, paper)


def say_section_heading(ctx: CallerContext, target: Gather, paper: Paper, index: int) -> None:
    section = paper.sections[index]
    values = {"number": index + 1, "count": len(paper.sections), "heading": section.heading}
    if section.parts > 1:
        ctx.say(
            target, "papers_section_part_heading", part=section.part, parts=section.parts, **values
        )
    else:
        ctx.say(target, "papers_section_heading", **values)


def read_section(
    ctx: CallerContext, target: Gather, paper: Paper, section: PaperSection, long: bool = False
) -> float:
    """Play the rendered audio at the caller's speed, or say the words (while it is made, or
    always where the group reads papers in its phone voice)."""
    if read_picture(ctx, target, paper, section, long):
        return len(section.spoken_text.split()) * 60 / words_per_minute(ctx.rate)
    by_say = ctx.group is not None and ctx.group.papers_by_say
    rendition = None if by_say else playable(paper, section, nearest_rate(RATES, ctx.rate))
    if rendition is not None:
        target.play(audio_url(rendition))
        return rendition.duration_seconds
    ctx.say(target, "papers_section_text", text=section.spoken_text)
    return len(section.spoken_text.split()) * 60 / words_per_minute(ctx.rate)


def serve(
    ctx: CallerContext,
    book: Book,
    place: Place,
    response: VoiceResponse | None = None,
    *,
    before: list[Prompt] = (),
    meeting: bool = False,
    paper: bool = False,
    long: bool = False,
) -> VoiceResponse:
    """Read one section (after any `before` prompts and announcements), keys listening."""
    response = response or VoiceResponse()
    current = book.papers[place.paper]
    section = current.sections[place.section]
    gather = key_gather(ctx, response, ids_of(book, place), "read", GAP_SECONDS)
    for prompt_id, values in before:
        ctx.say(gather, prompt_id, **values)
    if meeting:
        say_meeting(ctx, gather, book)
    if meeting or paper:
        say_paper(ctx, gather, book, place)
    say_section_heading(ctx, gather, current, place.section)
    seconds = read_section(ctx, gather, current, section, long)
    start_clock(ctx.call, current, section.position, seconds)
    if ctx.person is not None:
        save_position(ctx.person.id, current.id, section.position, finished=False)
    ctx.remember(papers_at=ids_of(book, place))
    return response


def pause(ctx: CallerContext, book: Book, place: Place, response: VoiceResponse) -> VoiceResponse:
    gather = key_gather(ctx, response, ids_of(book, place), "pause", PAUSE_SECONDS)
    ctx.say(gather, "papers_paused")
    return response


def the_end(ctx: CallerContext, book: Book, place: Place, response: VoiceResponse) -> VoiceResponse:
    """After the last section of the last paper: say so and offer the main menu."""
    if ctx.person is not None:
        last = book.papers[place.paper]
        save_position(ctx.person.id, last.id, last.sections[-1].position, finished=True)
    gather = key_gather(ctx, response, ids_of(book, place), "end", GAP_SECONDS)
    ctx.say(gather, "papers_end")
    ctx.say(gather, "papers_end_choice")
    return response


def where_am_i(ctx: CallerContext, book: Book, place: Place) -> list[Prompt]:
    """Paper and section, how many sections and minutes are left, and how many papers after."""
    at = whereabouts(book.shape, place)
    paper = book.papers[place.paper]
    prompts: list[Prompt] = [
        (
            "papers_where",
            {
                "paper": at.paper_number,
                "papers": at.paper_count,
                "title": paper.title,
                "section": at.section_number,
                "sections": at.section_count,
            },
        )
    ]
    if at.sections_after == 0:
        prompts.append(("papers_where_last_section", {}))
    else:
        one = at.sections_after == 1
        prompts.append(("papers_where_left_one" if one else "papers_where_left",
                        {"count": at.sections_after}))  # fmt: skip
    prompts.extend(where_pictures(paper, place.section))
    words = [len(section.spoken_text.split()) for section in paper.sections]
    minutes = minutes_left(words, place.section, words_per_minute(ctx.rate))
    if minutes > 1:
        prompts.append(("papers_where_minutes", {"minutes": minutes}))
    else:
        prompts.append(("papers_where_minutes_one", {}))
    if at.papers_after == 0:
        prompts.append(("papers_where_no_more_papers", {}))
    elif at.papers_after == 1:
        prompts.append(("papers_where_papers_one", {}))
    else:
        prompts.append(("papers_where_papers", {"count": at.papers_after}))
    return prompts
