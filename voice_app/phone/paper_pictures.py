"""Pictures and Easy Read while papers are read: what the caller hears, and which version they get.

A described picture is read where it stands ("Picture: ..."), its longer description offered on
key 5, never forced; an undescribed one is announced, so nobody is misled. At the start of a
paper that has an Easy Read version, 5 swaps to it (or back); residents whose access needs
include Easy Read get that version first.
"""

from __future__ import annotations

from twilio.twiml.voice_response import Gather

from voice_app.models import Paper, PaperSection
from voice_app.papers.normalise import for_listening
from voice_app.papers.pictures import described, undescribed
from voice_app.papers.progress import Book
from voice_app.papers.pronunciations import group_pronunciations
from voice_app.papers.reading import Place
from voice_app.phone.context import CallerContext

EASY_READ = "easy read"


def prefers_easy_read(ctx: CallerContext) -> bool:
    """The caller's choice on this call, else their access needs."""
    chosen = ctx.recall("easy_read")
    if chosen is not None:
        return bool(chosen)
    needs = ctx.person.access_needs if ctx.person is not None else []
    return any(EASY_READ in f"{need.kind} {need.detail or ''}".lower() for need in needs)


def other_version(book: Book, place: Place) -> bool:
    """Whether the paper here comes in another version to swap to."""
    paper = book.papers[place.paper]
    return paper.easy_read_of_id is not None or (
        paper.easy_read is not None and bool(paper.easy_read.sections)
    )


def say_versions(ctx: CallerContext, target: Gather, paper: Paper) -> None:
    if paper.easy_read_of_id is not None:
        ctx.say(target, "papers_easy_read_this")
    elif paper.easy_read is not None and paper.easy_read.sections:
        ctx.say(target, "papers_easy_read_offer")


def say_release(ctx: CallerContext, target: Gather, paper: Paper) -> None:
    """A paper let out before its pictures were described: the coordinator's reason."""
    if paper.release_reason and undescribed(paper):
        ctx.say(target, "papers_paper_released", reason=paper.release_reason)


def read_picture(
    ctx: CallerContext, target: Gather, paper: Paper, section: PaperSection, long: bool
) -> bool:
    """Say a picture section; False when the section is words (the caller reads those)."""
    if section.picture is None:
        return False
    about = described(section.picture, paper.meeting.group_id)
    if not about.short:
        ctx.say(target, "papers_picture_undescribed")
        return True
    ctx.say(target, "papers_picture")
    ctx.say(target, "papers_section_text", text=section.spoken_text)
    if long and about.long:
        words = for_listening(about.long, group_pronunciations(paper.meeting.group_id))
        ctx.say(target, "papers_picture_long", text=words)
    elif about.long:
        ctx.say(target, "papers_picture_long_offer")
    return True


def has_long(book: Book, place: Place) -> bool:
    paper = book.papers[place.paper]
    picture = paper.sections[place.section].picture
    return picture is not None and bool(described(picture, paper.meeting.group_id).long)


def where_pictures(paper: Paper, section_index: int) -> list[tuple[str, dict]]:
    """'Where am I' counts pictures too: how many, and how many are still to come."""
    places = [i for i, s in enumerate(paper.sections) if s.picture_id is not None]
    if not places:
        return []
    if len(places) == 1:
        return [("papers_where_picture_one", {})]
    after = sum(1 for i in places if i > section_index)
    return [("papers_where_pictures", {"count": len(places), "after": after})]
