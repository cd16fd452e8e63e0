"""The audit log: one call per change worth knowing about later."""

from __future__ import annotations

from typing import Any

from voice_app.extensions import db
from voice_app.models import AuditEntry


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
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        group_id=group_id,
        detail={k: v for k, v in detail.items() if v is not None},
    )
    db.session.add(entry)
    return entry
