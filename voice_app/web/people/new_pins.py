"""A new PIN: made only after a confirmation, and shown once.

The PIN is kept sealed with the form's one-time token (web/once.py) on the way to the page that
shows it, and that page wipes it: a refresh, the back button, a double click or another tab
never shows it again (pages are no-store too).
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask_login import current_user, login_required

from voice_app import people
from voice_app.extensions import db
from voice_app.web import once
from voice_app.web.forms import ActionForm
from voice_app.web.people.views import new_pin_page, person_or_404

bp = Blueprint("new_pins", __name__, url_prefix="/people")


@bp.get("/<int:person_id>/pin")
@login_required
def confirm(person_id: int):
    person, _ = person_or_404(person_id, manage=True)
    return render_template(
        "people/pin_confirm.html",
        title=f"Make a new PIN for {person.name}?",
        person=person,
        action=ActionForm(),
    )


@bp.post("/<int:person_id>/pin")
@login_required
@once.guarded
def make(person_id: int):
    person, _ = person_or_404(person_id, manage=True)
    shown = new_pin_page(person.id)
    pin = people.reset_pin(person, current_user)
    once.done(pin, shown, show_once=pin)
    db.session.commit()
    return redirect(shown, 303)


@bp.get("/<int:person_id>/new-pin")
@login_required
def shown(person_id: int):
    person, _ = person_or_404(person_id, manage=True)
    pin = once.take(request.args.get("sent"))
    return render_template(
        "people/new_pin.html",
        title=f"New PIN for {person.name}" if pin else "The PIN was shown once",
        person=person,
        pin=pin,
        added=request.args.get("added") == "1",
    )
