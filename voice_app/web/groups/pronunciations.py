"""A group's pronunciations: list, add, change and remove, for the group's coordinators.
The rules (checks, audit, papers re-made) are in voice_app/pronunciations.py."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from voice_app import pronunciations
from voice_app.extensions import db
from voice_app.models import Group, Pronunciation
from voice_app.web import once
from voice_app.web.access import get_or_404, require_manager
from voice_app.web.form_safety import Form
from voice_app.web.forms import ActionForm, submit

bp = Blueprint("pronunciations", __name__, url_prefix="/groups")
AFTER = (
    "Papers for meetings that have not ended yet are read the new way; their audio is being "
    "made again."
)


class PronunciationForm(Form):
    written = StringField(
        "Written as",
        description="A word, name or abbreviation as it appears in papers, for example H&F.",
        validators=[DataRequired("Enter the word as it is written."), Length(max=100)],
    )
    spoken = StringField(
        "Said as",
        description="How the phone line should say it, for example Hammersmith and Fulham.",
        validators=[DataRequired("Enter how to say it."), Length(max=200)],
    )


def _group(group_id: int) -> Group:
    group = get_or_404(Group, group_id)
    require_manager(current_user, group.id)
    return group


@bp.route("/<int:group_id>/pronunciations", methods=["GET", "POST"])
@login_required
@once.guarded
def index(group_id: int):
    group = _group(group_id)
    form = PronunciationForm()
    here = url_for("pronunciations.index", group_id=group.id)
    row = submit(
        form,
        lambda: once.done(
            pronunciations.add(group, form.written.data, form.spoken.data, current_user), here
        ),
    )
    if row:
        flash(f"Added: {row.written} is said “{row.spoken}”. {AFTER}", "success")
        return redirect(here)
    return render_template(
        "groups/pronunciations.html",
        title=f"How {group.name}'s phone line says words",
        group=group,
        rows=pronunciations.for_group(group),
        form=form,
        action=ActionForm(),
    ), (400 if form.errors or form.form_errors else 200)


@bp.route("/<int:group_id>/pronunciations/<int:row_id>/edit", methods=["GET", "POST"])
@login_required
def edit(group_id: int, row_id: int):
    group = _group(group_id)
    row = get_or_404(Pronunciation, row_id, group_id=group.id)
    form = PronunciationForm(obj=row)
    changed = submit(
        form,
        lambda: pronunciations.change(row, form.written.data, form.spoken.data, current_user),
    )
    if changed is not None:
        flash(
            f"Saved: {row.written} is said “{row.spoken}”. {AFTER}"
            if changed
            else "Nothing was changed.",
            "success",
        )
        return redirect(url_for("pronunciations.index", group_id=group.id))
    return render_template(
        "groups/pronunciation_edit.html",
        title=f"Change how {row.written} is said",
        group=group,
        row=row,
        form=form,
    ), (400 if form.errors or form.form_errors else 200)


@bp.post("/<int:group_id>/pronunciations/<int:row_id>/remove")
@login_required
def remove(group_id: int, row_id: int):
    group = _group(group_id)
    row = get_or_404(Pronunciation, row_id, group_id=group.id)
    written = row.written
    pronunciations.remove(row, current_user)
    db.session.commit()
    flash(f"Removed the pronunciation of {written}: it is read as written again.", "success")
    return redirect(url_for("pronunciations.index", group_id=group.id))
