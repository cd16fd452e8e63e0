"""How long each kind of record is kept, per group, and the daily job that removes the rest.

Audio has its own rule (voice_app/privacy.py: reviewed recordings' audio after 90 days).
Transcripts, call records, texts and the audit log are kept for the group's period, or the
default here; no period may be shorter than MIN_DAYS, so a slip cannot wipe records before
anyone has dealt with them, nor longer than MAX_DAYS.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import (
    AuditEntry,
    Call,
    Comment,
    Group,
    Guard,
    OutboundKind,
    OutboundMessage,
    Recording,
    Transcript,
    utcnow,
)

MIN_DAYS = 30
MAX_DAYS = 3650
AUDIO_MIN_DAYS = 7
# kind -> (the group's column, default days)
KINDS = {
    "transcripts": ("transcript_retention_days", 365),
    "calls": ("call_retention_days", 365),
    "texts": ("text_retention_days", 365),
    "audit": ("audit_retention_days", 730),
}


def parse_days(value: object, name: str = "days", minimum: int = MIN_DAYS) -> int:
    """A whole number of days from `minimum` to MAX_DAYS; InputError for anything else."""
    text = str(value).strip()
    if not text.isdigit() or not minimum <= int(text) <= MAX_DAYS:
        raise InputError(
            f"{name} must be a whole number of days from {minimum} to {MAX_DAYS}, not {text!r}.",
            "days",
        )
    return int(text)


def set_retention(group: Group, kind: str, days: object, actor: audit.Actor) -> int:
    """Set how long the group keeps one kind of record (the caller commits)."""
    if kind not in KINDS:
        raise InputError(f"Unknown kind {kind!r}; choose one of {', '.join(KINDS)}.", "kind")
    value = parse_days(days)
    setattr(group, KINDS[kind][0], value)
    audit.record(
        actor,
        "retention.set",
        entity="group",
        entity_id=group.id,
        group_id=group.id,
        kind=kind,
        days=value,
    )
    return value


def period(group: Group | None, kind: str) -> int:
    column, default = KINDS[kind]
    return (getattr(group, column) if group is not None else None) or default


def _expire_group(group: Group | None, now: datetime) -> dict[str, int]:
    group_id = group.id if group is not None else None

    def cutoff(kind: str) -> datetime:
        return now - timedelta(days=period(group, kind))

    same_group = (lambda col: col == group_id) if group is not None else (lambda col: col.is_(None))
    recordings = select(Recording.id).where(same_group(Recording.group_id))
    counts = {
        "transcripts": db.session.execute(
            delete(Transcript).where(
                Transcript.recording_id.in_(recordings),
                Transcript.created_at < cutoff("transcripts"),
            )
        ).rowcount,
        "comment_texts": db.session.execute(
            update(Comment)
            .where(
                same_group(Comment.group_id),
                Comment.reviewed_at.is_not(None),
                Comment.created_at < cutoff("transcripts"),
                Comment.text.is_not(None),
            )
            .values(text=None)
        ).rowcount,
        "calls": db.session.execute(
            delete(Call).where(
                same_group(Call.group_id),
                Call.started_at < cutoff("calls"),  # 30 days at least: long over
            )
        ).rowcount,
        "texts": db.session.execute(
            delete(OutboundMessage).where(
                same_group(OutboundMessage.group_id),
                OutboundMessage.kind == OutboundKind.SMS,
                OutboundMessage.created_at < cutoff("texts"),
            )
        ).rowcount,
        "audit_entries": db.session.execute(
            delete(AuditEntry).where(
                same_group(AuditEntry.group_id), AuditEntry.at < cutoff("audit")
            )
        ).rowcount,
    }
    return counts


def apply_record_retention(now: datetime | None = None) -> dict[str, int]:
    """Remove each group's records older than its periods (and records of no group, by the
    defaults); one audit entry per group says how many went. Commits."""
    now = now or utcnow()
    totals: dict[str, int] = {}
    groups: list[Group | None] = [*db.session.scalars(select(Group).order_by(Group.id)), None]
    for group in groups:
        counts = _expire_group(group, now)
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + (value or 0)
        if group is None:  # guessing counters of no use any more (holds wait for a person)
            counts["guess_counters"] = db.session.execute(
                delete(Guard).where(
                    Guard.updated_at < now - timedelta(days=MIN_DAYS), Guard.held_at.is_(None)
                )
            ).rowcount
            totals["guess_counters"] = counts["guess_counters"] or 0
        if any(counts.values()):
            audit.record(
                "system",
                "retention.applied",
                group_id=group.id if group is not None else None,
                **{k: v for k, v in counts.items() if v},
            )
    db.session.commit()
    return totals
