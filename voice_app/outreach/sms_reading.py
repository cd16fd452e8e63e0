"""Reading the papers by text: the list, one section at a time, and MORE for the next.

A resident's place is their ReadingPosition, shared with the phone line, so reading can go on by
phone where it stopped by text.
"""

from __future__ import annotations

from sqlalchemy import select

from voice_app.extensions import db
from voice_app.meetings import upcoming_meetings
from voice_app.models import (
    Group,
    Meeting,
    Paper,
    PaperSection,
    PaperStatus,
    Person,
    ReadingPosition,
)
from voice_app.outreach import clock
from voice_app.outreach.timing import spoken_date
from voice_app.prompts import say


def next_meeting(group: Group) -> Meeting | None:
    meetings = upcoming_meetings(group, clock.now())
    return meetings[0] if meetings else None


def readable_papers(meeting: Meeting) -> list[Paper]:
    return [paper for paper in meeting.papers if paper.status != PaperStatus.FAILED]


def list_papers(group: Group) -> list[str]:
    meeting = next_meeting(group)
    if meeting is None:
        return [say("sms_no_meeting", language=group.language)]
    date = spoken_date(meeting.starts_at, group)
    papers = readable_papers(meeting)
    if not papers:
        return [say("sms_papers_none", date=date, language=group.language)]
    lines = [say("sms_papers_header", title=meeting.title, date=date, language=group.language)]
    lines += [
        say("sms_papers_line", number=n, title=p.title, language=group.language)
        for n, p in enumerate(papers, 1)
    ]
    lines.append(say("sms_papers_footer", language=group.language))
    return lines


def read_paper(person: Person, group: Group, number: int) -> list[str]:
    meeting = next_meeting(group)
    papers = readable_papers(meeting) if meeting else []
    if not 1 <= number <= len(papers):
        return [say("sms_paper_not_found", number=number, language=group.language)]
    return _send_section(person, papers[number - 1], 1)


def read_more(person: Person, language: str) -> list[str]:
    position = db.session.scalar(
        select(ReadingPosition)
        .where(ReadingPosition.person_id == person.id)
        .order_by(ReadingPosition.updated_at.desc(), ReadingPosition.id.desc())
        .limit(1)
    )
    if position is None:
        return [say("sms_more_nothing", language=language)]
    paper = db.session.get(Paper, position.paper_id)
    return _send_section(person, paper, position.section_position + 1)


def _send_section(person: Person, paper: Paper, position: int) -> list[str]:
    section = db.session.scalar(
        select(PaperSection).where(
            PaperSection.paper_id == paper.id, PaperSection.position == position
        )
    )
    reading = db.session.scalar(
        select(ReadingPosition).where(
            ReadingPosition.person_id == person.id, ReadingPosition.paper_id == paper.id
        )
    )
    if reading is None:
        reading = ReadingPosition(person_id=person.id, paper_id=paper.id)
        db.session.add(reading)
    reading.updated_at = clock.now()
    if section is None:
        reading.finished = True
        return [say("sms_paper_end", title=paper.title, language=paper.meeting.group.language)]
    reading.section_position = position
    total = len(paper.sections)
    heading = say(
        "sms_paper_part",
        title=paper.title,
        part=position,
        parts=total,
        heading=section.heading,
        language=paper.meeting.group.language,
    )
    ending = (
        say("sms_paper_more", language=paper.meeting.group.language)
        if position < total
        else say("sms_paper_end", title=paper.title, language=paper.meeting.group.language)
    )
    return [heading, section.text, ending]
