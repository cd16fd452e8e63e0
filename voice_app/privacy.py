"""Data protection: a person's data as a bundle (subject access), erasure, and audio retention.

Voice recordings of disabled residents are special-category data. Erasure removes audio,
transcripts, calls and what they said; money records stay, as the law requires, but point at an
anonymised person.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update

from voice_app import audit
from voice_app.extensions import db
from voice_app.models import (
    AccessNeed,
    Attendance,
    AuditEntry,
    Call,
    Comment,
    ConferenceLeg,
    ExpenseClaim,
    FeedbackStatus,
    ListeningTime,
    OutboundMessage,
    Payment,
    Person,
    ReadingPosition,
    Recording,
    RecordingStatus,
    RegisterAbsence,
    ResidentLink,
    ShoppingItem,
    ShoppingStatus,
    Transcript,
    User,
    utcnow,
)
from voice_app.storage import NotStored, current_store

DEFAULT_AUDIO_RETENTION_DAYS = 90


def forget_pin_counters(person: Person) -> None:
    from voice_app import guards
    from voice_app.pins import member_prefix

    guards.forget(member_prefix(person.member_number))


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, int | float | bool | str | list | dict):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _columns(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {c.key: _plain(getattr(row, c.key)) for c in row.__table__.columns if c.key not in skip}


def _rows(model, *conditions) -> list[Any]:
    return list(db.session.scalars(select(model).where(*conditions).order_by(model.id)))


def subject_access_bundle(person: Person) -> bytes:
    """A zip of everything held about one person: data as JSON, their recordings as audio."""
    recordings = _rows(Recording, Recording.person_id == person.id)
    calls = _rows(Call, Call.person_id == person.id)
    data = {
        "person": _columns(person, skip=("pin_hash",)),
        "memberships": [_columns(m) for m in person.memberships],
        "access_needs": [_columns(n) for n in person.access_needs],
        "calls": [_columns(c) for c in calls],
        "comments": [_columns(c) for c in _rows(Comment, Comment.person_id == person.id)],
        "shopping_items": [
            _columns(i) for i in _rows(ShoppingItem, ShoppingItem.person_id == person.id)
        ],
        "recordings": [_columns(r) for r in recordings],
        "transcripts": [_columns(t) for r in recordings for t in r.transcripts],
        "attendance": [_columns(a) for a in _rows(Attendance, Attendance.person_id == person.id)],
        "marked_absent": [
            _columns(a) for a in _rows(RegisterAbsence, RegisterAbsence.person_id == person.id)
        ],
        "payments": [_columns(p) for p in _rows(Payment, Payment.person_id == person.id)],
        "expense_claims": [
            _columns(e) for e in _rows(ExpenseClaim, ExpenseClaim.person_id == person.id)
        ],
        "listening": [
            _columns(t) for t in _rows(ListeningTime, ListeningTime.person_id == person.id)
        ],
        "outbound_messages": [
            _columns(m) for m in _rows(OutboundMessage, OutboundMessage.person_id == person.id)
        ],
        "audit_log": [_columns(e) for e in _about(person)],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
        bundle.writestr("README.txt", BUNDLE_README)
        store = current_store()
        for recording in recordings:
            if recording.local_path and recording.status == RecordingStatus.STORED:
                try:
                    audio = store.get(recording.local_path, recording.sha256)
                except NotStored:
                    continue  # the row in data.json says what happened to it
                bundle.writestr(f"recordings/recording-{recording.id}.wav", audio)
    return buffer.getvalue()


BUNDLE_README = """This is everything the co-production group's phone line holds about you.
data.json has your details, calls, comments, shopping-list items, attendance and payments.
The recordings folder has the comments you left by phone, as you said them.
"""


def _about(person: Person) -> list[AuditEntry]:
    return _rows(
        AuditEntry,
        or_(
            (AuditEntry.entity == "person") & (AuditEntry.entity_id == person.id),
            AuditEntry.actor == f"person:{person.id}",
        ),
    )


def _delete_audio(recording: Recording) -> None:
    """Delete from the store first: if it cannot be reached, the row still says where it is."""
    if recording.local_path:
        try:
            current_store().delete(recording.local_path)
        except NotStored:
            pass  # a key that was never acceptable names nothing to delete
    recording.local_path = None
    recording.status = RecordingStatus.ERASED


def erase_person(person: Person, actor: audit.Actor) -> dict[str, int]:
    """Erase a person's personal data; keep money records, anonymised. The caller commits,
    then calls compact_storage() so no old copy stays in the database's files."""
    from voice_app.recordings.tasks import schedule_erased_deletes

    recordings = _rows(Recording, Recording.person_id == person.id)
    recording_ids = [r.id for r in recordings]
    at_twilio = [r.recording_sid for r in recordings if r.remote_deleted_at is None]
    message_ids = list(
        db.session.scalars(select(OutboundMessage.id).where(OutboundMessage.person_id == person.id))
    )
    item_ids = list(
        db.session.scalars(select(ShoppingItem.id).where(ShoppingItem.person_id == person.id))
    )
    traces = [t for t in (person.phone, person.name, person.email) if t]
    for recording in recordings:
        _delete_audio(recording)
    counts = {
        "recordings": len(recordings),
        "transcripts": db.session.execute(
            delete(Transcript).where(Transcript.recording_id.in_(recording_ids))
        ).rowcount,
        "comments": db.session.execute(
            delete(Comment).where(Comment.person_id == person.id)
        ).rowcount,
        # Ideas the group has not taken up go; the others stay in the group's words only.
        "shopping_items": db.session.execute(
            delete(ShoppingItem).where(
                ShoppingItem.person_id == person.id,
                ShoppingItem.status == ShoppingStatus.PROPOSED,
            )
        ).rowcount
        + db.session.execute(
            update(ShoppingItem)
            .where(ShoppingItem.person_id == person.id)
            .values(person_id=None, recording_id=None, original_text=None)
        ).rowcount,
        "calls": db.session.execute(delete(Call).where(Call.person_id == person.id)).rowcount,
    }
    db.session.execute(delete(Recording).where(Recording.id.in_(recording_ids)))
    db.session.execute(delete(ReadingPosition).where(ReadingPosition.person_id == person.id))
    db.session.execute(delete(AccessNeed).where(AccessNeed.person_id == person.id))
    db.session.execute(delete(ResidentLink).where(ResidentLink.person_id == person.id))
    db.session.execute(
        update(ConferenceLeg).where(ConferenceLeg.person_id == person.id).values(call_sid="erased")
    )
    db.session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.person_id == person.id)
        .values(to_number="erased", body=None)
    )
    db.session.execute(update(User).where(User.person_id == person.id).values(person_id=None))
    person.name = f"Erased person {person.id}"
    person.phone = person.email = person.pin_hash = person.notes = None
    person.bank_account_name = person.bank_sort_code = person.bank_account_number = None
    person.payment_charity = None
    person.erased_at = utcnow()
    for membership in person.memberships:
        membership.active = False
    forget_pin_counters(person)
    audit.scrub_person(
        person,
        traces,
        [
            ("recording", recording_ids),
            ("outbound_message", message_ids),
            ("shopping_item", item_ids),
        ],
    )
    schedule_erased_deletes(at_twilio)  # Twilio's copies, by SID: the rows are gone
    audit.record(actor, "person.erased", entity="person", entity_id=person.id, **counts)
    return counts


def compact_storage() -> None:
    """After an erasure (committed): every SQLite connection runs with secure_delete on, so the
    deleted rows' bytes are already overwritten with zeros in the database file; what is left
    is their copy in the write-ahead log, so fold the log in and empty it.

    No VACUUM: with secure_delete there is nothing left for it to remove, and rebuilding the
    whole file on every erasure, while the web and worker processes hold it open, is costly; the
    checkpoint is safe beside other connections. PostgreSQL's own storage is the server's to
    manage (docs/security.md)."""
    if db.engine.dialect.name != "sqlite":
        return
    db.session.remove()
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def apply_audio_retention(days: int = DEFAULT_AUDIO_RETENTION_DAYS) -> int:
    """Delete audio older than `days` once a coordinator has dealt with it; keep the transcript."""
    cutoff = utcnow() - timedelta(days=days)
    reviewed_comments = select(Comment.recording_id).where(
        Comment.reviewed_at.is_not(None),
        Comment.recording_id.is_not(None),
        Comment.status != FeedbackStatus.PENDING,
    )
    decided_items = select(ShoppingItem.recording_id).where(
        ShoppingItem.recording_id.is_not(None), ShoppingItem.status != ShoppingStatus.PROPOSED
    )
    due = _rows(
        Recording,
        or_(Recording.id.in_(reviewed_comments), Recording.id.in_(decided_items)),
        Recording.created_at < cutoff,
        Recording.status == RecordingStatus.STORED,
    )
    for recording in due:
        _delete_audio(recording)
        audit.record(
            "system",
            "recording.audio_expired",
            entity="recording",
            entity_id=recording.id,
            group_id=recording.group_id,
            retention_days=days,
        )
    db.session.commit()
    return len(due)
