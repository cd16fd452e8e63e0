"""Residents asking for a person: one open request per person (or number) per group.

The phone line (a call to the coordinator that nobody answered), the text line (CALL ME) and a
resident's own page all ask through here; coordinators see open requests on the dashboard and
mark them done. Asking again while a request is open adds to it rather than making a second one,
so a resident who keeps trying is shown once, with their latest words.
"""

from __future__ import annotations

from sqlalchemy import func, select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import ContactRequest, ContactSource, Person, User, utcnow

OPEN_LIMIT = 20


def ask_for_person(
    group_id: int,
    *,
    source: ContactSource,
    reason: str,
    person: Person | None = None,
    phone: str | None = None,
    message: str | None = None,
    recording_id: int | None = None,
) -> ContactRequest:
    """Record that somebody wants a person to contact them; the caller's commit makes it stick."""
    if person is None and not phone:
        raise InputError("A request for a call back needs a person or a phone number.")
    request = _open_request(group_id, person, phone)
    if request is None:
        request = ContactRequest(
            group_id=group_id, person_id=person.id if person else None, phone=phone, source=source
        )
        db.session.add(request)
    request.reason = reason[:200]
    request.source = source
    if message:
        request.message = message
    if recording_id is not None:
        request.recording_id = recording_id
    db.session.flush()
    audit.record(
        f"person:{person.id}" if person else f"{source.value}:unknown caller",
        "contact.requested",
        entity="contact_request",
        entity_id=request.id,
        group_id=group_id,
        reason=reason,
    )
    return request


def _open_request(group_id: int, person: Person | None, phone: str | None) -> ContactRequest | None:
    query = select(ContactRequest).where(
        ContactRequest.group_id == group_id, ContactRequest.done_at.is_(None)
    )
    if person is not None:
        query = query.where(ContactRequest.person_id == person.id)
    else:
        query = query.where(ContactRequest.person_id.is_(None), ContactRequest.phone == phone)
    return db.session.scalars(query.order_by(ContactRequest.id)).first()


def open_requests(
    group_ids: list[int] | None, limit: int = OPEN_LIMIT
) -> tuple[int, list[ContactRequest]]:
    """How many requests wait, and the oldest first (they have waited longest)."""
    query = select(ContactRequest).where(ContactRequest.done_at.is_(None))
    if group_ids is not None:
        query = query.where(ContactRequest.group_id.in_(group_ids))
    count = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(ContactRequest.created_at).limit(limit))
    return count, list(rows)


def mark_done(request: ContactRequest, user: User) -> None:
    """A coordinator has called back (or replied); the request leaves the dashboard."""
    if request.done_at is not None:
        return
    request.done_at = utcnow()
    request.done_by_user_id = user.id
    audit.record(
        user,
        "contact.done",
        entity="contact_request",
        entity_id=request.id,
        group_id=request.group_id,
    )
