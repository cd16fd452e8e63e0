"""Who may see what: every page and file is checked against the signed-in person's groups."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from voice_app.extensions import db
from voice_app.models import Group, StaffRole, User


def visible_group_ids(user: User) -> list[int] | None:
    """The groups a user may see; None means every group (an admin)."""
    if user.is_admin:
        return None
    return sorted(role.group_id for role in user.group_roles)


def visible_groups(user: User) -> list[Group]:
    query = select(Group).order_by(Group.name)
    ids = visible_group_ids(user)
    if ids is not None:
        query = query.where(Group.id.in_(ids))
    return list(db.session.scalars(query))


def role_in(user: User, group_id: int | None) -> StaffRole | None:
    for role in user.group_roles:
        if role.group_id == group_id:
            return role.role
    return None


def can_see(user: User, group_id: int | None) -> bool:
    return user.is_admin or (group_id is not None and role_in(user, group_id) is not None)


def can_manage(user: User, group_id: int | None) -> bool:
    """Coordinators and admins run the group: people, money, PINs. Co-chairs review."""
    return user.is_admin or role_in(user, group_id) == StaffRole.COORDINATOR


def manages_all(user: User, group_ids: list[int]) -> bool:
    """Runs every one of these groups (an admin runs them all)."""
    return all(can_manage(user, group_id) for group_id in group_ids)


def sees_bank_details(user: User, group_id: int | None) -> bool:
    """Bank details are for coordinators and admins only, never co-chairs."""
    return can_manage(user, group_id)


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
