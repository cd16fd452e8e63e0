"""Speech audio for papers: rendered in the background, cached by text, voice and rate.

The phone never waits for this: a section with no audio yet is read with <Say> instead. Audio is
rendered into a temporary folder, put in the store (voice_app/storage) and only then recorded,
so a row always names a whole object that any machine can fetch.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select

from voice_app.extensions import db
from voice_app.jobs import enqueue
from voice_app.models import Paper, PaperSection, PaperStatus, SpeechRendition
from voice_app.speech.tts import RATES, cache_key, render
from voice_app.storage import SPEECH, current_store

VOICE = "en-gb"
NORMAL_RATE = 100


def find_rendition(text: str, rate: int, voice: str = VOICE) -> SpeechRendition | None:
    """The cached audio for this text at this rate, if it has been rendered and still exists.

    StoreError when the store cannot be asked: the phone then says the words instead.
    """
    rendition = db.session.scalar(
        select(SpeechRendition).where(
            SpeechRendition.text_sha256 == cache_key(text, voice, rate),
            SpeechRendition.voice == voice,
            SpeechRendition.rate == rate,
        )
    )
    if rendition is None or not current_store().exists(rendition.path):
        return None
    return rendition


def render_cached(text: str, rate: int, voice: str = VOICE) -> SpeechRendition:
    """Render once; the same words at the same rate are never rendered twice."""
    existing = find_rendition(text, rate, voice)
    if existing is not None:
        return existing
    key = cache_key(text, voice, rate)
    with tempfile.TemporaryDirectory(prefix="voice-app-tts-") as folder:
        result = render(text, Path(folder) / f"{key}.wav", rate=rate, voice=voice)
        stored = current_store().put(f"{SPEECH}/{key[:2]}/{key}.wav", result.path, "audio/wav")
    rendition = db.session.scalar(
        select(SpeechRendition).where(
            SpeechRendition.text_sha256 == key,
            SpeechRendition.voice == voice,
            SpeechRendition.rate == rate,
        )
    )
    if rendition is None:
        rendition = SpeechRendition(text_sha256=key, voice=voice, rate=rate)
        db.session.add(rendition)
    rendition.path = stored.key
    rendition.sha256 = stored.sha256
    rendition.duration_seconds = result.duration_seconds
    db.session.commit()
    return rendition


def section_texts(section: PaperSection) -> list[str]:
    """What is spoken for a section: its heading announcement is separate, from prompts.

    A picture not yet described has no words of its own (the phone announces it from prompts).
    """
    return [section.spoken_text] if section.spoken_text.strip() else []


def render_paper(paper: Paper, rate: int) -> int:
    """Render every section of a paper at one rate; the paper is ready once normal rate is done."""
    rendered = 0
    for section in paper.sections:
        for text in section_texts(section):
            render_cached(text, rate)
            rendered += 1
    if rate == NORMAL_RATE:
        paper.status = PaperStatus.READY
        db.session.commit()
        for other in RATES:
            if other != NORMAL_RATE:
                enqueue(
                    "render_paper",
                    {"paper_id": paper.id, "rate": other},
                    dedupe_key=f"render_paper:{paper.id}:{paper.source_sha256}:{other}",
                    priority=70,
                )
        db.session.commit()
    return rendered


def forget_unsaid_renditions() -> int:
    """Delete the cached audio of words no paper says any more; returns how many renditions.

    Audio is cached by its words, so a removed or replaced paper, a picture described again or
    a new pronunciation leaves audio that nothing plays: a paper's words must not outlive the
    paper. The rows go first, in one commit, then the files, so a row never names a missing
    file. Should a paper being added at that moment reuse one of them, the phone says its words
    with <Say> instead (phone/audio.py), as it does for any section without audio.
    """
    said = db.session.scalars(select(PaperSection.spoken_text).distinct()).all()
    live = {cache_key(text, VOICE, rate) for text in said for rate in RATES}
    unsaid = [
        rendition
        for rendition in db.session.scalars(select(SpeechRendition))
        if rendition.voice != VOICE or rendition.text_sha256 not in live
    ]
    keys = [rendition.path for rendition in unsaid]
    for rendition in unsaid:
        db.session.delete(rendition)
    db.session.commit()
    store = current_store()
    for key in keys:
        store.delete(key)
    return len(keys)
