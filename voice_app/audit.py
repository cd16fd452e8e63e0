"""The audit log: one call per change worth knowing about later.

It records who did what and when, never what a person said or their contact details: a caller
is named by their person id (never their number), and detail keys that would hold a phone
number, an address or free text are not stored. An erasure scrubs the rest (scrub_person).

One actor type for every caller: a signed-in `User`, a `Person` (on the phone or by text), or a
name such as "system", "cli" or "twilio". `about=` names the row changed (its entity, id and
group), so callers need no wrappers of their own.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import or_, select

from voice_app.extensions import db
from voice_app.models import AuditEntry, Person, User

PERSONAL_DETAIL = frozenset({"to", "from", "phone", "number", "text", "body", "email", "words"})
Actor = User | Person | str
SYSTEM = "system"


def actor_name(actor: Actor) -> str:
    """How the log names an actor: "user:3", "person:7", or the name given; `phone:+44...`
    becomes the caller's `person:ID`, or `phone:unknown caller` (never the number)."""
    if isinstance(actor, User):
        return f"user:{actor.id}"
    if isinstance(actor, Person):
        return f"person:{actor.id}"
    kind, _, ident = actor.partition(":")
    if kind != "phone" or not ident.startswith("+"):
        return actor
    person_id = db.session.scalar(select(Person.id).where(Person.phone == ident))
    return f"person:{person_id}" if person_id else "phone:unknown caller"


def entity_name(row: Any) -> str:
    """A row's entity in the log: its class in snake case (ShoppingItem -> shopping_item)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(row).__name__).lower()


def record(
    actor: Actor,
    action: str,
    *,
    about: Any = None,
    entity: str | None = None,
    entity_id: int | None = None,
    group_id: int | None = None,
    **detail: Any,
) -> AuditEntry:
    """Add an audit entry to the current session; the caller's commit makes it stick.
    `about` is the row changed: its entity name, id and group fill what is not given."""
    if about is not None:
        entity = entity or entity_name(about)
        entity_id = entity_id if entity_id is not None else about.id
        group_id = group_id if group_id is not None else getattr(about, "group_id", None)
        if group_id is None and isinstance(about, Person):  # their group's coordinators see it
            group_id = next((m.group_id for m in about.memberships if m.active), None)
    entry = AuditEntry(
        actor=actor_name(actor),
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
