"""Meetings with real papers (Markdown, ingested by add_paper) for the talking-book tests."""

from __future__ import annotations

from tests.builders import make_meeting
from voice_app.extensions import db
from voice_app.models import Group, Meeting, Paper
from voice_app.papers.store import add_paper

REVIEW = """# Day opportunities review

## Background

The day centre opened in 1998. Residents use it five days a week.

## Costs

The centre costs £250,000 a year to run.

## Next steps

Officers will report back on 12 March.
"""

TRANSPORT = """# Community transport

## Buses

The number 12 bus is often late.

## Taxis

Dial-a-ride taxis need booking two days ahead.
"""


def meeting_with_papers(group: Group, days_ahead: float = 21, **fields) -> Meeting:
    """A meeting with two papers: three sections, then two sections."""
    meeting = make_meeting(group, "Day services board", days_ahead=days_ahead, **fields)
    add_paper(meeting, REVIEW.encode(), "review.md")
    add_paper(meeting, TRANSPORT.encode(), "transport.md")
    db.session.commit()
    return meeting


def papers_of(meeting: Meeting) -> list[Paper]:
    db.session.refresh(meeting)
    return list(meeting.papers)
