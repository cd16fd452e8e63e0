"""Adding a paper to a meeting: keep the file, split it into sections, queue its audio."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import func, select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.jobs import enqueue
from voice_app.models import Meeting, Paper, PaperSection, PaperStatus, utcnow
from voice_app.papers import files
from voice_app.papers.ingest import IngestError, ingest_document
from voice_app.papers.normalise import for_listening
from voice_app.papers.pictures import described, picture_sections, section_words
from voice_app.papers.pronunciations import group_pronunciations
from voice_app.papers.sections import split_sections

# Written words grow when spoken ("£1,200.50" is seven words), so split the written text a
# little shorter than a minute's 150 spoken words.
WRITTEN_WORDS_PER_PART = 120


def add_paper(
    meeting: Meeting,
    data: bytes,
    filename: str,
    title: str | None = None,
    actor: audit.Actor = "system",
    easy_read_of: Paper | None = None,
) -> Paper:
    """Ingest a document into sections; it is marked late after the papers deadline.

    With `easy_read_of`, the document is that paper's Easy Read version, read the same way.
    A cancelled meeting takes no new papers (nobody would be told of them).
    """
    if meeting.cancelled_at is not None:
        raise InputError("That meeting is cancelled, so it takes no new papers.", "file")
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
    if easy_read_of is not None:
        paper.easy_read_of_id = easy_read_of.id
        paper.title = (title or f"{easy_read_of.title} (Easy Read)")[:300]
    words = 0
    parts = split_sections(document.sections, WRITTEN_WORDS_PER_PART)
    pictures = picture_sections(paper, parts, document.pictures)
    for index, part in enumerate(parts):
        picture = pictures.get(index)
        text = part.text
        spoken = for_listening(text, pronunciations)
        if picture is not None:
            text = described(picture, meeting.group_id).short or ""
            spoken = section_words(picture, meeting.group_id, pronunciations)
        count = len(text.split())
        words += count
        paper.sections.append(
            PaperSection(
                position=index + 1,
                heading=part.heading[:300],
                part=part.part,
                parts=part.parts,
                text=text,
                spoken_text=spoken,
                word_count=count,
                picture=picture,
            )
        )
    if not paper.sections:
        raise InputError("That document has no text to read aloud.", "file")
    paper.word_count = words
    if easy_read_of is None:
        meeting.papers.append(paper)
    else:
        paper.meeting_id = meeting.id  # not in meeting.papers: reached through its paper
        db.session.add(paper)
    db.session.flush()
    paper.stored_path = files.keep(paper.id, files.original_name(filename), data).key
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
        pictures=len(pictures),
        easy_read_of=easy_read_of.id if easy_read_of is not None else None,
    )
    return paper
