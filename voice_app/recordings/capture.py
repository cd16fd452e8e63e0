"""Make the rows for a recording the moment Twilio tells us of it, whichever message comes first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from voice_app import audit
from voice_app.contact_requests import ask_for_person
from voice_app.extensions import db
from voice_app.jobs import enqueue
from voice_app.meetings import upcoming_meetings
from voice_app.models import (
    Call,
    Comment,
    ContactRequest,
    ContactSource,
    Group,
    Job,
    JobStatus,
    Paper,
    Person,
    Recording,
    RecordingPurpose,
    ShoppingItem,
    utcnow,
)

DOWNLOAD_JOB = "recording.download"
# The <Record> action schedules a late download in case the status callback never comes.
BACKSTOP_DELAY = timedelta(minutes=2)
DOWNLOAD_ATTEMPTS = 6


@dataclass
class Caller:
    """Who is on the line, as far as the recording flows need to know."""

    call: Call | None
    person: Person | None
    group_id: int | None
    phone: str | None

    @classmethod
    def from_call(cls, call: Call | None) -> Caller:
        """Who was on this call; a known person without a chosen group counts in their first."""
        if call is None:
            return cls(None, None, None, None)
        person = call.person
        group_id = call.group_id
        if group_id is None and person is not None and person.groups():
            group_id = person.groups()[0].id
        return cls(call, person, group_id, call.from_number)


@dataclass
class RecordingNotice:
    """What Twilio told us about one recording, plus what the caller was commenting on."""

    recording_sid: str
    recording_url: str | None
    purpose: RecordingPurpose
    duration_seconds: float | None = None
    paper_id: int | None = None
    section: int | None = None
    replaces_recording_id: int | None = None  # the caller chose "record again" after this one


def find_recording(recording_sid: str) -> Recording | None:
    return db.session.scalar(select(Recording).where(Recording.recording_sid == recording_sid))


def capture_recording(notice: RecordingNotice, caller: Caller) -> Recording:
    """The Recording and its Comment or ShoppingItem, made once however often we are told."""
    recording = find_recording(notice.recording_sid)
    if recording is None:
        recording = Recording(
            recording_sid=notice.recording_sid,
            call_id=caller.call.id if caller.call else None,
            person_id=caller.person.id if caller.person else None,
            group_id=caller.group_id,
            purpose=notice.purpose,
            twilio_url=notice.recording_url,
            duration_seconds=notice.duration_seconds,
        )
        try:
            with db.session.begin_nested():
                db.session.add(recording)
        except IntegrityError:  # the other message made it a moment ago
            recording = find_recording(notice.recording_sid)
    recording.twilio_url = recording.twilio_url or notice.recording_url
    if recording.duration_seconds is None:
        recording.duration_seconds = notice.duration_seconds
    _ensure_item(recording, notice, caller)
    return recording


ITEM_MODELS = {
    RecordingPurpose.COMMENT: Comment,
    RecordingPurpose.SHOPPING_ITEM: ShoppingItem,
    RecordingPurpose.MESSAGE: ContactRequest,
}


def linked_item(recording: Recording) -> Comment | ShoppingItem | ContactRequest | None:
    model = ITEM_MODELS[RecordingPurpose(recording.purpose)]
    return db.session.scalar(select(model).where(model.recording_id == recording.id))


def _ensure_item(recording: Recording, notice: RecordingNotice, caller: Caller) -> None:
    if recording.group_id is None or linked_item(recording) is not None:
        return  # no group: the recording itself is kept for a coordinator to place
    if recording.purpose == RecordingPurpose.MESSAGE:
        ask_for_person(
            recording.group_id,
            source=ContactSource.PHONE,
            reason="Please call back: a voice message was left",
            person=db.session.get(Person, recording.person_id) if recording.person_id else None,
            phone=caller.phone,
            recording_id=recording.id,
        )
        return
    if recording.purpose == RecordingPurpose.COMMENT:
        paper = _paper_in_group(notice.paper_id, recording.group_id)
        item: Comment | ShoppingItem = Comment(
            group_id=recording.group_id,
            meeting_id=paper.meeting_id if paper else _meeting_now_or_next(recording.group_id),
            paper_id=paper.id if paper else None,
            section_position=notice.section if paper else None,
            person_id=recording.person_id,
            phone=caller.phone,
            recording_id=recording.id,
        )
    else:
        item = ShoppingItem(
            group_id=recording.group_id,
            person_id=recording.person_id,
            recording_id=recording.id,
            source="phone",
        )
    try:
        with db.session.begin_nested():
            db.session.add(item)
    except IntegrityError:
        return  # made by the other message at the same moment
    _note_replacement(item, notice.replaces_recording_id, recording)


def _note_replacement(
    item: Comment | ShoppingItem, replaces_id: int | None, recording: Recording
) -> None:
    """Keep the earlier take (nothing is lost) but point it at the one the caller kept."""
    earlier = db.session.get(Recording, replaces_id) if replaces_id else None
    if earlier is None or earlier.call_id != recording.call_id or earlier.id == recording.id:
        return
    earlier_item = linked_item(earlier)
    if isinstance(earlier_item, ShoppingItem) and isinstance(item, ShoppingItem):
        earlier_item.merged_into_id = item.id
    audit.record(
        f"person:{recording.person_id}" if recording.person_id else "caller",
        "recording.recorded_again",
        entity="recording",
        entity_id=earlier.id,
        group_id=recording.group_id,
        replaced_by_recording_id=recording.id,
    )


def _paper_in_group(paper_id: int | None, group_id: int) -> Paper | None:
    paper = db.session.get(Paper, paper_id) if paper_id else None
    return paper if paper is not None and paper.meeting.group_id == group_id else None


def _meeting_now_or_next(group_id: int) -> int | None:
    group = db.session.get(Group, group_id)
    meetings = upcoming_meetings(group) if group else []
    return meetings[0].id if meetings else None


def schedule_download(recording: Recording, *, now: bool, urgent: bool = False) -> Job:
    """Enqueue the download once; the status callback (now=True) brings a backstop forward."""
    job = enqueue(
        DOWNLOAD_JOB,
        {"recording_id": recording.id},
        dedupe_key=f"recording-download:{recording.recording_sid}",
        delay=timedelta(0) if now else BACKSTOP_DELAY,
        priority=10 if urgent else 50,
        max_attempts=DOWNLOAD_ATTEMPTS,
    )
    if now and job.status == JobStatus.QUEUED and job.attempts == 0 and job.run_after > utcnow():
        job.run_after = utcnow()
    return job
