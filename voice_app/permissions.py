"""Who may do what: one check for every caller (web pages, the CLI, the phone, money rules).

Admins run every group; a group's coordinators run it (people, money, PINs); co-chairs see it.
"""

from __future__ import annotations

from sqlalchemy import select

from voice_app.errors import InputError
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


def require_coordinator(user: User | None, group_id: int) -> None:
    """Only an admin or one of the group's coordinators may change money matters."""
    if user is None or not can_manage(user, group_id):
        raise InputError("Only a coordinator of this group can do that.", "user")
