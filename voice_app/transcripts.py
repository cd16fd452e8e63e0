"""Transcripts as people read them: unsure words marked, corrections kept as history."""

from __future__ import annotations

from dataclasses import dataclass

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import Comment, FeedbackStatus, Transcript, User, utcnow

UNSURE_BELOW = 0.6
HUMAN = "human"


@dataclass
class Token:
    word: str
    unsure: bool


def tokens(transcript: Transcript | None) -> list[Token]:
    """The words of a machine transcript, each marked unsure below 60% confidence."""
    if transcript is None:
        return []
    if transcript.words:
        return [
            Token(str(w.get("word", "")), float(w.get("conf", 1.0)) < UNSURE_BELOW)
            for w in transcript.words
            if w.get("word")
        ]
    return [Token(word, False) for word in transcript.text.split()]


def current_text(comment: Comment) -> str | None:
    if comment.text is not None:
        return comment.text
    transcript = comment.recording.transcript if comment.recording else None
    return transcript.text if transcript else None


def correct_transcript(comment: Comment, text: str, user: User) -> Transcript | None:
    """Keep every earlier version: a correction is a new Transcript row by a person."""
    text = (text or "").strip()
    if not text:
        raise InputError("Write the corrected transcript.", "text")
    previous = current_text(comment)
    if text == previous:
        raise InputError("The transcript is unchanged. Edit the words, then save.", "text")
    transcript = None
    if comment.recording is not None:
        transcript = Transcript(
            recording=comment.recording,
            text=text,
            words=[],
            engine=HUMAN,
            language=comment.recording.transcript.language
            if comment.recording.transcript
            else None,
            edited_by_user_id=user.id,
            created_at=utcnow(),
        )
        db.session.add(transcript)
    comment.text = text
    if comment.status == FeedbackStatus.PENDING or comment.status == FeedbackStatus.FAILED:
        comment.status = FeedbackStatus.TRANSCRIBED
    audit.record(
        user,
        "transcript.corrected",
        entity="comment",
        entity_id=comment.id,
        group_id=comment.group_id,
        previous=previous,
    )
    return transcript


def set_reviewed(comment: Comment, user: User, reviewed: bool = True) -> None:
    comment.reviewed_at = utcnow() if reviewed else None
    comment.reviewed_by_user_id = user.id if reviewed else None
    audit.record(
        user,
        "comment.reviewed" if reviewed else "comment.unreviewed",
        entity="comment",
        entity_id=comment.id,
        group_id=comment.group_id,
    )
