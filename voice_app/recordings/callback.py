"""What a recording status callback from Twilio changes, wherever it is applied.

Applied by the web process when the callback arrives, and by either process when a callback kept
on disk (recordings/spool.py) is replayed. It can come before the <Record> action, after it,
twice, or alone (the caller hung up): either way one Recording, one Comment or ShoppingItem and
one download job come of it, and the download is brought forward to now.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from voice_app import audit
from voice_app.calls import find_call, safe_call_sid
from voice_app.extensions import db
from voice_app.models import AuditEntry, RecordingPurpose, RecordingStatus
from voice_app.recordings.capture import (
    Caller,
    RecordingNotice,
    capture_recording,
    find_recording,
    schedule_download,
)

PURPOSES = {
    "comment": RecordingPurpose.COMMENT,
    "item": RecordingPurpose.SHOPPING_ITEM,
    "message": RecordingPurpose.MESSAGE,
}
NOT_COMPLETED = "recording.not_completed"


def _int(args: Mapping[str, str], name: str) -> int | None:
    value = args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def notice_from(form: Mapping[str, str], args: Mapping[str, str]) -> RecordingNotice | None:
    """The recording Twilio posted about (form), with what it is for (the URL's query)."""
    sid = (form.get("RecordingSid") or "").strip()
    if not sid:
        return None
    duration = form.get("RecordingDuration", "")
    return RecordingNotice(
        recording_sid=sid,
        recording_url=form.get("RecordingUrl") or None,
        purpose=PURPOSES.get(args.get("purpose", ""), RecordingPurpose.COMMENT),
        duration_seconds=float(duration) if duration.isdigit() else None,
        paper_id=_int(args, "paper_id"),
        section=_int(args, "section"),
        replaces_recording_id=_int(args, "replaces"),
    )


def already_noted(recording_sid: str) -> bool:
    """A not-completed recording is noted once, however often Twilio tells us (rare: a scan)."""
    details = db.session.scalars(
        select(AuditEntry.detail).where(AuditEntry.action == NOT_COMPLETED)
    )
    return any((detail or {}).get("sid") == recording_sid for detail in details)


def note_not_completed(notice: RecordingNotice, status: str) -> None:
    recording = find_recording(notice.recording_sid)
    if recording is not None and recording.status == RecordingStatus.PENDING:
        recording.status = RecordingStatus.FAILED
        recording.error = f"Twilio reported the recording {status}"
    if not already_noted(notice.recording_sid):
        audit.record("twilio", NOT_COMPLETED, sid=notice.recording_sid, status=status)


def apply_callback(form: Mapping[str, str], args: Mapping[str, str]) -> None:
    """What a recording callback changes; the caller commits."""
    notice = notice_from(form, args)
    status = form.get("RecordingStatus", "completed")
    if notice is not None and status == "completed":
        call_sid = form.get("CallSid", "")
        caller = Caller.from_call(find_call(safe_call_sid(call_sid)) if call_sid else None)
        recording = capture_recording(notice, caller)
        urgent = recording.purpose == RecordingPurpose.SHOPPING_ITEM
        schedule_download(recording, now=True, urgent=urgent)
    elif notice is not None:
        note_not_completed(notice, status)
