"""PINs on hold after repeated guessing: shown on the dashboard and the person's page, and
lifted by a coordinator (the policy is in voice_app/pins.py)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from voice_app import guards
from voice_app.extensions import db
from voice_app.models import Person
from voice_app.pins import held_members, lift_hold, member_prefix
from voice_app.web.access import can_see
from voice_app.web.forms import ActionForm
from voice_app.web.people.views import person_or_404

bp = Blueprint("pin_holds", __name__, url_prefix="/people")


@bp.app_context_processor
def pin_hold_helpers() -> dict:
    def pins_on_hold() -> list[Person]:
        if not current_user.is_authenticated:
            return []
        return [
            p
            for p in held_members()
            if any(can_see(current_user, m.group_id) for m in p.memberships)
        ]

    def pin_on_hold(person: Person) -> bool:
        return bool(guards.held_keys(member_prefix(person.member_number)))

    return {"pins_on_hold": pins_on_hold, "pin_on_hold": pin_on_hold}


@bp.post("/<int:person_id>/pin/lift")
@login_required
def lift(person_id: int):
    person, _memberships = person_or_404(person_id, manage=True)
    if ActionForm().validate_on_submit():
        lift_hold(person, current_user)
        db.session.commit()
        flash(f"The hold on {person.name}'s PIN is lifted. Their PIN works again.", "success")
    return redirect(url_for("people.show", person_id=person.id))
