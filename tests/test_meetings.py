"""Meeting rules in the domain module, reachable from the web, the CLI and the phone alike."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.builders import make_group, make_meeting
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.meetings import update_meeting
from voice_app.models import AuditEntry, MeetingKind, utcnow


def _fields(meeting, **changes):
    fields = {
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "kind": MeetingKind.MEETING,
        "topic": None,
        "location": None,
        "phone_conference": True,
        "short_notice_reason": None,
        "actor": "user:1",
    }
    return {**fields, **changes}


def test_moving_a_meeting_close_needs_a_reason(app):
    meeting = make_meeting(make_group(min_notice_days=14), days_ahead=30)
    soon = utcnow() + timedelta(days=3)
    with pytest.raises(InputError, match="The new time gives 2 days' notice") as error:
        update_meeting(
            meeting, **_fields(meeting, starts_at=soon, ends_at=soon + timedelta(hours=1))
        )
    assert error.value.field == "short_notice_reason"
    update_meeting(
        meeting,
        **_fields(
            meeting,
            starts_at=soon,
            ends_at=soon + timedelta(hours=1),
            short_notice_reason="The hall flooded",
        ),
    )
    db.session.commit()
    assert meeting.short_notice_reason == "The hall flooded"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "meeting.updated"))
    assert entry.actor == "user:1"
    assert set(entry.detail["changed"]) == {"starts_at", "ends_at", "short_notice_reason"}


def test_not_moving_it_needs_no_reason_and_the_past_is_refused(app):
    meeting = make_meeting(make_group(min_notice_days=14), days_ahead=30)
    update_meeting(meeting, **_fields(meeting, title="  Budget   meeting "))
    assert meeting.title == "Budget meeting"
    past = utcnow() - timedelta(days=1)
    with pytest.raises(InputError, match="must start in the future"):
        update_meeting(
            meeting, **_fields(meeting, starts_at=past, ends_at=past + timedelta(hours=1))
        )
