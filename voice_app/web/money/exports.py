"""Downloads of the exports (docs/interface.md fields), limited to the person's own groups."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from flask_login import current_user, login_required

from voice_app.exports import EXPORTS, export
from voice_app.web.access import can_manage, require_group, visible_group_ids, visible_groups

bp = Blueprint("exports", __name__, url_prefix="/exports")
MONEY_EXPORTS = {"payments", "attendance"}
MIME = {"csv": "text/csv", "json": "application/json"}


def export_group_ids(kind: str, group_id: int | None) -> list[int] | None:
    """The groups an export may include; money only for groups the person manages."""
    if group_id is not None:
        require_group(current_user, group_id)
        ids: list[int] | None = [group_id]
    else:
        ids = visible_group_ids(current_user)
    if kind in MONEY_EXPORTS and not current_user.is_admin:
        ids = [g.id for g in visible_groups(current_user) if can_manage(current_user, g.id)]
        ids = [i for i in ids if group_id is None or i == group_id]
        if not ids:
            abort(403)
    return ids


@bp.get("/<kind>.<fmt>")
@login_required
def download(kind: str, fmt: str):
    if kind not in EXPORTS or fmt not in MIME:
        abort(404)
    ids = export_group_ids(kind, request.args.get("group", type=int))
    body = export(kind, fmt, ids)
    return Response(
        body,
        mimetype=MIME[fmt],
        headers={"Content-Disposition": f"attachment; filename={kind}.{fmt}"},
    )
