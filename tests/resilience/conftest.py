"""Resilience fixtures: a group with something in every table a webhook or form can touch, and a
snapshot of every row, to prove that a refused request changed nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.builders import make_call, make_group, make_meeting, make_person
from tests.fakes.twilio_media import twilio_media  # noqa: F401 (a fixture)
from tests.recordings.conftest import (  # noqa: F401 (fixtures)
    caller,
    each_clip_decoded_once,
    phone_speech,
    settings,
)
from tests.snapshots import in_key_order, row_counts
from tests.web.conftest import World, client, world  # noqa: F401 (fixtures)
from tests.web.helpers import sign_in
from voice_app.extensions import db
from voice_app.models import Group, Meeting, OutboundKind, OutboundMessage, Person, utcnow
from voice_app.papers.store import add_paper

GROUP_NUMBER = "+442070000000"
KNOWN = "+447700900101"
UNKNOWN = "+447700900555"
COORDINATOR = "+447700900999"
CALL_SID = "CA" + "7" * 32
OUTREACH_SID = "CA" + "8" * 32
PAPER = b"# Buses\n\nThe ramp on the number 12 is broken.\n\n# Trains\n\nLifts at the station.\n"


@dataclass
class Line:
    """A group on the phone line: a resident on a call, a meeting with a paper, an outreach call."""

    group: Group
    resident: Person
    meeting: Meeting


@pytest.fixture
def line(app) -> Line:
    group = make_group(
        "Riverside", guests_allowed=True, coordinator_phone=COORDINATOR, phone_number=GROUP_NUMBER
    )
    resident = make_person(group, "Amina Hassan", phone=KNOWN, pin="2468")
    resident.recording_consent, resident.recording_consent_at = True, utcnow()
    meeting = make_meeting(group, "Monthly meeting", days_ahead=21)
    add_paper(meeting, PAPER, "buses.md")
    make_call(resident, CALL_SID)
    db.session.add(
        OutboundMessage(
            group_id=group.id,
            person_id=resident.id,
            meeting_id=meeting.id,
            kind=OutboundKind.CALL,
            purpose="papers_ready",
            to_number=KNOWN,
            dedupe_key="resilience-papers-ready",
            status="in-progress",
            twilio_sid=OUTREACH_SID,
        )
    )
    db.session.commit()
    return Line(group, resident, meeting)


@pytest.fixture
def coordinator(client, world):  # noqa: F811 (world is a fixture)
    """A client signed in as group A's coordinator (see tests/web/conftest.py)."""
    assert sign_in(client, world.a.coordinator.email).status_code == 302
    return client


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in key order: equal snapshots mean nothing was written. Tables
    are counted first, in one query, and only those with rows are read (a third of them, as a
    fuzz test's example needs a snapshot before and after)."""
    db.session.expire_all()
    rows = {}
    for table, count in row_counts().items():
        result = db.session.execute(in_key_order(table)) if count else ()
        rows[table.name] = [tuple(map(repr, row)) for row in result]
    db.session.rollback()
    return rows
