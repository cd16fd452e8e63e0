"""The rules for pictures in papers: kept where they stand, described by people, and when a paper
counts as ready for listeners.

A picture's description is, in order: what a coordinator of the group wrote for that picture
(found by its content hash, so it survives a re-upload of the same picture in any paper), or the
author's own (alt text, Word's description). A paper is ready for listeners when its audio is
made and every picture is described or decorative, or a coordinator released it with a reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.jobs import enqueue
from voice_app.models import (
    Paper,
    PaperPicture,
    PaperSection,
    PaperStatus,
    PictureDescription,
    utcnow,
)
from voice_app.papers.document import as_sentence
from voice_app.papers.figures import Picture
from voice_app.papers.normalise import for_listening
from voice_app.papers.pronunciations import group_pronunciations
from voice_app.papers.sections import Part
from voice_app.storage import PICTURES, current_store

SHORT_LIMIT = 300
LONG_LIMIT = 5000
CONTEXT_WORDS = 40


@dataclass(frozen=True)
class Described:
    short: str | None
    long: str | None
    decorative: bool

    @property
    def missing(self) -> bool:
        return not self.decorative and not self.short


def picture_key(sha256: str) -> str:
    """Pictures are kept once by content, whichever papers they appear in."""
    return f"{PICTURES}/{sha256[:2]}/{sha256}"


def keep_picture(
    paper: Paper, picture: Picture, position: int, before: str, after: str
) -> PaperPicture:
    """A picture's row, its bytes kept once by content hash in the store."""
    stored = None
    if picture.width:  # Pillow could read it: real picture bytes, not only a link
        stored = picture_key(picture.sha256)
        if not current_store().exists(stored):
            current_store().put(stored, picture.data)
    return PaperPicture(
        paper=paper,
        position=position,
        sha256=picture.sha256,
        page=picture.page,
        width=picture.width,
        height=picture.height,
        stored_path=stored,
        author_description=picture.description,
        text_before=" ".join(before.split()[-CONTEXT_WORDS:]),
        text_after=" ".join(after.split()[:CONTEXT_WORDS]),
    )


def picture_sections(
    paper: Paper, parts: list[Part], pictures: list[Picture]
) -> dict[int, PaperPicture]:
    """The picture row for each picture part (by part index), with the words either side."""
    found: dict[int, PaperPicture] = {}
    for index, part in enumerate(parts):
        if part.picture is None:
            continue
        before = next((p.text for p in reversed(parts[:index]) if p.picture is None), "")
        after = next((p.text for p in parts[index + 1 :] if p.picture is None), "")
        found[index] = keep_picture(paper, pictures[part.picture], len(found) + 1, before, after)
    return found


def described(picture: PaperPicture, group_id: int) -> Described:
    row = _description(group_id, picture.sha256)
    if row is not None:
        return Described(row.short, row.long, row.decorative)
    return Described(picture.author_description, None, False)


def _description(group_id: int, sha256: str) -> PictureDescription | None:
    return db.session.scalar(
        select(PictureDescription).where(
            PictureDescription.group_id == group_id, PictureDescription.sha256 == sha256
        )
    )


def section_words(picture: PaperPicture, group_id: int, pronunciations: dict[str, str]) -> str:
    """What a picture's section says (its short description, spoken), or nothing yet."""
    short = described(picture, group_id).short
    return for_listening(as_sentence(short), pronunciations) if short else ""


def undescribed(paper: Paper) -> list[PaperPicture]:
    """The paper's pictures still waiting for a description, in reading order."""
    group_id = paper.meeting.group_id
    pictures = [s.picture for s in paper.sections if s.picture is not None]
    return [p for p in pictures if described(p, group_id).missing]


def ready_for_listeners(paper: Paper) -> bool:
    """Audio made, and every picture described (or the paper released with a reason)."""
    if paper.status != PaperStatus.READY:
        return False
    return bool(paper.release_reason) or not undescribed(paper)


def describe(
    picture: PaperPicture, short: str, long: str, actor: audit.Actor, decorative: bool = False
) -> PictureDescription:
    """Record a coordinator's description (or "decorative") for this picture wherever it is."""
    short, long = " ".join(short.split()), long.strip()
    if not decorative and not short:
        raise InputError("Write a short description, or mark the picture as decorative.", "short")
    if len(short) > SHORT_LIMIT:
        raise InputError(f"Keep the short description under {SHORT_LIMIT} characters.", "short")
    if len(long) > LONG_LIMIT:
        raise InputError(f"Keep the long description under {LONG_LIMIT} characters.", "long")
    group_id = picture_group(picture)
    row = _description(group_id, picture.sha256)
    if row is None:
        row = PictureDescription(group_id=group_id, sha256=picture.sha256)
        db.session.add(row)
    row.short, row.long = (None, None) if decorative else (short, long or None)
    row.decorative, row.updated_by, row.updated_at = decorative, audit.actor_name(actor), utcnow()
    audit.record(
        actor,
        "picture.decorative" if decorative else "picture.described",
        entity="paper_picture",
        entity_id=picture.id,
        group_id=group_id,
        sha256=picture.sha256,
        short=row.short,
        long=bool(row.long),
    )
    db.session.flush()
    _refresh_sections(group_id, picture.sha256)
    return row


def picture_group(picture: PaperPicture) -> int:
    return db.session.get(Paper, picture.paper_id).meeting.group_id


def _refresh_sections(group_id: int, sha256: str) -> None:
    """Every section showing this picture in the group's papers says the new words."""
    pronunciations = group_pronunciations(group_id)
    sections = db.session.scalars(
        select(PaperSection).join(PaperPicture).where(PaperPicture.sha256 == sha256)
    ).all()
    for section in sections:
        paper = section.paper
        if paper.meeting.group_id != group_id:
            continue
        if described(section.picture, group_id).decorative:
            _drop_section(paper, section)
            continue
        words = section_words(section.picture, group_id, pronunciations)
        section.text = described(section.picture, group_id).short or ""
        section.spoken_text = words
        digest = hashlib.sha256(words.encode()).hexdigest()[:16]
        enqueue(
            "render_paper",
            {"paper_id": paper.id},
            dedupe_key=f"render_paper:{paper.id}:{digest}:100",
            priority=50,
        )


def _drop_section(paper: Paper, section: PaperSection) -> None:
    """A decorative picture is not read at all: its section goes and the rest close up."""
    paper.sections.remove(section)
    db.session.flush()
    for index, other in enumerate(paper.sections, start=1):
        other.position = -index  # two steps: positions are unique within a paper
    db.session.flush()
    for other in paper.sections:
        other.position = -other.position
    db.session.flush()


def release(paper: Paper, reason: str, actor: audit.Actor) -> None:
    """Let a paper out with pictures undescribed; callers hear the reason."""
    reason = " ".join(reason.split())
    if not reason:
        raise InputError("Say why the paper goes out before its pictures are described.", "reason")
    if len(reason) > SHORT_LIMIT:
        raise InputError(f"Keep the reason under {SHORT_LIMIT} characters.", "reason")
    paper.release_reason = reason
    audit.record(
        actor,
        "paper.released",
        entity="paper",
        entity_id=paper.id,
        group_id=paper.meeting.group_id,
        reason=reason,
        undescribed=len(undescribed(paper)),
    )
