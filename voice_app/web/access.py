"""Who may see what on the web: 404 for other groups' things, 403 for what a sign-in may not do.

The checks themselves are in voice_app/permissions.py.
"""

from __future__ import annotations

from flask import abort

from voice_app.extensions import db
from voice_app.models import User
from voice_app.permissions import (  # re-exported: web views import them from here too
    can_manage,
    can_see,
    manages_all,
    role_in,
    sees_bank_details,
    visible_group_ids,
    visible_groups,
)

__all__ = [
    "can_manage",
    "can_see",
    "get_or_404",
    "manages_all",
    "require_group",
    "require_manager",
    "role_in",
    "scope",
    "sees_bank_details",
    "visible_group_ids",
    "visible_groups",
]


def require_group(user: User, group_id: int | None) -> None:
    """404 rather than 403, so other groups' things do not even seem to exist."""
    if not can_see(user, group_id):
        abort(404)


def require_manager(user: User, group_id: int | None) -> None:
    require_group(user, group_id)
    if not can_manage(user, group_id):
        abort(403)


def get_or_404(model, ident: int):
    row = db.session.get(model, ident)
    if row is None:
        abort(404)
    return row


def scope(query, column, user: User):
    """Narrow a query to the user's groups by a group id column."""
    ids = visible_group_ids(user)
    return query if ids is None else query.where(column.in_(ids))
