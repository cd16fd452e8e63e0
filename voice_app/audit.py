"""The audit log: one call per change worth knowing about later.

One actor type for every caller: a signed-in `User`, a `Person` (on the phone or by text), or a
name such as "system", "cli" or "twilio". `about=` names the row changed (its entity, id and
group), so callers need no wrappers of their own.
"""

from __future__ import annotations

import re
from typing import Any

from voice_app.extensions import db
from voice_app.models import AuditEntry, Person, User

Actor = User | Person | str
SYSTEM = "system"


def actor_name(actor: Actor) -> str:
    """How the log names an actor: "user:3", "person:7", or the name given."""
    if isinstance(actor, User):
        return f"user:{actor.id}"
    if isinstance(actor, Person):
        return f"person:{actor.id}"
    return actor


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
    """Add an audit entry to the current session; the caller's commit makes it stick."""
    if about is not None:
        entity = entity or entity_name(about)
        entity_id = entity_id if entity_id is not None else about.id
        group_id = group_id if group_id is not None else getattr(about, "group_id", None)
    entry = AuditEntry(
        actor=actor_name(actor),
        action=action,
        entity=entity,
        entity_id=entity_id,
        group_id=group_id,
        detail={k: v for k, v in detail.items() if v is not None},
    )
    db.session.add(entry)
    return entry
