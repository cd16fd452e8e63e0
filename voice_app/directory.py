"""Groups, people and web sign-ins: adding them with checks that give clear messages."""

from __future__ import annotations

import re
import secrets
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import (
    Group,
    Meeting,
    Membership,
    PaymentPolicy,
    Person,
    Role,
    StaffRole,
    User,
    UserGroup,
)
from voice_app.pins import NEW_PIN_DIGITS

PIN_PATTERN = re.compile(r"^\d{4,6}$")
PHONE_PATTERN = re.compile(r"^\+[1-9]\d{6,14}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DEFAULT_TIMEZONE = "Europe/London"


def normalise_phone(raw: str) -> str:
    """E.164 as Twilio sends it; UK numbers written 07... become +447...."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+44" + digits[1:]
    if not PHONE_PATTERN.match(digits):
        raise InputError(f"{raw!r} is not a phone number (try +447700900123).", "phone")
    return digits


def find_group(ref: str | int) -> Group:
    """A group by id or exact name."""
    ref = str(ref).strip()
    group = db.session.get(Group, int(ref)) if ref.isdigit() else None
    group = group or db.session.scalar(select(Group).where(Group.name == ref))
    if group is None:
        raise InputError(f"There is no group {ref!r}.", "group")
    return group


def add_group(
    name: str, phone_number: str | None = None, timezone: str = DEFAULT_TIMEZONE
) -> Group:
    """A new group with its default payment policy; its own number (calls and texts go out
    from it) and its time zone are checked first."""
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise InputError("A group needs a name of 1 to 200 characters.", "name")
    if db.session.scalar(select(Group).where(Group.name == name)):
        raise InputError(f"A group called {name!r} already exists.", "name")
    group = Group(
        name=name, phone_number=group_phone_number(phone_number), timezone=checked_zone(timezone)
    )
    db.session.add(group)
    db.session.flush()
    db.session.add(PaymentPolicy(group_id=group.id))
    audit.record("system", "group.created", entity="group", entity_id=group.id, group_id=group.id)
    return group


def group_phone_number(value: str | None, group: Group | None = None) -> str | None:
    """A group's own number in E.164, not already another group's (none when left blank)."""
    if not str(value or "").strip():
        return None
    try:
        number = normalise_phone(str(value))
    except InputError as exc:
        raise InputError(str(exc), "phone_number") from None
    query = select(Group).where(Group.phone_number == number)
    if group is not None:
        query = query.where(Group.id != group.id)
    other = db.session.scalar(query)
    if other is not None:
        raise InputError(f"{number} is already {other.name}'s phone number.", "phone_number")
    return number


def checked_zone(value: str | None) -> str:
    """A time zone name from the IANA database, such as Europe/London."""
    zone = (value or "").strip()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"{zone!r} is not a time zone (try Europe/London).", "timezone") from None
    return zone


def next_member_number() -> str:
    """A random six-digit number no one has: knowing one member's number tells nothing about
    another's (numbers given before this rule are kept as they are). It starts with 1 to 8:
    9 alone at the greeting asks for Relay UK mode, so a member who keys the first digit and
    pauses must never be taken for that (0 is for a person)."""
    while True:
        number = str(secrets.randbelow(800_000) + 100_000)
        if not db.session.scalar(select(Person.id).where(Person.member_number == number)):
            return number


def add_person(
    group: Group,
    name: str,
    phone: str | None,
    role: Role = Role.RESIDENT,
    pin: str | None = None,
    actor: audit.Actor = "system",
) -> tuple[Person, str]:
    """Add someone to a group; returns the person and their PIN (made up when not given)."""
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise InputError("A person needs a name of 1 to 200 characters.", "name")
    phone = normalise_phone(phone) if phone else None
    if phone and db.session.scalar(select(Person).where(Person.phone == phone)):
        raise InputError(f"Someone already has the phone number {phone}.", "phone")
    if pin is None:
        pin = f"{secrets.randbelow(10**NEW_PIN_DIGITS):0{NEW_PIN_DIGITS}d}"
    if not PIN_PATTERN.match(pin):
        raise InputError("A PIN is 4 to 6 digits.", "pin")
    person = Person(name=name, phone=phone, member_number=next_member_number())
    person.set_pin(pin)
    db.session.add(person)
    db.session.add(Membership(person=person, group=group, role=role))
    db.session.flush()
    audit.record(
        actor,
        "person.added",
        entity="person",
        entity_id=person.id,
        group_id=group.id,
        role=str(role),
    )
    return person, pin


def end_every_session(user: User) -> None:
    """Sessions made before now stop working at their next request (the caller commits)."""
    user.session_version = (user.session_version or 0) + 1


def set_user_password(user: User, password: str, actor: audit.Actor = "system") -> None:
    """A new password; every session made with the old one ends (the caller commits)."""
    if len(password or "") < 12:
        raise InputError("A password needs at least 12 characters.", "password")
    user.set_password(password)
    end_every_session(user)
    audit.record(actor, "user.password_changed", entity="user", entity_id=user.id)


def add_user(
    email: str,
    password: str,
    groups: list[Group],
    role: StaffRole = StaffRole.COORDINATOR,
    actor: audit.Actor = "system",
) -> User:
    """A web sign-in for these groups; with no groups, an admin of all."""
    email = (email or "").strip().lower()
    if not EMAIL_PATTERN.match(email):
        raise InputError(f"{email!r} is not an email address.", "email")
    if len(password or "") < 12:
        raise InputError("A password needs at least 12 characters.", "password")
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise InputError(f"There is already a sign-in for {email}.", "email")
    user = User(email=email, is_admin=not groups)
    user.set_password(password)
    user.group_roles = [UserGroup(group=g, role=role) for g in groups]
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.added", entity="user", entity_id=user.id, admin=user.is_admin)
    return user


def residents_of(meeting: Meeting) -> set[int]:
    """Ids of the meeting group's active residents: only residents are paid."""
    return set(
        db.session.scalars(
            select(Membership.person_id).where(
                Membership.group_id == meeting.group_id,
                Membership.role == Role.RESIDENT,
                Membership.active.is_(True),
            )
        )
    )


def group_for_number(to_number: str | None) -> Group | None:
    """The group whose phone number was called, else the only group, else None (we ask)."""
    if to_number:
        group = db.session.scalar(select(Group).where(Group.phone_number == to_number))
        if group is not None:
            return group
    groups = db.session.scalars(select(Group).limit(2)).all()
    return groups[0] if len(groups) == 1 else None
