"""Downloads of the exports (docs/interface.md fields), limited to the person's own groups,
and the finance export form: one meeting, or the meetings held from one date to another."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from voice_app.errors import InputError
from voice_app.exports import EXPORTS, MeetingFilter, export, parse_date
from voice_app.extensions import db
from voice_app.models import Meeting
from voice_app.web.access import can_manage, require_group, visible_group_ids, visible_groups
from voice_app.web.formatting import local_date
from voice_app.web.forms import attach_error
from voice_app.web.money.forms import ExportForm

bp = Blueprint("exports", __name__, url_prefix="/exports")
MONEY_EXPORTS = {"payments", "payment-run", "attendance"}
MIME = {"csv": "text/csv", "json": "application/json"}


def _managed_ids() -> list[int]:
    return [g.id for g in visible_groups(current_user) if can_manage(current_user, g.id)]


def export_group_ids(kind: str, group_id: int | None) -> list[int] | None:
    """The groups an export may include; money only for groups the person manages."""
    if group_id is not None:
        require_group(current_user, group_id)
        ids: list[int] | None = [group_id]
    else:
        ids = visible_group_ids(current_user)
    if kind in MONEY_EXPORTS and not current_user.is_admin:
        ids = [i for i in _managed_ids() if group_id is None or i == group_id]
        if not ids:
            abort(403)
    return ids


def _file(body: str, name: str, fmt: str) -> Response:
    return Response(
        body,
        mimetype=MIME[fmt],
        headers={"Content-Disposition": f"attachment; filename={name}.{fmt}"},
    )


@bp.get("/<kind>.<fmt>")
@login_required
def download(kind: str, fmt: str):
    if kind not in EXPORTS or fmt not in MIME:
        abort(404)
    ids = export_group_ids(kind, request.args.get("group", type=int))
    return _file(export(kind, fmt, ids), kind, fmt)


@bp.get("/finance")
@login_required
def finance():
    """The form, or (once filled in) the file it asks for; a bad date shows the form again."""
    ids = _managed_ids()
    if not ids:
        abort(403)
    form = ExportForm(formdata=request.args or None)
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.group_id.in_(ids)).order_by(Meeting.starts_at.desc())
    ).all()
    form.meeting.choices = [(0, "Every meeting")] + [
        (m.id, f"{m.title}, {local_date(m.starts_at, m.group.timezone)}") for m in meetings
    ]
    if request.args and form.validate():
        try:
            only = MeetingFilter(
                meeting_id=form.meeting.data or None,
                date_from=parse_date(form.date_from.data, "date_from"),
                date_to=parse_date(form.date_to.data, "date_to"),
            )
            body = export(form.kind.data, form.fmt.data, ids, only)
        except InputError as exc:
            attach_error(form, exc)
        else:
            name = form.kind.data + (f"-meeting-{only.meeting_id}" if only.meeting_id else "")
            return _file(body, name, form.fmt.data)
    code = 400 if form.errors or form.form_errors else 200
    return render_template("money/export.html", title="Exports for finance", form=form), code
