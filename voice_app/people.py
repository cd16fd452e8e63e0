"""Changes to people: details, phone preferences, payment choice, bank details, PINs,
access needs and co-chairs. Every change goes in the audit log (without secrets)."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal

from sqlalchemy import select

from voice_app import accounts, audit
from voice_app.directory import normalise_phone
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AccessNeed, Membership, PaymentPreference, Person, Role, utcnow
from voice_app.pins import NEW_PIN_DIGITS, lift_hold


def update_person(
    person: Person,
    *,
    name: str,
    phone: str | None,
    speech_rate: int,
    extra_time_seconds: int,
    contact_preference: str,
    payment_preference: str,
    payment_lower_amount: Decimal | None,
    payment_charity: str | None,
    recording_consent: bool,
    notes: str | None,
    actor: audit.Actor,
    group_id: int | None = None,
) -> list[str]:
    """Apply the form's values; returns the names of the fields that changed."""
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise InputError("A person needs a name of 1 to 200 characters.", "name")
    phone = normalise_phone(phone) if (phone or "").strip() else None
    if phone and phone != person.phone:
        if db.session.scalar(select(Person).where(Person.phone == phone, Person.id != person.id)):
            raise InputError(f"Someone else already has the phone number {phone}.", "phone")
    preference = PaymentPreference(payment_preference)
    lower = int(payment_lower_amount * 100) if payment_lower_amount is not None else None
    if preference == PaymentPreference.LOWER_AMOUNT and not lower:
        raise InputError("Enter the lower amount they would like.", "payment_lower_amount")
    charity = (payment_charity or "").strip() or None
    if preference == PaymentPreference.CHARITY and not charity:
        raise InputError("Name the charity to pay instead.", "payment_charity")
    values = {
        "name": name,
        "phone": phone,
        "speech_rate": speech_rate,
        "extra_time_seconds": extra_time_seconds,
        "contact_preference": contact_preference,
        "payment_preference": preference,
        "payment_lower_amount_pence": lower,
        "payment_charity": charity,
        "recording_consent": recording_consent,
        "notes": (notes or "").strip() or None,
    }
    changed = [key for key, value in values.items() if getattr(person, key) != value]
    for key in changed:
        setattr(person, key, values[key])
    if "recording_consent" in changed:
        person.recording_consent_at = utcnow()
    if changed:
        audit.record(actor, "person.updated", about=person, group_id=group_id, changed=changed)
    return changed


def set_bank_details(
    person: Person, account_name: str, sort_code: str, account_number: str, actor: audit.Actor
) -> None:
    sort_code = re.sub(r"[\s-]", "", sort_code or "")
    account_number = re.sub(r"\s", "", account_number or "")
    if sort_code and not re.fullmatch(r"\d{6}", sort_code):
        raise InputError("A sort code is 6 digits, like 12-34-56.", "bank_sort_code")
    if account_number and not re.fullmatch(r"\d{8}", account_number):
        raise InputError("An account number is 8 digits.", "bank_account_number")
    person.bank_account_name = (account_name or "").strip() or None
    person.bank_sort_code = sort_code or None
    person.bank_account_number = account_number or None
    audit.record(actor, "person.bank_details_changed", about=person)


def reset_pin(person: Person, actor: audit.Actor) -> str:
    """A new random PIN, returned once to be told to the person; only its hash is kept."""
    pin = f"{secrets.randbelow(10**NEW_PIN_DIGITS):0{NEW_PIN_DIGITS}d}"
    person.set_pin(pin)
    audit.record(actor, "person.pin_reset", about=person)
    lift_hold(person, actor)  # a new PIN starts with no pauses and no hold
    return pin


def add_access_need(
    person: Person, kind: str, detail: str | None, actor: audit.Actor
) -> AccessNeed:
    kind = " ".join((kind or "").split())
    if not kind:
        raise InputError("Name the access need.", "kind")
    need = AccessNeed(person=person, kind=kind[:100], detail=(detail or "").strip() or None)
    db.session.add(need)
    audit.record(actor, "person.access_need_added", about=person)  # the need itself is not logged
    return need


def remove_access_need(need: AccessNeed, actor: audit.Actor) -> None:
    audit.record(actor, "person.access_need_removed", about=need.person)
    db.session.delete(need)


def set_co_chair(membership: Membership, on: bool, actor: audit.Actor) -> list[str]:
    """One resident and one officer co-chair per group: a new one replaces the last. A co-chair
    who stops being one loses their co-chair sign-in. Returns the names of anyone replaced."""
    if membership.role not in (Role.RESIDENT, Role.OFFICER):
        raise InputError("Co-chairs are a resident and a senior officer.", "co_chair")
    replaced = []
    if on:
        for other in membership.group.memberships:
            if other is not membership and other.co_chair and other.role == membership.role:
                other.co_chair = False
                accounts.remove_co_chair_sign_in(other, actor)  # a co-chair's sign-in ends too
                replaced.append(other.person.name)
    elif membership.co_chair:
        accounts.remove_co_chair_sign_in(membership, actor)
    membership.co_chair = on
    audit.record(
        actor,
        "person.co_chair" if on else "person.co_chair_removed",
        about=membership.person,
        group_id=membership.group_id,
        role=str(membership.role),
        replaced=replaced or None,
    )
    return replaced
