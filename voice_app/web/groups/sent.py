"""Calls and texts sent: what the phone line rang or texted, to whom, and what came of it."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from voice_app.outreach.messages import recent_outbound
from voice_app.web.access import require_group, visible_group_ids, visible_groups

bp = Blueprint("sent", __name__, url_prefix="/sent")
SHOWN = 200


def answered_by_words(value: str | None) -> str:
    """Twilio's AnsweredBy (human, machine_start, machine_end_beep, fax, unknown) in words."""
    if not value:
        return ""
    if value == "human":
        return "A person"
    if value.startswith("machine") or value == "fax":
        return "An answering machine"
    return "Not known"


@bp.get("")
@login_required
def index():
    group_id = request.args.get("group", type=int)
    if group_id:
        require_group(current_user, group_id)
        ids: list[int] | None = [group_id]
    else:
        ids = visible_group_ids(current_user)
    groups = visible_groups(current_user)
    return render_template(
        "sent.html",
        title="Calls and texts sent",
        rows=recent_outbound(ids, limit=SHOWN),
        groups=groups,
        group_names={g.id: g.name for g in groups},
        group_id=group_id,
        answered_by=answered_by_words,
    )
