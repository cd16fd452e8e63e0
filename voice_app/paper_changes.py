"""Taking a paper away, or putting a new version in its place.

A removed paper stops being offered on the phone at once; its stored files (the original and any
pictures no other paper shows) are deleted by a job that exists only if the removal is committed.
Callers part-way through it start again from the top with a short note (phone/reading.py).
Time residents spent hearing it stays counted as paid preparation. Papers-ready calls not yet
made are put back, so they go out afresh, with the right words, once every paper is ready again.
"""

from __future__ import annotations

from sqlalchemy import select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.jobs import enqueue
from voice_app.models import Paper, PaperPicture
from voice_app.outreach.cancellations import unmake_papers_ready
from voice_app.papers.store import add_paper
from voice_app.storage import PAPERS

DELETE_FILES_JOB = "delete_stored_files"


def _check_changeable(paper: Paper) -> None:
    if paper.easy_read_of_id is not None:
        raise InputError("Change the Easy Read version from its paper's pictures page.", "paper")
    if paper.meeting.cancelled_at is not None:
        raise InputError("That meeting is cancelled, so its papers cannot change.", "paper")


def _stored_keys(papers: list[Paper]) -> dict[str, list[str]]:
    """The files only these papers use: their own folders and pictures nobody else shows."""
    ids = [paper.id for paper in papers]
    pictures = set(
        db.session.scalars(
            select(PaperPicture.stored_path).where(
                PaperPicture.paper_id.in_(ids), PaperPicture.stored_path.is_not(None)
            )
        )
    )
    shared = set(
        db.session.scalars(
            select(PaperPicture.stored_path).where(
                PaperPicture.stored_path.in_(pictures), PaperPicture.paper_id.not_in(ids)
            )
        )
    )
    return {
        "prefixes": [f"{PAPERS}/{paper_id}/" for paper_id in ids],
        "keys": sorted(pictures - shared),
    }


def _take_away(paper: Paper) -> int:
    """Delete the paper and its Easy Read version; queue their files' deletion. Returns how many
    papers-ready calls not yet made were put back."""
    meeting = paper.meeting
    papers = [paper, *([paper.easy_read] if paper.easy_read is not None else [])]
    enqueue(DELETE_FILES_JOB, _stored_keys(papers), priority=90)
    if paper.easy_read is not None:
        db.session.delete(paper.easy_read)
    meeting.papers.remove(paper)  # delete-orphan: sections go with it
    db.session.flush()
    return unmake_papers_ready(meeting)


def remove_paper(paper: Paper, actor: audit.Actor) -> None:
    _check_changeable(paper)
    meeting, paper_id, title = paper.meeting, paper.id, paper.title
    put_back = _take_away(paper)
    audit.record(
        actor,
        "paper.removed",
        entity="paper",
        entity_id=paper_id,
        group_id=meeting.group_id,
        meeting_id=meeting.id,
        title=title,
        papers_ready_put_back=put_back,
    )


def replace_paper(
    paper: Paper, data: bytes, filename: str, actor: audit.Actor, title: str | None = None
) -> Paper:
    """A new version in the old one's place (read and rendered afresh); the old one removed."""
    _check_changeable(paper)
    meeting, old_id, position = paper.meeting, paper.id, paper.position
    new = add_paper(meeting, data, filename, title=title or paper.title, actor=actor)
    put_back = _take_away(paper)
    new.position = position
    db.session.flush()
    db.session.expire(meeting, ["papers"])
    audit.record(
        actor,
        "paper.replaced",
        entity="paper",
        entity_id=new.id,
        group_id=meeting.group_id,
        meeting_id=meeting.id,
        replaced=old_id,
        papers_ready_put_back=put_back,
    )
    return new
