"""A group's own pronunciations: how the phone line says a word or abbreviation.

Papers keep each section's written text and the text to be spoken, made with the group's
pronunciations when the paper was added. So a change here re-makes the spoken text of the
papers of meetings that have not ended yet, and queues their audio to be rendered again
(past meetings' papers stay as they were heard). Every change goes in the audit log.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.jobs import enqueue
from voice_app.models import Group, Meeting, Paper, Pronunciation, utcnow
from voice_app.papers.normalise import for_listening
from voice_app.papers.pictures import section_words
from voice_app.papers.pronunciations import group_pronunciations


def for_group(group: Group) -> list[Pronunciation]:
    query = select(Pronunciation).where(Pronunciation.group_id == group.id)
    return list(db.session.scalars(query.order_by(func.lower(Pronunciation.written))))


def _checked(group: Group, written: str, spoken: str, row_id: int | None) -> tuple[str, str]:
    written = " ".join((written or "").split())
    spoken = " ".join((spoken or "").split())
    if not written or len(written) > 100:
        raise InputError("Enter the word as it is written, up to 100 characters.", "written")
    if not any(ch.isalnum() for ch in written):
        raise InputError("The written word needs at least one letter or number.", "written")
    if not spoken or len(spoken) > 200:
        raise InputError("Enter how to say it, up to 200 characters.", "spoken")
    # Compared here, not with SQL's lower(): SQLite's lowers only A to Z, so "È" and "è" (or
    # "È" and "È", since Python lowers one side) would pass it and break the unique index.
    taken = {
        other.written.casefold()
        for other in for_group(group)
        if row_id is None or other.id != row_id
    }
    if written.casefold() in taken:
        raise InputError(f"{written} already has a pronunciation: change that one.", "written")
    return written, spoken


def add(group: Group, written: str, spoken: str, actor: audit.Actor) -> Pronunciation:
    written, spoken = _checked(group, written, spoken, None)
    row = Pronunciation(group_id=group.id, written=written, spoken=spoken)
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor,
        "pronunciation.added",
        about=row,
        written=row.written,
        spoken=row.spoken,
        papers=refresh_papers(group) or None,
    )
    return row


def change(row: Pronunciation, written: str, spoken: str, actor: audit.Actor) -> bool:
    """True when something changed."""
    group = db.session.get(Group, row.group_id)
    written, spoken = _checked(group, written, spoken, row.id)
    if (row.written, row.spoken) == (written, spoken):
        return False
    before = {"was_written": row.written, "was_spoken": row.spoken}
    row.written, row.spoken = written, spoken
    db.session.flush()
    audit.record(
        actor,
        "pronunciation.changed",
        about=row,
        written=row.written,
        spoken=row.spoken,
        papers=refresh_papers(group) or None,
        **before,
    )
    return True


def remove(row: Pronunciation, actor: audit.Actor) -> None:
    group = db.session.get(Group, row.group_id)
    audit.record(actor, "pronunciation.removed", about=row, written=row.written, spoken=row.spoken)
    db.session.delete(row)
    db.session.flush()
    refresh_papers(group)


def refresh_papers(group: Group) -> int:
    """Re-make the spoken text of the papers of meetings not yet ended; queue audio for each
    paper whose words changed. Returns how many papers changed."""
    pronunciations = group_pronunciations(group.id)
    papers = db.session.scalars(
        select(Paper)
        .join(Meeting, Paper.meeting_id == Meeting.id)
        .where(Meeting.group_id == group.id, Meeting.ends_at > utcnow())
    )
    changed = 0
    for paper in papers:
        texts = []
        for section in paper.sections:
            if section.picture is not None:
                spoken = section_words(section.picture, group.id, pronunciations)
            else:
                spoken = for_listening(section.text, pronunciations)
            if spoken != section.spoken_text:
                section.spoken_text = spoken
                texts.append(spoken)
        if texts:
            changed += 1
            digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
            enqueue(
                "render_paper",
                {"paper_id": paper.id},
                dedupe_key=f"render_paper:{paper.id}:{digest}:100",
                priority=50,
            )
    return changed
