"""GET /: what needs doing now, across the groups the signed-in person runs."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from voice_app import contact_requests
from voice_app.transcripts import current_text
from voice_app.web.access import visible_group_ids, visible_groups
from voice_app.web.dashboard import overview

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@login_required
def index():
    group_ids = visible_group_ids(current_user)
    groups = visible_groups(current_user)
    comment_count, comments = overview.comments_to_review(group_ids)
    item_count, items = overview.items_to_review(group_ids)
    call_back_count, _ = contact_requests.open_requests(group_ids, limit=0)
    return render_template(
        "dashboard.html",
        title="Dashboard",
        groups=groups,
        gaps={g.id: overview.co_chair_gaps(g) for g in groups},
        meetings=overview.upcoming(group_ids),
        notice_status=overview.notice_status,
        papers_status=overview.papers_status,
        comment_count=comment_count,
        comments=comments,
        current_text=current_text,
        item_count=item_count,
        items=items,
        call_back_count=call_back_count,
        payments_pending=overview.payments_awaiting_approval(group_ids),
    )
