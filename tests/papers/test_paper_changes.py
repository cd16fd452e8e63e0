"""Removing and replacing a paper: files deleted after commit, time heard kept, calls made anew."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.builders import make_group, make_meeting, make_person
from voice_app.cancellation import cancel_meeting
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.jobs import enqueue
from voice_app.jobs.worker import Worker
from voice_app.meetings import update_meeting
from voice_app.models import (
    AuditEntry,
    Job,
    ListeningTime,
    OutboundKind,
    OutboundMessage,
    Paper,
    utcnow,
)
from voice_app.outreach.messages import ensure_message
from voice_app.paper_changes import remove_paper, replace_paper
from voice_app.papers.progress import seconds_listened
from voice_app.papers.rendering import NORMAL_RATE, find_rendition, render_cached
from voice_app.papers.store import add_paper
from voice_app.storage import current_store

FIRST = b"# Buses\n\n## Routes\n\nThe number 12 bus is often late.\n"
SECOND = b"# Buses\n\n## Routes\n\nThe new bus runs hourly.\n\n## Fares\n\nFares are free.\n"
EASY = b"# Buses made easy\n\n## Buses\n\nBuses are late.\n"


@pytest.fixture
def meeting(app):
    group = make_group("Riverside", phone_number="+442070000000")
    return make_meeting(group, "Transport", days_ahead=21)


def files_of(paper_id: int) -> list[str]:
    return list(current_store().list(f"papers/{paper_id}/"))


def papers_ready_message(meeting, person, attempts: int) -> OutboundMessage:
    message, _ = ensure_message(
        person=person,
        group=meeting.group,
        kind=OutboundKind.CALL,
        purpose="papers-ready",
        dedupe_key=f"papers-ready:{meeting.id}:{person.id}",
        body="The papers are ready.",
        meeting_id=meeting.id,
        now=utcnow(),
        quiet_hours=False,
    )
    message.attempts = attempts
    message.status = "retry" if attempts else "queued"
    db.session.commit()
    return message


def test_removing_deletes_files_after_commit_and_keeps_time_heard(app, meeting):
    paper = add_paper(meeting, FIRST, "buses.md")
    easy = add_paper(meeting, EASY, "easy.md", easy_read_of=paper)
    db.session.commit()
    paper_id, easy_id = paper.id, easy.id
    resident = make_person(meeting.group, "Amina Hassan", phone="+447700900001")
    other = make_person(meeting.group, "Derek Lewis", phone="+447700900002")
    db.session.add(
        ListeningTime(
            person_id=resident.id,
            meeting_id=meeting.id,
            paper_id=paper_id,
            call_sid="CA" + "1" * 32,
            section_position=1,
            seconds=600,
        )
    )
    not_yet = papers_ready_message(meeting, resident, attempts=0).id
    tried = papers_ready_message(meeting, other, attempts=1).id
    assert files_of(paper_id) and files_of(easy_id)

    remove_paper(paper, actor="user:1")
    assert files_of(paper_id), "nothing is deleted before the removal is committed"
    meeting.group.phone_number = None  # the worker below sends nothing, even in calling hours
    db.session.commit()
    Worker(app).run(once=True)
    db.session.expire_all()

    assert files_of(paper_id) == [] and files_of(easy_id) == []
    assert db.session.get(Paper, paper_id) is None and db.session.get(Paper, easy_id) is None
    assert seconds_listened(meeting.id, resident.id) == 600
    assert db.session.get(OutboundMessage, not_yet) is None  # made again when all are ready
    assert db.session.get(OutboundMessage, tried) is not None  # tried already: left as it is
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "paper.removed"))
    assert entry.entity_id == paper_id and entry.actor == "user:1"


def test_replacing_renders_the_new_version_in_the_old_ones_place(app, meeting):
    first = add_paper(meeting, FIRST, "first.md", title="Agenda")
    old = add_paper(meeting, FIRST, "buses.md")
    last = add_paper(meeting, EASY, "last.md", title="Minutes")
    db.session.commit()
    new = replace_paper(old, SECOND, "buses-v2.md", actor="user:1")
    db.session.commit()
    db.session.refresh(meeting)
    assert [p.id for p in meeting.papers] == [first.id, new.id, last.id]
    assert new.title == "Buses" and len(new.sections) == 2
    assert "hourly" in new.sections[0].text
    kinds = set(
        db.session.scalars(select(Job.kind).where(Job.payload["paper_id"].as_integer() == new.id))
    )
    assert "render_paper" in kinds
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"paper.replaced", "paper.added"} <= actions


def test_what_cannot_change_is_refused(app, meeting):
    paper = add_paper(meeting, FIRST, "buses.md")
    easy = add_paper(meeting, EASY, "easy.md", easy_read_of=paper)
    db.session.commit()
    with pytest.raises(InputError, match="Easy Read"):
        remove_paper(easy, actor="test")
    db.session.rollback()
    cancel_meeting(meeting, "The hall is closed.", actor="test")
    db.session.commit()
    with pytest.raises(InputError, match="cancelled"):
        replace_paper(paper, SECOND, "new.md", actor="test")
    db.session.rollback()
    assert db.session.get(Paper, paper.id) is not None


def test_a_cancelled_meeting_takes_no_new_papers_and_no_changes(app):
    """20e left these open: the meeting page's forms must not change a cancelled meeting."""
    meeting = make_meeting(make_group())
    meeting.cancelled_at = utcnow()
    with pytest.raises(InputError, match="cancelled"):
        add_paper(meeting, b"# Buses\n\nMore ramps.", "buses.md")
    with pytest.raises(InputError, match="cancelled"):
        update_meeting(
            meeting,
            title="Moved",
            starts_at=meeting.starts_at + timedelta(days=1),
            ends_at=meeting.ends_at + timedelta(days=1),
            kind=meeting.kind,
            topic=None,
            location=None,
            phone_conference=True,
            short_notice_reason=None,
            actor="test",
        )


SHARED_AND_OWN = (
    b"# Buses\n\n## Routes\n\nThe number 12 bus is often late.\n\n## Fares\n\nFares are free.\n"
)


def _audio_of(paper: Paper) -> dict[str, str]:
    """Each section's words, and the storage key of their audio at the normal rate."""
    return {s.spoken_text: render_cached(s.spoken_text, NORMAL_RATE).path for s in paper.sections}


def test_a_removed_papers_audio_goes_unless_another_paper_says_the_same_words(app, meeting):
    kept = add_paper(meeting, FIRST, "kept.md", title="Agenda")
    gone = add_paper(meeting, SHARED_AND_OWN, "gone.md")
    db.session.commit()
    kept_audio, gone_audio = _audio_of(kept), _audio_of(gone)  # real espeak-ng
    shared = "The number twelve bus is often late."  # spoken words: the numbers said
    own = next(text for text in gone_audio if "free" in text)
    assert kept_audio.keys() & gone_audio.keys() == {shared}
    store = current_store()
    assert all(store.exists(key) for key in [*kept_audio.values(), *gone_audio.values()])

    remove_paper(gone, actor="user:1")
    db.session.commit()
    assert store.exists(gone_audio[own]), "nothing is deleted before the job runs"
    assert Worker(app, kinds=["delete_stored_files"]).run(once=True) == 1

    assert not store.exists(gone_audio[own])
    assert find_rendition(own, NORMAL_RATE) is None
    for text, key in kept_audio.items():  # the words the other paper says still play
        assert store.exists(key) and find_rendition(text, NORMAL_RATE).path == key


def test_words_no_section_says_any_more_lose_their_audio_at_the_daily_tidy(app, meeting):
    paper = add_paper(meeting, FIRST, "buses.md")
    db.session.commit()
    section = paper.sections[0]
    old_key = render_cached(section.spoken_text, NORMAL_RATE).path
    old_words = section.spoken_text
    section.spoken_text = "The number twelve bus is late most days."  # as a pronunciation does
    new_key = render_cached(section.spoken_text, NORMAL_RATE).path
    enqueue("apply_retention", {"days": 30})
    db.session.commit()
    assert Worker(app, kinds=["apply_retention"]).run(once=True) == 1
    assert not current_store().exists(old_key) and find_rendition(old_words, NORMAL_RATE) is None
    assert current_store().exists(new_key)
    assert find_rendition(section.spoken_text, NORMAL_RATE).path == new_key
