"""Turn a stored recording into a Transcript on our own machine, and update what it belongs to."""

from __future__ import annotations

from flask import current_app

from voice_app.extensions import db
from voice_app.models import (
    Comment,
    FeedbackStatus,
    Group,
    Recording,
    RecordingStatus,
    ShoppingItem,
    Transcript,
)
from voice_app.prompts import language_of
from voice_app.recordings.capture import linked_item
from voice_app.recordings.speech_hints import group_words
from voice_app.storage import ChecksumMismatch, NotStored, current_store


class NotReady(Exception):
    """The audio is not stored yet (or was erased): nothing to transcribe."""


def machine_transcript(recording: Recording) -> Transcript | None:
    """The engine's transcript (not a person's correction), if there is one already."""
    return next((t for t in recording.transcripts if t.engine != "human"), None)


def sure_text(transcript: Transcript | None, threshold: float) -> str | None:
    """The words to read back to the caller, only when the engine was sure of them.

    Below the threshold (VOICE_APP_READBACK_CONFIDENCE), or when nothing was heard,
    the words are not read back: the item waits for the coordinator to listen.
    """
    if transcript is None or not transcript.text.strip():
        return None
    if transcript.confidence is None or transcript.confidence < threshold:
        return None
    return transcript.text.strip()


def recording_language(recording: Recording) -> str:
    group = db.session.get(Group, recording.group_id) if recording.group_id else None
    return language_of(group)


def transcribe(recording: Recording) -> Transcript:
    """Run the offline recognizer once per recording (the caller commits)."""
    existing = machine_transcript(recording)
    if existing is not None:
        return existing
    if recording.status != RecordingStatus.STORED or not recording.local_path:
        raise NotReady(f"recording {recording.id} is {recording.status}, not stored")
    from voice_app.speech.recognition import recognizer_for

    settings = current_app.config["SETTINGS"]
    recognizer = recognizer_for(settings, recording_language(recording))
    hints = group_words(recording.group_id, settings.speech_hints)
    try:
        with current_store().local_file(recording.local_path, recording.sha256) as path:
            result = recognizer.transcribe(str(path), hints=hints)
    except (NotStored, ChecksumMismatch) as exc:
        raise NotReady(f"recording {recording.id} is not in the store: {exc}") from None
    transcript = Transcript(
        recording=recording,
        text=result.text,
        words=list(result.words),
        engine=result.engine,
        model=result.model,
        revision=result.revision or None,
        confidence=result.confidence,
        language=result.language,
        real_time_factor=result.real_time_factor,
    )
    db.session.add(transcript)
    if result.audio_seconds:
        recording.duration_seconds = round(result.audio_seconds, 2)
    apply_text(recording, result.text)
    return transcript


def apply_text(recording: Recording, text: str) -> None:
    """Put the words heard on the comment or shopping-list item the recording belongs to."""
    item = linked_item(recording)
    if isinstance(item, Comment):
        item.text = text
        item.status = FeedbackStatus.TRANSCRIBED
    elif isinstance(item, ShoppingItem):
        item.original_text = text
        item.text = item.text or text
    elif item is not None:  # a message for a person: the words are shown with the call back
        item.message = text


def mark_failed(recording: Recording, reason: str) -> None:
    """Record why the machine gave up; the audio (ours or Twilio's) is kept for a person."""
    recording.error = reason[:4000]
    item = linked_item(recording)
    if isinstance(item, Comment):
        item.status = FeedbackStatus.FAILED
