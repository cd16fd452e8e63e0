"""A meeting's register: one page, one save. The rules are in voice_app/register.py; this
parses the marks, asks before phone evidence is replaced, and shows the result."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from voice_app import register
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import Meeting
from voice_app.register import Change, Line, Mark
from voice_app.web.forms import ActionForm
from voice_app.web.money.views import meeting_for_manager

bp = Blueprint("register", __name__, url_prefix="/money")
MARK_LABELS = {Mark.IN_PERSON: "In person", Mark.BY_PHONE: "By phone", Mark.ABSENT: "Absent"}
# Fields that belong to one step only: everything else posted is carried to the confirmation.
NOT_CARRIED = ("csrf_token", "confirming", "back")


def _parse(lines: list[Line], data: MultiDict) -> tuple[list[Change], dict[str, str]]:
    """The marks chosen (an unmarked person is left as they are) and any errors, by field."""
    changes: list[Change] = []
    errors: dict[str, str] = {}
    for line in lines:
        pid, name = line.person.id, line.person.name
        raw_mark = data.get(f"mark-{pid}", "").strip()
        raw_minutes = data.get(f"minutes-{pid}", "").strip()
        minutes = int(raw_minutes) if raw_minutes.isdigit() else None
        if raw_minutes and minutes is None:
            errors[f"minutes-{pid}"] = f"Minutes for {name} must be a whole number, like 90."
        if raw_mark not in set(Mark):
            if raw_mark or raw_minutes:
                errors[f"mark-{pid}"] = f"Choose in person, by phone or absent for {name}."
            continue
        mark = Mark(raw_mark)
        changes.append(Change(pid, mark, None if mark == Mark.ABSENT else minutes))
    return changes, errors


def _show(meeting: Meeting, data: MultiDict | None = None, errors=None, code: int = 200):
    lines = register.register(meeting)
    chosen = {line.person.id: str(line.mark or "") for line in lines}
    if data is not None:
        chosen = {line.person.id: data.get(f"mark-{line.person.id}", "") for line in lines}
    return render_template(
        "money/register.html",
        title=f"Register: {meeting.title}",
        meeting=meeting,
        lines=lines,
        chosen=chosen,
        minutes={} if data is None else data,
        errors=errors or {},
        marks=MARK_LABELS,
    ), code


def _confirm(meeting: Meeting, data: MultiDict, conflicts, errors=None):
    carried = [
        (k, v)
        for k, v in data.items(multi=True)
        if k not in NOT_CARRIED and not k.startswith("replace-")
    ]
    return render_template(
        "money/register_confirm.html",
        title=f"Replace phone evidence? {meeting.title}",
        meeting=meeting,
        conflicts=conflicts,
        carried=carried,
        data=data,
        errors=errors or {},
        marks=MARK_LABELS,
    ), 400 if errors else 200


@bp.get("/meetings/<int:meeting_id>/register")
@login_required
def show(meeting_id: int):
    return _show(meeting_for_manager(meeting_id))


@bp.post("/meetings/<int:meeting_id>/register")
@login_required
def save(meeting_id: int):
    meeting = meeting_for_manager(meeting_id)
    data = request.form
    if not ActionForm().validate_on_submit():
        return _show(meeting, data, {"register": "The form had expired. Please try again."}, 400)
    if data.get("back"):
        return _show(meeting, data)
    changes, errors = _parse(register.register(meeting), data)
    if errors:
        return _show(meeting, data, errors, 400)
    conflicts = register.conflicts(meeting, changes)
    if conflicts and not data.get("confirming"):
        return _confirm(meeting, data, conflicts)
    unanswered = {
        f"replace-{line.person.id}": f"Choose whether to keep {line.person.name}'s phone evidence."
        for line, _ in conflicts
        if data.get(f"replace-{line.person.id}") not in ("keep", "replace")
    }
    if unanswered:
        return _confirm(meeting, data, conflicts, unanswered)
    replace = {
        line.person.id for line, _ in conflicts if data[f"replace-{line.person.id}"] == "replace"
    }
    try:
        saved = register.save(meeting, changes, current_user, replace)
    except InputError as exc:
        db.session.rollback()
        return _show(meeting, data, {exc.field or "register": str(exc)}, 400)
    db.session.commit()
    message = f"Register saved: {len(saved.changed)} changed."
    if saved.kept_phone_evidence:
        names = ", ".join(p.name for p in saved.kept_phone_evidence)
        message += f" Phone evidence kept for {names}."
    flash(message, "success")
    return redirect(url_for("register.show", meeting_id=meeting.id))
