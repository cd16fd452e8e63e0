"""Exports for finance and for the group, with the fields docs/interface.md promises."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.live.record import PersonFloor, floor_by_person
from voice_app.models import (
    Attendance,
    Comment,
    Meeting,
    Paper,
    Payment,
    PaymentStatus,
    ShoppingItem,
)
from voice_app.payments.finance import finance_fields

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
                "reviewed": comment.reviewed_at is not None,
                "reviewed_at": _iso(comment.reviewed_at),
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
            # as the list shows it: a merged duplicate is not a proposal of its own
            "status": "merged" if item.merged_into_id else str(item.status),
            "source": item.source,
            "merged_into": item.merged_into_id,
        }
        for item in db.session.scalars(query)
    ]


def _meeting_filter(query, model, group_ids):
    if group_ids is None:
        return query
    return query.join(Meeting, Meeting.id == model.meeting_id).where(
        Meeting.group_id.in_(list(group_ids))
    )


@dataclass(frozen=True)
class MeetingFilter:
    """Rows for one meeting, or for meetings held from one date to another (local dates)."""

    meeting_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError("The period's start must not be after its end.", "from")

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.meeting_id, self.date_from, self.date_to))

    def keeps(self, meeting: Meeting) -> bool:
        if self.meeting_id is not None and meeting.id != self.meeting_id:
            return False
        day = meeting.starts_at.astimezone(ZoneInfo(meeting.group.timezone)).date()
        return (self.date_from is None or day >= self.date_from) and (
            self.date_to is None or day <= self.date_to
        )


def _kept(rows, only: MeetingFilter | None) -> list:
    if not only:
        return list(rows)
    meetings: dict[int, bool] = {}
    kept = []
    for row in rows:
        if row.meeting_id not in meetings:
            meetings[row.meeting_id] = only.keeps(db.session.get(Meeting, row.meeting_id))
        if meetings[row.meeting_id]:
            kept.append(row)
    return kept


def attendance_rows(
    group_ids: Iterable[int] | None = None, only: MeetingFilter | None = None
) -> list[Row]:
    query = _meeting_filter(select(Attendance), Attendance, group_ids).order_by(Attendance.id)
    rows = _kept(db.session.scalars(query), only)
    floor = floor_by_person({row.meeting_id for row in rows})
    return [
        {
            "id": row.id,
            "person": _person_name(row.person),
            "meeting_id": row.meeting_id,
            "method": str(row.method),
            "checked_in_at": _iso(row.checked_in_at),
            "minutes": row.minutes,
            **asdict(floor.get((row.meeting_id, row.person_id), PersonFloor())),
        }
        for row in rows
    ]


def payment_rows(
    group_ids: Iterable[int] | None = None,
    only: MeetingFilter | None = None,
    status: PaymentStatus | None = None,
) -> list[Row]:
    query = _meeting_filter(select(Payment), Payment, group_ids).order_by(Payment.id)
    if status is not None:
        query = query.where(Payment.status == status)
    return [
        {
            "person": _person_name(row.person),
            "meeting_id": row.meeting_id,
            "amount_pence": row.amount_pence,
            "currency": row.currency,
            "preference": str(row.preference),
            "status": str(row.status),
            "paid_at": _iso(row.paid_at),
            **finance_fields(row),
        }
        for row in _kept(db.session.scalars(query), only)
    ]


def payment_run_rows(
    group_ids: Iterable[int] | None = None, only: MeetingFilter | None = None
) -> list[Row]:
    """Approved payments not yet paid: what finance pays in the next payment run."""
    return payment_rows(group_ids, only, PaymentStatus.APPROVED)


EXPORTS: dict[str, Callable[..., list[Row]]] = {
    "feedback": feedback_rows,
    "shopping-list": shopping_list_rows,
    "attendance": attendance_rows,
    "payments": payment_rows,
    "payment-run": payment_run_rows,
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
        "reviewed",
        "reviewed_at",
    ],
    "shopping-list": ["id", "created_at", "person", "text", "status", "source", "merged_into"],
    "attendance": [
        "id",
        "person",
        "meeting_id",
        "method",
        "checked_in_at",
        "minutes",
        "hands_raised",
        "given_floor",
        "floor_items",
    ],
    "payments": [
        "person",
        "meeting_id",
        "amount_pence",
        "currency",
        "preference",
        "status",
        "paid_at",
        "meeting_title",
        "meeting_date",
        "member_number",
        "fee_pounds",
        "expenses_pounds",
        "total_pounds",
        "payment_id",
        "approved_by",
        "approved_at",
    ],
}
FIELDS["payment-run"] = FIELDS["payments"]


BY_MEETING = ("attendance", "payments", "payment-run")


def export(
    kind: str,
    fmt: str,
    group_ids: Iterable[int] | None = None,
    only: MeetingFilter | None = None,
) -> str:
    """One export as CSV or JSON text; attendance and payments can be for a meeting or period."""
    if kind not in EXPORTS:
        raise InputError(f"Unknown export {kind!r}; choose one of {', '.join(EXPORTS)}.", "kind")
    if only and kind not in BY_MEETING:
        raise InputError(
            "Only attendance and payments can be exported by meeting or period.", "kind"
        )
    rows = EXPORTS[kind](group_ids, only) if kind in BY_MEETING else EXPORTS[kind](group_ids)
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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _csv_safe(value: Any) -> Any:
    """Stop spreadsheet formula injection from text people typed or said: judged as a
    spreadsheet may see it (widths folded by NFKC, format characters such as zero-width spaces
    and direction marks removed, leading spaces gone), and then defused with a quote."""
    if not isinstance(value, str):
        return value
    folded = unicodedata.normalize("NFKC", value)
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf").lstrip(" ")
    if visible[:1] in FORMULA_STARTS or value[:1] in FORMULA_STARTS:
        return "'" + visible
    return value


def parse_date(value: str | None, field: str) -> date | None:
    """A calendar date as written on the command line (2026-12-31) or in the UK way
    (31/12/2026, 31-12-2026, 31.12.2026); empty is no date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.replace("-", "/").replace(".", "/").split("/")
    try:
        day, month, year = (int(part) for part in parts)
        return date(year if year >= 100 else 2000 + year, month, day)
    except ValueError:
        raise InputError(f"{text!r} is not a date: write it like 31/12/2026.", field) from None
