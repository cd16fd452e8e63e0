"""Data protection on a person's page: everything we hold as a download, and erasure.

Coordinators and admins only, never co-chairs. Both cover the person's data in every group, so
a coordinator must run all of the person's groups (otherwise an admin does it).
"""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import Person
from voice_app.privacy import compact_storage, erase_person, subject_access_bundle
from voice_app.web.access import manages_all
from voice_app.web.forms import EraseForm, submit
from voice_app.web.people.views import person_or_404

bp = Blueprint("privacy", __name__, url_prefix="/people")


def _subject(person_id: int) -> tuple[Person, int]:
    """The person (404 outside one's groups, 403 for co-chairs) and a group for the audit log."""
    person, memberships = person_or_404(person_id, manage=True)
    if not manages_all(current_user, [m.group_id for m in person.memberships if m.active]):
        abort(403)
    return person, memberships[0].group_id


@bp.post("/<int:person_id>/everything-we-hold")
@login_required
def download(person_id: int):
    person, group_id = _subject(person_id)
    bundle = subject_access_bundle(person)
    audit.record(
        current_user,
        "person.data_downloaded",
        entity="person",
        entity_id=person.id,
        group_id=group_id,
        size_bytes=len(bundle),
    )
    db.session.commit()
    response = send_file(
        io.BytesIO(bundle),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"{person.member_number}-everything-we-hold.zip",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _erase_if_confirmed(person: Person, typed: str) -> dict[str, int]:
    if "".join((typed or "").split()).upper() != person.member_number.upper():
        raise InputError(
            f"That is not {person.name}'s member number, so nothing was erased. "
            "Type it exactly as shown.",
            "member_number",
        )
    return erase_person(person, current_user)


def erased_summary(name: str, counts: dict[str, int]) -> str:
    parts = [f"{kind.replace('_', ' ')}: {n}" for kind, n in counts.items()]
    return (
        f"{name}'s personal data was erased ({', '.join(parts)}). "
        "Payment records are kept, with no name on them."
    )


@bp.route("/<int:person_id>/erase", methods=["GET", "POST"])
@login_required
def erase(person_id: int):
    person, _ = _subject(person_id)
    name = person.name
    form = EraseForm()
    counts = submit(form, lambda: _erase_if_confirmed(person, form.member_number.data))
    if counts:
        compact_storage()  # no old copy left in the database's files
        flash(erased_summary(name, counts), "success")
        return redirect(url_for("people.index"))
    code = 400 if form.errors or form.form_errors else 200
    return render_template(
        "people/erase.html", title=f"Erase {name}", person=person, form=form
    ), code
