"""Exports for finance and for the group, with the fields docs/interface.md promises."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    Comment,
    Meeting,
    Paper,
    Payment,
    ShoppingItem,
)

Row = dict[str, Any]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _person_name(person) -> str | None:
    return person.name if person is not None and person.erased_at is None else None


def feedback_rows(group_ids: Iterable[int] | None = None) -> list[Row]:
    query = select(Comment).order_by(Comment.id)
    if group_ids is not None:
        query = query.where(Comment.group_id.in_(list(group_ids)))
    rows = []
    for comment in db.session.scalars(query):
        recording = comment.recording
        transcript = recording.transcript if recording else None
        paper = db.session.get(Paper, comment.paper_id) if comment.paper_id else None
        rows.append(
            {
                "id": comment.id,
                "created_at": _iso(comment.created_at),
                "person": _person_name(comment.person),
                "phone": comment.phone,
                "meeting_id": comment.meeting_id,
                "paper_title": paper.title if paper else None,
                "status": str(comment.status),
                "transcript": comment.text
                if comment.text is not None
                else (transcript.text if transcript else None),
                "engine": transcript.engine if transcript else None,
                "audio_seconds": recording.duration_seconds if recording else None,
            }
        )
    return rows


def shopping_list_rows(group_ids: Iterable[int] | None = None) -> list[Row]:
    query = select(ShoppingItem).order_by(ShoppingItem.id)
    if group_ids is not None:
        query = query.where(ShoppingItem.group_id.in_(list(group_ids)))
    return [
        {
            "id": item.id,
            "created_at": _iso(item.created_at),
            "person": _person_name(item.person),
            "text": item.text,
            "status": str(item.status),
            "source": item.source,
        }
        for item in db.session.scalars(query)
    ]


def _meeting_filter(query, model, group_ids):
    if group_ids is None:
        return query
    return query.join(Meeting, Meeting.id == model.meeting_id).where(
        Meeting.group_id.in_(list(group_ids))
    )


def attendance_rows(group_ids: Iterable[int] | None = None) -> list[Row]:
    query = _meeting_filter(select(Attendance), Attendance, group_ids).order_by(Attendance.id)
    return [
        {
            "id": row.id,
            "person": _person_name(row.person),
            "meeting_id": row.meeting_id,
            "method": str(row.method),
            "checked_in_at": _iso(row.checked_in_at),
            "minutes": row.minutes,
        }
        for row in db.session.scalars(query)
    ]


def payment_rows(group_ids: Iterable[int] | None = None) -> list[Row]:
    query = _meeting_filter(select(Payment), Payment, group_ids).order_by(Payment.id)
    return [
        {
            "person": _person_name(row.person),
            "meeting_id": row.meeting_id,
            "amount_pence": row.amount_pence,
            "currency": row.currency,
            "preference": str(row.preference),
            "status": str(row.status),
            "paid_at": _iso(row.paid_at),
        }
        for row in db.session.scalars(query)
    ]


EXPORTS: dict[str, Callable[..., list[Row]]] = {
    "feedback": feedback_rows,
    "shopping-list": shopping_list_rows,
    "attendance": attendance_rows,
    "payments": payment_rows,
}
FIELDS: dict[str, list[str]] = {
    "feedback": [
        "id",
        "created_at",
        "person",
        "phone",
        "meeting_id",
        "paper_title",
        "status",
        "transcript",
        "engine",
        "audio_seconds",
    ],
    "shopping-list": ["id", "created_at", "person", "text", "status", "source"],
    "attendance": ["id", "person", "meeting_id", "method", "checked_in_at", "minutes"],
    "payments": [
        "person",
        "meeting_id",
        "amount_pence",
        "currency",
        "preference",
        "status",
        "paid_at",
    ],
}


def export(kind: str, fmt: str, group_ids: Iterable[int] | None = None) -> str:
    """One export as CSV or JSON text."""
    if kind not in EXPORTS:
        raise InputError(f"Unknown export {kind!r}; choose one of {', '.join(EXPORTS)}.", "kind")
    rows = EXPORTS[kind](group_ids)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS[kind], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_safe(v) for k, v in row.items()})
        return buffer.getvalue()
    raise InputError(f"Unknown format {fmt!r}; choose csv or json.", "format")


def _csv_safe(value: Any) -> Any:
    """Stop spreadsheet formula injection from text people typed or said."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
