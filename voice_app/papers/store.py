"""Adding a paper to a meeting: keep the file, split it into sections, queue its audio."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.jobs import enqueue
from voice_app.models import Meeting, Paper, PaperSection, PaperStatus, Pronunciation, utcnow
from voice_app.papers.ingest import IngestError, ingest_document
from voice_app.papers.normalise import for_listening
from voice_app.papers.sections import split_sections

# Written words grow when spoken ("£1,200.50" is seven words), so split the written text a
# little shorter than a minute's 150 spoken words.
WRITTEN_WORDS_PER_PART = 120


def group_pronunciations(group_id: int) -> dict[str, str]:
    rows = db.session.scalars(select(Pronunciation).where(Pronunciation.group_id == group_id))
    return {row.written: row.spoken for row in rows}


def add_paper(
    meeting: Meeting,
    data: bytes,
    filename: str,
    title: str | None = None,
    actor: audit.Actor = audit.SYSTEM,
) -> Paper:
    """Ingest a document into sections; it is marked late after the papers deadline."""
    try:
        document = ingest_document(data, filename)
    except IngestError as exc:
        raise InputError(str(exc), "file") from None
    digest = hashlib.sha256(data).hexdigest()
    now = utcnow()
    pronunciations = group_pronunciations(meeting.group_id)
    position = db.session.scalar(
        select(func.coalesce(func.max(Paper.position), 0)).where(Paper.meeting_id == meeting.id)
    )
    paper = Paper(
        meeting_id=meeting.id,
        position=position + 1,
        title=(title or document.title or Path(filename).stem)[:300],
        source_filename=Path(filename).name[:300],
        source_type=document.source_type,
        source_sha256=digest,
        is_late=now > meeting.papers_deadline,
        added_at=now,
        status=PaperStatus.PROCESSING,
    )
    words = 0
    for index, part in enumerate(split_sections(document.sections, WRITTEN_WORDS_PER_PART)):
        count = len(part.text.split())
        words += count
        paper.sections.append(
            PaperSection(
                position=index + 1,
                heading=part.heading[:300],
                part=part.part,
                parts=part.parts,
                text=part.text,
                spoken_text=for_listening(part.text, pronunciations),
                word_count=count,
            )
        )
    if not paper.sections:
        raise InputError("That document has no text to read aloud.", "file")
    paper.word_count = words
    meeting.papers.append(paper)
    db.session.flush()
    paper.stored_path = str(_keep_original(paper.id, data, filename))
    enqueue(
        "render_paper",
        {"paper_id": paper.id},
        dedupe_key=f"render_paper:{paper.id}:{digest}:100",
        priority=50,
    )
    audit.record(
        actor,
        "paper.added",
        entity="paper",
        entity_id=paper.id,
        group_id=meeting.group_id,
        late=paper.is_late,
        sections=len(paper.sections),
    )
    return paper


def _keep_original(paper_id: int, data: bytes, filename: str) -> Path:
    folder = current_app.config["SETTINGS"].uploads_dir
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(filename).suffix.lower()[:8]
    path = folder / f"paper-{paper_id}{suffix}"
    path.write_bytes(data)
    return path
