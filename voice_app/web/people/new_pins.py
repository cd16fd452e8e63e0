"""A new PIN: made only after a confirmation, and shown once.

The PIN goes in the session on the way to the page that shows it, and that page takes it out:
a refresh, the back button or another tab never shows it again (pages are no-store too).
"""

from __future__ import annotations

from flask import Blueprint, render_template, session, url_for
from flask_login import current_user, login_required

from voice_app import people
from voice_app.extensions import db
from voice_app.web import once
from voice_app.web.forms import ActionForm
from voice_app.web.people.views import NEW_PIN, person_or_404, reveal

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
    shown = url_for("new_pins.shown", person_id=person.id)
    pin = once.done(people.reset_pin(person, f"user:{current_user.id}"), shown)
    db.session.commit()
    return reveal(person.id, pin)


@bp.get("/<int:person_id>/new-pin")
@login_required
def shown(person_id: int):
    person, _ = person_or_404(person_id, manage=True)
    kept = session.get(NEW_PIN) or {}
    if kept.get("person_id") == person.id:
        session.pop(NEW_PIN)
    else:
        kept = {}
    return render_template(
        "people/new_pin.html",
        title=f"New PIN for {person.name}" if kept else "The PIN was shown once",
        person=person,
        pin=kept.get("pin"),
        added=kept.get("added", False),
    )
