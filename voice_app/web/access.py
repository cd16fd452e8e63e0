"""The web's answers to permission checks: 404 for other groups' things, 403 for what a sign-in
cannot do. The checks themselves are voice_app/permissions.py, shared with the CLI and the phone."""

from __future__ import annotations

from flask import abort

from voice_app.extensions import db
from voice_app.models import User
from voice_app.permissions import (  # noqa: F401  the web's views import these from here
    can_manage,
    can_see,
    manages_all,
    role_in,
    sees_bank_details,
    visible_group_ids,
    visible_groups,
)


def require_group(user: User, group_id: int | None) -> None:
    """404 rather than 403, so other groups' things do not even seem to exist."""
    if not can_see(user, group_id):
        abort(404)


def require_manager(user: User, group_id: int | None) -> None:
    require_group(user, group_id)
    if not can_manage(user, group_id):
        abort(403)


def get_or_404(model, ident: int, **belongs_to: object):
    """The row, or 404; with `belongs_to` (e.g. meeting_id=meeting.id) also 404 when the row
    belongs to another parent, so an id from elsewhere in the address finds nothing."""
    row = db.session.get(model, ident)
    if row is None or any(getattr(row, name) != value for name, value in belongs_to.items()):
        abort(404)
    return row


def scope(query, column, user: User):
    """Narrow a query to the user's groups by a group id column."""
    ids = visible_group_ids(user)
    return query if ids is None else query.where(column.in_(ids))
