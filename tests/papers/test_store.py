"""Adding papers to meetings: sections, late marking, and rendering in the background."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.builders import add_before_on_disk, make_group, make_meeting
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.jobs.worker import Worker
from voice_app.models import Job, JobStatus, Paper, PaperStatus, SpeechRendition, utcnow
from voice_app.papers.store import add_paper
from voice_app.storage import current_store

PAPER = b"""# Transport review

## Summary

The service costs \xc2\xa31,200.50 a week. Cllr Patel will report back on 05/07/2027.

## Next steps

- Ask residents by phone.
- Write to everyone in easy read.
"""


def test_paper_becomes_sections_with_spoken_text(app):
    meeting = make_meeting(make_group())
    paper = add_paper(meeting, PAPER, "transport.md")
    db.session.commit()
    assert paper.title == "Transport review"
    assert [s.heading for s in paper.sections] == ["Summary", "Next steps"]
    summary = paper.sections[0]
    assert "£1,200.50" in summary.text
    assert "one thousand two hundred pounds and fifty pence" in summary.spoken_text
    assert "Councillor Patel" in summary.spoken_text
    assert not paper.is_late
    assert paper.stored_path == f"papers/{paper.id}/original.md"
    assert current_store().get(paper.stored_path, paper.source_sha256) == PAPER
    job = db.session.scalar(select(Job))
    assert job.kind == "render_paper" and job.payload == {"paper_id": paper.id}


def test_paper_after_deadline_is_marked_late(app):
    group = make_group()
    meeting = make_meeting(group, starts_at=utcnow() + timedelta(days=3))
    assert add_paper(meeting, PAPER, "transport.md").is_late


def test_group_pronunciations_are_used(app):
    from voice_app.models import Pronunciation

    group = make_group()
    db.session.add(Pronunciation(group_id=group.id, written="Patel", spoken="Pa tell"))
    meeting = make_meeting(group)
    paper = add_paper(meeting, PAPER, "transport.md")
    assert "Pa tell" in paper.sections[0].spoken_text


def test_of_two_spellings_differing_in_case_the_later_entered_is_said(app):
    from voice_app.models import Pronunciation
    from voice_app.papers.normalise import for_listening
    from voice_app.papers.pronunciations import group_pronunciations

    group = make_group()
    filler = Pronunciation(group_id=group.id, written="Filler", spoken="Filler")
    db.session.add_all([filler, Pronunciation(group_id=group.id, written="SEND", spoken="send")])
    db.session.commit()
    add_before_on_disk(filler, Pronunciation(group_id=group.id, written="Send", spoken="S E N D"))
    assert for_listening("SEND support", group_pronunciations(group.id)) == "S E N D support"


@pytest.mark.parametrize("data, name", [(b"", "empty.txt"), (b"%PDF-1.4 broken", "x.pdf")])
def test_unreadable_documents_are_refused_with_nothing_saved(app, data, name):
    meeting = make_meeting(make_group())
    with pytest.raises(InputError):
        add_paper(meeting, data, name)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Paper)) == 0


@pytest.mark.slow
def test_worker_renders_paper_audio_once_per_text_and_rate(app):
    meeting = make_meeting(make_group())
    paper = add_paper(meeting, PAPER, "transport.md")
    db.session.commit()
    worker = Worker(app, kinds=["render_paper"])
    assert worker.run_one()  # the normal rate first
    paper = db.session.get(Paper, paper.id)
    assert paper.status == PaperStatus.READY
    renditions = db.session.scalars(select(SpeechRendition)).all()
    assert {r.rate for r in renditions} == {100} and len(renditions) == 2
    store = current_store()
    assert all(store.get(r.path, r.sha256) and r.duration_seconds > 1 for r in renditions)
    assert all(r.path.startswith("tts-cache/") and r.sha256 for r in renditions)
    queued = db.session.scalars(select(Job).where(Job.status == JobStatus.QUEUED)).all()
    assert sorted(j.payload["rate"] for j in queued) == [70, 85, 115, 130]
    # The same words at the same rate are never rendered twice.
    again = add_paper(meeting, PAPER, "transport-copy.md")
    db.session.commit()
    worker.run_one()  # highest priority: the copy's normal-rate job
    assert db.session.get(Paper, again.id).status == PaperStatus.READY
    assert db.session.scalar(select(func.count()).select_from(SpeechRendition)) == 2
