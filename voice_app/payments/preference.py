"""How (or whether) a resident is paid: their choice, with a plain word about benefits first."""

from __future__ import annotations

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import PaymentPreference, Person
from voice_app.prompts import say

# Read to residents (phone) and shown beside the choice (web) before they choose.
BENEFITS_NOTE_PROMPT = "payments_benefits_note"


def benefits_note() -> str:
    """Payments count as income and can affect benefits; advice is free; the choice is theirs."""
    return say(BENEFITS_NOTE_PROMPT)


def set_payment_preference(
    person: Person,
    preference: PaymentPreference | str,
    actor: audit.Actor,
    *,
    lower_amount_pence: int | None = None,
    charity: str | None = None,
) -> Person:
    """Record the resident's choice. A lower amount needs the amount; charity needs a name."""
    try:
        preference = PaymentPreference(preference)
    except ValueError:
        choices = ", ".join(p.value for p in PaymentPreference)
        raise InputError(f"Choose one of: {choices}.", "payment_preference") from None
    if preference == PaymentPreference.LOWER_AMOUNT:
        if (
            isinstance(lower_amount_pence, bool)
            or not isinstance(lower_amount_pence, int)
            or lower_amount_pence < 0
        ):
            raise InputError(
                "Say the most you want to be paid for a meeting, in pence.", "lower_amount_pence"
            )
    charity = " ".join((charity or "").split()) or None
    if preference == PaymentPreference.CHARITY and not charity:
        raise InputError("Name the charity the payment should go to.", "charity")
    if charity and len(charity) > 200:
        raise InputError("A charity's name is at most 200 characters.", "charity")
    before = str(person.payment_preference)
    person.payment_preference = preference
    person.payment_lower_amount_pence = (
        lower_amount_pence if preference == PaymentPreference.LOWER_AMOUNT else None
    )
    person.payment_charity = charity if preference == PaymentPreference.CHARITY else None
    db.session.flush()
    audit.record(
        actor,
        "person.payment_preference",
        entity="person",
        entity_id=person.id,
        before=before,
        after=str(preference),
        lower_amount_pence=person.payment_lower_amount_pence,
        charity=person.payment_charity,
    )
    return person
