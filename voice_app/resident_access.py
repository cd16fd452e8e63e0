"""Signing in to a resident's own page: a signed link that expires and works once, then the PIN.

The link is sent by text (LINK) or shown to a coordinator on the person's page. Its token is an
itsdangerous signature over a random nonce kept in ResidentLink, so the link can be refused once
used, once expired, or when the person has left the group. The PIN follows the same rules as on
the phone (voice_app/pins.py: tries, pause after repeated failures).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import ContactPreference, Group, Person, ResidentLink, utcnow
from voice_app.pins import pin_locked, verify_pin

LINK_LIFETIME = timedelta(hours=24)
LINKS_PER_HOUR = 5
SALT = "resident-link"
PAUSED = "Your PIN is paused after several wrong tries. Try again later, or ask your coordinator."
REFUSED = (
    "This link cannot be used: it has expired or has been used already. Text LINK to the "
    "group's number for a new one, or ask your coordinator."
)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue_link(
    person: Person, group: Group, made_by: audit.Actor, at: datetime | None = None
) -> str:
    """A new single-use token for this person's page; limited to a few an hour."""
    at = at or utcnow()
    if group not in person.groups():
        raise InputError(f"{person.name} is not in {group.name}.")
    recent = db.session.scalar(
        select(func.count(ResidentLink.id)).where(
            ResidentLink.person_id == person.id, ResidentLink.created_at >= at - timedelta(hours=1)
        )
    )
    if recent >= LINKS_PER_HOUR:
        raise InputError("Several links were made in the last hour. Please try again later.")
    link = ResidentLink(
        person_id=person.id,
        group_id=group.id,
        nonce=secrets.token_urlsafe(24),
        made_by=audit.actor_name(made_by)[:64],
        created_at=at,
        expires_at=at + LINK_LIFETIME,
    )
    db.session.add(link)
    db.session.flush()
    audit.record(
        made_by, "resident_link.made", entity="person", entity_id=person.id, group_id=group.id
    )
    return _serializer().dumps(link.nonce)


def redeem_link(token: str, at: datetime | None = None) -> ResidentLink:
    """The link for this token, now used; InputError when forged, expired, used or stale."""
    at = at or utcnow()
    try:
        nonce = _serializer().loads(token, max_age=int(LINK_LIFETIME.total_seconds()))
    except BadSignature as exc:  # SignatureExpired is one of these
        raise InputError(REFUSED) from exc
    link = db.session.scalar(select(ResidentLink).where(ResidentLink.nonce == str(nonce)))
    if link is None or link.used_at is not None or link.expires_at <= at:
        raise InputError(REFUSED)
    person = db.session.get(Person, link.person_id)
    group = db.session.get(Group, link.group_id)
    if person is None or person.erased_at is not None or group not in person.groups():
        raise InputError(REFUSED)
    link.used_at = at
    audit.record(
        f"person:{person.id}",
        "resident_link.used",
        entity="person",
        entity_id=person.id,
        group_id=group.id,
    )
    return link


def check_pin(person: Person, pin: str, at: datetime | None = None, client: str = "web") -> None:
    """The person's PIN, by the phone line's rules; InputError when wrong or paused. `client`
    names where the guesses come from (the browser's address), so they are counted apart from
    the member's own phone, which strangers' guesses never pause."""
    at = at or utcnow()
    if pin_locked(person, at, client):
        raise InputError(PAUSED, "pin")
    if not verify_pin(person, (pin or "").strip(), at, client):
        paused = pin_locked(person, at, client)  # this wrong PIN may have paused it
        raise InputError(
            PAUSED if paused else "That PIN is not right. Check it and try again.", "pin"
        )
    audit.record(f"person:{person.id}", "resident.signed_in", entity="person", entity_id=person.id)


def update_preferences(person: Person, contact: str, texts_on: bool, relay: bool) -> None:
    """The resident's own choices: how to be contacted, texts on or off, Relay UK on the phone."""
    try:
        preference = ContactPreference(contact)
    except ValueError as exc:
        raise InputError("Choose how we should contact you.", "contact") from exc
    changed = {
        name: value
        for name, value in (
            ("contact_preference", preference),
            ("sms_opt_out", not texts_on),
            ("uses_relay_uk", relay),
        )
        if getattr(person, name) != value
    }
    for name, value in changed.items():
        setattr(person, name, value)
    if changed:
        audit.record(
            f"person:{person.id}",
            "person.preferences",
            entity="person",
            entity_id=person.id,
            changed=sorted(changed),
        )
