"""Co-chairs' web sign-ins, given, reset and taken away by a group's coordinators.

A co-chair (a resident or officer member marked co-chair) gets a User with the co-chair role in
that group, linked to their Person. Nobody ever sees or chooses their password for them: the
sign-in starts with a random password nobody knows, and the coordinator passes on a one-time
link with which the co-chair sets their own. The link is an itsdangerous signature over the
user and a fingerprint of their current password hash, so it stops working once used (the
hash changes), after LINK_LIFETIME, or when a newer link is made. The web view and the CLI
both call these functions; the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from voice_app import audit
from voice_app.directory import EMAIL_PATTERN, end_every_session, set_user_password
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import Membership, Role, StaffRole, User, UserGroup

LINK_LIFETIME = timedelta(hours=72)
SALT = "set-password"
REFUSED = (
    "This link cannot be used: it has expired, has been used already, or a newer one was made. "
    "Ask a coordinator of your group for a new link."
)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:24]


def _scramble(user: User) -> None:
    """A password nobody knows, and every session ended: the old way in stops working."""
    user.set_password(secrets.token_urlsafe(32))
    end_every_session(user)


def set_password_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "was": _fingerprint(user)})


def user_for_token(token: str) -> User:
    """The sign-in a set-password link is for; InputError when forged, old, used or replaced."""
    try:
        data = _serializer().loads(token, max_age=int(LINK_LIFETIME.total_seconds()))
    except BadSignature:
        raise InputError(REFUSED) from None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or data.get("was") != _fingerprint(user) or not user.group_roles:
        raise InputError(REFUSED)
    return user


def set_password_by_link(token: str, password: str) -> User:
    user = user_for_token(token)
    set_user_password(user, password, actor=user)
    return user


def co_chair_sign_in(membership: Membership) -> User | None:
    """The web sign-in this member has as co-chair of their group, if any."""
    return db.session.scalar(
        select(User)
        .join(UserGroup)
        .where(
            User.person_id == membership.person_id,
            UserGroup.group_id == membership.group_id,
            UserGroup.role == StaffRole.CO_CHAIR,
        )
    )


def give_co_chair_sign_in(membership: Membership, email: str, actor: audit.Actor) -> User:
    """A sign-in with the co-chair role in this group; returns the user, whose set-password
    link the caller makes with set_password_token. A person with a sign-in already (co-chair
    of another group) gets this group added to it."""
    person = membership.person
    if not membership.active or not membership.co_chair:
        raise InputError(f"{person.name} is not a co-chair of {membership.group.name}.", "email")
    if membership.role not in (Role.RESIDENT, Role.OFFICER):
        raise InputError("Only resident and officer co-chairs get a co-chair sign-in.", "email")
    if co_chair_sign_in(membership) is not None:
        raise InputError(f"{person.name} already has a sign-in for this group.", "email")
    email = (email or "").strip().lower()
    if not EMAIL_PATTERN.match(email) or len(email) > 254:
        raise InputError("Enter an email address, like name@example.org.", "email")
    user = db.session.scalar(select(User).where(User.person_id == person.id))
    if user is not None and user.email != email:
        raise InputError(f"{person.name} already signs in as {user.email}: use that.", "email")
    taken = db.session.scalar(select(User).where(User.email == email))
    if taken is not None and taken.person_id != person.id:
        raise InputError(f"{email} is already someone else's sign-in.", "email")
    if user is None:
        user = User(email=email, is_admin=False, person_id=person.id)
        user.set_password(secrets.token_urlsafe(32))
        db.session.add(user)
    if any(role.group_id == membership.group_id for role in user.group_roles):
        raise InputError(f"{email} already signs in to {membership.group.name}.", "email")
    user.group_roles.append(UserGroup(group_id=membership.group_id, role=StaffRole.CO_CHAIR))
    db.session.flush()
    audit.record(actor, "user.co_chair_sign_in_given", about=user, group_id=membership.group_id)
    return user


def reset_co_chair_sign_in(membership: Membership, actor: audit.Actor) -> User:
    """The old password and every session stop working; the caller makes a new link."""
    user = co_chair_sign_in(membership)
    if user is None:
        raise InputError(f"{membership.person.name} has no sign-in to reset.")
    _scramble(user)
    audit.record(actor, "user.co_chair_sign_in_reset", about=user, group_id=membership.group_id)
    return user


def remove_co_chair_sign_in(membership: Membership, actor: audit.Actor) -> User | None:
    """Take away the co-chair role in this group; with no group left, the sign-in cannot be
    used at all (it is kept, so the audit log can still name who did what)."""
    user = co_chair_sign_in(membership)
    if user is None:
        return None
    user.group_roles = [r for r in user.group_roles if r.group_id != membership.group_id]
    end_every_session(user)
    if not user.group_roles:
        _scramble(user)
    audit.record(actor, "user.co_chair_sign_in_removed", about=user, group_id=membership.group_id)
    return user
