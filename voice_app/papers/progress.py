"""A listener's progress through a meeting's papers: reading positions and listening time.

Positions are kept per person and paper; the paper whose position changed last is the one they
were on. Listening time is one row per call, paper and section (repeats add up), counted as
preparation time when residents are paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from voice_app.extensions import db
from voice_app.meetings import upcoming_meetings
from voice_app.models import Group, ListeningTime, Meeting, Paper, ReadingPosition, utcnow
from voice_app.papers.reading import Place, resume_place


@dataclass
class Book:
    """The papers of one meeting that have something to read, in order."""

    meeting: Meeting
    papers: list[Paper]

    @property
    def shape(self) -> list[int]:
        return [len(paper.sections) for paper in self.papers]

    def index_of(self, paper_id: int) -> int | None:
        return next((i for i, paper in enumerate(self.papers) if paper.id == paper_id), None)

    def place_of(self, paper_id: int, section_position: int) -> Place | None:
        """The place of a paper's section (position counts from 1), or None if it has gone."""
        index = self.index_of(paper_id)
        if index is None:
            return None
        return Place(index, min(max(section_position, 1), self.shape[index]) - 1)


def next_meeting(group: Group, now: datetime | None = None) -> Meeting | None:
    """The group's nearest meeting that has not yet ended (one happening now counts)."""
    meetings = upcoming_meetings(group, now)
    return meetings[0] if meetings else None


def book_for(meeting: Meeting, easy_read: bool = False) -> Book:
    """The papers to read; with `easy_read`, each paper's Easy Read version where it has one."""
    papers = []
    for paper in meeting.papers:
        companion = paper.easy_read
        papers.append(companion if easy_read and companion and companion.sections else paper)
    return Book(meeting, [paper for paper in papers if paper.sections])


def save_position(person_id: int, paper_id: int, section_position: int, finished: bool) -> None:
    """Remember where this person is in this paper (the latest saved is where they were)."""
    position = db.session.scalar(
        select(ReadingPosition).where(
            ReadingPosition.person_id == person_id, ReadingPosition.paper_id == paper_id
        )
    )
    if position is None:
        position = ReadingPosition(person_id=person_id, paper_id=paper_id)
        try:
            with db.session.begin_nested():
                db.session.add(position)
        except IntegrityError:  # the same person on two lines at once
            position = db.session.scalar(
                select(ReadingPosition).where(
                    ReadingPosition.person_id == person_id, ReadingPosition.paper_id == paper_id
                )
            )
    position.section_position = section_position
    position.finished = finished
    position.updated_at = utcnow()


def where_they_were(person_id: int, book: Book) -> tuple[Place, ReadingPosition | None]:
    """Where this person should carry on in this meeting's papers, and the position it is from."""
    ids = [paper.id for paper in book.papers]
    latest = db.session.scalar(
        select(ReadingPosition)
        .where(ReadingPosition.person_id == person_id, ReadingPosition.paper_id.in_(ids))
        .order_by(ReadingPosition.updated_at.desc(), ReadingPosition.id.desc())
        .limit(1)
    )
    if latest is None:
        return resume_place(book.shape, None, 0, False), None
    index = book.index_of(latest.paper_id)
    return resume_place(book.shape, index, latest.section_position, latest.finished), latest


def record_listening(
    call_sid: str, person_id: int, paper: Paper, section_position: int, seconds: int
) -> None:
    """Add seconds heard of one section on one call; one row per call, paper and section."""
    if seconds <= 0:
        return
    key = (
        ListeningTime.call_sid == call_sid,
        ListeningTime.paper_id == paper.id,
        ListeningTime.section_position == section_position,
    )
    row = db.session.scalar(select(ListeningTime).where(*key))
    if row is not None:
        row.seconds += seconds
        return
    try:
        with db.session.begin_nested():
            db.session.add(
                ListeningTime(
                    person_id=person_id,
                    meeting_id=paper.meeting_id,
                    paper_id=paper.id,
                    call_sid=call_sid,
                    section_position=section_position,
                    seconds=seconds,
                )
            )
    except IntegrityError:
        pass  # a concurrent retry of the same request recorded it first


def seconds_listened(meeting_id: int, person_id: int) -> int:
    """Everything this person has heard of this meeting's papers, in seconds."""
    rows = db.session.scalars(
        select(ListeningTime.seconds).where(
            ListeningTime.meeting_id == meeting_id, ListeningTime.person_id == person_id
        )
    )
    return sum(rows)
