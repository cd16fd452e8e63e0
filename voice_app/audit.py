"""The audit log: one call per change worth knowing about later.

It records who did what and when, never what a person said or their contact details: a caller
is named by their person id (never their number), and detail keys that would hold a phone
number, an address or free text are not stored. An erasure scrubs the rest (scrub_person).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import or_, select

from voice_app.extensions import db
from voice_app.models import AuditEntry, Person

PERSONAL_DETAIL = frozenset({"to", "from", "phone", "number", "text", "body", "email", "words"})


def _actor(actor: str) -> str:
    """`phone:+44...` becomes the caller's `person:ID`, or `phone:unknown caller`."""
    kind, _, ident = actor.partition(":")
    if kind != "phone" or not ident.startswith("+"):
        return actor
    person_id = db.session.scalar(select(Person.id).where(Person.phone == ident))
    return f"person:{person_id}" if person_id else "phone:unknown caller"


def record(
    actor: str,
    action: str,
    *,
    entity: str | None = None,
    entity_id: int | None = None,
    group_id: int | None = None,
    **detail: Any,
) -> AuditEntry:
    """Add an audit entry to the current session; the caller's commit makes it stick."""
    entry = AuditEntry(
        actor=_actor(actor),
        action=action,
        entity=entity,
        entity_id=entity_id,
        group_id=group_id,
        detail={k: v for k, v in detail.items() if v is not None and k not in PERSONAL_DETAIL},
    )
    db.session.add(entry)
    return entry


def scrub_person(person: Person, traces: list[str], about: list[tuple[str, list[int]]]) -> int:
    """After an erasure: entries by or about the person, or about their rows (entity, ids), or
    holding any of `traces` (their number, name) keep what happened, when and by whom, and
    lose every detail. Returns how many were scrubbed."""
    conditions = [
        (AuditEntry.entity == "person") & (AuditEntry.entity_id == person.id),
        AuditEntry.actor == f"person:{person.id}",
        *[
            (AuditEntry.entity == kind) & AuditEntry.entity_id.in_(ids)
            for kind, ids in about
            if ids
        ],
        *[AuditEntry.actor.contains(t, autoescape=True) for t in traces if t],
    ]
    scrubbed = 0
    for entry in db.session.scalars(select(AuditEntry).where(or_(*conditions))):
        entry.actor = f"person:{person.id}" if entry.actor.startswith("phone:") else entry.actor
        entry.detail = {"scrubbed": "erasure"}
        scrubbed += 1
    for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.detail.is_not(None))):
        text = json.dumps(entry.detail, ensure_ascii=False)
        if any(t and t in text for t in traces):
            entry.detail = {"scrubbed": "erasure"}
            scrubbed += 1
    return scrubbed
